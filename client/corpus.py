"""The node's training corpus: its own records, desensitized before any use.

The device knows its user's own identity and address book (`profile.json`
beside the records); those identifiers are removed for certain, on top of what
Presidio's recognizers find. Desensitization is the slowest part of preparing a
round and depends only on the records, the address book and the location
level, so its result is cached in the node's state directory, keyed by a digest
of all three. Only desensitized text is ever cached.

Presidio and spaCy are imported only when records are desensitized, and a
node does that in a child process (`desensitized_records(..., in_child=True)`):
the process that trains never holds them, and a node whose records are cached
(every round after its first) never runs them at all.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import sys
from dataclasses import replace
from multiprocessing.connection import Connection
from pathlib import Path
from typing import TYPE_CHECKING

from client.records import Record, RecordsError, load_records
from netgpt.files import write_atomic
from netgpt.forked import reset_caught_signals
from netgpt.layout import NodeData
from privacy.desensitize.fingerprint import desensitizer_fingerprint

if TYPE_CHECKING:
    from privacy.desensitize.known_identifiers import KnownIdentifiers

DESENSITIZER_MODULE = "privacy.desensitize.desensitizer"


def address_book(data: NodeData) -> tuple[KnownIdentifiers | None, bytes]:
    """The device's own identifiers, and the bytes they were read from."""
    raw = _profile(data)
    return _identifiers(data, raw), raw or b""


def _profile(data: NodeData) -> bytes | None:
    return data.profile.read_bytes() if data.profile.is_file() else None


def _identifiers(data: NodeData, raw: bytes | None) -> KnownIdentifiers | None:
    if raw is None:
        return None
    from privacy.desensitize.known_identifiers import KnownIdentifiers  # imports Presidio: see above

    try:
        return KnownIdentifiers.from_profile(json.loads(raw))
    except (ValueError, TypeError, AttributeError):
        # Never echo the profile: it is the user's address book.
        raise RecordsError(f"{data.profile} is not a valid profile") from None


def desensitized_records(data: NodeData, cache: Path, level: str, *, in_child: bool = False) -> list[Record]:
    """The node's records desensitized, from the cache when it holds them.

    A cached entry was written after its profile parsed, and its key covers
    the profile's bytes, so a hit needs no parse (nor Presidio's import).

    `in_child`: desensitize in a forked process, for a caller that trains
    next in this one. Presidio's and spaCy's modules cannot be unloaded, and
    what the pipeline freed stays in the allocator's pages: a first round that
    desensitized in its own process peaked 121-179 MiB higher (1,132-1,166
    against 987-1,011 MiB, default model under the 1 GiB budget, tcmalloc,
    docs/BENCHMARKS.md). The child takes all of it with it when it exits."""
    records = load_records(data)
    profile = _profile(data)
    key = hashlib.sha256(
        data.records.read_bytes() + (profile or b"") + level.encode() + desensitizer_fingerprint()
    ).hexdigest()
    cached = _read_cache(cache, key)
    if cached is not None and [r.id for r in cached] == [r.id for r in records]:
        # Only the text is cached; what else a record holds (its group) is
        # read afresh, so a change to how groups are found never goes stale.
        return [replace(r, text=c.text) for r, c in zip(records, cached, strict=True)]
    texts = [r.text for r in records]
    results = _desensitize_in_child(data, profile, level, texts) if in_child else _desensitize(
        data, profile, level, texts
    )
    clean = [replace(r, text=text) for r, text in zip(records, results, strict=True)]
    _write_cache(cache, key, clean)
    return clean


class DesensitizerDied(RuntimeError):
    """The child process desensitizing the records ended without an answer
    (killed for memory, or stopped with the node)."""


def _desensitize_in_child(data: NodeData, profile: bytes | None, level: str, texts: list[str]) -> list[str]:
    """`_desensitize` in a forked child; the texts and the results travel over
    a pipe between the two processes only. A plain Process rather than a pool:
    the child must be killed when the parent is stopped mid-way, and a pool
    would wait for it."""
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(sender, data, profile, level, texts), daemon=True)
    try:
        child.start()
    except OSError:  # no process to spare (memory, process limit): the way that costs memory
        receiver.close()
        return _desensitize(data, profile, level, texts)
    sender.close()
    try:
        outcome, value = receiver.recv()
    except EOFError:
        outcome, value = "died", None
    finally:
        receiver.close()
        if child.is_alive():
            child.kill()
        child.join()
    if outcome == "died":
        raise DesensitizerDied(f"the process desensitizing the records ended with exit code {child.exitcode}")
    if outcome == "error":
        raise value
    return list(value)


def _child(sender: Connection, data: NodeData, profile: bytes | None, level: str, texts: list[str]) -> None:
    reset_caught_signals()  # the ClientApp's handlers are Flower's; stopped, this child just ends
    try:
        sender.send(("done", _desensitize(data, profile, level, texts)))
    except Exception as error:  # RecordsError and the desensitizer's own, raised again in the parent
        sender.send(("error", error))


def _desensitize(data: NodeData, profile: bytes | None, level: str, texts: list[str]) -> list[str]:
    known = _identifiers(data, profile)
    from privacy.desensitize.desensitizer import default_desensitizer  # Presidio and spaCy: see above

    return [result.text for result in default_desensitizer(level).desensitize_batch(texts, known=known)]


def release_desensitizer() -> None:
    """Free Presidio's pipeline (spaCy's model, the gazetteers) if this process
    built one; importing it only to clear it would cost what the lazy import saves.
    For the benches that desensitize and train in one process; a node desensitizes
    in a child instead."""
    desensitizer = sys.modules.get(DESENSITIZER_MODULE)
    if desensitizer is not None:
        desensitizer.default_desensitizer.cache_clear()


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
