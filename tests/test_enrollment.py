"""Enrollment with real processes on loopback: a SuperLink with SuperNode
authentication, nodes that make their own keys (`netgpt node init`), are
enrolled by public key and started from their bundles, and every way a node
can be refused: a missing bundle, a wrong CA, a key that is not the enrolled
one, an unregistered key, a revoked key, a report signed with another node's
key, a plain-HTTP client.

One federation is walked through its life in order (module fixture); each test
then checks one part of what happened.
"""

from __future__ import annotations

import contextlib
import json
import re
import shutil
import signal
import ssl
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import httpx
import psutil
import pytest

from cli import NETGPT, netgpt, wait_for
from client.bundle import NodeBundle
from netgpt.allocator import choose_allocator, running_allocator
from netgpt.flower_env import flower_env
from netgpt.layout import NodeLayout
from netgpt.memory_budget import PHONE_CLASS_MIB
from netgpt.modeling.inputs import resolve_precision
from netgpt.processes import free_port, wait_for_port
from netgpt.supernode import node_paths, superexec_argv, superexec_secret, supernode_argv
from privacy.dp.ledger import Ledger
from privacy.identity.node_keys import create_node_key
from privacy.identity.tls import ensure_tls

POLICY = "version: 1\naggregation:\n  min_nodes: {}\n"




