"""Ledger receipts: the aggregator's signed word that a node's entry is in the ledger.

Each round the aggregator gives every node a receipt for each entry it wrote
about that node: the run, the round, the node, the entry's seq and hash, and
the ledger's head (seq, hash) when the receipt was signed. Nodes keep them, so
a ledger later cut short or swapped for another is caught by a receipt that
names an entry the ledger no longer has, or has with another hash; the head
makes one receipt vouch for every entry before it, other nodes' included.

Signed with the ledger's Ed25519 key over `DOMAIN` followed by the canonical
JSON of every field but `signature` (keys sorted, no whitespace, UTF-8). The
prefix keeps a receipt signature from ever being taken for a ledger-entry
signature, which is over a bare 32-byte digest. Receipts files are JSONL, one
receipt per line, appended and never rewritten, owner-only.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

DOMAIN = b"netgpt ledger receipt v1\n"
# How receipts travel in a message: the receipts as JSON lines, and the ledger
# public key in PEM, which a node without a key in its bundle pins on first use.
RECEIPTS_FIELD = "receipts"
KEY_FIELD = "ledger-key"


class ReceiptError(ValueError):
    """A receipt is malformed: not JSON, a field missing, or of the wrong type."""


@dataclass(frozen=True)
class Receipt:
    run_id: int
    round: int
    node: str
    seq: int
    entry_hash: str
    head_seq: int
    head_hash: str
    signature: str

    def signed_bytes(self) -> bytes:
        signed = {k: v for k, v in asdict(self).items() if k != "signature"}
        return DOMAIN + json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()

    def verifies_with(self, public_key: Ed25519PublicKey) -> bool:
        try:
            public_key.verify(bytes.fromhex(self.signature), self.signed_bytes())
        except (InvalidSignature, ValueError):
            return False
        return True

    def to_json(self) -> str:
        return json.dumps(asdict(self), sort_keys=True, separators=(",", ":"), ensure_ascii=False)

    @classmethod
    def from_json(cls, text: str) -> Receipt:
        """A receipt as `to_json` wrote it; ReceiptError names what is wrong
        (never a value: receipts may reach logs)."""
        try:
            document = json.loads(text)
        except (json.JSONDecodeError, TypeError):
            raise ReceiptError("a receipt is not JSON") from None
        if not isinstance(document, dict):
            raise ReceiptError("a receipt is not a JSON object")
        return cls(**{f.name: _field(document, f.name) for f in fields(cls)})


_INTEGERS = frozenset({"run_id", "round", "seq", "head_seq"})


def _field(document: dict[str, Any], name: str) -> Any:
    if name not in document:
        raise ReceiptError(f"a receipt lacks {name}")
    value = document[name]
    wanted = int if name in _INTEGERS else str
    if type(value) is not wanted:
        raise ReceiptError(f"a receipt's {name} is not {'an integer' if wanted is int else 'a string'}")
    return value


def sign_receipt(
    key: Ed25519PrivateKey, *, run_id: int, round: int, node: str, seq: int, entry_hash: str,
    head_seq: int, head_hash: str,
) -> Receipt:
    unsigned = Receipt(int(run_id), int(round), str(node), int(seq), entry_hash, int(head_seq), head_hash, "")
    signature = key.sign(unsigned.signed_bytes()).hex()
    return Receipt(**{**asdict(unsigned), "signature": signature})


def receipts_record(receipts: list[Receipt], public_key: Ed25519PublicKey) -> dict[str, str | list[str]]:
    """Receipts and the key that signed them, as plain values a message record can carry."""
    pem = public_key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    return {RECEIPTS_FIELD: [receipt.to_json() for receipt in receipts], KEY_FIELD: pem.decode("ascii")}


def receipts_in_record(record: Mapping[str, object]) -> tuple[list[Receipt | ReceiptError], str]:
    """What `receipts_record` made, read back: each receipt or why it is
    unreadable, and the key's PEM text ("" when absent)."""
    carried = record.get(RECEIPTS_FIELD, [])
    texts = carried if isinstance(carried, list) else [carried]
    found: list[Receipt | ReceiptError] = []
    for text in texts:
        try:
            found.append(Receipt.from_json(text))
        except ReceiptError as error:
            found.append(error)
    key = record.get(KEY_FIELD, "")
    return found, key if isinstance(key, str) else ""


def append_receipt(path: Path, receipt: Receipt) -> None:
    """Add one line to the receipts file, created owner-only; existing lines
    are never rewritten. A crash can leave at most a torn last line, which
    `read_receipts` reports rather than hides."""
    path = Path(path)
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    fd = os.open(path, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    try:
        os.write(fd, (receipt.to_json() + "\n").encode("utf-8"))
        os.fsync(fd)
    finally:
        os.close(fd)


def read_receipts(path: Path) -> list[tuple[int, Receipt | ReceiptError]]:
    """Every line of a receipts file with its line number: the receipt, or
    why it could not be read (one bad line does not hide the others)."""
    found: list[tuple[int, Receipt | ReceiptError]] = []
    for number, line in enumerate(Path(path).read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            found.append((number, Receipt.from_json(line)))
        except ReceiptError as error:
            found.append((number, error))
    return found
