"""A curious operator rewrites the privacy ledger (issue 13, point 6): cuts
off its newest entries, or replaces ledger and key with a freshly made pair.

Before, both verified: a shorter chain is still a valid chain, and the public
key was read from the same directory as the ledger. Now the aggregator pins
its key and head in an anchor outside the work directory and hands every node
a signed receipt for each of its entries; `netgpt audit --verify` holds the
ledger against both. Everything here is real: the strategy over a ledger on
disk, Ed25519 keys, the node's receipt handling writing its bundle, and the
audit command.
"""

from __future__ import annotations

import dataclasses
import json
import os
import shutil
import sqlite3
import stat
from pathlib import Path

import pytest
import typer
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from typer.testing import CliRunner

from client import client_app
from client.node import NodeSettings
from client.receipts import keep_receipts
from netgpt.commands.audit import audit_command
from netgpt.layout import NodeLayout
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import Ledger, LedgerError
from privacy.dp.receipts import Receipt, read_receipts, receipts_record, sign_receipt

from .harness import POLICY, Aggregator

app = typer.Typer()
app.command()(audit_command)
runner = CliRunner()


@pytest.fixture(autouse=True)
def private_state_home(tmp_path, monkeypatch):
    """The audit looks for the aggregator's default anchor; never in the real home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("NETGPT_LEDGER_ANCHOR", raising=False)


def _bundle(tmp_path: Path, name: str) -> NodeLayout:
    return NodeLayout(tmp_path / "bundles" / name)


def _run_rounds(aggregator: Aggregator, tmp_path: Path, rounds: int) -> None:
    """Every node trains honestly each round; the evaluation requests that
    follow carry the round's receipts, which each node keeps in its bundle."""
    for server_round in range(1, rounds + 1):
        replies = [node.honest(0.1, server_round=server_round) for node in aggregator.nodes.values()]
        aggregator.strategy.aggregate_train(server_round, replies)
        for request in aggregator.evaluate_requests(server_round):
            node = aggregator.nodes[request.metadata.dst_node_id]
            record = dict(request.content.config_records["receipts"])
            assert keep_receipts(_bundle(tmp_path, node.name), node.name, record) == []


def _delete_newest(workdir: Path, keep: int) -> None:
    """What the operator can do to the file: drop the triggers, delete rows."""
    db = sqlite3.connect(workdir / "ledger.sqlite", isolation_level=None)
    db.execute("DROP TRIGGER entries_no_delete")
    db.execute(f"DELETE FROM entries WHERE seq > {keep}")
    db.close()


def _forge_fresh_ledger(workdir: Path) -> None:
    """Ledger and key replaced by a newly made pair holding one entry."""
    for path in workdir.glob("ledger.sqlite*"):
        path.unlink()
    shutil.rmtree(workdir / "keys")
    forged = Ledger.open(workdir, writable=True)
    forged.append(
        round=1, node="node-1", noise_multiplier=0.0, sample_rate=0.0, steps=0, delta=POLICY.privacy.delta,
        epsilon_round=0.0, epsilon_total=0.0, decision="exhausted", reason="forged", policy_hash="f" * 64,
    )


def _audit(workdir: Path, *args: str):
    return runner.invoke(app, ["--workdir", str(workdir), "--verify", *args])


def test_cutting_off_the_newest_entries_is_caught_by_the_anchor(tmp_path):
    workdir, anchor = tmp_path / "work", tmp_path / "anchor"
    _run_rounds(Aggregator(workdir, anchor=anchor), tmp_path, rounds=2)
    assert len(Ledger.open(workdir).entries()) == 6
    _delete_newest(workdir, keep=4)

    unanchored = _audit(workdir)
    assert unanchored.exit_code == 0, "the shorter chain alone still verifies"
    assert "truncation of the newest entries cannot be ruled out" in unanchored.stderr

    result = _audit(workdir, "--anchor", str(anchor), "--json")
    assert result.exit_code == 1
    assert "truncated: entries 5..6 missing" in result.stderr
    findings = json.loads(result.stdout)["ledger"]["findings"]
    assert [f["kind"] for f in findings] == ["truncated"]
    with pytest.raises(LedgerError, match=r"truncated: entries 5\.\.6 missing"):
        Ledger.open(workdir, writable=True, anchor=LedgerAnchor(anchor))  # as the ServerApp opens it


def test_a_forged_ledger_under_a_fresh_key_is_caught_by_the_pinned_key(tmp_path):
    workdir, anchor = tmp_path / "work", tmp_path / "anchor"
    _run_rounds(Aggregator(workdir, anchor=anchor), tmp_path, rounds=1)
    _forge_fresh_ledger(workdir)
    assert _audit(workdir).exit_code == 0, "the forgery verifies with its own key"

    result = _audit(workdir, "--anchor", str(anchor))
    assert result.exit_code == 1
    assert "the ledger key is not the pinned one" in result.stderr
    assert "truncated: entries 2..3 missing" in result.stderr
    with pytest.raises(LedgerError, match="the ledger key is not the pinned one"):
        Ledger.open(workdir, writable=True, anchor=LedgerAnchor(anchor))


