"""Running the installed `netgpt` command as a user would, and waiting on it:
shared by the tests that drive real processes."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Callable
from pathlib import Path

NETGPT = str(Path(sys.executable).with_name("netgpt"))


def netgpt(*args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run([NETGPT, *args], capture_output=True, text=True, timeout=timeout)


def wait_for(predicate: Callable[[], object], timeout: float, what: str) -> None:
    """Poll `predicate` every second; fail naming `what` after `timeout` seconds."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return
        time.sleep(1.0)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")
