"""Talking to a SuperLink through Flower's own CLI.

Flower's own builder packs the app into a FAB (the same bytes for the same
files), `flwr run` submits a run; the connection lives in `$FLWR_HOME/config.toml`,
which we write inside the work directory so that a user's own Flower
configuration in `~` is never read or changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

import tomli_w
from flwr.cli.build import build_fab_from_disk

from netgpt.files import write_atomic

CONNECTION = "netgpt"


class FlowerCliError(RuntimeError):
    """`flwr` refused a request or answered something we cannot read."""


def write_connection(flwr_home: Path, address: str, ca_cert: Path) -> None:
    flwr_home.mkdir(parents=True, exist_ok=True)
    connection = {"address": address, "root-certificates": str(ca_cert)}
    config = {"superlink": {"default": CONNECTION, CONNECTION: connection}}
    write_atomic(flwr_home / "config.toml", tomli_w.dumps(config))


def _flwr(args: list[str], env: dict[str, str], timeout: float) -> str:
    flwr = str(Path(sys.executable).with_name("flwr"))
    try:
        result = subprocess.run(
            [flwr, *args], env=env, capture_output=True, text=True, timeout=timeout
        )
    except subprocess.TimeoutExpired:
        raise FlowerCliError(f"`flwr {args[0]}` did not answer within {timeout:.0f} s") from None
    if result.returncode != 0:
        detail = (result.stderr or result.stdout).strip().splitlines()[-5:]
        raise FlowerCliError(f"`flwr {args[0]}` failed: " + " | ".join(detail))
    return result.stdout


def _json(output: str) -> dict[str, object]:
    """flwr's JSON answer; `flwr` exits 0 even when it failed, saying so inside."""
    start = output.find("{")
    try:
        answer: dict[str, object] = json.loads(output[start:])
    except ValueError:
        raise FlowerCliError(f"unreadable answer from flwr: {output[:200]!r}") from None
    if answer.get("success") is False:
        message = str(answer.get("error-message", "no reason given")).strip().splitlines()
        raise FlowerCliError(message[-1] if message else "flwr failed without a reason")
    return answer


def _objects(answer: dict[str, object], key: str) -> list[dict[str, object]]:
    """The list of JSON objects under `key` (none when absent)."""
    value = answer.get(key) or []
    if not isinstance(value, list) or not all(isinstance(item, dict) for item in value):
        raise FlowerCliError(f"unexpected {key!r} in flwr's answer: {value!r:.200}")
    return value


def build_fab(app_dir: Path) -> bytes:
    """The FAB `flwr run DIR` would submit for `app_dir`, the same bytes for the
    same files. Built in-process with Flower's own builder rather than with
    `flwr build`, which refuses a directory whose name is not a valid app name
    (a checkout called `net_gpt` would do) and costs a process start."""
    try:
        return build_fab_from_disk(Path(app_dir))
    except ValueError as error:
        raise FlowerCliError(f"cannot pack {app_dir} into a FAB: {error}") from None


def submit_run(app: str, overrides: dict[str, object], env: dict[str, str]) -> int:
    """Start a run of `app`: a directory (submitted unsigned) or `@publisher/name==x.y.z`
    (fetched by the SuperLink from its hub, with the hub's signatures)."""
    config = " ".join(f"{key}={json.dumps(value)}" for key, value in overrides.items())
    answer = _json(
        _flwr(
            ["run", app, CONNECTION, "--format", "json", "--run-config", config],
            env,
            timeout=120,
        )
    )
    if not answer.get("success"):
        raise FlowerCliError(f"the SuperLink did not start the run: {answer}")
    return int(str(answer["run-id"]))


def _run(run_id: int, env: dict[str, str]) -> dict[str, object]:
    answer = _json(_flwr(["ls", CONNECTION, "--run-id", str(run_id), "--format", "json"], env, 60))
    runs = _objects(answer, "runs")
    if not runs:
        raise FlowerCliError(f"the SuperLink does not know run {run_id}")
    return runs[0]


@dataclass(frozen=True)
class RunState:
    """What one `flwr ls` says about a run."""

    status: str
    """Flower's status string, e.g. 'running', 'finished:completed'."""
    details: str
    """What Flower recorded about how the run ended ('' when nothing), e.g. the
    exception a ServerApp failed with before it could write to the round log."""


def run_state(run_id: int, env: dict[str, str]) -> RunState:
    """The run's status and Flower's note on it, from one query: a failed
    run's note is read from the answer that said it failed, not asked again."""
    run = _run(run_id, env)
    return RunState(str(run.get("status", "unknown")), str(run.get("status-details") or "").strip())


def run_status(run_id: int, env: dict[str, str]) -> str:
    """Flower's status string for the run, e.g. 'running', 'finished:completed'."""
    return run_state(run_id, env).status


def register_node(public_key: Path, name: str, env: dict[str, str]) -> int:
    """Register a SuperNode's public key with the SuperLink; Flower assigns the id."""
    answer = _json(
        _flwr(["supernode", "register", str(public_key), CONNECTION, "--name", name, "--format", "json"], env, 60)
    )
    if not answer.get("success") or "node-id" not in answer:
        raise FlowerCliError(f"the SuperLink did not register the node: {answer}")
    return int(str(answer["node-id"]))


def unregister_node(node_id: int, env: dict[str, str]) -> None:
    answer = _json(_flwr(["supernode", "unregister", str(node_id), CONNECTION, "--format", "json"], env, 60))
    if not answer.get("success"):
        raise FlowerCliError(f"the SuperLink did not unregister node {node_id}: {answer}")


def list_nodes(env: dict[str, str]) -> dict[int, str]:
    """Flower's status of every node it knows: 'registered', 'online', 'offline', 'unregistered'."""
    answer = _json(_flwr(["supernode", "list", CONNECTION, "--format", "json"], env, 60))
    nodes = _objects(answer, "nodes")
    return {int(str(n["node-id"])): str(n.get("status", "unknown")) for n in nodes}