def test_a_wiped_work_directory_is_not_started_afresh_beside_its_anchor(tmp_path):
    workdir, anchor = tmp_path / "work", tmp_path / "anchor"
    _run_rounds(Aggregator(workdir, anchor=anchor), tmp_path, rounds=1)
    for path in workdir.glob("ledger.sqlite*"):
        path.unlink()
    shutil.rmtree(workdir / "keys")
    with pytest.raises(LedgerError) as raised:
        Ledger.open(workdir, writable=True, anchor=LedgerAnchor(anchor))
    assert str(anchor) in str(raised.value) and not (workdir / "ledger.sqlite").exists()
    result = _audit(workdir, "--anchor", str(anchor))
    assert result.exit_code == 1 and "is missing but entries 1..3 are pinned" in result.stderr


def test_a_nodes_receipt_proves_entries_the_operator_deleted(tmp_path):
    """The operator also removed the anchor: the nodes' receipts remain."""
    workdir, anchor = tmp_path / "work", tmp_path / "anchor"
    _run_rounds(Aggregator(workdir, anchor=anchor), tmp_path, rounds=2)
    bundle = _bundle(tmp_path, "node-1")
    kept = read_receipts(bundle.receipts)
    assert [(r.seq, r.head_seq) for _, r in kept if isinstance(r, Receipt)] == [(1, 3), (4, 6)]
    assert stat.S_IMODE(os.stat(bundle.receipts).st_mode) == 0o600
    shutil.rmtree(anchor)
    _delete_newest(workdir, keep=3)

    assert _audit(workdir).exit_code == 0
    result = _audit(workdir, "--receipts", str(bundle.root), "--json")
    assert result.exit_code == 1
    assert "truncated: entries 4..6 missing" in result.stderr
    assert json.loads(result.stdout)["ledger"]["receipts"] == 2

    _forge_fresh_ledger(workdir)
    result = _audit(workdir, "--receipts", str(bundle.receipts))
    assert result.exit_code == 1
    assert "does not verify with the ledger's key" in result.stderr


def test_a_receipt_under_another_key_is_not_stored(tmp_path):
    workdir = tmp_path / "work"
    aggregator = Aggregator(workdir)
    _run_rounds(aggregator, tmp_path, rounds=1)  # node-1 pins the aggregator's key on first use
    bundle = _bundle(tmp_path, "node-1")
    before = bundle.receipts.read_bytes()
    impostor = Ed25519PrivateKey.generate()
    forged = sign_receipt(
        impostor, run_id=1, round=2, node="node-1", seq=4, entry_hash="e" * 64, head_seq=4, head_hash="e" * 64,
    )
    problems = keep_receipts(bundle, "node-1", receipts_record([forged], impostor.public_key()))
    assert problems == ["receipt 1 of 1 does not verify with the aggregator's ledger key"]
    assert bundle.receipts.read_bytes() == before

    # A bundle that carries the aggregator's key (as enrollment hands it over) trusts only that key.
    fresh = _bundle(tmp_path, "node-9")
    fresh.root.mkdir(parents=True)
    shutil.copyfile(workdir / "keys" / "aggregator.pub", fresh.ledger_key)
    problems = keep_receipts(fresh, "node-1", receipts_record([forged], impostor.public_key()))
    assert problems == ["receipt 1 of 1 does not verify with the aggregator's ledger key"]
    assert not fresh.receipts.exists() and not fresh.pinned_ledger_key.exists()


def test_the_clientapp_logs_why_a_receipt_was_refused_never_what_it_says(tmp_path, capsys):
    """The ClientApp's own receipt step, on an evaluation request whose receipt
    was altered on the way (its entry hash changed; the signature no longer fits)."""
    aggregator = Aggregator(tmp_path / "work")
    aggregator.strategy.aggregate_train(1, [node.honest(0.1) for node in aggregator.nodes.values()])
    request = next(r for r in aggregator.evaluate_requests(1) if r.metadata.dst_node_id == 1)
    carried = request.content.config_records["receipts"]
    original = Receipt.from_json(carried["receipts"][0])
    altered = dataclasses.replace(original, entry_hash="0" * 64)
    carried["receipts"] = [altered.to_json()]
    bundle = _bundle(tmp_path, "node-1")
    settings = NodeSettings.from_node_config(
        {"bundle-dir": str(bundle.root), "data-dir": str(tmp_path / "data"), "node-name": "node-1", "region": "north"}
    )
    capsys.readouterr()
    client_app._keep_receipts(request, settings)
    logged = capsys.readouterr().err
    assert "receipt 1 of 1 does not verify" in logged
    assert original.entry_hash not in logged and "0" * 64 not in logged and original.signature not in logged
    assert not bundle.receipts.exists()
