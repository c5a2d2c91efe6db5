"""Shared fixtures: one model cache for the whole suite.

Converting or building a base model is the slowest set-up step, so the cache
lives in the ignored `work/` directory and survives between runs.

Every ServerApp pins its ledger's key and head outside its work directory, by
default under the user's XDG state home: the suite gets a state home of its
own, so no test run leaves anchors in the real one (or trips over old ones).

A test that bounds how long something takes scales its bound by `slowdown`,
measured on this machine as it is loaded right then (issue 19: a fixed bound
set on a quiet machine fails a suite that runs beside other work).
"""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]

QUIET_CALIBRATION_S = 0.067
"""`_calibration_work` on the machine the fixed bounds were set on, quiet: the
fastest of 30 runs on a 2-core AMD EPYC (median 0.13 s at load 2.7)."""


def _calibration_work() -> int:
    """A fixed amount of single-threaded interpreter work: its wall time grows
    with the share of a core this process gets now, and with a slower core."""
    total = 0
    for i in range(1_000_000):
        total += i * i % 7
    return total


def _slowdown_now() -> float:
    """The median of three runs of the calibration work over the quiet
    reference time, never below 1."""
    times = []
    for _ in range(3):
        started = time.perf_counter()
        _calibration_work()
        times.append(time.perf_counter() - started)
    return max(1.0, statistics.median(times) / QUIET_CALIBRATION_S)


@pytest.fixture
def slowdown() -> Callable[[], float]:
    """How many times slower than the quiet reference machine this one runs:
    call it after timing, and it takes the larger of the factor measured
    before the test and the one measured then, so load that began or ended
    while the test timed its work counts. Multiply a fixed time bound by it."""
    before = _slowdown_now()
    return lambda: max(before, _slowdown_now())


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
