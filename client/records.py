"""Reading one node's raw records and splitting off its held-out set.

A node reads only its own data directory. The split is a hash of each record's
group, so it is stable across rounds and restarts without storing anything.
Whole groups go one way: a user rephrases, retries and follows up within one
conversation or day, and a split by record put one message in training and its
near-copy in the held-out set, which then measured recall, not generalization.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from client.node_limits import NodeRefuses
from netgpt.layout import NodeData


class RecordsError(RuntimeError):
    """The node's data directory or records file is missing or malformed."""


class RecordsUnreadable(NodeRefuses):
    """The node's records file (or the profile beside it) is missing or broken:
    it sits the round out until its owner fixes the file. The aggregator learns only that, not the
    path, the line or the problem, which stay in the node's own log."""

    def __init__(self, node: str) -> None:
        super().__init__(f"{node} refuses: its records or profile file is missing or invalid; see the node's log")


@dataclass(frozen=True)
class Record:
    id: str
    text: str
    group: str | None = None
    """What the record is held out with (`group_of`); None: on its own."""

    @property
    def split_key(self) -> str:
        return self.group if self.group is not None else self.id


def group_of(item: dict[str, Any]) -> str | None:
    """The record's conversation when its source names one (`thread`), else the
    calendar day it was written on, as written (the user's local day when the
    timestamp carries an offset), else None. A timestamp that does not parse
    gives None rather than an error: the record still trains, held out alone."""
    thread = item.get("thread")
    if isinstance(thread, str) and thread:
        return f"thread:{thread}"
    stamp = item.get("timestamp")
    if isinstance(stamp, str):
        try:
            return f"day:{datetime.fromisoformat(stamp).date().isoformat()}"
        except ValueError:
            return None
    return None


def load_records(data: NodeData) -> list[Record]:
    path = data.records
    if not path.is_file():
        raise RecordsError(f"no {path.name} in the node's data directory {data.root}")
    try:
        lines = path.read_bytes().splitlines()
    except OSError as error:
        raise RecordsError(f"{path} cannot be read: {error.strerror}") from None
    records = []
    for number, raw in enumerate(lines, start=1):
        try:
            # Decoded here, line by line: a decoding error quotes the bytes it met.
            line = raw.decode("utf-8")
            if not line.strip():
                continue
            item = json.loads(line)
            record = Record(id=str(item["id"]), text=str(item["text"]), group=group_of(item))
        except (ValueError, KeyError, TypeError):
            # The line itself may hold personal data: name the line, never echo it.
            raise RecordsError(f"{path}: line {number} is not a valid record") from None
        if not all(_is_unicode(value) for value in (record.id, record.text, record.group or "")):
            # JSON's \ud800 escape parses to a lone surrogate, which no desensitizer,
            # tokenizer or hash takes: refused here, by line, before a round starts.
            raise RecordsError(f"{path}: line {number} is not valid Unicode (a lone surrogate escape)")
        records.append(record)
    if not records:
        raise RecordsError(f"{path} holds no records")
    return records


def _is_unicode(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def is_held_out(key: str, fraction: float) -> bool:
    """Unsalted, so every node holds out the same days: a day's shared events
    (a strike, a match) reach no adapter through another node's training."""
    digest = hashlib.sha256(key.encode()).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def split(records: list[Record], fraction: float) -> tuple[list[Record], list[Record]]:
    """Return (train, held_out), whole groups on one side each. A node whose
    records fall in too few groups for both sides (all of them one day, on
    a new device) is split by record instead: holding out its only day
    would leave it nothing to train on, round after round."""
    train, held = _by(records, fraction, lambda r: r.split_key)
    if fraction > 0 and (not train or not held):
        train, held = _by(records, fraction, lambda r: r.id)
    return train, held


def _by(records: list[Record], fraction: float, key: Callable[[Record], str]) -> tuple[list[Record], list[Record]]:
    held_out = [is_held_out(key(r), fraction) for r in records]
    return ([r for r, out in zip(records, held_out, strict=True) if not out],
            [r for r, out in zip(records, held_out, strict=True) if out])
