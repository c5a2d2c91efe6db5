"""Nodes run only the operator's app (issue 13, point 2).

Before, a SuperNode ran whatever app the SuperLink handed it, so anyone who
could submit a run (Flower's Control API has no authentication) could run code
on every node and read its records. Now each node starts with
`--trusted-entities` listing the operator's app-signing key, `netgpt train`
submits the netgpt app signed with that key through the app hub beside the
SuperLink, and the hub serves only what that key signed.

The attacker's app is a probe of the test's own: its ClientApp writes a marker
file and replies with the node's records. It is submitted unsigned with plain
`flwr run DIR`; signed with a foreign key and placed where the hub reads
signed apps; and, as if the hub let it through, handed with the foreign
signature (under the operator's key id too) to the node by a SuperLink of the
attacker's with a hub of its own. The node runs none of them, while the same
probe signed by the operator does run, and so does `netgpt train`.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import threading
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from importlib.metadata import version as installed_version
from pathlib import Path

import psutil
import pytest
import yaml
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from fastapi.testclient import TestClient
from flwr.supercore.fab import Fab
from flwr.superlink.servicer.control.control_handlers import _format_verification
from flwr.supernode.start_client_internal import _verify_fab

from cli import NETGPT, netgpt, wait_for
from netgpt.app_hub import hub_app
from netgpt.app_signing import FabSignature, key_id, sign_fab, signing_key, write_trusted_entities
from netgpt.flower_cli import (
    FlowerCliError,
    build_fab,
    list_nodes,
    register_node,
    run_status,
    submit_run,
    write_connection,
)
from netgpt.flower_env import flower_env
from netgpt.layout import NodeLayout, Workdir
from netgpt.processes import free_port, terminate, wait_for_port
from netgpt.signed_apps import publish
from netgpt.superlink import operator_env, superlink_argv, superlink_env
from netgpt.supernode import NodeStartError, check_trusted_entities
from privacy.identity.tls import ensure_tls

PROBE_SPEC = "@attacker/probe==1.0.0"
PROBE_PYPROJECT = """\
[project]
name = "probe"
version = "1.0.0"

[tool.flwr.app]
publisher = "attacker"

[tool.flwr.app.components]
serverapp = "probe_app:server"
clientapp = "probe_app:client"

