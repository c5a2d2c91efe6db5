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
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netgpt.app_signing import AppSigningError, sign_fab, signing_key
from netgpt.files import write_atomic
from netgpt.flower_cli import build_fab, run_status, submit_run
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

OnEvent = Callable[[dict[str, Any]], None]


class TrainingError(RuntimeError):
    """The run could not be submitted, failed, or did not finish in time."""


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

    def limit(self) -> float:
        """The longest a run can take when every wait of every round lasts its
        whole deadline (`aggregation.round_timeout_s`); a run that has not
        finished by then is stuck, and following it ends with an error."""
        if self.timeout is not None:
            return self.timeout
        per_round = DEADLINES_PER_ROUND * self.policy.aggregation.round_timeout_s + SERVER_WORK_PER_ROUND_S
        return STARTUP_S + self.rounds * per_round

    def submit(self, env: dict[str, str]) -> tuple[int, int]:
        """Start the run; returns its id and where its events start in the round log."""
        workdir = Path(self.workdir).resolve()
        write_policy(self.policy, Workdir(workdir).policy)
        offset = len(RoundLog(workdir).read())
        overrides = {
            **self.run_config,
            "num-server-rounds": self.rounds,
            "model": self.model,
            "workdir": str(workdir),
            "expected-nodes": self.expected_nodes,
        }
        app = publish_signed_app(workdir)
        return submit_run(app.spec, overrides, env), offset

    def follow(
        self, run_id: int, offset: int, env: dict[str, str], on_event: OnEvent,
        alive: Callable[[], None] = lambda: None,
    ) -> list[dict[str, Any]]:
        """Stream the run's events until Flower says it finished; return them.

        `alive` is called every second and may raise to abort (the launcher
        checks its processes with it).
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
            status = run_status(run_id, env)
            if status.startswith("finished"):
                events = round_log.read()
                for event in events[seen:]:
                    on_event(event)
                if status != "finished:completed":
                    raise TrainingError(f"run {run_id} ended as {status}; see the SuperLink's log")
                return events[offset:]
            time.sleep(1.0)
        raise TrainingError(f"run {run_id} did not finish within {limit:.0f} s")
