"""A curious operator looks for node private keys on the aggregator's host
(issue 13, point 3).

Before, `netgpt enroll NAME` made the node's key on the aggregator's host and
wrote it into the bundle there, so the operator could sign any node's privacy
report. Now the key is made on the device (`netgpt node init`) and only its
public key is enrolled. Against a real SuperLink, with real `netgpt`
processes and real keys, the operator's work directory is searched file by
file: it holds no node's private key, except in a local node's own directory;
a bundle written elsewhere holds none; and a bundle whose key is not the one
enrolled is refused.
"""

from __future__ import annotations

import contextlib
import json
import shutil
import signal
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import psutil
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519

from cli import NETGPT, netgpt
from client.bundle import BundleError, NodeBundle
from netgpt.federation import FederationSpec, LocalFederation
from netgpt.layout import NodeLayout, Workdir
from netgpt.processes import free_port, wait_for_port
from privacy.identity.node_keys import NodeKeyError, load_node_key
from server.enrollment import Enrollments

pytestmark = pytest.mark.timeout(600)





def _private_key_files(root: Path) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file() and b"PRIVATE KEY" in path.read_bytes()}


def _holding(root: Path, secret: bytes) -> set[Path]:
    return {path for path in root.rglob("*") if path.is_file() and secret in path.read_bytes()}


def _ed25519_public_key() -> str:
    public = ed25519.Ed25519PrivateKey.generate().public_key()
    return public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


@dataclass(frozen=True)
class Federation:
    workdir: Path
    tmp: Path

    def device(self, name: str) -> NodeLayout:
        """A node's directory on its own device: outside the operator's work directory."""
        return NodeLayout(self.tmp / "devices" / name)


@pytest.fixture(scope="module")
def federation(tmp_path_factory) -> Iterator[Federation]:
    tmp = tmp_path_factory.mktemp("born-on-device")
    workdir = tmp / "aggregator"
    port = free_port()
    with (tmp / "superlink.log").open("wb") as log:
        superlink = subprocess.Popen(
            [NETGPT, "superlink", "--workdir", str(workdir), "--port", str(port)],
            stdout=log, stderr=subprocess.STDOUT, start_new_session=True,
        )
    try:
        wait_for_port(port, 90, lambda: None)
        yield Federation(workdir, tmp)
    finally:
        with contextlib.suppress(psutil.NoSuchProcess):
            tree = [psutil.Process(superlink.pid), *psutil.Process(superlink.pid).children(recursive=True)]
            for process in tree:
                with contextlib.suppress(psutil.NoSuchProcess):
                    process.send_signal(signal.SIGTERM)
            for process in psutil.wait_procs(tree, timeout=30)[1]:
                process.kill()


@pytest.fixture(scope="module")
def enrolled(federation: Federation) -> dict[str, NodeLayout]:
    """Three ways a node gets enrolled: a remote device, a local node beside
    the aggregator (CLI), and `federation up`'s own nodes (library)."""
    workdir, tmp = federation.workdir, federation.tmp
    alice = federation.device("alice")
    made = netgpt("node", "init", "--out", str(alice.root), "--json")
    assert made.returncode == 0, made.stderr
    inbox = tmp / "inbox" / "alice.pub"  # what the device hands the operator
    inbox.parent.mkdir()
    shutil.copyfile(alice.public_key, inbox)
    handover = tmp / "handover" / "alice"
    done = netgpt("enroll", "alice", "--public-key", str(inbox), "--out", str(handover), "--workdir", str(workdir))
    assert done.returncode == 0, done.stderr

    bob = NodeLayout(Workdir(workdir).node_bundle("bob"))
    assert netgpt("node", "init", "--out", str(bob.root)).returncode == 0
    done = netgpt("enroll", "bob", "--public-key", str(bob.public_key), "--workdir", str(workdir))
    assert done.returncode == 0, done.stderr

    launcher = LocalFederation(FederationSpec(workdir=workdir, nodes=2), lambda event: None)
    local = {bundle.name: bundle.layout for bundle in launcher.bundles()}
    return {"alice": alice, "handover": NodeLayout(handover), "bob": bob, **local}


