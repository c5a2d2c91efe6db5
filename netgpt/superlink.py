"""The SuperLink role: Flower's SuperLink with TLS and SuperNode authentication.

`netgpt superlink`, the local launcher and the compose file all start it from
here, so they run the same thing. Its state (Flower's database, the enrollment
registry, certificates, the ledger and adapters the ServerApp writes) lives in
one work directory, and `superlink.json` there tells the operator commands
(enroll, revoke, nodes, train) where to reach it.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from netgpt.files import write_atomic
from netgpt.flower_cli import write_connection
from netgpt.flower_env import flower_bin, flower_env
from netgpt.layout import Workdir
from privacy.identity.tls import DEFAULT_HOSTS, TLSFiles, ensure_tls

DEFAULT_PORT = 8000


class SuperLinkNotFound(RuntimeError):
    """The work directory has no SuperLink (none was ever started there)."""


@dataclass(frozen=True)
class SuperLinkInfo:
    """How clients reach the SuperLink: the address they dial and the CA they trust."""

    address: str
    ca_cert: Path

    def save(self, workdir: Path) -> None:
        payload = {"address": self.address, "ca_cert": str(self.ca_cert)}
        write_atomic(Workdir(workdir).superlink_info, json.dumps(payload, indent=2) + "\n", mode=0o644)

    @classmethod
    def load(cls, workdir: Path) -> SuperLinkInfo:
        path = Workdir(workdir).superlink_info
        try:
            payload = json.loads(path.read_text())
            return cls(address=str(payload["address"]), ca_cert=Path(payload["ca_cert"]))
        except FileNotFoundError:
            raise SuperLinkNotFound(
                f"no SuperLink in {workdir} (start one with `netgpt superlink --workdir {workdir}`)"
            ) from None
        except (ValueError, KeyError, TypeError):
            raise SuperLinkNotFound(f"{path} is unreadable; restart the SuperLink to rewrite it") from None


def advertised_address(host: str, port: int) -> str:
    """The address local clients dial when the SuperLink listens on `host`."""
    return f"{'127.0.0.1' if host in ('0.0.0.0', '::', '') else host}:{port}"


def prepare(workdir: Path, advertise: str, extra_hosts: tuple[str, ...] = ()) -> TLSFiles:
    """Certificates (an existing CA is reused) and the connection info clients read."""
    workdir = Path(workdir).resolve()
    workdir.mkdir(parents=True, exist_ok=True)
    hostname = advertise.rsplit(":", 1)[0]
    hosts = tuple(dict.fromkeys((*DEFAULT_HOSTS, *extra_hosts, hostname)))
    tls = ensure_tls(Workdir(workdir).certs, hosts)
    SuperLinkInfo(advertise, tls.ca_cert).save(workdir)
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


def operator_env(workdir: Path) -> dict[str, str]:
    """Environment for `flwr` calls made on the operator's behalf, connected to
    this work directory's SuperLink."""
    info = SuperLinkInfo.load(workdir)
    env = flower_env(Workdir(workdir).flwr_home("operator"))
    write_connection(Path(env["FLWR_HOME"]), info.address, info.ca_cert)
    return env
