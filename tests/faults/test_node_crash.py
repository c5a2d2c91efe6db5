"""A node killed with SIGKILL in the middle of a round, with real processes.

A SuperLink, three SuperNodes and `netgpt train` run as the role commands run
them on separate machines (not under `federation up`, whose launcher stops
everything once one of its processes dies). While round 1 trains, node-3's
whole process tree is killed: the run must finish within the bound derived
from the policy's deadline, name node-3 as dropped, merge both rounds from the
two nodes left without waiting for the dead one again, and leave a ledger
that verifies.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import time

import psutil

from netgpt.flower_env import flower_env
from netgpt.processes import free_port, wait_for_port
from netgpt.training import TrainingRun
from policies import load_policy

from .local_federation import NETGPT, prepared, start_nodes, superlink_argv

ROUNDS = 2


def _tree(process: psutil.Process) -> list[psutil.Process]:
    with contextlib.suppress(psutil.NoSuchProcess):
        return [process, *process.children(recursive=True)]
    return []


def _training(node: psutil.Process) -> bool:
    """Whether the node runs a ClientApp (it does only while it has a request)."""
    for process in _tree(node)[1:]:
        with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
            if any("flwr-clientapp" in part for part in process.cmdline()):
                return True
    return False


def test_a_node_killed_mid_round_is_dropped_and_the_run_finishes(tmp_path, model_cache):
    federation, policy_file = prepared(tmp_path, model_cache, nodes=3)
    group = federation.group
    output = tmp_path / "train.out"
    train: subprocess.Popen[bytes] | None = None
    try:
        port = free_port()
        env = flower_env(federation.layout.flwr_home("launcher"))
        group.start("superlink", superlink_argv(tmp_path, port), env)
        wait_for_port(port, 60, lambda: group.check_alive(["superlink"]))
        start_nodes(federation, port, env)
        with output.open("wb") as sink:
            train = subprocess.Popen(
                [NETGPT, "train", "--workdir", str(tmp_path), "--rounds", str(ROUNDS), "--model", "tiny",
                 "--policy", str(policy_file), "--min-online", "3", "--max-train-records", "32"],
                stdout=sink, stderr=subprocess.STDOUT,
            )
        node3 = psutil.Process(next(c for c in group.children if c.name == "node-3").process.pid)
        rounds = tmp_path / "rounds.jsonl"
        deadline = time.monotonic() + 600
        while not (rounds.exists() and '"round-start"' in rounds.read_text() and _training(node3)):
            assert train.poll() is None, output.read_text()[-3000:]
            assert time.monotonic() < deadline, "node-3 ran no ClientApp for round 1 within 600 s"
            time.sleep(0.2)
        doomed = _tree(node3)
        for process in doomed:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(doomed, timeout=10)
        killed = time.monotonic()
        limit = TrainingRun(workdir=tmp_path, rounds=ROUNDS, policy=load_policy(policy_file)).limit()
        code = train.wait(timeout=limit + 60)
        after_kill = time.monotonic() - killed
        printed = output.read_text()
        print(f"killed node-3 in round 1; `netgpt train` ended {after_kill:.0f} s later (bound {limit:.0f} s)")
        assert code == 0, printed[-3000:]
        assert after_kill < limit
        assert "dropped node-3" in printed
        events = [json.loads(line) for line in rounds.read_text().splitlines()]
        assert [(e["round"], e["nodes"]) for e in events if e["event"] == "dropped"] == [(1, ["node-3"])]
        assert [e for e in events if e["event"] == "reject"] == []  # the SuperLink's error is no one's reply
        trains = [e for e in events if e["event"] == "train"]
        assert [t["round"] for t in trains] == [1, 2]
        for train_event in trains:
            assert sorted(r["node"] for r in train_event["accepted"]) == ["node-1", "node-2"]
            assert train_event["merged"]
        audit = subprocess.run([NETGPT, "audit", "--workdir", str(tmp_path), "--verify"],
                               capture_output=True, text=True, timeout=120)
        assert audit.returncode == 0, audit.stdout + audit.stderr
    finally:
        if train is not None and train.poll() is None:
            train.kill()
            train.wait(timeout=30)
        group.stop_all(first=("node-1", "node-2", "node-3"))
