"""A ledger checked against what was pinned outside it: the anchor and the
nodes' receipts.

The chain check (`Ledger.verify`) proves that the entries present are the ones
the key signed, in order. What it cannot see is an entry that is no longer
there at the end, or a whole ledger re-made under another key. Every pin is
turned into a `Proof` (this seq had this hash, says that source) and every
proof is held against the ledger's seq → hash map: a proof past the ledger's
end means it was truncated, a proof whose hash differs means it was replaced.
Each problem becomes a `Finding` whose kind a caller can act on and whose
message names the entries.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from netgpt.layout import NodeLayout
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.receipts import Receipt, ReceiptError, read_receipts
from privacy.identity.signing import load_public_key

TRUNCATED = "truncated"
REPLACED = "replaced"
KEY = "key"
MISSING = "missing"
RECEIPT = "receipt"
_NAMED_SOURCES = 3  # sources named in one finding before "and N more"


@dataclass(frozen=True)
class Finding:
    kind: str  # TRUNCATED | REPLACED | KEY | MISSING | RECEIPT
    message: str


@dataclass(frozen=True)
class Proof:
    """A pinned fact about the ledger: entry `seq` had hash `hash`, per `source`."""

    seq: int
    hash: str
    source: str


def anchor_proofs(anchor: LedgerAnchor) -> list[Proof]:
    head = anchor.head()
    return [] if head is None else [Proof(head.seq, head.hash, f"the head pinned in {anchor.root}")]


def receipt_proofs(receipt: Receipt, where: str) -> list[Proof]:
    """The receipt's own entry and the head it was signed at (seq 0: an empty ledger, nothing to prove)."""
    source = f"{where} (receipt for {receipt.node}, round {receipt.round})"
    proofs = [Proof(receipt.seq, receipt.entry_hash, source)]
    if receipt.head_seq > 0:
        proofs.append(Proof(receipt.head_seq, receipt.head_hash, source))
    return proofs


def check_proofs(hashes: Mapping[int, str], proofs: Iterable[Proof]) -> list[Finding]:
    """Truncation (one finding: from the ledger's end to the highest proven
    seq) and replacement (one finding per entry)."""
    last = max(hashes, default=0)
    beyond: list[Proof] = []
    replaced: dict[int, Proof] = {}
    for proof in proofs:
        if proof.seq > last:
            beyond.append(proof)
        elif hashes.get(proof.seq) != proof.hash:
            replaced.setdefault(proof.seq, proof)
    findings = []
    if beyond:
        top = max(proof.seq for proof in beyond)
        missing = f"entry {top}" if top == last + 1 else f"entries {last + 1}..{top}"
        findings.append(Finding(
            TRUNCATED,
            f"truncated: {missing} missing (the ledger ends at seq {last}; "
            f"{_sources([proof for proof in beyond if proof.seq == top])} pinned seq {top})",
        ))
    for seq, proof in sorted(replaced.items()):
        what = "has another hash than" if seq in hashes else "is gone from the middle of the ledger; it was pinned by"
        findings.append(Finding(REPLACED, f"replaced: entry {seq} {what} {proof.source}"))
    return findings


def check_key(actual: Ed25519PublicKey, pinned: Ed25519PublicKey | None, where: str) -> list[Finding]:
    if pinned is None or pinned.public_bytes_raw() == actual.public_bytes_raw():
        return []
    return [Finding(KEY, f"the ledger key is not the pinned one ({where}): the ledger was re-made under a new key")]


def read_receipt_proofs(
    lines: Iterable[tuple[int, Receipt | ReceiptError]], key: Ed25519PublicKey, key_name: str, where: Path
) -> tuple[list[Proof], list[Finding]]:
    """The proofs of every receipt that verifies with `key`; a finding for
    each line that is unreadable or does not verify (forged, or signed by a
    key the ledger no longer has)."""
    proofs: list[Proof] = []
    findings: list[Finding] = []
    for number, read in lines:
        if isinstance(read, ReceiptError):
            findings.append(Finding(RECEIPT, f"{where} line {number}: {read}"))
        elif not read.verifies_with(key):
            findings.append(Finding(
                RECEIPT,
                f"{where} line {number}: the receipt for seq {read.seq} does not verify with {key_name} "
                "(forged, or signed by a key that was replaced)",
            ))
        else:
            proofs += receipt_proofs(read, f"{where} line {number}")
    return proofs, findings


