"""Ledger receipts: signing and verifying, the file a node keeps them in, and
the node's side that decides which receipts to keep."""

from __future__ import annotations

import dataclasses
import json
import os
import stat

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from client.receipts import keep_receipts
from netgpt.layout import NodeLayout
from privacy.dp.receipts import (
    DOMAIN,
    Receipt,
    ReceiptError,
    append_receipt,
    read_receipts,
    receipts_in_record,
    receipts_record,
    sign_receipt,
)

KEY = Ed25519PrivateKey.generate()
FIELDS = dict(
    run_id=2**64 - 1, round=3, node="node-a", seq=7, entry_hash="a" * 64, head_seq=9, head_hash="b" * 64,
)


def _receipt(key: Ed25519PrivateKey = KEY, **changes) -> Receipt:
    return sign_receipt(key, **{**FIELDS, **changes})


def test_a_signed_receipt_verifies_and_survives_json():
    receipt = _receipt()
    assert receipt.verifies_with(KEY.public_key())
    again = Receipt.from_json(receipt.to_json())
    assert again == receipt and again.verifies_with(KEY.public_key())


@pytest.mark.parametrize(
    "field, value",
    [("run_id", 1), ("round", 4), ("node", "node-b"), ("seq", 8), ("entry_hash", "c" * 64), ("head_seq", 10),
     ("head_hash", "c" * 64)],
)
def test_every_field_is_signed(field, value):
    altered = dataclasses.replace(_receipt(), **{field: value})
    assert not altered.verifies_with(KEY.public_key())


def test_another_key_or_a_garbled_signature_does_not_verify():
    assert not _receipt(Ed25519PrivateKey.generate()).verifies_with(KEY.public_key())
    assert not dataclasses.replace(_receipt(), signature="not hex").verifies_with(KEY.public_key())
    assert not dataclasses.replace(_receipt(), signature="00" * 64).verifies_with(KEY.public_key())


def test_the_signed_bytes_are_the_documented_form():
    """Prefix plus canonical JSON: an independent verifier needs nothing else,
    and a ledger-entry signature (over a bare 32-byte digest) never passes."""
    receipt = _receipt()
    canonical = json.dumps(FIELDS, sort_keys=True, separators=(",", ":")).encode()
    KEY.public_key().verify(bytes.fromhex(receipt.signature), DOMAIN + canonical)
    entry_signature = KEY.sign(bytes.fromhex("a" * 64)).hex()
    assert not dataclasses.replace(receipt, signature=entry_signature).verifies_with(KEY.public_key())


@pytest.mark.parametrize(
    "text, fragment",
    [
        ("{not json", "not JSON"),
        ("[1, 2]", "not a JSON object"),
        (json.dumps({k: v for k, v in dataclasses.asdict(_receipt()).items() if k != "seq"}), "lacks seq"),
        (json.dumps({**dataclasses.asdict(_receipt()), "seq": "7"}), "seq is not an integer"),
        (json.dumps({**dataclasses.asdict(_receipt()), "seq": True}), "seq is not an integer"),
        (json.dumps({**dataclasses.asdict(_receipt()), "node": 5}), "node is not a string"),
    ],
)
def test_a_malformed_receipt_names_what_is_wrong_not_its_values(text, fragment):
    with pytest.raises(ReceiptError, match=fragment) as raised:
        Receipt.from_json(text)
    assert "node-a" not in str(raised.value) and "a" * 64 not in str(raised.value)


def test_the_receipts_file_is_append_only_owner_only_and_reports_a_torn_line(tmp_path):
    path = tmp_path / "state" / "receipts.jsonl"
    first, second = _receipt(), _receipt(seq=8)
    append_receipt(path, first)
    append_receipt(path, second)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    with path.open("a") as handle:
        handle.write('{"run_id": 1, "rou')
    lines = read_receipts(path)
    assert lines[:2] == [(1, first), (2, second)]
    assert lines[2][0] == 3 and isinstance(lines[2][1], ReceiptError)


def test_receipts_travel_as_plain_values_with_the_key():
    record = receipts_record([_receipt(), _receipt(seq=8)], KEY.public_key())
    assert all(isinstance(value, str) for value in record["receipts"])
    receipts, pem = receipts_in_record(record)
    assert [r.seq for r in receipts if isinstance(r, Receipt)] == [7, 8]
    assert pem.startswith("-----BEGIN PUBLIC KEY-----")
    garbled, _ = receipts_in_record({"receipts": ["{"]})
    assert isinstance(garbled[0], ReceiptError)


# -- the node's side ---------------------------------------------------------------------


def test_a_node_pins_the_first_key_and_then_keeps_only_what_it_signed(tmp_path):
    bundle = NodeLayout(tmp_path / "bundle")
    assert keep_receipts(bundle, "node-a", receipts_record([_receipt()], KEY.public_key())) == []
    assert bundle.pinned_ledger_key.is_file()
    impostor = Ed25519PrivateKey.generate()
    problems = keep_receipts(bundle, "node-a", receipts_record([_receipt(impostor, seq=8)], impostor.public_key()))
    assert problems == ["receipt 1 of 1 does not verify with the aggregator's ledger key"]
    assert [r.seq for _, r in read_receipts(bundle.receipts)] == [7]


def test_a_receipt_sent_again_is_kept_once(tmp_path):
    """The aggregator repeats a receipt until the node answers the message
    that carried it; the node's file holds each entry's receipt once."""
    bundle = NodeLayout(tmp_path / "bundle")
    record = receipts_record([_receipt()], KEY.public_key())
    assert keep_receipts(bundle, "node-a", record) == []
    assert keep_receipts(bundle, "node-a", receipts_record([_receipt(), _receipt(seq=8)], KEY.public_key())) == []
    assert [r.seq for _, r in read_receipts(bundle.receipts)] == [7, 8]


def test_a_node_keeps_no_receipt_about_another_node_or_without_a_key(tmp_path):
    bundle = NodeLayout(tmp_path / "bundle")
    record = receipts_record([_receipt(node="node-b")], KEY.public_key())
    assert keep_receipts(bundle, "node-a", record) == ["receipt 1 of 1 is about another node"]
    unkeyed = NodeLayout(tmp_path / "unkeyed")
    assert keep_receipts(unkeyed, "node-a", {"receipts": [_receipt().to_json()]}) == [
        "receipt 1 of 1: no aggregator ledger key to check it with"
    ]
    assert not bundle.receipts.exists() and not unkeyed.receipts.exists()
