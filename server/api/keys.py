"""API keys for the completion API, stored only as hashes.

A key is 32 random bytes from the OS CSPRNG, shown once when it is created.
The store keeps its SHA-256: keys carry full entropy, so a fast hash cannot be
brute-forced and needs no salt or slow KDF, and a copy of the store lets nobody
call the API. The SQLite file is created owner-only (0600); SQLite gives its
journal the same mode.
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from netgpt.layout import Workdir

KEY_PREFIX = "ngpt-"
NAME_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


class ApiKeyError(ValueError):
    """A key name is invalid or already taken, or the store is unreadable."""


@dataclass(frozen=True)
class ApiKeyInfo:
    name: str
    created: float
    fingerprint: str
    """The first characters of the hash: tells keys apart without revealing any."""


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class ApiKeyStore:
    """The keys of one work directory. Each call opens its own connection, so
    one store serves every request thread and sees keys created meanwhile."""

    def __init__(self, workdir: Path) -> None:
        self.path = Workdir(workdir).api_keys

    def create(self, name: str) -> str:
        """Make, store and return a new key for `name`; it is never shown again."""
        if not NAME_PATTERN.match(name):
            raise ApiKeyError(
                f"key name {name!r} must be 1-64 letters, digits, '.', '_' or '-', starting with a letter or digit"
            )
        key = KEY_PREFIX + secrets.token_urlsafe(32)
        try:
            with closing(self._connect(create=True)) as db, db:
                db.execute(
                    "INSERT INTO api_keys (name, digest, created) VALUES (?, ?, ?)",
                    (name, _digest(key), time.time()),
                )
        except sqlite3.IntegrityError:
            raise ApiKeyError(f"a key named {name!r} exists already; revoke it first") from None
        return key

    def revoke(self, name: str) -> bool:
        """Delete the key called `name`; False when there is none."""
        if not self.path.is_file():
            return False
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM api_keys WHERE name = ?", (name,)).rowcount > 0

    def list(self) -> list[ApiKeyInfo]:
        if not self.path.is_file():
            return []
        with closing(self._connect()) as db:
            rows = db.execute("SELECT name, created, digest FROM api_keys ORDER BY name").fetchall()
        return [ApiKeyInfo(name, created, digest[:12]) for name, created, digest in rows]

    def verify(self, key: str) -> str | None:
        """The name of the key, or None when it is not a key of this store."""
        if not key.startswith(KEY_PREFIX) or not self.path.is_file():
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT name FROM api_keys WHERE digest = ?", (_digest(key),)).fetchone()
        return row[0] if row else None

    def _connect(self, create: bool = False) -> sqlite3.Connection:
        if create and not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            os.close(os.open(self.path, os.O_CREAT | os.O_WRONLY, 0o600))
        try:
            db = sqlite3.connect(self.path, timeout=10)
            db.execute(
                "CREATE TABLE IF NOT EXISTS api_keys ("
                "name TEXT PRIMARY KEY, digest TEXT NOT NULL UNIQUE, created REAL NOT NULL)"
            )
        except sqlite3.Error as error:
            raise ApiKeyError(f"{self.path}: cannot open the key store ({error})") from None
        return db
