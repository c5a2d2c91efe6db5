"""Another account on the aggregator's host, reading who takes part (the
enrollment registry: names, regions, data directories) and what each node
spent (the privacy ledger) (issue 13, point 6, in part).

Before, SQLite created `ledger.sqlite` and `enrollment.db` under the process's
umask, 0644 as a rule, and their -wal and -shm files with them. Now the
databases are created 0600 first, and SQLite gives their side files the same.
"""

from __future__ import annotations

import os
import sqlite3
import stat
from collections.abc import Iterator

import pytest

from .harness import Aggregator

DATABASES = ("ledger.sqlite", "enrollment.db")


@pytest.fixture
def usual_umask() -> Iterator[None]:
    previous = os.umask(0o022)
    try:
        yield
    finally:
        os.umask(previous)


def test_the_ledger_and_the_enrollment_registry_are_owner_only(tmp_path, usual_umask):
    aggregator = Aggregator(tmp_path)
    # A reader holding both open keeps SQLite's -wal and -shm files on disk.
    readers = [sqlite3.connect(tmp_path / name) for name in DATABASES]
    try:
        for reader in readers:
            reader.execute("SELECT count(*) FROM sqlite_master").fetchall()
        aggregator.strategy.aggregate_train(1, [node.honest(0.1) for node in aggregator.nodes.values()])
        aggregator.enrollments.revoke("node-3")
        files = {p.name: stat.S_IMODE(p.stat().st_mode) for p in tmp_path.iterdir() if p.name.startswith(DATABASES)}
    finally:
        for reader in readers:
            reader.close()
    assert {f"{name}{side}" for name in DATABASES for side in ("", "-wal", "-shm")} <= set(files)
    assert {name: oct(mode) for name, mode in files.items()} == {name: "0o600" for name in files}
