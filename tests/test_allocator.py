"""The memory allocator a node runs with: chosen as asked, preloaded for real,
and a missing one refused by name before anything starts."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from cli import netgpt
from netgpt.allocator import SYSTEM, AllocatorError, choose_allocator, running_allocator

NAMED = ("tcmalloc", "jemalloc")


def _installed(name: str) -> bool:
    try:
        choose_allocator(name)
    except AllocatorError:
        return False
    return True


def test_system_malloc_leaves_the_environment_as_it_was():
    env = {"PATH": "/usr/bin", "LD_PRELOAD": "libfoo.so"}
    assert choose_allocator("system") is SYSTEM
    assert SYSTEM.environment(env) == env
    if not os.environ.get("LD_PRELOAD"):
        assert running_allocator() == SYSTEM.name


def test_auto_prefers_tcmalloc_then_jemalloc_then_the_system():
    chosen = choose_allocator("auto")
    expected = next((name for name in NAMED if _installed(name)), SYSTEM.name)
    assert chosen.name == expected


@pytest.mark.parametrize("name", NAMED)
def test_an_installed_allocator_is_preloaded_ahead_of_what_was_there(name):
    if not _installed(name):
        pytest.skip(f"{name} is not installed here")
    allocator = choose_allocator(name)
    env = allocator.environment(dict(os.environ) | {"LD_PRELOAD": ""})
    assert env["LD_PRELOAD"] == allocator.library
    assert allocator.environment({"LD_PRELOAD": "libfoo.so"})["LD_PRELOAD"] == f"{allocator.library} libfoo.so"
    # The process really runs on it, and torch works there.
    probe = ("import os, torch; from netgpt.allocator import running_allocator; "
             "torch.ones(4096, 4096).sum().item(); print(os.getpid(), running_allocator(), flush=True); input()")
    child = subprocess.Popen([sys.executable, "-c", probe], env=env, stdin=subprocess.PIPE,
                             stdout=subprocess.PIPE, text=True)
    try:
        assert child.stdout is not None
        pid, running = child.stdout.readline().split(maxsplit=1)
        assert running.strip() == name
        assert running_allocator(int(pid)) == name  # read from outside, as a test of a node does
        assert str(allocator.library) in Path(f"/proc/{pid}/maps").read_text()  # the very library chosen
    finally:
        child.communicate("\n", timeout=60)
    assert child.returncode == 0


@pytest.mark.parametrize("name", NAMED)
def test_a_named_allocator_that_is_missing_is_refused_by_name(name):
    if _installed(name):
        pytest.skip(f"{name} is installed here")
    with pytest.raises(AllocatorError, match=f"{name} is not installed.*apt install"):
        choose_allocator(name)
    # The node refuses to start, with the reason, before it reads a bundle.
    result = netgpt("node", "start", "--bundle", "/nonexistent", "--allocator", name)
    assert result.returncode == 2
    assert f"{name} is not installed" in result.stdout + result.stderr


def test_an_unknown_allocator_is_a_usage_error():
    result = netgpt("node", "start", "--bundle", "/nonexistent", "--allocator", "hoard")
    assert result.returncode == 2
    assert "hoard" in result.stdout + result.stderr
