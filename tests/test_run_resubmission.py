"""When `netgpt train` submits the rounds left as a new run, and when it does
not: only a run whose ServerApp died without a word (Flower says failed, the
round log has neither "finish" nor "abort") is resubmitted, however quickly
the SuperLink came back, and not again and again when it dies before any
round. Flower's CLI is replaced by a script of statuses: the decision is
ours, and a real SuperLink crash is played in tests/faults."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

import netgpt.flower_cli as flower_cli
import netgpt.training as training
from netgpt.commands.federation import describe_event
from netgpt.flower_cli import RunState
from netgpt.training import TrainingError, TrainingRun
from policies import load_policy
from server.round_log import RoundLog


class Script:
    """Each submitted run's round-log events and the status Flower ends it with."""

    def __init__(self, workdir: Path, runs: list[tuple[list[dict[str, Any]], str]]) -> None:
        self.log = RoundLog(workdir)
        self.runs = runs
        self.submitted: list[int] = []
        self.notes: dict[int, str] = {}  # Flower's status details, by run id

    def submit(self, env: dict[str, str], rounds: int | None = None) -> tuple[int, int]:
        offset = len(self.log.read())
        events, _ = self.runs[len(self.submitted)]
        self.submitted.append(rounds or 0)
        for event in events:
            self.log.append(event["event"], **{k: v for k, v in event.items() if k != "event"})
        return len(self.submitted), offset

    def state(self, run_id: int, env: dict[str, str]) -> RunState:
        return RunState(self.runs[run_id - 1][1], self.notes.get(run_id, ""))


def _execute(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, runs: list[tuple[list[dict[str, Any]], str]],
    notes: dict[int, str] | None = None,
):
    script = Script(tmp_path, runs)
    script.notes.update(notes or {})
    monkeypatch.setattr(TrainingRun, "submit", script.submit)
    monkeypatch.setattr(training, "run_state", script.state)
    monkeypatch.setattr(training, "STATUS_EVERY", 0.0)
    run = TrainingRun(workdir=tmp_path, rounds=3, policy=load_policy())
    seen: list[dict[str, Any]] = []
    try:
        return run.execute({}, seen.append), script.submitted, seen
    except TrainingError as error:
        return error, script.submitted, seen


def _train(number: int) -> dict[str, Any]:
    return {"event": "train", "round": number, "accepted": [], "merged": None}


def test_a_run_whose_serverapp_died_silently_goes_on_as_a_new_run(tmp_path, monkeypatch):
    result, submitted, seen = _execute(tmp_path, monkeypatch, [
        ([_train(1)], "finished:failed"),
        ([_train(2), _train(3), {"event": "finish"}], "finished:completed"),
    ])
    assert submitted == [3, 2]
    assert not isinstance(result, TrainingError)
    assert [e["rounds"] for e in seen if e.get("event") == "resuming"] == [2]


def test_the_resuming_line_says_what_flower_noted_on_the_lost_run(tmp_path, monkeypatch):
    note = "ServerApp failed with exception: [bold]not markup[/]"
    _, _, seen = _execute(tmp_path, monkeypatch, [
        ([_train(1)], "finished:failed"),
        ([_train(2), _train(3), {"event": "finish"}], "finished:completed"),
    ], {1: note})
    (resuming,) = [e for e in seen if e.get("event") == "resuming"]
    assert resuming["details"] == note
    assert note in (describe_event(resuming) or "")


@pytest.mark.parametrize("ending", [
    pytest.param(([_train(1), {"event": "abort", "error": "latest adapter unusable"}], "finished:failed"), id="abort"),
    pytest.param(([_train(1)], "finished:stopped"), id="flwr-stop"),
])
def test_a_run_that_said_why_or_was_stopped_is_not_resubmitted(tmp_path, monkeypatch, ending):
    result, submitted, _ = _execute(tmp_path, monkeypatch, [ending])
    assert isinstance(result, TrainingError) and submitted == [3]


def test_a_serverapp_that_dies_before_any_round_is_not_resubmitted_without_end(tmp_path, monkeypatch):
    result, submitted, _ = _execute(tmp_path, monkeypatch, [([], "finished:failed")] * 5)
    assert isinstance(result, TrainingError) and "again without finishing a round" in str(result)
    assert submitted == [3, 3]


def test_a_second_train_on_the_same_work_directory_is_refused_before_it_submits(tmp_path, monkeypatch):
    """Two `train` runs at once would take the same first round number; the
    second one's publish failed and its nodes were charged for nothing. The
    first `train` here is another process holding the work directory."""
    import subprocess
    import sys

    holder = subprocess.Popen(
        [sys.executable, "-c",
         "import sys; from pathlib import Path; from netgpt.training import sole_trainer\n"
         "with sole_trainer(Path(sys.argv[1])):\n    print('held', flush=True); sys.stdin.read()",
         str(tmp_path)],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
    )
    try:
        assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
        result, submitted, _ = _execute(tmp_path, monkeypatch, [([{"event": "finish"}], "finished:completed")])
        assert isinstance(result, TrainingError) and "another `netgpt train` is running" in str(result)
        assert submitted == []
    finally:
        holder.communicate("", timeout=30)
    result, submitted, _ = _execute(tmp_path, monkeypatch, [([{"event": "finish"}], "finished:completed")])
    assert not isinstance(result, TrainingError) and submitted == [3]


def test_flowers_note_on_a_serverapp_that_failed_is_quoted_cut_short(tmp_path, monkeypatch):
    """A ServerApp that fails before it can write to the round log (an import
    error in the app) leaves its reason only with Flower."""
    note = "ServerApp failed with exception: cannot import name 'Run' " + "x" * 1000
    result, submitted, _ = _execute(tmp_path, monkeypatch, [([], "finished:failed")] * 2, {1: note, 2: note})
    assert isinstance(result, TrainingError) and submitted == [3, 3]
    message = str(result)
    assert "cannot import name 'Run'" in message and "without its ServerApp saying why" not in message
    assert len(message) < 500


def test_a_failed_runs_note_comes_from_the_query_that_said_it_failed(tmp_path, monkeypatch):
    """Flower's CLI itself answers here (`flwr ls` replaced): each `flwr ls`
    costs a process start, 1-2 s, and the answer that says the run failed
    already holds Flower's note on it."""
    note = "ServerApp failed with exception: boom"
    statuses = {1: "finished:failed", 2: "finished:completed"}
    asked: list[int] = []

    def flwr(args: list[str], env: dict[str, str], timeout: float) -> str:
        assert args[0] == "ls"
        run_id = int(args[args.index("--run-id") + 1])
        asked.append(run_id)
        run = {"run-id": run_id, "status": statuses[run_id], "status-details": note if run_id == 1 else ""}
        return json.dumps({"success": True, "runs": [run]})

    monkeypatch.setattr(flower_cli, "_flwr", flwr)
    script = Script(tmp_path, [([_train(1)], statuses[1]), ([_train(2), _train(3), {"event": "finish"}], statuses[2])])
    monkeypatch.setattr(TrainingRun, "submit", script.submit)
    monkeypatch.setattr(training, "STATUS_EVERY", 0.0)
    seen: list[dict[str, Any]] = []
    TrainingRun(workdir=tmp_path, rounds=3, policy=load_policy()).execute({}, seen.append)
    assert [e["details"] for e in seen if e.get("event") == "resuming"] == [note]
    assert asked == [1, 2]
