"""Who may take part: the enrolled edge nodes, their keys, regions and status.

The SuperLink knows node ids and public keys; it does not know a node's name,
region or whether an operator revoked it on purpose. This registry, kept beside
the SuperLink's state, holds that, and the aggregator reads it to tie every
update to an enrolled identity: the ledger is keyed by the enrolled name (a
node cannot rename itself to escape its cap), the cohort by the enrolled region,
and the report's signature is checked against the enrolled key. The database
and its side files are owner-only (0600): it says who takes part, and where.
"""

from __future__ import annotations

import datetime as dt
import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from netgpt.cohorts import region_cohort
from netgpt.files import create_private_database
from netgpt.layout import Workdir

_SCHEMA = """
CREATE TABLE IF NOT EXISTS nodes (
    name        TEXT PRIMARY KEY,
    node_id     TEXT NOT NULL UNIQUE,  -- Flower's ids are unsigned 64-bit
    region      TEXT NOT NULL,
    public_key  TEXT NOT NULL UNIQUE,
    data_dir    TEXT NOT NULL,
    enrolled_at TEXT NOT NULL,
    revoked_at  TEXT
);
"""


class EnrollmentError(RuntimeError):
    """An enrollment that would be ambiguous: a taken name, an unknown node."""


@dataclass(frozen=True)
class EnrolledNode:
    name: str
    node_id: int
    region: str
    public_key: str
    data_dir: str
    enrolled_at: str
    revoked_at: str | None = None

    @property
    def revoked(self) -> bool:
        return self.revoked_at is not None

    @property
    def cohort(self) -> str:
        return region_cohort(self.region)


def _now() -> str:
    return dt.datetime.now(dt.UTC).isoformat(timespec="seconds")


class Enrollments:
    def __init__(self, workdir: Path) -> None:
        self.path = Workdir(workdir).enrollment

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        create_private_database(self.path)
        connection = sqlite3.connect(self.path, timeout=30)
        try:
            connection.execute("PRAGMA journal_mode=WAL")
            connection.executescript(_SCHEMA)
            with connection:
                yield connection
        finally:
            connection.close()

    def add(self, name: str, node_id: int, region: str, public_key: str, data_dir: str) -> EnrolledNode:
        node = EnrolledNode(name, node_id, region, public_key, data_dir, _now())
        with self._connect() as db:
            taken = db.execute("SELECT revoked_at FROM nodes WHERE name = ?", (name,)).fetchone()
            if taken is not None:
                state = "was revoked; enroll it under a new name" if taken[0] else "is enrolled already"
                raise EnrollmentError(f"node {name!r} {state}")
            db.execute(
                "INSERT INTO nodes VALUES (?, ?, ?, ?, ?, ?, NULL)",
                (node.name, str(node.node_id), node.region, node.public_key, node.data_dir, node.enrolled_at),
            )
        return node

    def revoke(self, name: str) -> EnrolledNode:
        with self._connect() as db:
            node = self._one(db, "name", name)
            if node is None:
                raise EnrollmentError(f"no enrolled node named {name!r}")
            if node.revoked:
                return node
            db.execute("UPDATE nodes SET revoked_at = ? WHERE name = ?", (_now(), name))
            revoked = self._one(db, "name", name)
            if revoked is None:  # cannot happen: the row was read above, in this transaction
                raise EnrollmentError(f"node {name!r} vanished while being revoked")
            return revoked

    def get(self, name: str) -> EnrolledNode | None:
        with self._connect() as db:
            return self._one(db, "name", name)

    def by_node_id(self, node_id: int) -> EnrolledNode | None:
        with self._connect() as db:
            return self._one(db, "node_id", node_id)

    def all(self) -> list[EnrolledNode]:
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute("SELECT * FROM nodes ORDER BY enrolled_at, name").fetchall()
        return [_node(row) for row in rows]

    @staticmethod
    def _one(db: sqlite3.Connection, column: str, value: object) -> EnrolledNode | None:
        key = str(value) if column == "node_id" else value
        row = db.execute(f"SELECT * FROM nodes WHERE {column} = ?", (key,)).fetchone()
        return _node(row) if row else None


def _node(row: tuple[object, ...]) -> EnrolledNode:
    name, node_id, region, public_key, data_dir, enrolled_at, revoked_at = row
    return EnrolledNode(
        str(name), int(str(node_id)), str(region), str(public_key), str(data_dir), str(enrolled_at),
        None if revoked_at is None else str(revoked_at),
    )
