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
import os
import tempfile
from pathlib import Path

from client.records import RECORDS_FILE, Record, RecordsError, load_records
import privacy
from privacy.desensitizer import default_desensitizer
from privacy.known_identifiers import KnownIdentifiers

CACHE_FILE = "desensitized.json"
PROFILE_FILE = "profile.json"


def address_book(data_dir: Path) -> tuple[KnownIdentifiers | None, bytes]:
    """The device's own identifiers, and the bytes they were read from."""
    path = Path(data_dir) / PROFILE_FILE
    if not path.is_file():
        return None, b""
    raw = path.read_bytes()
    try:
        return KnownIdentifiers.from_profile(json.loads(raw)), raw
    except (ValueError, TypeError, AttributeError):
        # Never echo the profile: it is the user's address book.
        raise RecordsError(f"{path} is not a valid profile") from None


def desensitized_records(data_dir: Path, state_dir: Path, level: str) -> list[Record]:
    source = Path(data_dir) / RECORDS_FILE
    records = load_records(data_dir)
    known, profile_bytes = address_book(data_dir)
    key = hashlib.sha256(
        source.read_bytes() + profile_bytes + level.encode() + _desensitizer_fingerprint()
    ).hexdigest()
    cache = Path(state_dir) / CACHE_FILE
    cached = _read_cache(cache, key)
    if cached is not None:
        return cached
    results = default_desensitizer(level).desensitize_batch([r.text for r in records], known=known)
    clean = [Record(id=r.id, text=d.text) for r, d in zip(records, results)]
    _write_cache(cache, key, clean)
    return clean


def _desensitizer_fingerprint() -> bytes:
    """A digest of the privacy package's code and data: when the recognizers
    improve, text desensitized by the old ones must not be reused."""
    root = Path(privacy.__file__).parent
    digest = hashlib.sha256()
    for path in sorted([*root.rglob("*.py"), *root.rglob("*.json")]):
        digest.update(path.relative_to(root).as_posix().encode() + path.read_bytes())
    return digest.digest()


def _read_cache(path: Path, key: str) -> list[Record] | None:
    try:
        stored = json.loads(path.read_text())
        if stored["key"] != key:
            return None
        return [Record(id=item["id"], text=item["text"]) for item in stored["records"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _write_cache(path: Path, key: str, records: list[Record]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    payload = {"key": key, "records": [{"id": r.id, "text": r.text} for r in records]}
    fd, temp = tempfile.mkstemp(dir=path.parent, prefix=".desensitized-")
    with os.fdopen(fd, "w") as handle:
        json.dump(payload, handle)
    os.replace(temp, path)
