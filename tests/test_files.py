"""Durable writes: an interrupted swap keeps the old directory, old databases
are made owner-only."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

import netgpt.files
from netgpt.files import create_private_database, write_directory_atomic


def _write(text: str):
    def build(directory: Path) -> None:
        (directory / "adapter.txt").write_text(text)
    return build


def test_a_swap_interrupted_between_the_renames_keeps_the_old_directory(tmp_path, monkeypatch):
    target = tmp_path / "round-1"
    write_directory_atomic(target, _write("old"))
    real_replace = os.replace
    calls = []

    def interrupted(src, dst):
        calls.append(dst)
        if len(calls) == 2:  # the new directory taking the target's name
            raise KeyboardInterrupt
        real_replace(src, dst)

    monkeypatch.setattr(netgpt.files.os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        write_directory_atomic(target, _write("new"))
    monkeypatch.setattr(netgpt.files.os, "replace", real_replace)
    assert (target / "adapter.txt").read_text() == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round-1"]


def test_a_completed_swap_replaces_the_directory(tmp_path):
    target = tmp_path / "round-1"
    write_directory_atomic(target, _write("old"))
    write_directory_atomic(target, _write("new"))
    assert (target / "adapter.txt").read_text() == "new"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["round-1"]


def test_an_existing_database_is_made_owner_only(tmp_path):
    database = tmp_path / "ledger.sqlite"
    database.write_bytes(b"")
    (tmp_path / "ledger.sqlite-wal").write_bytes(b"")
    os.chmod(database, 0o644)
    os.chmod(tmp_path / "ledger.sqlite-wal", 0o644)
    create_private_database(database)
    assert database.stat().st_mode & 0o777 == 0o600
    assert (tmp_path / "ledger.sqlite-wal").stat().st_mode & 0o777 == 0o600
