"""The SuperLink role: Flower's SuperLink with TLS and SuperNode authentication.

`netgpt superlink`, the local launcher and the compose file all start it from
here, so they run the same thing. Its state (Flower's database, the enrollment
registry, certificates, the ledger and adapters the ServerApp writes) lives in
one work directory, and `superlink.json` there tells the operator commands
(enroll, revoke, nodes, train) where to reach it. It fetches the apps it runs
from the app hub beside it (`netgpt.app_hub`), which serves only apps the
operator signed.
"""

from __future__ import annotations

import ipaddress
import json
from dataclasses import dataclass
from pathlib import Path

from netgpt.files import write_atomic
from netgpt.flower_cli import write_connection
from netgpt.flower_env import flower_bin, flower_env
from netgpt.layout import Workdir
from privacy.identity.tls import DEFAULT_HOSTS, TLSFiles, ensure_tls

DEFAULT_PORT = 8000
# Where Flower's SuperLink fetches apps for `flwr run @publisher/name==x.y.z` (netgpt.app_hub).
HUB_URL_VARIABLE = "FLWR_SUPERGRID_API_URL"


class SuperLinkNotFound(RuntimeError):
    """The work directory has no SuperLink (none was ever started there)."""


class ExposureError(ValueError):
    """The requested addresses would expose the Control API; the message says which and what to do."""


@dataclass(frozen=True)
class SuperLinkInfo:
    """How clients reach the SuperLink: the address nodes dial (written into
    their bundles), the address operator commands use for the Control API
    (loopback behind a front, which passes nodes only), and the CA both trust."""

    address: str
    ca_cert: Path
    control: str = ""

    def __post_init__(self) -> None:
        if not self.control:
            object.__setattr__(self, "control", self.address)

    def save(self, workdir: Path) -> None:
        payload = {"address": self.address, "control": self.control, "ca_cert": str(self.ca_cert)}
        write_atomic(Workdir(workdir).superlink_info, json.dumps(payload, indent=2) + "\n", mode=0o644)

    @classmethod
    def load(cls, workdir: Path) -> SuperLinkInfo:
        path = Workdir(workdir).superlink_info
        try:
            payload = json.loads(path.read_text())
            address = str(payload["address"])
            return cls(address, Path(payload["ca_cert"]), str(payload.get("control") or address))
        except FileNotFoundError:
            raise SuperLinkNotFound(
                f"no SuperLink in {workdir} (start one with `netgpt superlink --workdir {workdir}`)"
            ) from None
        except (ValueError, KeyError, TypeError):
            raise SuperLinkNotFound(f"{path} is unreadable; restart the SuperLink to rewrite it") from None


def advertised_address(host: str, port: int) -> str:
    """The address local clients dial when the SuperLink listens on `host`."""
    return f"{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.removeprefix("[").removesuffix("]")).is_loopback
    except ValueError:
        return False


def check_exposure(host: str, port: int, public: str | None, insecure_control: bool) -> None:
    """Refuse a SuperLink that would serve Flower's unauthenticated Control API
    beyond this host: with `public` (the front's address) the SuperLink itself
    must listen on loopback, and without it a non-loopback `host` needs the
    operator's explicit `insecure_control`."""
    if public is not None:
        if host != "127.0.0.1":
            # The front proxies to 127.0.0.1 (netgpt/front.py); another loopback
            # address would leave every node with a 502.
            raise ExposureError(
                f"--host {host}: with --public the SuperLink itself listens on 127.0.0.1 only "
                "(the front on the public address passes the nodes' Fleet API to it); drop --host"
            )
        if public.rpartition(":")[2] == str(port):
            raise ExposureError(f"--public {public} and --port {port}: the front and the SuperLink need two ports")
        return
    if not is_loopback(host) and not insecure_control:
        raise ExposureError(
            f"--host {host} would serve Flower's Control API (list and register nodes, submit runs, i.e. run "
            f"code on this host) to anyone who reaches port {port}, and Flower 1.41 does not authenticate it. "
            "Use --public HOST:PORT to put the TLS front there, which passes only the nodes' Fleet API, or "
            "--insecure-control if a front of your own already guards this port"
        )


def prepare(
    workdir: Path, advertise: str, extra_hosts: tuple[str, ...] = (), control: str | None = None
) -> TLSFiles:
    """Certificates (an existing CA is reused) and the connection info clients
    read: nodes dial `advertise`, operator commands `control` (default: the same)."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    hostname = advertise.rsplit(":", 1)[0]
    hosts = tuple(dict.fromkeys((*DEFAULT_HOSTS, *extra_hosts, hostname)))
    tls = ensure_tls(Workdir(workdir).certs, hosts)
    SuperLinkInfo(advertise, tls.ca_cert, control or advertise).save(workdir)
    return tls


def superlink_argv(workdir: Path, host: str, port: int, tls: TLSFiles) -> list[str]:
    workdir = Path(workdir).resolve()
    return [
        flower_bin("flower-superlink"),
        "--host", host,
        "--port", str(port),
        "--database", str(Workdir(workdir).superlink_db),
        "--disable-runtime-dependency-installation",
        "--enable-supernode-auth",
        "--ssl-ca-certfile", str(tls.ca_cert),
        "--ssl-certfile", str(tls.server_cert),
        "--ssl-keyfile", str(tls.server_key),
    ]


def superlink_env(workdir: Path, hub_url: str) -> dict[str, str]:
    """The SuperLink's environment: it fetches signed apps from the app hub at `hub_url`."""
    env = flower_env(Workdir(workdir).flwr_home("superlink"))
    env[HUB_URL_VARIABLE] = hub_url
    return env


def operator_env(workdir: Path) -> dict[str, str]:
    """Environment for `flwr` calls made on the operator's behalf, connected to
    this work directory's SuperLink."""
    info = SuperLinkInfo.load(workdir)
    env = flower_env(Workdir(workdir).flwr_home("operator"))
    write_connection(Path(env["FLWR_HOME"]), info.control, info.ca_cert)
    return env
