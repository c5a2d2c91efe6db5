"""Which cohort a node belongs to, and which served model ids that makes it use.

The aggregator merges adapters per region (`region-<name>`) when enough
nodes share it, and always a `global` one; a node asks for the most specific
one the cloud serves.
"""

from __future__ import annotations

import json
from pathlib import Path

GLOBAL_MODEL = "netgpt:global"
BASE_MODEL = "netgpt:base"


def node_region(workdir: Path, node: str) -> str | None:
    """The node's region: the enrolled one from its bundle (the aggregator
    builds cohorts from enrollment), else its own `profile.json`'s; None when
    neither names one."""
    for path in (Path(workdir) / "nodes" / node / "bundle.json", Path(workdir) / "data" / node / "profile.json"):
        try:
            region = json.loads(path.read_text(encoding="utf-8")).get("region")
        except (OSError, ValueError, AttributeError):
            continue
        if isinstance(region, str) and region:
            return region
    return None


def preferred_models(region: str | None) -> list[str]:
    """Model ids to try, most personal first."""
    cohort = [f"netgpt:region-{region}"] if region else []
    return [*cohort, GLOBAL_MODEL, BASE_MODEL]


def pick_model(region: str | None, served: list[str]) -> str | None:
    return next((m for m in preferred_models(region) if m in served), None)