[tool.flwr.app.config]
out = ""
marker = ""
"""
PROBE_APP = '''\
import json
from pathlib import Path

from flwr.app import ConfigRecord, Context, Message, RecordDict
from flwr.clientapp import ClientApp
from flwr.serverapp import Grid, ServerApp

client = ClientApp()
server = ServerApp()


@client.query()
def steal(message: Message, context: Context) -> Message:
    Path(str(context.run_config["marker"])).write_text("the probe ran on the node")
    records = (Path(str(context.node_config["data-dir"])) / "records.jsonl").read_text()
    return Message(RecordDict({"loot": ConfigRecord({"records": records[:2000]})}), reply_to=message)


@server.main()
def main(grid: Grid, context: Context) -> None:
    nodes = list(grid.get_node_ids())
    messages = [Message(RecordDict(), dst_node_id=node, message_type="query") for node in nodes]
    replies = []
    for reply in grid.send_and_receive(messages, timeout=60):
        if reply.has_error():
            replies.append({"error": reply.error.reason})
        else:
            replies.append({"records": str(reply.content.config_records["loot"]["records"])})
    Path(str(context.run_config["out"])).write_text(json.dumps({"nodes": nodes, "replies": replies}))
'''
POLICY = "version: 1\naggregation:\n  min_nodes: 1\n"


# The archive's entries carry this time, not the clock's: two calls must give the
# same bytes, or a FAB signed in one second differs from the one published the next
# and the hub rightly refuses it (a fresh clone's run failed so under load).
_FAB_TIME = (2026, 1, 1, 0, 0, 0)


def tiny_fab(name: str = "netgpt", version: str = "0.1.0", code: str = "x = 1\n") -> bytes:
    """A FAB as Flower lays one out: enough for the hub, which reads only its metadata."""
    pyproject = f'[project]\nname = "{name}"\nversion = "{version}"\n\n[tool.flwr.app]\npublisher = "netgpt"\n'
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("pyproject.toml", _FAB_TIME), pyproject)
        archive.writestr(zipfile.ZipInfo("app.py", _FAB_TIME), code)
    return buffer.getvalue()


def fetch(client: TestClient, app_id: str, version: str | None) -> tuple[int, dict]:
    answer = client.post("/hub/fetch-fab", json={"app_id": app_id, "app_version": version, "flwr_version": "1.41.0"})
    return answer.status_code, answer.json()


# -- the hub and the trust file, over real files and real keys --------------------------


def test_the_hub_serves_the_operators_signed_app_and_a_node_verifies_it(tmp_path):
    fab = tiny_fab()
    publish(tmp_path, fab, sign_fab(signing_key(tmp_path), fab))
    client = TestClient(hub_app(tmp_path, "http://hub"))

    status, answer = fetch(client, "@netgpt/netgpt", "0.1.0")
    assert status == 200
    downloaded = client.get(answer["fab_url"].removeprefix("http://hub"))
    assert downloaded.status_code == 200 and downloaded.content == fab
    # What the SuperLink stores with the FAB, checked as the SuperNode checks it,
    # against the trust file enrollment puts into bundles.
    layout = NodeLayout(tmp_path / "bundle")
    layout.root.mkdir()
    write_trusted_entities(tmp_path, layout)
    trusted = yaml.safe_load(layout.trusted_entities.read_text())
    stored = Fab(hashlib.sha256(fab).hexdigest(), fab, _format_verification(answer["verifications"]))
    assert _verify_fab(stored, trusted)
    assert not _verify_fab(Fab(stored.hash_str, tiny_fab(code="x = 2\n"), stored.verifications), trusted)
    assert Workdir(tmp_path).app_signing_key.stat().st_mode & 0o777 == 0o600


def _foreign_under_operator_id(workdir: Path, fab: bytes) -> None:
    forged = sign_fab(Ed25519PrivateKey.generate(), fab)
    publish(workdir, fab, FabSignature(key_id(signing_key(workdir).public_key()), forged.signature, forged.signed_at))


def _foreign_own_id(workdir: Path, fab: bytes) -> None:
    signing_key(workdir)
    publish(workdir, fab, sign_fab(Ed25519PrivateKey.generate(), fab))


def _altered_after_signing(workdir: Path, fab: bytes) -> None:
    publish(workdir, fab, sign_fab(signing_key(workdir), fab))
    Workdir(workdir).signed_app("netgpt", "netgpt", "0.1.0").fab.write_bytes(tiny_fab(code="import os\n"))


def _signed_at_changed(workdir: Path, fab: bytes) -> None:
    publish(workdir, fab, sign_fab(signing_key(workdir), fab))
    path = Workdir(workdir).signed_app("netgpt", "netgpt", "0.1.0").signature
    payload = json.loads(path.read_text())
    path.write_text(json.dumps({**payload, "signed_at": payload["signed_at"] + 1}))


def _another_app_in_its_place(workdir: Path, fab: bytes) -> None:
    other = tiny_fab(name="other")
    publish(workdir, other, sign_fab(signing_key(workdir), other))
    layout = Workdir(workdir)
    shutil.copytree(layout.signed_app("netgpt", "other", "0.1.0").root,
                    layout.signed_app("netgpt", "netgpt", "0.1.0").root)


@pytest.mark.parametrize(
    "plant",
    [_foreign_under_operator_id, _foreign_own_id, _altered_after_signing, _signed_at_changed,
     _another_app_in_its_place],
)
def test_the_hub_serves_nothing_the_operator_did_not_sign(tmp_path, plant: Callable[[Path, bytes], None]):
    plant(tmp_path, tiny_fab())
    client = TestClient(hub_app(tmp_path, "http://hub"))
    status, answer = fetch(client, "@netgpt/netgpt", "0.1.0")
    assert status == 404, answer
    digest = hashlib.sha256(tiny_fab()).hexdigest()
    assert client.get(f"/hub/fab/netgpt/netgpt/0.1.0/{digest}").status_code == 404


@pytest.mark.parametrize(
    ("app_id", "version"),
    [("@netgpt/unknown", "0.1.0"), ("@netgpt/netgpt", "9.9.9"), ("@netgpt/netgpt", None),
     ("@netgpt/..", "0.1.0"), ("@../apps", "0.1.0"), ("netgpt/netgpt", "0.1.0"), ("@netgpt/netgpt", "../0.1.0")],
)
def test_the_hub_answers_404_to_any_other_request(tmp_path, app_id: str, version: str | None):
    fab = tiny_fab()
    publish(tmp_path, fab, sign_fab(signing_key(tmp_path), fab))
    client = TestClient(hub_app(tmp_path, "http://hub"))
    assert fetch(client, app_id, version)[0] == 404


def test_a_fab_served_once_is_not_served_after_it_was_re_signed(tmp_path):
    fab = tiny_fab()
    publish(tmp_path, fab, sign_fab(signing_key(tmp_path), fab))
    client = TestClient(hub_app(tmp_path, "http://hub"))
    status, answer = fetch(client, "@netgpt/netgpt", "0.1.0")
    assert status == 200, answer
    newer = tiny_fab(code="x = 3\n")
    publish(tmp_path, newer, sign_fab(signing_key(tmp_path), newer))
    assert client.get(answer["fab_url"].removeprefix("http://hub")).status_code == 404


def _ecdsa_openssh() -> str:
    key = ec.generate_private_key(ec.SECP256R1()).public_key()
    return key.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


@pytest.mark.parametrize(
    ("content", "message"),
    [(None, "lacks trusted-entities.yaml"), ("{}\n", "lists no key"), ("", "lists no key"),
     ("[a, b]\n", "lists no key"), ("key: [unclosed\n", "not YAML"),
     ("key: ssh-ed25519 AAAAnotakey\n", "not an Ed25519 public key"),
     (f"key: {_ecdsa_openssh()}\n", "not an Ed25519 public key")],
)
def test_a_node_without_a_usable_trust_file_refuses_to_start(tmp_path, content: str | None, message: str):
    # Flower itself checks no signature at all when the file is an empty mapping.
    layout = NodeLayout(tmp_path)
    if content is not None:
        layout.trusted_entities.write_text(content)
    with pytest.raises(NodeStartError, match=message):
        check_trusted_entities(layout)


# -- real processes: the SuperLink with its hub, an enrolled node, the attacker's runs ---


def spawn(argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL,
                                env=env, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    try:
        root = psutil.Process(process.pid)
        terminate([root, *root.children(recursive=True)], groups=[process.pid])
    except psutil.NoSuchProcess:
        pass




def run_to_end(spec: str, overrides: dict[str, object], env: dict[str, str]) -> str:
    run_id = submit_run(spec, overrides, env)
    wait_for(lambda: run_status(run_id, env).startswith("finished"), 180, f"run {run_id} to finish")
    return run_status(run_id, env)


class RogueHub(ThreadingHTTPServer):
    """The attacker's own hub: it hands out the probe with whatever signatures it likes."""

    def __init__(self, fab: bytes, verifications: list[dict[str, str | int]]) -> None:
        hub = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                self.rfile.read(int(self.headers["Content-Length"]))
                body = {"fab_url": f"{hub.url}/fab", "verifications": verifications}
                self._send(json.dumps(body).encode())

            def do_GET(self) -> None:
                self._send(fab)

            def _send(self, body: bytes) -> None:
                self.send_response(200)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: object) -> None:
                pass

        super().__init__(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server_address[1]}"
        threading.Thread(target=self.serve_forever, daemon=True).start()


