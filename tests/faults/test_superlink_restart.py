"""The SuperLink killed with SIGKILL in the middle of a run and restarted,
with real processes.

A SuperLink, two SuperNodes and `netgpt train` run as the role commands run
them on separate machines. Once round 1 is merged and round 2 has started,
the SuperLink's whole process tree (and the ServerApp in it) is killed, as a
crashed host or container would be, and a new one is started on the same
work directory and port, as an operator or compose's restart policy does.
`netgpt train` must wait for it, run the round left as a new run from the
latest global adapter, and finish; the nodes must reconnect by themselves.
Round numbers are never reused (round 2 was cut short, so the round run
again is round 3), the ledger verifies, and `latest` never dangles.
"""

from __future__ import annotations

import contextlib
import json
import os
import re
import subprocess
import threading
import time
from pathlib import Path

import psutil
import pytest

from netgpt.flower_cli import write_connection
from netgpt.flower_env import flower_env
from netgpt.processes import free_port, wait_for_port
from netgpt.training import TrainingError, TrainingRun
from policies import load_policy
from privacy.dp.ledger import Ledger
from privacy.identity.tls import ensure_tls
from server.round_log import RoundLog

from .local_federation import NETGPT, prepared, start_nodes, superlink_argv

ROUNDS = 2
DOWN_S = 5.0  # how long the SuperLink stays dead


def _events(rounds: Path) -> list[dict]:
    if not rounds.exists():
        return []
    return [json.loads(line) for line in rounds.read_text().splitlines() if line.strip()]


def _kill_tree(pid: int) -> None:
    with contextlib.suppress(psutil.NoSuchProcess):
        root = psutil.Process(pid)
        doomed = [root, *root.children(recursive=True)]
        for process in doomed:
            with contextlib.suppress(psutil.NoSuchProcess):
                process.kill()
        psutil.wait_procs(doomed, timeout=10)


def _watch_latest(latest: Path, stop: threading.Event, misses: list[int], polls: list[int]) -> None:
    """Poll `latest` as the API does; count the polls where it dangles once it exists."""
    while not stop.is_set():
        if os.path.lexists(latest):
            polls[0] += 1
            if not latest.exists():
                misses[0] += 1
        time.sleep(0.01)


def test_a_superlink_killed_mid_run_and_restarted_finishes_the_rounds(tmp_path, model_cache):
    federation, policy_file = prepared(tmp_path, model_cache, nodes=2)
    group = federation.group
    output = tmp_path / "train.out"
    rounds = tmp_path / "rounds.jsonl"
    train: subprocess.Popen[bytes] | None = None
    stop, misses, polls = threading.Event(), [0], [0]
    watcher = threading.Thread(target=_watch_latest,
                               args=(tmp_path / "adapters" / "global" / "latest", stop, misses, polls), daemon=True)
    port = free_port()
    env = flower_env(federation.layout.flwr_home("launcher"))
    try:
        first = group.start("superlink", superlink_argv(tmp_path, port), env)
        wait_for_port(port, 60, lambda: group.check_alive(["superlink"]))
        start_nodes(federation, port, env)
        watcher.start()
        with output.open("wb") as sink:
            train = subprocess.Popen(
                [NETGPT, "train", "--workdir", str(tmp_path), "--rounds", str(ROUNDS), "--model", "tiny",
                 "--policy", str(policy_file), "--min-online", "2", "--max-train-records", "16"],
                stdout=sink, stderr=subprocess.STDOUT,
            )
        deadline = time.monotonic() + 600
        while not any(e["event"] == "round-start" and e["round"] == 2 for e in _events(rounds)):
            assert train.poll() is None, output.read_text()[-3000:]
            assert time.monotonic() < deadline, "round 2 did not start within 600 s"
            time.sleep(0.2)
        _kill_tree(first.process.pid)
        killed = time.monotonic()
        time.sleep(DOWN_S)
        group.start("superlink-again", superlink_argv(tmp_path, port), env)
        code = train.wait(timeout=900)
        after_kill = time.monotonic() - killed
        printed = output.read_text()
        print(f"killed the SuperLink in round 2; `netgpt train` ended {after_kill:.0f} s later")
        assert code == 0, printed[-3000:]
        # Whether a status poll falls in the few seconds the SuperLink was away
        # ("SuperLink stopped answering") is timing; going on as a new run is not.
        # Rich wraps long lines; Flower's note on the lost run, when it has one, is quoted.
        said = " ".join(printed.split())
        lost = r"ended without its ServerApp \(finished:failed(; Flower says .*?)?\) after 1 round\(s\)"
        assert re.search(lost, said), said[-3000:]
        assert "as a new run" in said

        events = _events(rounds)
        starts = [e for e in events if e["event"] == "start"]
        assert [e["first_round"] for e in starts] == [1, 3]  # round 2 was cut short: its number is not reused
        assert starts[1]["adapter"].endswith("round-1")  # the new run went on from round 1's adapter
        trains = [e for e in events if e["event"] == "train"]
        assert [t["round"] for t in trains] == [1, 3] and all(t["merged"] for t in trains)
        begun = [e["round"] for e in events if e["event"] == "round-start"]
        assert begun == [1, 2, 3]
        ledger = Ledger.open(tmp_path)
        assert {(e.round, e.node) for e in ledger.entries()} == {(r, f"node-{n}") for r in (1, 3) for n in (1, 2)}
        assert len(ledger.entries()) == 4  # one entry per node per round, none twice
        assert sorted(p.name for p in (tmp_path / "adapters" / "global").iterdir()) == ["latest", "round-1",
                                                                                        "round-3"]
        audit = subprocess.run([NETGPT, "audit", "--workdir", str(tmp_path), "--verify"],
                               capture_output=True, text=True, timeout=120)
        assert audit.returncode == 0, audit.stdout + audit.stderr
        assert polls[0] > 0 and misses[0] == 0, f"`latest` dangled in {misses[0]} of {polls[0]} polls"
    finally:
        stop.set()
        if train is not None and train.poll() is None:
            train.kill()
            train.wait(timeout=30)
        group.stop_all(first=("node-1", "node-2"))


def test_a_superlink_that_does_not_come_back_ends_train_with_a_clear_error_in_bounded_time(tmp_path):
    """Nothing listens where the SuperLink was: `train` waited on a traceback
    before; now it waits `reconnect_s` and says what to do."""
    home = tmp_path / "flwr"
    env = flower_env(home)
    write_connection(home, f"127.0.0.1:{free_port()}", ensure_tls(tmp_path / "certs").ca_cert)
    RoundLog(tmp_path).append("finish")  # the run looks done: Flower is asked at once
    run = TrainingRun(workdir=tmp_path, rounds=1, policy=load_policy(), reconnect_s=5)
    seen: list[dict] = []
    started = time.monotonic()
    with pytest.raises(TrainingError, match="did not answer about run 7 for 5 s") as failed:
        run.follow(7, 0, env, seen.append)
    assert "goes on from the latest global adapter" in str(failed.value)
    assert time.monotonic() - started < 120  # 5 s, and each `flwr ls` that could not connect
    assert [e["event"] for e in seen] == ["finish", "superlink-lost"]
