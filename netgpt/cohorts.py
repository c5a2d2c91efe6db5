"""Cohort ids and the model ids the completion API serves them under.

The aggregator merges a `global` adapter and one per enrolled region
(`region-<name>`); the API serves each as `netgpt:<cohort>`, and the base
model alone as `netgpt:base`. Every part of the system builds and reads these
names here, so the node asking for its cohort and the aggregator publishing it
cannot disagree. A leaf module.
"""

from __future__ import annotations

GLOBAL = "global"
MODEL_PREFIX = "netgpt:"
BASE_MODEL = MODEL_PREFIX + "base"
GLOBAL_MODEL = MODEL_PREFIX + GLOBAL


def region_cohort(region: str) -> str:
    return f"region-{region}"


def model_id(cohort: str) -> str:
    return MODEL_PREFIX + cohort


def preferred_models(region: str | None) -> list[str]:
    """Model ids for a node of `region`, most personal first."""
    cohort = [model_id(region_cohort(region))] if region else []
    return [*cohort, GLOBAL_MODEL, BASE_MODEL]


def pick_model(region: str | None, served: list[str]) -> str | None:
    return next((m for m in preferred_models(region) if m in served), None)