@dataclass
class Story:
    workdir: Path
    logs: Path
    records: str
    refused_starts: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    statuses: dict[str, str] = field(default_factory=dict)
    hub_refusal: str = ""
    training: dict = field(default_factory=dict)

    def out(self, case: str) -> dict:
        path = self.workdir / f"out-{case}.json"
        return json.loads(path.read_text()) if path.exists() else {}

    def marker(self, case: str) -> Path:
        return self.workdir / f"marker-{case}"

    def overrides(self, case: str) -> dict[str, object]:
        return {"out": str(self.workdir / f"out-{case}.json"), "marker": str(self.marker(case))}

    def log(self, name: str) -> str:
        return (self.logs / f"{name}.log").read_text(errors="replace")




@pytest.fixture(scope="module")
def story(tmp_path_factory, model_cache) -> Iterator[Story]:
    workdir = tmp_path_factory.mktemp("signed")
    (workdir / "models").symlink_to(model_cache, target_is_directory=True)
    logs = workdir / "test-logs"
    logs.mkdir()
    probe = workdir / "probe"
    probe.mkdir()
    (probe / "pyproject.toml").write_text(PROBE_PYPROJECT)
    (probe / "probe_app.py").write_text(PROBE_APP)
    bundle = NodeLayout(workdir / "nodes" / "node-a")
    processes: list[subprocess.Popen[bytes]] = []
    try:
        port = free_port()
        processes.append(spawn([NETGPT, "superlink", "--workdir", str(workdir), "--port", str(port)],
                               logs / "superlink.log"))
        wait_for_port(port, 60, lambda: None)
        assert netgpt("data", "generate", "--node", "node-a", "--region", "europe-west",
                      "--out", str(workdir / "data")).returncode == 0
        assert netgpt("node", "init", "--out", str(bundle.root)).returncode == 0
        enrolled = netgpt("enroll", "node-a", "--region", "europe-west", "--public-key", str(bundle.public_key),
                          "--out", str(bundle.root), "--workdir", str(workdir), "--json")
        assert enrolled.returncode == 0, enrolled.stderr
        node_id = json.loads(enrolled.stdout)["node_id"]
        story = Story(workdir, logs, (workdir / "data" / "node-a" / "records.jsonl").read_text())

        write_trusted_entities(workdir, bundle)  # as enrollment does
        unprotected = NodeLayout(workdir / "unprotected")
        shutil.copytree(bundle.root, unprotected.root)
        unprotected.trusted_entities.unlink()
        story.refused_starts["missing"] = netgpt("node", "start", "--bundle", str(unprotected.root),
                                                 "--runtime-port", str(free_port()))
        unprotected.trusted_entities.write_text("{}\n")
        story.refused_starts["empty"] = netgpt("node", "start", "--bundle", str(unprotected.root),
                                               "--runtime-port", str(free_port()))

        def start_node(name: str, *extra: str) -> subprocess.Popen[bytes]:
            node = spawn([NETGPT, "node", "start", "--bundle", str(bundle.root), "--model-cache", str(model_cache),
                          "--threads", "1", "--runtime-port", str(free_port()), *extra], logs / f"{name}.log")
            processes.append(node)
            return node

        node = start_node("node-a")
        env = operator_env(workdir)
        wait_for(lambda: list_nodes(env).get(node_id) == "online", 90, "node-a online")

        # (a) The probe, unsigned, as anyone who reaches the Control API can submit it.
        story.statuses["unsigned"] = run_to_end(str(probe), story.overrides("unsigned"), env)

        # (b) The probe signed with a foreign key, put where the hub reads signed apps.
        probe_fab = build_fab(probe)
        foreign = sign_fab(Ed25519PrivateKey.generate(), probe_fab)
        operator_id = key_id(signing_key(workdir).public_key())
        publish(workdir, probe_fab, FabSignature(operator_id, foreign.signature, foreign.signed_at))
        with pytest.raises(FlowerCliError) as refused:
            submit_run(PROBE_SPEC, story.overrides("foreign"), env)
        story.hub_refusal = str(refused.value)

        # Control: the same probe signed by the operator runs, and leaks.
        publish(workdir, probe_fab, sign_fab(signing_key(workdir), probe_fab))
        story.statuses["control"] = run_to_end(PROBE_SPEC, story.overrides("control"), env)

        # (c) The operator's own app, as `netgpt train` submits it.
        policy = workdir / "policy.yaml"
        policy.write_text(POLICY)
        trained = netgpt("train", "--rounds", "1", "--model", "tiny", "--policy", str(policy), "--min-online", "1",
                         "--max-train-records", "16", "--workdir", str(workdir), "--json", timeout=600)
        assert trained.returncode == 0, trained.stderr[-3000:]
        story.training = json.loads(trained.stdout)
        stop(node)

        # (b, past the hub) A SuperLink of the attacker's, holding the aggregator's
        # TLS key, with a hub that attaches the foreign signature under both key ids.
        rogue = Workdir(workdir / "rogue")
        forged = {**foreign.verification(), "public_key_id": operator_id}
        rogue_hub = RogueHub(probe_fab, [foreign.verification(), forged])
        rogue_port = free_port()
        tls = ensure_tls(Workdir(workdir).certs)
        processes.append(spawn(superlink_argv(rogue.root, "127.0.0.1", rogue_port, tls), logs / "rogue-superlink.log",
                               superlink_env(rogue.root, rogue_hub.url)))
        wait_for_port(rogue_port, 60, lambda: None)
        rogue_env = flower_env(rogue.flwr_home("operator"))
        write_connection(Path(rogue_env["FLWR_HOME"]), f"127.0.0.1:{rogue_port}", tls.ca_cert)
        rogue_id = register_node(bundle.public_key, "node-a", rogue_env)
        start_node("node-a-rogue", "--superlink", f"127.0.0.1:{rogue_port}")
        wait_for(lambda: list_nodes(rogue_env).get(rogue_id) == "online", 90, "node-a online at the rogue SuperLink")
        story.statuses["forged"] = run_to_end(PROBE_SPEC, story.overrides("forged"), rogue_env)
        rogue_hub.shutdown()
        yield story
    finally:
        for process in reversed(processes):
            stop(process)


