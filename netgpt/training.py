"""Submitting training rounds to a running SuperLink and following them.

Shared by `netgpt train` (against any SuperLink, e.g. in compose) and the local
launcher. Nodes run only apps the operator signed, so a run is submitted as
the signed app: the FAB is built, signed with the work directory's key and
published for the SuperLink's app hub, then `flwr run @publisher/name==x.y.z`
makes the SuperLink fetch it with its signature. The ServerApp runs inside the
SuperLink's process tree and writes its round events to `rounds.jsonl` in the
SuperLink's work directory; we stream those, and ask Flower for the run's
status only now and then, because each ask starts a `flwr` process that
competes with training for the CPU.

A SuperLink that crashes mid-run takes the run's ServerApp with it. Following
the run, we wait (at most `reconnect_s`) for the SuperLink to answer again:
its operator or compose's restart policy restarts it on the same work
directory, where Flower's database keeps the run and our state keeps the
ledger, the round log and the published adapters. Flower marks a run whose
ServerApp stopped sending heartbeats as failed; we then submit the rounds it
had not finished as a new run, which goes on from the `latest` global adapter
with the next round numbers (`server.resume`), and say so. The nodes
reconnect by themselves (`netgpt.supernode`).
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netgpt.app_signing import AppSigningError, sign_fab, signing_key
from netgpt.files import write_atomic
from netgpt.flower_cli import FlowerCliError, RunState, build_fab, run_state, submit_run
from netgpt.layout import Workdir
from netgpt.signed_apps import AppRef, SignedAppError, publish
from policies import Policy
from server.round_log import RoundLog

APP_DIR = Path(__file__).resolve().parents[1]
STATUS_EVERY = 15.0
# Beyond the policy's deadlines: the ServerApp starting (loading the model,
# tokenizing the public held-out set) and, per round, merging, publishing and
# measuring the global adapter; generous for the default model on a CPU.
STARTUP_S = 300.0
SERVER_WORK_PER_ROUND_S = 120.0
# Waits of one round that the deadline bounds: for nodes to be online, for the
# training replies, for the evaluation replies.
DEADLINES_PER_ROUND = 3
# How long to wait for a SuperLink that stopped answering to answer again:
# time for a person or a restart policy to bring it back and for it to start.
RECONNECT_S = 300.0
RECONNECT_POLL_S = 3.0
# The most of Flower's note on a failed run that an error message quotes.
DETAILS_CHARS = 300
# Lost runs in a row that finished no round before `train` stops resubmitting.
MAX_FRUITLESS_RESUMES = 1

OnEvent = Callable[[dict[str, Any]], None]


class TrainingError(RuntimeError):
    """The run could not be submitted, failed, or did not finish in time."""


class RunLost(TrainingError):
    """The run's ServerApp died without a word: Flower marked the run failed
    and the round log has neither its "finish" nor an "abort" (a SuperLink
    crash takes the ServerApp with it, and a restart can be quicker than any
    status poll would notice). The rounds it finished are in `events`, the
    others are to be run again."""

    def __init__(self, run_id: int, status: str, events: list[dict[str, Any]], details: str = "") -> None:
        said = f": Flower says {details!r}" if details else " without its ServerApp saying why"
        super().__init__(f"run {run_id} ended as {status}{said}")
        self.details = details
        self.run_id = run_id
        self.status = status
        self.events = events


def finished_rounds(events: list[dict[str, Any]]) -> int:
    """How many rounds a run's events show finished: trained and judged
    (merged or not). A round cut short has no "train" event: it is run again."""
    return sum(1 for event in events if event.get("event") == "train")


def write_policy(policy: Policy, path: Path) -> None:
    """The aggregator's copy of the policy, read by the ServerApp (which sends
    it whole to the nodes every round) and the audit."""
    write_atomic(path, yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False), mode=0o644)


def publish_signed_app(workdir: Path) -> AppRef:
    """Build this app's FAB, sign it with the operator's key and publish it for
    the app hub; returns the app as `flwr run` names it."""
    fab = build_fab(APP_DIR)
    try:
        return publish(workdir, fab, sign_fab(signing_key(workdir), fab)).app
    except (AppSigningError, SignedAppError) as error:
        raise TrainingError(f"cannot sign the app: {error}") from None


@dataclass
class TrainingRun:
    workdir: Path
    rounds: int
    policy: Policy
    model: str = "default"
    expected_nodes: int = 2
    run_config: dict[str, Any] = field(default_factory=dict)
    """Overrides of pyproject.toml's run config, in Flower's dotted keys (`train.batch-size`)."""
    timeout: float | None = None
    """Seconds to follow the run before giving up; None: `limit()`."""
    reconnect_s: float = RECONNECT_S
    """Seconds to wait for a SuperLink that stopped answering."""

    def limit(self) -> float:
        """The longest a run can take when every wait of every round lasts its
        whole deadline (`aggregation.round_timeout_s`); a run that has not
        finished by then is stuck, and following it ends with an error."""
        if self.timeout is not None:
            return self.timeout
        per_round = DEADLINES_PER_ROUND * self.policy.aggregation.round_timeout_s + SERVER_WORK_PER_ROUND_S
        return STARTUP_S + self.rounds * per_round

    def submit(self, env: dict[str, str], rounds: int | None = None) -> tuple[int, int]:
        """Start a run of `rounds` (default: all of them); returns its id and
        where its events start in the round log."""
        workdir = Path(self.workdir).resolve()
        write_policy(self.policy, Workdir(workdir).policy)
        offset = len(RoundLog(workdir).read())
        overrides = {
            **self.run_config,
            "num-server-rounds": self.rounds if rounds is None else rounds,
            "model": self.model,
            "workdir": str(workdir),
            "expected-nodes": self.expected_nodes,
        }
        app = publish_signed_app(workdir)
        return submit_run(app.spec, overrides, env), offset

    def execute(
        self, env: dict[str, str], on_event: OnEvent, alive: Callable[[], None] = lambda: None
    ) -> tuple[int, list[dict[str, Any]]]:
        """Submit the rounds and follow them to the end; returns the last run's
        id and the events of every run. When the SuperLink crashed and came
        back without the run, the rounds it had not finished go again as a
        new run (a "resuming" event says so)."""
        with sole_trainer(Path(self.workdir)):
            return self._execute(env, on_event, alive)

    def _execute(
        self, env: dict[str, str], on_event: OnEvent, alive: Callable[[], None]
    ) -> tuple[int, list[dict[str, Any]]]:
        events: list[dict[str, Any]] = []
        left = self.rounds
        fruitless = 0  # lost runs in a row that finished no round
        while True:
            run_id, offset = self.submit(env, left)
            on_event({"event": "submitted", "run_id": run_id, "rounds": left})
            try:
                return run_id, [*events, *self.follow(run_id, offset, env, on_event, alive)]
            except RunLost as lost:
                events += lost.events
                left -= finished_rounds(lost.events)
                fruitless = 0 if finished_rounds(lost.events) else fruitless + 1
                if fruitless > MAX_FRUITLESS_RESUMES:
                    # A ServerApp that dies on its own before any round would die again.
                    raise TrainingError(f"{lost}, again without finishing a round; see the SuperLink's log") from None
                on_event({"event": "resuming", "run_id": run_id, "status": lost.status, "details": lost.details,
                          "finished": finished_rounds(lost.events), "rounds": left})
                if left <= 0:
                    return run_id, events

    def follow(
        self, run_id: int, offset: int, env: dict[str, str], on_event: OnEvent,
        alive: Callable[[], None] = lambda: None,
    ) -> list[dict[str, Any]]:
        """Stream the run's events until Flower says it finished; return them.

        `alive` is called every second and may raise to abort (the launcher
        checks its processes with it). RunLost when Flower marked the run
        failed and its ServerApp left neither a "finish" nor an "abort" in
        the round log: it died, most likely with a SuperLink that crashed.
        """
        round_log = RoundLog(Path(self.workdir).resolve())
        seen = offset
        limit = self.limit()
        deadline = time.monotonic() + limit
        next_status = time.monotonic() + STATUS_EVERY
        while time.monotonic() < deadline:
            alive()
            events = round_log.read()
            for event in events[seen:]:
                on_event(event)
            seen = len(events)
            finished = any(e.get("event") == "finish" for e in events[offset:])
            if not finished and time.monotonic() < next_status:
                time.sleep(1.0)
                continue
            next_status = time.monotonic() + STATUS_EVERY
            try:
                state = run_state(run_id, env)
            except FlowerCliError as error:
                away = time.monotonic()
                state = self._wait_for_superlink(run_id, env, on_event, error)
                deadline += time.monotonic() - away
            status = state.status
            if status.startswith("finished"):
                events = round_log.read()
                for event in events[seen:]:
                    on_event(event)
                if status == "finished:completed":
                    return events[offset:]
                said = {e.get("event") for e in events[offset:]}
                if status == "finished:failed" and not said & {"finish", "abort"}:
                    raise RunLost(run_id, status, events[offset:], _cut_short(state.details))
                raise TrainingError(f"run {run_id} ended as {status}{_abort_reason(events[offset:])}")
            time.sleep(1.0)
        raise TrainingError(f"run {run_id} did not finish within {limit:.0f} s")

    def _wait_for_superlink(
        self, run_id: int, env: dict[str, str], on_event: OnEvent, error: FlowerCliError
    ) -> RunState:
        """The run's state once the SuperLink answers again, asked every few
        seconds for at most `reconnect_s`; TrainingError if it does not."""
        on_event({"event": "superlink-lost", "run_id": run_id, "error": str(error), "wait_s": self.reconnect_s})
        end = time.monotonic() + self.reconnect_s
        while time.monotonic() < end:
            time.sleep(RECONNECT_POLL_S)
            try:
                state = run_state(run_id, env)
            except FlowerCliError as still:
                error = still
                continue
            on_event({"event": "superlink-back", "run_id": run_id, "status": state.status})
            return state
        raise TrainingError(
            f"the SuperLink did not answer about run {run_id} for {self.reconnect_s:.0f} s (last: {error}). "
            f"Once it runs again on {self.workdir}, `netgpt train` goes on from the latest global adapter"
        )


def _cut_short(details: str) -> str:
    """Flower's note on a failed run, at most `DETAILS_CHARS` of it."""
    return details if len(details) <= DETAILS_CHARS else details[: DETAILS_CHARS - 1] + "…"


@contextmanager
def sole_trainer(workdir: Path) -> Iterator[None]:
    """Hold the work directory's training lock while following its runs.
    Two runs submitted at once from one work directory would both start at
    the same round number: the second one's publish fails and its nodes are
    charged for a merge that never happens. The lock is the kernel's (it goes
    with the process, however that ends), so a crashed `train` leaves none."""
    path = Workdir(workdir).train_lock
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise TrainingError(
                f"another `netgpt train` is running on {workdir}: two at once would take the same round "
                "numbers. Wait for it to end, or stop it (Ctrl-C, or `flwr stop` with its run id)"
            ) from None
        yield
    finally:
        os.close(fd)


def _abort_reason(events: list[dict[str, Any]]) -> str:
    """Why the ServerApp stopped, when it said so in the round log; else where to look."""
    reasons = [str(event.get("error")) for event in events if event.get("event") == "abort"]
    return f": {reasons[-1]}" if reasons else "; see the SuperLink's log"
