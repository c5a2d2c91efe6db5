"""The SuperLink's TLS front: nginx on the public address, passing only the Fleet API.

Flower 1.41 serves its Control API (list, register and unregister nodes, submit
runs) and its Runtime API on the same port as the Fleet API, and authenticates
neither (docs/ARCHITECTURE.md, "Threat model"). So the SuperLink listens on
loopback only, and nginx, a maintained proxy rather than one of ours, holds the
public address: it terminates TLS with the SuperLink's own certificate, passes
exactly the Fleet routes of the installed Flower (POST only, to the normalized
path) to the SuperLink over TLS checked against the federation's CA, and
answers 403 to everything else before Flower sees it. Operators call the
Control API on loopback, on the SuperLink's host or through an SSH tunnel.

nginx runs in the foreground as our child (`daemon off`), with its config, pid
file and buffers in the work directory, so that it needs no root and no file
outside that directory.
"""

from __future__ import annotations

import contextlib
import ipaddress
import os
import shutil
import socket
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from netgpt.files import write_atomic
from netgpt.layout import Workdir
from netgpt.processes import Child, ProcessGroup, interrupts_deferred
from privacy.identity.tls import TLSFiles

FRONT = "front"
"""The front's name among the work directory's processes (its log is `logs/front.log`)."""
NGINX_PATHS = ("/usr/sbin/nginx", "/usr/local/sbin/nginx", "/usr/local/nginx/sbin/nginx")
"""Where distributions put nginx when sbin is not on a user's PATH."""
UPSTREAM_NAME = "localhost"
"""The name the SuperLink's certificate is checked against: every certificate
`privacy.identity.tls` issues names it, and nginx matches DNS names, not IPs."""
START_TIMEOUT_S = 15.0
FLEET_PREFIX = "/v1/fleet/"
_UNSAFE_IN_CONFIG = set('"\\$;{}\n\r')


class FrontError(RuntimeError):
    """The front cannot run: nginx is missing, the address is unusable, or nginx exited."""


@dataclass(frozen=True)
class Endpoint:
    """A HOST:PORT to listen on (`[::]:8443` for IPv6)."""

    host: str
    port: int

    @classmethod
    def parse(cls, text: str) -> Endpoint:
        host, sep, port = text.rpartition(":")
        host = host.removeprefix("[").removesuffix("]")
        if not sep or not host or not port.isdigit() or not 1 <= int(port) <= 65535:
            raise FrontError(f"{text!r} is not HOST:PORT (e.g. 0.0.0.0:8443, or [::]:8443 for IPv6)")
        if _UNSAFE_IN_CONFIG & set(host) or any(c.isspace() for c in host):
            raise FrontError(f"{host!r} is not a host name or address")
        return cls(host, int(port))

    @property
    def is_ipv6(self) -> bool:
        return ":" in self.host

    def __str__(self) -> str:
        return f"[{self.host}]:{self.port}" if self.is_ipv6 else f"{self.host}:{self.port}"

    def probe_host(self) -> str:
        """Where to connect to see whether something listens here."""
        try:
            address = ipaddress.ip_address(self.host)
        except ValueError:
            return self.host
        if address.is_unspecified:
            return "::1" if address.version == 6 else "127.0.0.1"
        return self.host


def nginx_binary() -> str:
    found = shutil.which("nginx") or next((p for p in NGINX_PATHS if os.access(p, os.X_OK)), None)
    if found is None:
        raise FrontError(
            "nginx is not installed, and the front needs it to keep Flower's unauthenticated Control API "
            "off the public address (Debian/Ubuntu: apt-get install nginx)"
        )
    return found


def fleet_routes() -> list[tuple[str, str]]:
    """(method, path) of every Fleet API route of the installed Flower: its own
    routing table, so that the front follows Flower rather than a copy of it."""
    from flwr.supercore.protobuf.translation import PROTOBUF_REQUEST_TYPES

    routes = sorted((method, path) for method, path in PROTOBUF_REQUEST_TYPES if path.startswith(FLEET_PREFIX))
    if not routes:
        raise FrontError("the installed Flower declares no Fleet API routes; nothing could pass the front")
    return routes


def body_limit() -> int:
    """The largest request a node sends is one pushed object: an array chunk of
    at most Flower's chunk size (5 MiB unless FLWR_PRIVATE_MAX_ARRAY_CHUNK_SIZE
    says otherwise), or a whole config or metric record, which stays small in
    our replies. Four chunks leave room for the framing and such a record."""
    from flwr.common.constant import FLWR_PRIVATE_MAX_ARRAY_CHUNK_SIZE

    return 4 * FLWR_PRIVATE_MAX_ARRAY_CHUNK_SIZE


def _quoted(path: Path) -> str:
    text = str(path)
    if _UNSAFE_IN_CONFIG & set(text):
        raise FrontError(f"{text} holds a character nginx's configuration cannot carry ({sorted(_UNSAFE_IN_CONFIG)})")
    return f'"{text}"'


