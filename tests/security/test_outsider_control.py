"""The outsider on the network against a SuperLink behind its TLS front (issue 13, point 1).

The outsider holds only the federation's public `ca.crt` and talks to the public
address, where `netgpt superlink --public` puts nginx. Flower 1.41 serves its
Control and Runtime APIs without authentication on the SuperLink's own port;
before the front, that port was the public address, and the outsider could list
nodes, register a key of its own and submit a run (the first run of these
requests against the loopback port shows they still would work there). Through
the front every path but the Fleet API is refused, whatever its spelling, while
an enrolled node, enrolled by the operator over loopback, comes online through
it.

One SuperLink with its front and one node are started for the whole module;
nginx must be installed (`.ci/run` installs it), else the module is skipped.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import httpx
import psutil
import pytest
from flwr.proto.control_pb2 import ListNodesRequest, ListRunsRequest, RegisterNodeRequest, StartRunRequest
from flwr.proto.fab_pb2 import Fab
from flwr.proto.message_pb2 import PushObjectRequest
from flwr.proto.node_pb2 import Node
from flwr.proto.run_pb2 import GetRunRequest
from flwr.proto.runtime_pb2 import AcquireTaskRequest
from flwr.supercore.primitives.asymmetric import public_key_to_bytes
from google.protobuf.message import Message

from cli import NETGPT, netgpt
from netgpt import front
from netgpt.flower_cli import write_connection
from netgpt.front import FrontError, nginx_binary
from netgpt.layout import Workdir
from netgpt.processes import free_port, wait_for_port
from netgpt.superlink import ExposureError, check_exposure
from privacy.identity.node_keys import create_node_key, public_key_path

try:
    nginx_binary()
except FrontError as missing:
    pytest.skip(str(missing), allow_module_level=True)

FLWR = str(Path(sys.executable).with_name("flwr"))
PROTOBUF = {"content-type": "application/protobuf", "accept": "application/protobuf"}
NODE = "edge-1"




def spawn(argv: list[str], log: Path) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    """SIGTERM, as an operator would: the command stops its own children (nginx, Flower's helpers)."""
    with contextlib.suppress(ProcessLookupError):
        process.send_signal(signal.SIGTERM)
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(psutil.NoSuchProcess):
            for proc in [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]:
                proc.kill()


def running(process: subprocess.Popen[bytes], log: Path) -> Callable[[], None]:
    def check() -> None:
        if process.poll() is not None:
            raise AssertionError(f"exited with {process.returncode}:\n{log.read_text(errors='replace')[-3000:]}")

    return check


def node_status(workdir: Path) -> str:
    listing = json.loads(netgpt("nodes", "--workdir", str(workdir), "--json").stdout)
    return next((n["status"] for n in listing["nodes"] if n["name"] == NODE), "absent")


@dataclass
class Federation:
    workdir: Path
    control: int  # the SuperLink's own port, on loopback: the operator's
    public: int  # the front's port: what the outsider and the nodes reach
    outsider: Path  # the outsider's directory, holding a copy of ca.crt and nothing else
    node_dir: Path
    superlink_log: Path

    @property
    def ca(self) -> Path:
        return self.outsider / "ca.crt"

    def client(self, port: int) -> httpx.Client:
        trust = ssl.create_default_context(cafile=str(self.ca))
        return httpx.Client(base_url=f"https://127.0.0.1:{port}", verify=trust, timeout=30)

    def flwr(self, port: int, *args: str) -> dict[str, object]:
        """`flwr ARGS` against 127.0.0.1:`port`, trusting only the outsider's ca.crt."""
        home = self.outsider / f"flwr-{port}"
        write_connection(home, f"127.0.0.1:{port}", self.ca)
        env = {"PATH": str(Path(sys.executable).parent), "FLWR_HOME": str(home), "FLWR_TELEMETRY_ENABLED": "0",
               "FLWR_DISABLE_UPDATE_CHECK": "1", "HOME": str(self.outsider)}
        result = subprocess.run([FLWR, *args, "netgpt", "--format", "json"], env=env, capture_output=True,
                                text=True, timeout=60)
        output = result.stdout
        answer: dict[str, object] = json.loads(output[output.find("{"):])
        return answer


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Iterator[Federation]:
    root = tmp_path_factory.mktemp("front")
    workdir, outsider, node_dir = root / "aggregator", root / "outsider", root / "device"
    outsider.mkdir()
    control, public = free_port(), free_port()
    superlink_log = root / "superlink.log"
    processes: list[subprocess.Popen[bytes]] = []
    try:
        superlink = spawn([NETGPT, "superlink", "--workdir", str(workdir), "--port", str(control),
                           "--public", f"127.0.0.1:{public}"], superlink_log)
        processes.append(superlink)
        wait_for_port(public, 60, running(superlink, superlink_log))
        wait_for_port(control, 60, running(superlink, superlink_log))
        shutil.copyfile(workdir / "certs" / "ca.crt", outsider / "ca.crt")

        # The node: its key made on the device, enrolled by the operator over loopback.
        assert netgpt("node", "init", "--out", str(node_dir)).returncode == 0
        assert netgpt("data", "generate", "--node", NODE, "--region", "europe-west",
                      "--out", str(root / "data")).returncode == 0
        enrolled = netgpt("enroll", NODE, "--region", "europe-west", "--public-key", str(node_dir / "node.pub"),
                          "--out", str(node_dir), "--data-dir", str(root / "data" / NODE), "--workdir", str(workdir))
        assert enrolled.returncode == 0, enrolled.stdout + enrolled.stderr
        node_log = root / "node.log"
        node = spawn([NETGPT, "node", "start", "--bundle", str(node_dir), "--runtime-port", str(free_port())],
                     node_log)
        processes.append(node)
        deadline = time.monotonic() + 90
        while node_status(workdir) != "online":
            running(node, node_log)()
            assert time.monotonic() < deadline, f"the node did not come online:\n{node_log.read_text()[-3000:]}"
            time.sleep(1.0)
        yield Federation(workdir, control, public, outsider, node_dir, superlink_log)
    finally:
        for process in reversed(processes):
            stop(process)


def post(client: httpx.Client, path: str, message: Message) -> httpx.Response:
    return client.post(path, content=message.SerializeToString(), headers=PROTOBUF)


def raw_request(federation: Federation, request_line: str) -> int:
    """The status answered to `request_line` sent byte for byte (no client
    normalizes its path) over TLS to the front."""
    context = ssl.create_default_context(cafile=str(federation.ca))
    with (
        socket.create_connection(("127.0.0.1", federation.public), timeout=10) as raw,
        context.wrap_socket(raw, server_hostname="127.0.0.1") as tls,
    ):
        tls.sendall(f"{request_line}\r\nHost: 127.0.0.1\r\nContent-Type: application/protobuf\r\n"
                    "Content-Length: 0\r\nConnection: close\r\n\r\n".encode())
        status_line = tls.recv(4096).split(b"\r\n", 1)[0]
    return int(status_line.split()[1])


def test_the_enrolled_node_comes_online_through_the_front(federation):
    bundle = json.loads((federation.node_dir / "bundle.json").read_text())
    assert bundle["superlink"] == f"127.0.0.1:{federation.public}"
    assert node_status(federation.workdir) == "online"


def test_the_superlink_itself_listens_on_loopback_only(federation):
    superlink = next(p for p in psutil.process_iter(["cmdline"])
                     if "flower-superlink" in " ".join(p.info["cmdline"] or [])
                     and str(federation.workdir) in " ".join(p.info["cmdline"] or []))
    listening = {c.laddr for c in superlink.net_connections() if c.status == psutil.CONN_LISTEN}
    assert listening and all(address.ip in ("127.0.0.1", "::1") for address in listening)
    assert all(a.port != federation.public for a in listening)


def test_the_outsider_cannot_use_the_control_api(federation):
    """The requests work on the SuperLink's own port (so they were the danger),
    and the front refuses each of them; nothing the outsider sent took effect."""
    intruder = RegisterNodeRequest(
        public_key=public_key_to_bytes(create_node_key(federation.outsider / "intruder.key").public_key())
    )
    with federation.client(federation.control) as operator:
        assert post(operator, "/v1/control/list-nodes", ListNodesRequest()).status_code == 200
    with federation.client(federation.public) as outsider:
        assert post(outsider, "/v1/control/list-nodes", ListNodesRequest()).status_code == 403
        assert post(outsider, "/v1/control/list-runs", ListRunsRequest()).status_code == 403
        assert post(outsider, "/v1/control/register-node", intruder).status_code == 403
        run = StartRunRequest(fab=Fab(hash_str="0" * 64, content=b"not an app"))
        assert post(outsider, "/v1/control/start-run", run).status_code == 403
    with federation.client(federation.control) as operator:
        assert post(operator, "/v1/control/list-runs", ListRunsRequest()).status_code == 200
    refusals = Workdir(federation.workdir).front_refusals.read_text()
    assert '"POST /v1/control/register-node HTTP/1.1" 403' in refusals
    nodes = federation.flwr(federation.control, "supernode", "list")
    assert [n["status"] for n in nodes["nodes"]] == ["online"], nodes  # only the enrolled node
    assert federation.flwr(federation.control, "ls")["runs"] == []


@pytest.mark.parametrize("command", [["ls"], ["supernode", "list"], ["supernode", "register", "KEY"]])
def test_the_flwr_cli_pointed_at_the_public_address_is_refused(federation, command):
    key = federation.outsider / "cli.key"
    if not key.exists():
        create_node_key(key)
    args = [str(public_key_path(key)) if arg == "KEY" else arg for arg in command]
    answer = federation.flwr(federation.public, *args)
    assert answer["success"] is False
    assert "403 Forbidden" in str(answer["error-message"])


def test_the_runtime_api_is_refused(federation):
    with federation.client(federation.public) as outsider:
        assert post(outsider, "/v1/runtime/acquire-task", AcquireTaskRequest()).status_code == 403


def test_every_path_but_the_fleet_api_is_refused(federation):
    """Every route the SuperLink serves (its own OpenAPI listing, read on loopback)."""
    with federation.client(federation.control) as operator:
        spec = operator.get("/openapi.json").json()
    routes = [(method.upper(), path) for path, item in spec["paths"].items() for method in item]
    outside_fleet = [r for r in routes if not r[1].startswith("/v1/fleet/")]
    assert len(outside_fleet) > 50 and any(path.startswith("/v1/runtime/") for _, path in outside_fleet)
    with federation.client(federation.public) as outsider:
        answers = {route: outsider.request(*route, headers=PROTOBUF).status_code for route in outside_fleet}
        for path in ("/openapi.json", "/docs", "/redoc", "/"):
            answers[("GET", path)] = outsider.get(path).status_code
    assert {route: status for route, status in answers.items() if status != 403} == {}


@pytest.mark.parametrize(
    "request_line",
    [
        "POST /v1/fleet/../control/list-nodes HTTP/1.1",
        "POST /v1/fleet/%2e%2e/control/list-nodes HTTP/1.1",
        "POST /v1/fleet/..%2fcontrol/list-nodes HTTP/1.1",
        "POST /v1/fleet/get-run/../../control/list-nodes HTTP/1.1",
        "POST //v1/control/list-nodes HTTP/1.1",
        "POST /v1/Control/list-nodes HTTP/1.1",
        "POST /v1/control/list-nodes?/v1/fleet/get-run HTTP/1.1",
        "GET /v1/fleet/get-run HTTP/1.1",
        "POST https://127.0.0.1/v1/control/list-nodes HTTP/1.1",
    ],
)
def test_no_spelling_of_a_path_gets_past_the_front(federation, request_line):
    assert raw_request(federation, request_line) == 403


def test_fleet_calls_reach_flower_which_checks_the_node_signature(federation):
    """An unsigned Fleet call passes the front and is refused by Flower (401),
    including a body the size of a model update chunk; an oversized one is not
    passed at all."""
    def push(size: int) -> PushObjectRequest:
        return PushObjectRequest(node=Node(node_id=1), run_id=1, object_id="0" * 64, object_content=b"\0" * size)

    with federation.client(federation.public) as outsider:
        assert post(outsider, "/v1/fleet/get-run", GetRunRequest(node=Node(node_id=1), run_id=1)).status_code == 401
        assert post(outsider, "/v1/fleet/push-object", push(6 * 1024 * 1024)).status_code == 401
        assert post(outsider, "/v1/fleet/push-object", push(64 * 1024 * 1024)).status_code == 413


def test_a_superlink_on_a_public_interface_without_the_front_is_refused(tmp_path):
    refused = netgpt("superlink", "--workdir", str(tmp_path), "--host", "0.0.0.0", "--port", str(free_port()),
                     timeout=30)
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert "Control API" in refused.stderr and "--public" in refused.stderr
    assert not (tmp_path / "superlink.db").exists()
    beside = netgpt("superlink", "--workdir", str(tmp_path), "--host", "0.0.0.0", "--public", "0.0.0.0:9443",
                    timeout=30)
    assert beside.returncode == 2 and "127.0.0.1 only" in beside.stderr


def test_the_superlink_stops_when_its_front_dies(tmp_path):
    """Nodes cannot reach a SuperLink whose front is gone, so it must not keep
    running as if healthy: the command stops it and says why."""
    public = free_port()
    log = tmp_path / "superlink.log"
    superlink = spawn([NETGPT, "superlink", "--workdir", str(tmp_path), "--port", str(free_port()),
                       "--public", f"127.0.0.1:{public}"], log)
    try:
        wait_for_port(public, 60, running(superlink, log))
        (nginx,) = [child for child in psutil.Process(superlink.pid).children() if child.name() == "nginx"]
        nginx.kill()
        assert superlink.wait(timeout=60) == 1
    finally:
        stop(superlink)
    assert "the front failed: nginx" in log.read_text()
    assert not [p for p in psutil.process_iter(["cmdline"]) if str(tmp_path) in " ".join(p.info["cmdline"] or [])]


def test_without_nginx_the_front_says_how_to_get_it(monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", str(tmp_path))
    monkeypatch.setattr(front, "NGINX_PATHS", ())
    with pytest.raises(FrontError, match="apt-get install nginx"):
        front.nginx_binary()


def test_only_the_operators_explicit_flag_exposes_the_control_api():
    check_exposure("0.0.0.0", 8000, None, insecure_control=True)
    check_exposure("127.0.0.1", 8000, "0.0.0.0:8443", insecure_control=False)
    with pytest.raises(ExposureError, match=r"127\.0\.0\.1 only"):
        check_exposure("::1", 8000, "0.0.0.0:8443", insecure_control=False)  # the front proxies to 127.0.0.1
    with pytest.raises(ExposureError, match="--insecure-control"):
        check_exposure("192.0.2.7", 8000, None, insecure_control=False)
    with pytest.raises(ExposureError, match="two ports"):
        check_exposure("127.0.0.1", 8443, "0.0.0.0:8443", insecure_control=False)