@dataclass(frozen=True)
class ReceiptSource:
    """A receipts file, and the ledger key its node pinned when it comes from a bundle."""

    path: Path
    node_key: Path | None = None

    @classmethod
    def at(cls, path: Path) -> ReceiptSource:
        """A node's bundle directory (its receipts and pinned key) or a receipts file."""
        path = Path(path)
        if not path.is_dir():
            return cls(path)
        bundle = NodeLayout(path)
        pinned = [key for key in (bundle.ledger_key, bundle.pinned_ledger_key) if key.is_file()]
        return cls(bundle.receipts, pinned[0] if pinned else None)


@dataclass(frozen=True)
class PinCheck:
    findings: list[Finding] = field(default_factory=list)
    anchor: Path | None = None
    receipts: int = 0  # receipts that verified and were held against the ledger
    pinned_seq: int = 0  # the highest seq any pin vouches for

    @property
    def truncation_checked(self) -> bool:
        return self.pinned_seq > 0


def check_pins(
    ledger: Path, read_hashes: Callable[[], Mapping[int, str]] | None, key: Ed25519PublicKey | None,
    anchor: LedgerAnchor | None, sources: Iterable[ReceiptSource],
) -> PinCheck:
    """The ledger at `ledger` (`read_hashes` gives its seq → hash map, and `key`
    its public key; both None when it is missing) against the anchor's pins
    and the nodes' receipts. Receipts are checked with the key their node
    pinned, else the anchor's, else the ledger's own. The ledger is read last:
    a writer appends before it moves the head and before it sends a receipt,
    so pins read first never run ahead of the ledger read after them, and a
    live ledger is not mistaken for a truncated one. SigningKeyError or
    AnchorError when a pinned key or head is unreadable."""
    anchor_key = anchor.pinned_key() if anchor is not None else None
    findings: list[Finding] = []
    proofs: list[Proof] = []
    if anchor is not None:
        proofs += anchor_proofs(anchor)
        if anchor_key is None and proofs:
            findings.append(Finding(KEY, f"{anchor.root} pins a head but no key: the anchor was altered"))
    if key is not None and anchor is not None:
        findings += check_key(key, anchor_key, f"pinned in {anchor.root}")
    verified = 0
    for source in sources:
        node_key = load_public_key(source.node_key) if source.node_key is not None else None
        if key is not None and source.node_key is not None:
            findings += check_key(key, node_key, f"the node pinned {source.node_key}")
        reference = _receipt_key(node_key, anchor_key, key)
        if not source.path.is_file():
            findings.append(Finding(RECEIPT, f"{source.path}: no receipts file here"))
            continue
        if reference is None:
            findings.append(Finding(RECEIPT, f"{source.path}: no pinned or ledger key to check its receipts with"))
            continue
        lines = read_receipts(source.path)
        good, bad = read_receipt_proofs(lines, *reference, source.path)
        proofs += good
        findings += bad
        verified += len(lines) - len(bad)
    if read_hashes is None:
        findings.insert(0, _missing(ledger, anchor, proofs))
    else:
        findings += check_proofs(read_hashes(), proofs)
    return PinCheck(
        findings, anchor.root if anchor is not None else None, verified, max((p.seq for p in proofs), default=0)
    )


def _receipt_key(
    node_key: Ed25519PublicKey | None, anchor_key: Ed25519PublicKey | None, key: Ed25519PublicKey | None
) -> tuple[Ed25519PublicKey, str] | None:
    """The key to check a node's receipts with, and how to name it: the one
    the node pinned, else the anchor's, else the ledger's own."""
    for candidate, name in (
        (node_key, "the key the node pinned"), (anchor_key, "the anchor's pinned key"), (key, "the ledger's key")
    ):
        if candidate is not None:
            return candidate, name
    return None


def _missing(ledger: Path, anchor: LedgerAnchor | None, proofs: list[Proof]) -> Finding:
    top = max((proof.seq for proof in proofs), default=0)
    if top:
        what = f"entries 1..{top} are pinned ({_sources([p for p in proofs if p.seq == top])})"
    elif anchor is not None:
        what = f"its key is pinned in {anchor.root}"
    else:
        what = "receipts for it were given"
    return Finding(MISSING, f"the ledger {ledger} is missing but {what}: it was deleted or moved")


def _sources(proofs: list[Proof]) -> str:
    names = sorted({proof.source for proof in proofs})
    more = len(names) - _NAMED_SOURCES
    return "; ".join(names[:_NAMED_SOURCES]) + (f" and {more} more" if more > 0 else "")