def test_the_operators_work_directory_holds_no_node_private_key(federation, enrolled):
    workdir = federation.workdir
    own_dirs = {enrolled[name].root for name in ("bob", "node-1", "node-2")}
    outside = {path for path in _private_key_files(workdir) if not any(d in path.parents for d in own_dirs)}
    aggregators_own = {path for path in outside if Workdir(workdir).certs in path.parents}
    signing_keys = (Workdir(workdir).ledger_key, Workdir(workdir).app_signing_key)
    aggregators_own |= {path for path in outside if path in signing_keys}
    assert outside == aggregators_own, f"private keys outside the nodes' own directories: {outside}"
    for path in outside:
        with pytest.raises(NodeKeyError):
            load_node_key(path)  # the CA's or the ledger's key, never a node's
    for name in ("alice", "bob", "node-1", "node-2"):
        key = enrolled[name].key
        assert key.stat().st_mode & 0o777 == 0o600
        assert _holding(workdir, key.read_bytes()) - {key} == set(), f"{name}'s private key was copied"


def test_a_bundle_written_elsewhere_holds_no_secret_and_completes_the_device(enrolled):
    handover, alice = enrolled["handover"], enrolled["alice"]
    names = {path.name for path in handover.root.iterdir()}
    assert {"bundle.json", "ca.crt"} <= names and alice.key.name not in names
    assert _private_key_files(handover.root) == set()
    manifest = json.loads(handover.manifest.read_text())
    assert manifest["public_key"] == alice.public_key.read_text().strip()
    with pytest.raises(BundleError, match=r"has no node key.*netgpt node init"):
        NodeBundle.load(handover.root)
    for path in handover.root.iterdir():
        shutil.copy(path, alice.root / path.name)
    bundle = NodeBundle.load(alice.root)
    assert bundle.name == "alice" and bundle.key == alice.key


def test_every_enrolled_key_is_the_one_made_on_its_device(federation, enrolled):
    registered = {node.name: node.public_key for node in Enrollments(federation.workdir).all()}
    assert set(registered) == {"alice", "bob", "node-1", "node-2"}
    for name, public in registered.items():
        assert public == enrolled[name].public_key.read_text().strip()
        assert NodeBundle.load(enrolled[name].root).public_key == public


def test_a_bundle_whose_key_is_not_the_enrolled_one_is_refused(federation, enrolled):
    """Alice's bundle files in another device's directory (its own key): the
    node would fail only at the SuperLink; the bundle check names the cause."""
    mallory = federation.device("mallory")
    assert netgpt("node", "init", "--out", str(mallory.root)).returncode == 0
    for path in enrolled["handover"].root.iterdir():
        shutil.copy(path, mallory.root / path.name)
    with pytest.raises(BundleError, match="is not the key enrolled as 'alice'"):
        NodeBundle.load(mallory.root)
    started = netgpt("node", "start", "--bundle", str(mallory.root), "--runtime-port", str(free_port()))
    assert started.returncode == 2 and "is not the key enrolled as 'alice'" in started.stderr


def test_enroll_takes_only_a_fresh_p384_public_key_and_never_makes_one(federation, enrolled):
    workdir, alice = str(federation.workdir), enrolled["alice"]
    no_key = netgpt("enroll", "carol", "--workdir", workdir)
    assert no_key.returncode == 2 and "--public-key" in no_key.stderr
    assert not Workdir(federation.workdir).node_bundle("carol").exists()

    reused = netgpt("enroll", "carol", "--public-key", str(alice.public_key), "--workdir", workdir)
    assert reused.returncode == 1 and "enrolled already as 'alice'" in reused.stderr

    private = netgpt("enroll", "carol", "--public-key", str(alice.key), "--workdir", workdir)
    assert private.returncode == 1 and "holds a private key" in private.stderr
    assert alice.key.read_bytes().splitlines()[1].decode() not in private.stderr + private.stdout

    other_curve = federation.tmp / "ed25519.pub"
    other_curve.write_text(_ed25519_public_key() + "\n")
    wrong = netgpt("enroll", "carol", "--public-key", str(other_curve), "--workdir", workdir)
    assert wrong.returncode == 1 and str(other_curve) in wrong.stderr and "P-384" in wrong.stderr

    dave = federation.device("dave")
    assert netgpt("node", "init", "--out", str(dave.root)).returncode == 0
    taken = netgpt("enroll", "dave", "--public-key", str(dave.public_key), "--out", str(enrolled["bob"].root),
                   "--workdir", workdir)
    assert taken.returncode == 1 and "holds a bundle already" in taken.stderr
    assert {node.name for node in Enrollments(federation.workdir).all()} == {"alice", "bob", "node-1", "node-2"}