def _leaked(story: Story, case: str) -> bool:
    first_record = story.records.splitlines()[0][:40]
    return story.marker(case).exists() or first_record in json.dumps(story.out(case))


def test_a_bundle_without_a_usable_trust_file_does_not_start(story):
    for case, result in story.refused_starts.items():
        assert result.returncode == 1, (case, result.stderr)
    assert "lacks trusted-entities.yaml" in story.refused_starts["missing"].stderr
    assert "lists no key" in story.refused_starts["empty"].stderr


def test_the_probe_would_leak_the_nodes_records_if_the_node_ran_it(story):
    assert story.statuses["control"] == "finished:completed"
    assert _leaked(story, "control")
    (reply,) = story.out("control")["replies"]
    assert story.records.startswith(reply["records"][:200])


def test_an_unsigned_app_is_refused_by_the_node(story):
    assert not _leaked(story, "unsigned")
    assert story.out("unsigned")["replies"] == [{"error": "The FAB could not be verified."}]
    assert "The FAB could not be verified" in story.log("node-a")


def test_a_foreign_signed_app_is_not_served_by_the_hub(story):
    assert "Failed to request FAB download link" in story.hub_refusal
    assert not _leaked(story, "foreign") and not story.out("foreign")
    assert "does not verify with the operator's app-signing key" in story.log("superlink")


def test_a_foreign_signature_that_reaches_the_node_is_refused(story):
    assert not _leaked(story, "forged")
    assert story.out("forged")["replies"] == [{"error": "The FAB could not be verified."}]
    assert "FAB verification failed" in story.log("node-a-rogue")


def test_the_operators_signed_app_trains(story):
    trains = [e for e in story.training["events"] if e.get("event") == "train"]
    assert trains and trains[0]["merged"] and [r["node"] for r in trains[0]["accepted"]] == ["node-a"]
    signed = Workdir(story.workdir).signed_app("netgpt", "netgpt", installed_version("netgpt"))
    assert signed.fab.is_file() and signed.signature.is_file()
    # The unsigned probe was the only run node-a refused.
    assert story.log("node-a").count("could not be verified") == 1