def render_config(workdir: Path, public: Endpoint, upstream_port: int, tls: TLSFiles) -> str:
    layout = Workdir(Path(workdir).resolve())
    temp = layout.front_temp
    locations = "\n".join(
        f"        location = {path} {{\n"
        f"            limit_except {method} {{ deny all; }}\n"
        f"            proxy_pass https://superlink{path};\n"
        f"        }}"
        for method, path in fleet_routes()
    )
    # Timeouts: a SuperNode's calls are unary (no long polls), with a 30 s read
    # timeout of its own (5 s for heartbeats); the front waits longer than the
    # node so that a slow SuperLink answer reaches it rather than a 504.
    return f"""# Written by `netgpt superlink --public` at every start (netgpt/front.py); edits are lost.
worker_processes auto;
pid {_quoted(layout.front_pid)};
error_log stderr;

events {{
    worker_connections 1024;
}}

http {{
    server_tokens off;
    client_body_temp_path {_quoted(temp / "client_body")};
    proxy_temp_path {_quoted(temp / "proxy")};
    fastcgi_temp_path {_quoted(temp / "fastcgi")};
    uwsgi_temp_path {_quoted(temp / "uwsgi")};
    scgi_temp_path {_quoted(temp / "scgi")};

    # Only refusals and failures are logged, never a node's routine calls.
    map $status $refused {{
        ~^[23] 0;
        default 1;
    }}
    log_format refused '$time_iso8601 $remote_addr "$request" $status';
    access_log {_quoted(layout.front_refusals)} refused if=$refused;

    upstream superlink {{
        server 127.0.0.1:{upstream_port};
        keepalive 16;
    }}

    server {{
        listen {public} ssl{' ipv6only=off' if public.host == '::' else ''};
        ssl_certificate {_quoted(tls.server_cert)};
        ssl_certificate_key {_quoted(tls.server_key)};
        ssl_protocols TLSv1.2 TLSv1.3;
        ssl_session_cache shared:front_tls:1m;

        client_max_body_size {body_limit()};
        client_body_timeout 30s;
        send_timeout 60s;

        # Bodies and answers stream through memory: no temporary files, so
        # workers need no writable directory whoever they run as.
        proxy_request_buffering off;
        proxy_max_temp_file_size 0;
        proxy_http_version 1.1;
        proxy_set_header Connection "";
        proxy_connect_timeout 5s;
        proxy_send_timeout 60s;
        proxy_read_timeout 60s;
        proxy_ssl_verify on;
        proxy_ssl_verify_depth 2;
        proxy_ssl_trusted_certificate {_quoted(tls.ca_cert)};
        proxy_ssl_name {UPSTREAM_NAME};
        proxy_ssl_server_name on;
        proxy_ssl_protocols TLSv1.2 TLSv1.3;
        proxy_ssl_session_reuse on;

{locations}

        location / {{
            return 403;
        }}
    }}
}}
"""


def front_argv(workdir: Path) -> list[str]:
    layout = Workdir(Path(workdir).resolve())
    return [nginx_binary(), "-p", str(layout.front), "-c", str(layout.front_config), "-e", "stderr",
            "-g", "daemon off;"]


def write_config(workdir: Path, public: Endpoint, upstream_port: int, tls: TLSFiles) -> Path:
    layout = Workdir(Path(workdir).resolve())
    layout.front_temp.mkdir(parents=True, exist_ok=True)
    write_atomic(layout.front_config, render_config(workdir, public, upstream_port, tls))
    return layout.front_config


def _wait_listening(public: Endpoint, child: Child) -> None:
    deadline = time.monotonic() + START_TIMEOUT_S
    while time.monotonic() < deadline:
        code = child.process.poll()
        if code is not None:
            raise FrontError(f"nginx exited with status {code} at start; its output ({child.log}):\n{child.tail()}")
        with contextlib.suppress(OSError), socket.create_connection((public.probe_host(), public.port), timeout=0.5):
            return
        time.sleep(0.1)
    raise FrontError(f"nginx did not listen on {public} within {START_TIMEOUT_S:.0f} s; see {child.log}")


@dataclass(frozen=True)
class RunningFront:
    public: Endpoint
    child: Child

    def check(self) -> None:
        """Raise `FrontError` once nginx has exited: a SuperLink whose nodes
        cannot reach it should not look healthy, so the caller stops it."""
        code = self.child.process.poll()
        if code is not None:
            raise FrontError(
                f"nginx (the front on {self.public}) exited with status {code}; its output "
                f"({self.child.log}):\n{self.child.tail()}"
            )


@contextlib.contextmanager
def running_front(workdir: Path, public: Endpoint, upstream_port: int, tls: TLSFiles) -> Iterator[RunningFront]:
    """nginx on `public` for the SuperLink on 127.0.0.1:`upstream_port`, stopped
    when the block ends. Raises `FrontError` if nginx cannot start; the block
    polls `RunningFront.check` to learn that nginx exited."""
    argv = front_argv(workdir)
    write_config(workdir, public, upstream_port, tls)
    group = ProcessGroup(Workdir(Path(workdir).resolve()).logs)
    try:
        child = group.start(FRONT, argv, dict(os.environ))
        _wait_listening(public, child)
        yield RunningFront(public, child)
    finally:
        with interrupts_deferred():
            group.stop_all()
