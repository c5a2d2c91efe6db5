"""Durable file writes: whole or not at all, never half of one.

Every writer of state in the project (accountants, caches, manifests, node
data, adapters, keys) goes through here, and so does the creation of the
SQLite databases (ledger, enrollments), so that fsync, permissions and
cleanup after a failure are decided once. This module is a leaf: it imports
nothing from the project, so `privacy`, `client` and `server` may all use it.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomic(path: Path, data: bytes | str, mode: int = 0o600) -> None:
    """Replace `path` with `data`: a reader or a crash sees the old file or the
    new one. Owner-only by default, since most of what we store is personal."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        os.fchmod(fd, mode)
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _sync_directory(path.parent)


def create_private_file(path: Path, data: bytes) -> None:
    """Write `data` to a new file at `path` readable by its owner only.

    The bytes go to a private temporary file first, which is then hard-linked
    into place: nobody ever reads a partial key, and the link fails with
    FileExistsError when the path exists (another process got there first, or
    a key would be overwritten), which callers turn into their own answer.
    """
    fd, temporary = tempfile.mkstemp(dir=Path(path).parent, prefix=".key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        os.unlink(temporary)
    _sync_directory(Path(path).parent)


def create_private_database(path: Path) -> None:
    """Create an empty owner-only file at `path` for SQLite, unless one exists.

    SQLite would create the database with the process's umask (0644 as a
    rule), and it gives the database's -wal, -shm and -journal files the
    database file's own permissions; an empty file is an empty database. So
    making the file here first keeps the database and its side files 0600.
    An existing file (and its side files) is made owner-only: databases
    written before this rule held keep no wider mode.
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.close(os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    except FileExistsError:
        for existing in (path, *(path.with_name(path.name + s) for s in ("-wal", "-shm", "-journal"))):
            if existing.exists():
                os.chmod(existing, 0o600)
        return
    _sync_directory(path.parent)


def write_directory_atomic(
    target: Path, build: Callable[[Path], None], *, replace: bool = True, exist_ok: bool = True
) -> Path:
    """Build a directory under a temporary name, then move it to `target`.

    With `replace=False` an existing `target` wins (concurrent builders of the
    same cache race safely). With `replace=True` the old directory is moved
    aside before the new one takes its name and is deleted afterwards, so a
    reader finds either the whole old or the whole new directory, except in
    the instant between the two renames (POSIX has no directory exchange).
    With `exist_ok=False` an existing `target` is an error (FileExistsError),
    whatever `replace` says: for directories that must never change once
    written, such as published adapter rounds, whose readers may hold them
    open and know them by name. It is checked when the new directory is moved
    into place, so the error also comes when another writer got there first.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{target.name}-", dir=target.parent))
    retired = target.parent / f".{target.name}-old-{os.getpid()}"
    try:
        build(staging)
        if target.exists():
            if not exist_ok:
                raise FileExistsError(errno.EEXIST, "already written, and never rewritten", target.name)
            if not replace:
                return target
            os.replace(target, retired)
        try:
            os.replace(staging, target)
        except BaseException as error:
            # Interrupted or refused between the two renames: put the old one back.
            if retired.exists() and not target.exists():
                os.replace(retired, target)
            lost_race = not replace and exist_ok and isinstance(error, OSError) and target.exists()
            if not lost_race:
                raise
        _sync_directory(target.parent)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return target


def append_private_line(path: Path, line: str) -> None:
    """Add `line` to the end of `path`, created (or made) owner-only. One
    write with O_APPEND: existing lines are never rewritten and concurrent
    appenders never interleave inside a line; a crash leaves at most a torn
    last line, which readers of such logs skip."""
    if "\n" in line:
        raise ValueError("a log line may not hold a newline")
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    payload = (line + "\n").encode("utf-8")
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.fchmod(fd, 0o600)
        if os.write(fd, payload) != len(payload):
            raise OSError(f"{path}: short write (disk full?)")
        os.fsync(fd)
    finally:
        os.close(fd)


def _sync_directory(directory: Path) -> None:
    """Make a rename durable: without it a power cut may undo the rename."""
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
