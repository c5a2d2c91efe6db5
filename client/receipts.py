"""The node's side of ledger receipts: check each against the aggregator's
ledger key the node trusts, and keep the ones that hold.

The key is the one enrollment put in the bundle (`ledger-key.pub`); a bundle
without one pins the key the first receipts arrive with (trust on first use,
in `state/`), so that an aggregator that later swaps its key can no longer hand
this node receipts it accepts. A receipt that does not verify, or names
another node, is not stored; what is wrong with it is returned for the node's
log, never its contents.
"""

from __future__ import annotations

from collections.abc import Mapping

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from netgpt.files import write_atomic
from netgpt.layout import NodeLayout
from privacy.dp.receipts import Receipt, ReceiptError, append_receipt, read_receipts, receipts_in_record
from privacy.identity.signing import load_public_key


def trusted_ledger_key(bundle: NodeLayout, offered_pem: str) -> Ed25519PublicKey | None:
    """The bundle's key, else the key pinned on first use, else `offered_pem`
    pinned now; None when there is none to trust (nothing offered, or not an
    Ed25519 key). SigningKeyError when a key file is unreadable."""
    for path in (bundle.ledger_key, bundle.pinned_ledger_key):
        if path.is_file():
            return load_public_key(path)
    try:
        offered = serialization.load_pem_public_key(offered_pem.encode("ascii"))
    except (ValueError, TypeError, UnicodeEncodeError, UnsupportedAlgorithm):
        return None
    if not isinstance(offered, Ed25519PublicKey):
        return None
    pem = offered.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
    write_atomic(bundle.pinned_ledger_key, pem, mode=0o644)
    return offered


def keep_receipts(bundle: NodeLayout, node: str, record: Mapping[str, object]) -> list[str]:
    """Store every receipt in `record` that verifies and is about `node`;
    return one line per receipt that was not stored, saying why."""
    receipts, offered = receipts_in_record(record)
    if not receipts:
        return []
    key = trusted_ledger_key(bundle, offered)
    # The aggregator sends a receipt again until the node answers the message
    # that carried it: keep each entry's receipt once.
    kept = {(r.seq, r.entry_hash) for _, r in _stored(bundle) if isinstance(r, Receipt)}
    problems = []
    for number, receipt in enumerate(receipts, start=1):
        if isinstance(receipt, ReceiptError):
            problems.append(f"receipt {number} of {len(receipts)} is unreadable: {receipt}")
        elif key is None:
            problems.append(f"receipt {number} of {len(receipts)}: no aggregator ledger key to check it with")
        elif not receipt.verifies_with(key):
            problems.append(f"receipt {number} of {len(receipts)} does not verify with the aggregator's ledger key")
        elif receipt.node != node:
            problems.append(f"receipt {number} of {len(receipts)} is about another node")
        elif (receipt.seq, receipt.entry_hash) not in kept:
            append_receipt(bundle.receipts, receipt)
            kept.add((receipt.seq, receipt.entry_hash))
    return problems


def _stored(bundle: NodeLayout) -> list[tuple[int, Receipt | ReceiptError]]:
    return read_receipts(bundle.receipts) if bundle.receipts.is_file() else []
