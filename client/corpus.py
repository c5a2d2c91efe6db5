"""The node's training corpus: its own records, desensitized before any use.

The device knows its user's own identity and address book (`profile.json`
beside the records); those identifiers are removed for certain, on top of what
Presidio's recognizers find. Desensitization is the slowest part of preparing a
round and depends only on the records, the address book and the location
level, so its result is cached in the node's state directory, keyed by a digest
of all three. Only desensitized text is ever cached.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

from client.records import Record, RecordsError, load_records
from netgpt.files import write_atomic
from netgpt.layout import NodeData
from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.fingerprint import desensitizer_fingerprint
from privacy.desensitize.known_identifiers import KnownIdentifiers


def address_book(data: NodeData) -> tuple[KnownIdentifiers | None, bytes]:
    """The device's own identifiers, and the bytes they were read from."""
    path = data.profile
    if not path.is_file():
        return None, b""
    raw = path.read_bytes()
    try:
        return KnownIdentifiers.from_profile(json.loads(raw)), raw
    except (ValueError, TypeError, AttributeError):
        # Never echo the profile: it is the user's address book.
        raise RecordsError(f"{path} is not a valid profile") from None


def desensitized_records(data: NodeData, cache: Path, level: str) -> list[Record]:
    records = load_records(data)
    known, profile_bytes = address_book(data)
    key = hashlib.sha256(
        data.records.read_bytes() + profile_bytes + level.encode() + desensitizer_fingerprint()
    ).hexdigest()
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    results = default_desensitizer(level).desensitize_batch([r.text for r in records], known=known)
    clean = [Record(id=r.id, text=d.text) for r, d in zip(records, results, strict=True)]
    _write_cache(cache, key, clean)
    return clean


def _read_cache(path: Path, key: str) -> list[Record] | None:
    try:
        stored = json.loads(path.read_text())
        if stored["key"] != key:
            return None
        return [Record(id=item["id"], text=item["text"]) for item in stored["records"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, key: str, records: list[Record]) -> None:
    payload = {"key": key, "records": [{"id": r.id, "text": r.text} for r in records]}
    write_atomic(path, json.dumps(payload))
