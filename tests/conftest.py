"""Shared fixtures: one model cache for the whole suite.

Converting or building a base model is the slowest set-up step, so the cache
lives in the ignored `work/` directory and survives between runs.

Every ServerApp pins its ledger's key and head outside its work directory, by
default under the user's XDG state home: the suite gets a state home of its
own, so no test run leaves anchors in the real one (or trips over old ones).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def model_cache() -> Path:
    path = REPO / "work" / "test-models"
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session", autouse=True)
def private_state_home(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    state_home = tmp_path_factory.mktemp("state-home")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("XDG_STATE_HOME", str(state_home))
        patch.delenv("NETGPT_LEDGER_ANCHOR", raising=False)
        yield state_home