def spawn(argv: list[str], log: Path, env: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    with log.open("wb") as handle:
        return subprocess.Popen(argv, stdout=handle, stderr=subprocess.STDOUT, env=env, start_new_session=True)


def stop(process: subprocess.Popen[bytes]) -> None:
    try:
        tree = [psutil.Process(process.pid), *psutil.Process(process.pid).children(recursive=True)]
    except psutil.NoSuchProcess:
        return
    for proc in tree:
        with contextlib.suppress(psutil.NoSuchProcess):
            proc.send_signal(signal.SIGTERM)
    _, alive = psutil.wait_procs(tree, timeout=15)
    for proc in alive:
        proc.kill()


def _allocators(pid: int) -> dict[str, str]:
    """The allocator each process under `pid` runs on, by its command line. A
    child that exits between the listing and the read (a ClientApp forked
    and gone) is left out: reading it raised and failed the whole story."""
    found = {}
    for child in psutil.Process(pid).children(recursive=True):
        with contextlib.suppress(psutil.Error):
            found[" ".join(child.cmdline()[:3])] = running_allocator(child.pid)
    return found


def statuses(workdir: Path) -> dict[str, str]:
    listing = json.loads(netgpt("nodes", "--workdir", str(workdir), "--json").stdout)
    return {n["name"]: n["status"] for n in listing["nodes"]}




@dataclass
class Story:
    workdir: Path
    port: int
    refusals: dict[str, subprocess.CompletedProcess[str]] = field(default_factory=dict)
    seen: list[dict[str, str]] = field(default_factory=list)
    trainings: list[dict] = field(default_factory=list)
    revoked_exit: tuple[int | None, str] = (None, "")
    allocators: dict[str, str] = field(default_factory=dict)
    """The allocator each process `netgpt node start` started for node-a runs on."""


@pytest.fixture(scope="module")
def story(tmp_path_factory, model_cache) -> Iterator[Story]:
    workdir = tmp_path_factory.mktemp("enrolled")
    (workdir / "models").symlink_to(model_cache, target_is_directory=True)
    logs = workdir / "test-logs"
    logs.mkdir()
    port = free_port()
    processes: list[subprocess.Popen[bytes]] = []
    story = Story(workdir, port)
    try:
        superlink = spawn([NETGPT, "superlink", "--workdir", str(workdir), "--port", str(port)], logs / "superlink.log")
        processes.append(superlink)
        wait_for_port(port, 60, lambda: None)
        regions = {"node-a": "europe-west", "node-b": "europe-west", "node-c": "uk-ireland"}
        for name, region in regions.items():
            assert netgpt("data", "generate", "--node", name, "--region", region,
                          "--out", str(workdir / "data")).returncode == 0
            device = workdir / "nodes" / name
            assert netgpt("node", "init", "--out", str(device)).returncode == 0
            enrolled = netgpt("enroll", name, "--public-key", str(device / "node.pub"), "--region", region,
                              "--workdir", str(workdir), "--json")
            assert enrolled.returncode == 0, enrolled.stderr
        story.seen.append(statuses(workdir))

        bundle_a = workdir / "nodes" / "node-a"
        foreign_ca = bundle_a.parent / "foreign-ca"
        shutil.copytree(bundle_a, foreign_ca)
        (foreign_ca / "ca.crt").write_bytes(ensure_tls(workdir / "other-ca").ca_cert.read_bytes())
        # node-a's bundle beside a key of its own: refused before dialling.
        mismatched = bundle_a.parent / "mismatched"
        shutil.copytree(bundle_a, mismatched)
        (mismatched / "node.key").unlink()
        (mismatched / "node.pub").unlink()
        create_node_key(mismatched / "node.key")
        # The same, with the manifest edited to name the new key: the SuperLink refuses it.
        stranger = bundle_a.parent / "stranger"
        shutil.copytree(mismatched, stranger)
        manifest = json.loads((stranger / "bundle.json").read_text())
        manifest["public_key"] = (stranger / "node.pub").read_text().strip()
        (stranger / "bundle.json").write_text(json.dumps(manifest))
        for case, bundle in {"missing": bundle_a.parent / "nope", "foreign-ca": foreign_ca,
                             "mismatched": mismatched, "stranger": stranger}.items():
            story.refusals[case] = netgpt("node", "start", "--bundle", str(bundle),
                                          "--runtime-port", str(free_port()), timeout=120)

        def start(name: str) -> subprocess.Popen[bytes]:
            return spawn([NETGPT, "node", "start", "--bundle", str(workdir / "nodes" / name),
                          "--model-cache", str(model_cache), "--threads", "1",
                          "--runtime-port", str(free_port())], logs / f"{name}.log")

        node_a, node_b = start("node-a"), start("node-b")
        processes += [node_a, node_b]
        # node-c joins with its own key but signs its reports with node-a's.
        bundle_c = NodeBundle.load(workdir / "nodes" / "node-c")
        paths = node_paths(bundle_c, None, model_cache)
        runtime_port = free_port()
        secret = superexec_secret(NodeLayout(bundle_c.directory))
        argv = supernode_argv(bundle_c, paths, runtime_port, 1, secret=secret)
        # Its ClientApp reads the signing key from a copy of its bundle holding node-a's key.
        forged = workdir / "forged-node-c"
        shutil.copytree(bundle_c.directory, forged)
        shutil.copy(bundle_a / "node.key", forged / "node.key")
        argv[-1] = argv[-1].replace(f'bundle-dir="{bundle_c.directory}"', f'bundle-dir="{forged}"')
        node_env = flower_env(NodeLayout(forged).flwr_home("supernode"))
        processes.append(spawn(argv, logs / "node-c.log", node_env))
        superexec = superexec_argv(runtime_port, secret, False, processes[-1].pid)
        processes.append(spawn(superexec, logs / "node-c-exec.log", node_env))
        wait_for(lambda: set(statuses(workdir).values()) == {"online"}, 90, "three nodes online")
        story.seen.append(statuses(workdir))
        story.allocators = _allocators(node_a.pid)

        def train(min_nodes: int) -> dict:
            policy = workdir / f"policy-{min_nodes}.yaml"
            policy.write_text(POLICY.format(min_nodes))
            result = netgpt("train", "--rounds", "1", "--model", "tiny", "--policy", str(policy),
                            "--workdir", str(workdir), "--json", timeout=600)
            assert result.returncode == 0, result.stderr[-3000:]
            return json.loads(result.stdout)

        story.trainings.append(train(2))

        revoked = netgpt("revoke", "node-b", "--workdir", str(workdir))
        assert revoked.returncode == 0, revoked.stderr
        node_b.wait(timeout=120)
        story.seen.append(statuses(workdir))
        again = netgpt("node", "start", "--bundle", str(workdir / "nodes" / "node-b"),
                       "--runtime-port", str(free_port()), timeout=120)
        story.revoked_exit = (again.returncode, again.stderr)
        story.trainings.append(train(1))
        yield story
    finally:
        for process in reversed(processes):
            stop(process)


def _train_events(training: dict, kind: str) -> list[dict]:
    return [e for e in training["events"] if e.get("event") == kind]


def test_enrolled_nodes_show_as_enrolled_then_online(story):
    assert story.seen[0] == {"node-a": "enrolled", "node-b": "enrolled", "node-c": "enrolled"}
    assert story.seen[1] == {"node-a": "online", "node-b": "online", "node-c": "online"}
    bundle = story.workdir / "nodes" / "node-a"
    assert (bundle / "node.key").stat().st_mode & 0o777 == 0o600
    manifest = json.loads((bundle / "bundle.json").read_text())
    assert manifest["region"] == "europe-west" and manifest["superlink"].endswith(f":{story.port}")
    assert manifest["public_key"] == (bundle / "node.pub").read_text().strip()


def test_a_node_runs_on_the_allocator_installed_here(story):
    """`node start` preloads the allocator `auto` finds into the SuperNode and
    its SuperExec, whose ClientApps inherit it; with none installed, nothing."""
    allocator = choose_allocator("auto")
    assert len(story.allocators) >= 2, story.allocators  # the SuperNode and its SuperExec
    assert set(story.allocators.values()) == {allocator.name}, story.allocators


def test_a_node_takes_the_phone_class_budget_where_it_can_keep_it(story):
    """With no --max-memory-mb the node's budget is auto: 1 GiB for a round
    trained in bf16 on tcmalloc or jemalloc, else none; its log says which,
    and which plan the round ran."""
    log = (story.workdir / "test-logs" / "node-a.log").read_text()
    assert "memory budget: auto" in log
    keeps = resolve_precision("auto") == "bf16" and choose_allocator("auto").library is not None
    budget = f"budget {PHONE_CLASS_MIB} MiB (auto)" if keeps else "budget none (auto)"
    plan = rf"netgpt node: round 1: physical batch \w+, .*; {re.escape(budget)}, estimated peak"
    assert re.search(plan, log), log[-3000:]


def test_enrolled_nodes_train_and_a_forged_signature_is_rejected(story):
    first = story.trainings[0]
    (train,) = _train_events(first, "train")
    assert sorted(r["node"] for r in train["accepted"]) == ["node-a", "node-b"]
    assert train["cohorts"]["region-europe-west"]  # two nodes in the region: a cohort adapter
    (reject,) = _train_events(first, "reject")
    assert reject["node"] == "node-c" and "does not verify with node-c's enrolled key" in reject["reason"]
    entries = Ledger.open(story.workdir).entries("node-c")
    assert entries[0].decision == "rejected" and entries[0].epsilon_round == 0.0


def test_bad_bundles_exit_with_the_reason(story):
    missing, foreign, mismatched, stranger = (
        story.refusals[k] for k in ("missing", "foreign-ca", "mismatched", "stranger")
    )
    assert missing.returncode == 2 and "no node bundle" in missing.stderr
    assert foreign.returncode == 1 and "CA did not sign" in foreign.stderr
    assert mismatched.returncode == 2 and "is not the key enrolled as 'node-a'" in mismatched.stderr
    assert stranger.returncode == 1 and "not enrolled" in stranger.stderr
    names = {e.node for e in Ledger.open(story.workdir).entries()}
    assert "stranger" not in names and len(names) == 3  # the stranger never got work


def test_a_revoked_node_is_dropped_and_refused_and_the_run_goes_on(story):
    assert story.seen[2]["node-b"] == "revoked" and story.seen[2]["node-a"] == "online"
    code, message = story.revoked_exit
    assert code == 1 and "was revoked" in message
    audit = json.loads(netgpt("audit", "--workdir", str(story.workdir), "--json").stdout)
    assert {n["node"]: n["status"] for n in audit["nodes"]}["node-b"] == "revoked"
    second = story.trainings[1]
    (train,) = _train_events(second, "train")
    assert [r["node"] for r in train["accepted"]] == ["node-a"] and train["merged"]


def test_plain_http_and_a_foreign_ca_cannot_connect(story):
    url = f"127.0.0.1:{story.port}"
    with pytest.raises(httpx.HTTPError):
        httpx.get(f"http://{url}/", timeout=10)
    foreign = ssl.create_default_context(cafile=str(story.workdir / "other-ca" / "ca.crt"))
    with pytest.raises(httpx.ConnectError, match="CERTIFICATE_VERIFY_FAILED"):
        httpx.get(f"https://{url}/", verify=foreign, timeout=10)
    trusted = ssl.create_default_context(cafile=str(story.workdir / "certs" / "ca.crt"))
    assert httpx.get(f"https://{url}/", verify=trusted, timeout=10).status_code < 500


# -- `netgpt node init`, on the device: no SuperLink needed ----------------------------------


def test_node_init_makes_an_owner_only_key_and_prints_where_not_what(tmp_path):
    directory = tmp_path / "device" / "node"
    made = netgpt("node", "init", "--out", str(directory))
    assert made.returncode == 0, made.stderr
    key, public = directory / "node.key", directory / "node.pub"
    assert key.stat().st_mode & 0o777 == 0o600 and directory.stat().st_mode & 0o777 == 0o700
    assert str(public) in made.stdout and "netgpt enroll NAME --public-key" in made.stdout
    printed = made.stdout + made.stderr
    assert "PRIVATE KEY" not in printed and public.read_text().split()[1] not in printed
    assert not any(line in printed for line in key.read_text().splitlines()[1:-1] if len(line) >= 20)


def test_node_init_json_names_the_paths(tmp_path):
    made = netgpt("node", "init", "--out", str(tmp_path / "node"), "--json")
    assert made.returncode == 0, made.stderr
    directory = (tmp_path / "node").resolve()
    assert json.loads(made.stdout) == {"directory": str(directory), "public_key": str(directory / "node.pub")}


def test_node_init_refuses_to_replace_a_key(tmp_path):
    assert netgpt("node", "init", "--out", str(tmp_path)).returncode == 0
    before = (tmp_path / "node.key").read_bytes(), (tmp_path / "node.pub").read_bytes()
    again = netgpt("node", "init", "--out", str(tmp_path))
    assert again.returncode == 1 and "holds a node key already" in again.stderr
    assert ((tmp_path / "node.key").read_bytes(), (tmp_path / "node.pub").read_bytes()) == before


def test_node_init_closes_an_existing_directory_to_other_users(tmp_path):
    """The bundle files that decide what the node trusts (CA, operator key,
    SuperLink) go into this directory: another local user must not write there."""
    directory = tmp_path / "shared"
    directory.mkdir(mode=0o777)
    directory.chmod(0o777)
    assert netgpt("node", "init", "--out", str(directory)).returncode == 0
    assert directory.stat().st_mode & 0o777 == 0o700
