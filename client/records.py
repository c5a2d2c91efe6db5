"""Reading one node's raw records and splitting off its held-out set.

A node reads only its own data directory. The split is a hash of the record id,
so it is stable across rounds and restarts without storing anything.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass

from netgpt.layout import NodeData


class RecordsError(RuntimeError):
    """The node's data directory or records file is missing or malformed."""


@dataclass(frozen=True)
class Record:
    id: str
    text: str


def load_records(data: NodeData) -> list[Record]:
    path = data.records
    if not path.is_file():
        raise RecordsError(f"no {path.name} in the node's data directory {data.root}")
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                item = json.loads(line)
                records.append(Record(id=str(item["id"]), text=str(item["text"])))
            except (ValueError, KeyError, TypeError):
                # The line itself may hold personal data: name the line, never echo it.
                raise RecordsError(f"{path}: line {number} is not a valid record") from None
    if not records:
        raise RecordsError(f"{path} holds no records")
    return records


def is_held_out(record_id: str, fraction: float) -> bool:
    digest = hashlib.sha256(record_id.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def split(records: list[Record], fraction: float) -> tuple[list[Record], list[Record]]:
    """Return (train, held_out)."""
    train = [r for r in records if not is_held_out(r.id, fraction)]
    held = [r for r in records if is_held_out(r.id, fraction)]
    return train, held
