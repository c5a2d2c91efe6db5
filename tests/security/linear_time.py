"""What the crafted-input tests share: a text of one word repeated, and its
cost at two lengths.

``netgpt serve`` desensitizes every prompt (up to 8,000 characters) before
anything else, so a pattern that reads the same characters again from every
position lets one hostile request hold a core for seconds. Each test compares
a text with the same text four times as long: linear work grows 4× over that
span, quadratic 16×, and a slow machine scales both. The time is this
process's CPU time, not the wall clock: other work on a busy machine may come
and go between the two measurements and would count in wall-clock time
(under a changing load, the wall-clock times of "-:-:-:…" came within 0.76
of their bound).
"""

from __future__ import annotations

import time
from collections.abc import Callable

SHORT = 2_000
LONG = 4 * SHORT
# Linear work grows 4x from SHORT to LONG; quadratic, 16x.
ALLOWED_GROWTH = 8
# Absorbs timer noise on inputs that take a few milliseconds.
FLOOR_SECONDS = 0.05


def crafted(unit: str, length: int) -> str:
    """`unit` repeated to exactly `length` characters."""
    return (unit * (length // len(unit) + 1))[:length]


def best_cpu_time(work: Callable[[], object], repeats: int = 3) -> float:
    """The least CPU time `work` took in `repeats` runs."""
    best = float("inf")
    for _ in range(repeats):
        started = time.process_time()
        work()
        best = min(best, time.process_time() - started)
    return best


def assert_linear(label: str, timed: Callable[[int], float], allowance: float = FLOOR_SECONDS) -> None:
    """`timed(LONG)` within ALLOWED_GROWTH times `timed(SHORT)`, plus `allowance` seconds."""
    short, long = timed(SHORT), timed(LONG)
    assert long < ALLOWED_GROWTH * short + allowance, (
        f"{label}: {long:.3f} s at {LONG} characters, {short:.3f} s at {SHORT}"
    )
