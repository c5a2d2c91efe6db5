"""Talking to a SuperLink through Flower's own CLI.

`flwr run` builds the FAB and submits it; its connection lives in
`$FLWR_HOME/config.toml`, which we write inside the work directory so that a
user's own Flower configuration in `~` is never read or changed.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import tomli_w

CONNECTION = "netgpt"


class FlowerCliError(RuntimeError):
    """`flwr` refused a request or answered something we cannot read."""


def write_connection(
    flwr_home: Path, address: str, ca_cert: Path | None
) -> None:
    flwr_home.mkdir(parents=True, exist_ok=True)
    connection: dict[str, object] = {"address": address}
    if ca_cert is None:
        connection["insecure"] = True
    else:
        connection["root-certificates"] = str(ca_cert)
    config = {"superlink": {"default": CONNECTION, CONNECTION: connection}}
    (flwr_home / "config.toml").write_text(tomli_w.dumps(config))


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
    start = output.find("{")
    try:
        return json.loads(output[start:])
    except ValueError:
        raise FlowerCliError(f"unreadable answer from flwr: {output[:200]!r}") from None


def submit_run(app_dir: Path, overrides: dict[str, object], env: dict[str, str]) -> int:
    config = " ".join(f"{key}={json.dumps(value)}" for key, value in overrides.items())
    answer = _json(
        _flwr(
            ["run", str(app_dir), CONNECTION, "--format", "json", "--run-config", config],
            env,
            timeout=120,
        )
    )
    if not answer.get("success"):
        raise FlowerCliError(f"the SuperLink did not start the run: {answer}")
    return int(str(answer["run-id"]))


def run_status(run_id: int, env: dict[str, str]) -> str:
    """Flower's status string for the run, e.g. 'running', 'finished:completed'."""
    answer = _json(_flwr(["ls", CONNECTION, "--run-id", str(run_id), "--format", "json"], env, 60))
    runs = answer.get("runs") or []
    if not runs:
        raise FlowerCliError(f"the SuperLink does not know run {run_id}")
    return str(runs[0].get("status", "unknown"))  # type: ignore[union-attr]
