"""Shared fixtures: one model cache for the whole suite.

Converting or building a base model is the slowest set-up step, so the cache
lives in the ignored `work/` directory and survives between runs.
"""

from __future__ import annotations

from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model_cache() -> Path:
    path = REPO / "work" / "test-models"
    path.mkdir(parents=True, exist_ok=True)
    return path
