"""The environment every Flower process we start runs in.

Flower keeps its CLI configuration in `$FLWR_HOME` (we keep it inside the work
directory, never in `~`), phones home for telemetry and update checks unless
told not to, and starts its helpers (flower-superexec, flwr-clientapp) by name,
so the virtual environment's bin directory must be on PATH.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def flower_bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


def flower_env(flwr_home: Path) -> dict[str, str]:
    """`flwr_home` comes from the layout: `Workdir.flwr_home(role)` or `NodeLayout.flwr_home(role)`."""
    env = dict(os.environ)
    env["FLWR_HOME"] = str(Path(flwr_home).resolve())
    env["HF_HUB_OFFLINE"] = "1"
    env["TRANSFORMERS_OFFLINE"] = "1"
    env["PYTHONUNBUFFERED"] = "1"
    env["FLWR_TELEMETRY_ENABLED"] = "0"
    env["FLWR_DISABLE_UPDATE_CHECK"] = "1"
    env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
    return env
