"""The privacy ledger and the aggregator's key: a round trip verifies, and
every way of altering the database is caught, even with the triggers gone."""

from __future__ import annotations

import hashlib
import itertools
import json
import os
import random
import shutil
import sqlite3
import stat
import threading
from dataclasses import asdict
from pathlib import Path

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

from netgpt.layout import ANCHOR_ENV, default_anchor_dir
from privacy.dp import ledger as ledger_module
from privacy.dp.accounting import epsilon, prv_bounds
from privacy.dp.anchor import AnchorError, Head, LedgerAnchor
from privacy.dp.ledger import GENESIS_HASH, Ledger, LedgerError, public_key_file
from privacy.identity.signing import SigningKeyError, load_or_create_signing_key, load_public_key

DELTA = 1e-5
MECHANISM = (1.0, 0.1, 10)


def _append(ledger: Ledger, node: str, round: int, decision: str = "accepted",
            mechanism: tuple[float, float, int] = MECHANISM, accountant: str = "prv", **override):
    """Append with the ε the aggregator would compute (rejections count)."""
    history = [*ledger.history(node), mechanism] if mechanism[2] > 0 else ledger.history(node)
    values = dict(
        round=round, node=node, noise_multiplier=mechanism[0], sample_rate=mechanism[1],
        steps=mechanism[2], delta=DELTA,
        epsilon_round=epsilon([mechanism], DELTA, accountant) if mechanism[2] > 0 else 0.0,
        epsilon_total=epsilon(history, DELTA, accountant), decision=decision,
        reason="" if decision == "accepted" else f"{decision} for a test", policy_hash="p" * 64,
        accountant=accountant,
    )
    values.update(override)
    return ledger.append(**values)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    """A five-entry ledger built once; tests get copies (ε is slow to compute)."""
    workdir = tmp_path_factory.mktemp("template")
    ledger = Ledger.open(workdir, writable=True)
    _append(ledger, "node-a", 1)
    _append(ledger, "node-b", 1)
    _append(ledger, "node-a", 2, "rejected")
    _append(ledger, "node-b", 2, mechanism=(1.2, 0.1, 10))
    _append(ledger, "node-a", 3, "exhausted", mechanism=(0.0, 0.0, 0))
    return workdir


@pytest.fixture
def workdir(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "work"))


def _verify(workdir: Path):
    return Ledger.open(workdir).verify(load_public_key(public_key_file(workdir)))


def _tamper(workdir: Path, *statements: str) -> None:
    """What someone with write access to the file can do: drop the triggers, edit."""
    db = sqlite3.connect(workdir / "ledger.sqlite", isolation_level=None)
    db.execute("DROP TRIGGER entries_no_update")
    db.execute("DROP TRIGGER entries_no_delete")
    for statement in statements:
        db.execute(statement)
    db.close()


def test_round_trip_verifies_and_reads_back(workdir):
    ledger = Ledger.open(workdir)
    entries = ledger.entries()
    assert [e.seq for e in entries] == [1, 2, 3, 4, 5]
    assert entries[0].prev_hash == GENESIS_HASH
    assert all(b.prev_hash == a.hash for a, b in itertools.pairwise(entries))
    assert [e.round for e in ledger.entries("node-b")] == [1, 2]
    result = _verify(workdir)
    assert result.ok and result.entries == 5


def test_history_counts_rejected_training_but_not_empty_entries(workdir):
    ledger = Ledger.open(workdir)
    assert ledger.history("node-a") == [MECHANISM, MECHANISM]
    assert ledger.entries("node-a")[-1].epsilon_total == pytest.approx(epsilon([MECHANISM] * 2, DELTA))
    assert ledger.history("nobody") == []


def test_append_returns_what_the_database_stores(workdir):
    ledger = Ledger.open(workdir, writable=True)
    entry = _append(ledger, "node-c", 4.0, steps=10.0)
    assert entry == ledger.entries()[-1]
    assert isinstance(entry.round, int) and isinstance(entry.steps, int)


def test_an_independent_verifier_can_check_hash_and_signature(workdir):
    """The documented canonical form is all one needs: no project code."""
    entry = Ledger.open(workdir).entries()[1]
    signed = {k: v for k, v in asdict(entry).items() if k not in ("hash", "signature")}
    canonical = json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    assert hashlib.sha256(canonical.encode()).hexdigest() == entry.hash
    load_public_key(public_key_file(workdir)).verify(bytes.fromhex(entry.signature), bytes.fromhex(entry.hash))


def test_triggers_block_update_and_delete(workdir):
    db = sqlite3.connect(workdir / "ledger.sqlite")
    for statement in ("UPDATE entries SET epsilon_total = 0", "DELETE FROM entries WHERE seq = 5"):
        with pytest.raises(sqlite3.DatabaseError, match="append-only"):
            db.execute(statement)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    assert _verify(workdir).ok


@pytest.mark.parametrize(
    "statements, bad_seq, fragment",
    [
        (["UPDATE entries SET epsilon_total = 0.01 WHERE seq = 2"], 2, "hash does not match"),
        (["UPDATE entries SET decision = 'accepted', reason = '' WHERE seq = 3"], 3, "hash"),
        (["DELETE FROM entries WHERE seq = 2"], 3, "expected seq 2"),
        (["DELETE FROM entries WHERE seq = 1"], 2, "expected seq 1"),
        (["UPDATE entries SET seq = seq + 10 WHERE seq >= 3",
          "UPDATE entries SET seq = seq - 9 WHERE seq >= 13"], 4, "expected seq 3"),
        (["UPDATE entries SET seq = 99 WHERE seq = 2", "UPDATE entries SET seq = 2 WHERE seq = 3",
          "UPDATE entries SET seq = 3 WHERE seq = 99"], 2, "prev_hash"),
        (["UPDATE entries SET signature = (SELECT signature FROM entries WHERE seq = 3) WHERE seq = 2"],
         2, "signature"),
        (["UPDATE entries SET signature = 'not hex' WHERE seq = 4"], 4, "signature"),
        (["INSERT INTO entries SELECT 6, time, round + 1, node, noise_multiplier, sample_rate, steps,"
          " delta, epsilon_round, epsilon_total, decision, reason, policy_hash, hash, hash, signature,"
          " accountant FROM entries WHERE seq = 5"], 6, "hash"),
    ],
    ids=["edit-number", "edit-decision", "delete-middle", "delete-first", "renumber",
         "reorder", "swap-signature", "garbage-signature", "forged-append"],
)
def test_every_kind_of_tampering_is_detected(workdir, statements, bad_seq, fragment):
    _tamper(workdir, *statements)
    result = _verify(workdir)
    assert not result.ok and result.first_bad_seq == bad_seq
    assert fragment in result.problem and f"seq {bad_seq} (node " in result.problem


def test_rehashing_an_edit_still_fails_without_the_key(workdir):
    entry = Ledger.open(workdir).entries()[1]
    signed = {k: v for k, v in asdict(entry).items() if k not in ("hash", "signature")}
    signed["epsilon_total"] = 0.01
    forged = hashlib.sha256(
        json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()
    ).hexdigest()
    _tamper(workdir, f"UPDATE entries SET epsilon_total = 0.01, hash = '{forged}' WHERE seq = 2",
            f"UPDATE entries SET prev_hash = '{forged}' WHERE seq = 3")
    result = _verify(workdir)
    assert result.first_bad_seq == 2 and "signature" in result.problem


def test_wrong_public_key_fails_at_the_first_entry(workdir):
    result = Ledger.open(workdir).verify(Ed25519PrivateKey.generate().public_key())
    assert not result.ok and result.first_bad_seq == 1 and "signature" in result.problem


@pytest.mark.parametrize("field", ["epsilon_total", "epsilon_round"])
def test_signed_but_understated_epsilon_is_detected(workdir, field):
    """Even the key holder cannot record less ε than its mechanisms imply."""
    ledger = Ledger.open(workdir, writable=True)
    _append(ledger, "node-b", 3, **{field: 0.5})
    result = _verify(workdir)
    assert result.first_bad_seq == 6 and field in result.problem and "node-b, round 3" in result.problem


def test_a_rejected_round_left_out_of_the_total_is_detected(workdir):
    ledger = Ledger.open(workdir, writable=True)
    _append(ledger, "node-b", 3, "rejected", epsilon_total=ledger.entries("node-b")[-1].epsilon_total)
    assert "epsilon_total" in _verify(workdir).problem


def test_concurrent_writers_keep_one_chain(workdir):
    writers = [Ledger.open(workdir, writable=True) for _ in range(4)]

    def write(ledger: Ledger, name: str) -> None:
        for round in range(10):
            _append(ledger, name, round, "rejected", mechanism=(0.0, 0.0, 0))

    threads = [threading.Thread(target=write, args=(w, f"w{i}")) for i, w in enumerate(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    result = _verify(workdir)
    assert result.ok and result.entries == 45


def test_append_validates_decision_and_reason(workdir):
    ledger, nothing = Ledger.open(workdir, writable=True), (0.0, 0.0, 0)
    with pytest.raises(ValueError, match="decision"):
        _append(ledger, "node-a", 4, mechanism=nothing, decision="maybe")
    with pytest.raises(ValueError, match="reason"):
        _append(ledger, "node-a", 4, mechanism=nothing, reason="but why")
    with pytest.raises(LedgerError, match="read-only"):
        _append(Ledger.open(workdir), "node-a", 4, mechanism=nothing)
    assert len(ledger.entries()) == 5


def test_missing_or_foreign_ledger_is_a_clear_error(tmp_path):
    with pytest.raises(LedgerError, match="no privacy ledger"):
        Ledger.open(tmp_path)
    (tmp_path / "ledger.sqlite").write_text("not sqlite")
    with pytest.raises(LedgerError, match=r"ledger\.sqlite"):
        Ledger.open(tmp_path).entries()


def test_empty_ledger_verifies(tmp_path):
    ledger = Ledger.open(tmp_path, writable=True)
    assert ledger.entries() == [] and ledger.verify(load_public_key(public_key_file(tmp_path))).ok


# -- the signing key -------------------------------------------------------------------


def test_key_is_private_created_once_and_never_overwritten(tmp_path):
    path = tmp_path / "deep" / "keys" / "aggregator.key"
    key = load_or_create_signing_key(path)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    before = path.read_bytes()
    again = load_or_create_signing_key(path)
    assert path.read_bytes() == before
    assert again.public_key().public_bytes_raw() == key.public_key().public_bytes_raw()
    assert load_public_key(path.with_suffix(".pub")).public_bytes_raw() == key.public_key().public_bytes_raw()
    assert sorted(p.name for p in path.parent.iterdir()) == ["aggregator.key", "aggregator.pub"]


def test_missing_public_key_is_rewritten_from_the_private_one(tmp_path):
    path = tmp_path / "aggregator.key"
    key = load_or_create_signing_key(path)
    path.with_suffix(".pub").unlink()
    load_or_create_signing_key(path)
    assert load_public_key(path.with_suffix(".pub")).public_bytes_raw() == key.public_key().public_bytes_raw()


def test_corrupt_key_names_the_file_and_shows_no_key_material(tmp_path):
    path = tmp_path / "aggregator.key"
    load_or_create_signing_key(path)
    body = path.read_text().splitlines()[1]
    path.write_text(path.read_text()[:-40])
    with pytest.raises(SigningKeyError) as raised:
        load_or_create_signing_key(path)
    assert str(path) in str(raised.value) and body not in str(raised.value)
    assert raised.value.__cause__ is None and raised.value.__suppress_context__


def test_mismatched_public_key_is_refused(tmp_path):
    path = tmp_path / "aggregator.key"
    load_or_create_signing_key(path)
    load_or_create_signing_key(tmp_path / "other.key")
    shutil.copy(tmp_path / "other.pub", tmp_path / "aggregator.pub")
    with pytest.raises(SigningKeyError, match="not the public key"):
        load_or_create_signing_key(path)


def test_a_non_ed25519_public_key_is_refused(tmp_path):
    (tmp_path / "x.pub").write_text("-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n")
    with pytest.raises(SigningKeyError, match=r"x\.pub"):
        load_public_key(tmp_path / "x.pub")


# -- the anchor outside the work directory -------------------------------------------


def test_the_default_anchor_is_per_work_directory_under_the_xdg_state_home(tmp_path):
    one, other = tmp_path / "a" / "work", tmp_path / "b" / "work"
    one.mkdir(parents=True)
    (tmp_path / "link").symlink_to(one)
    state = tmp_path / "state"
    environ = {"XDG_STATE_HOME": str(state), "HOME": str(tmp_path / "home")}
    anchor = default_anchor_dir(one, environ)
    assert anchor.parent == state / "netgpt" / "anchors" and anchor.name.startswith("work-")
    assert default_anchor_dir(tmp_path / "link", environ) == anchor  # the resolved path counts
    assert default_anchor_dir(other, environ) != anchor
    relative = {"XDG_STATE_HOME": "state", "HOME": str(tmp_path / "home")}
    assert default_anchor_dir(one, relative).parent == tmp_path / "home" / ".local" / "state" / "netgpt" / "anchors"
    assert default_anchor_dir(one, {**environ, ANCHOR_ENV: str(tmp_path / "pin")}) == tmp_path / "pin"


def test_appends_move_the_anchored_head_and_a_pin_is_never_replaced(tmp_path):
    anchor = LedgerAnchor(tmp_path / "anchor")
    ledger = Ledger.open(tmp_path / "work", writable=True, anchor=anchor)
    assert anchor.pinned_key().public_bytes_raw() == ledger.public_key.public_bytes_raw()
    assert anchor.head() is None
    entry = _append(ledger, "node-a", 1)
    assert anchor.head() == Head(entry.seq, entry.hash)
    for path in (anchor.layout.public_key, anchor.layout.head):
        assert stat.S_IMODE(os.stat(path).st_mode) == 0o644
    anchor.advance(Head(0, "stale"))
    assert anchor.head() == Head(entry.seq, entry.hash), "the head only moves forward"
    with pytest.raises(AnchorError, match="pins another ledger key"):
        anchor.pin_key(Ed25519PrivateKey.generate().public_key())


def test_an_existing_ledger_is_pinned_when_first_opened_with_an_anchor(workdir, tmp_path):
    anchor = LedgerAnchor(tmp_path / "anchor")
    Ledger.open(workdir, writable=True, anchor=anchor)
    last = Ledger.open(workdir).entries()[-1]
    assert anchor.head() == Head(last.seq, last.hash)


@pytest.mark.parametrize("content", ["not json", '{"seq": 0, "hash": "x"}', '{"seq": "3", "hash": "x"}', "[]"])
def test_a_garbled_head_is_refused_not_taken_for_no_head(workdir, tmp_path, content):
    anchor = LedgerAnchor(tmp_path / "anchor")
    Ledger.open(workdir, writable=True, anchor=anchor)
    anchor.layout.head.write_text(content)
    with pytest.raises(LedgerError, match="head checkpoint"):
        Ledger.open(workdir, writable=True, anchor=anchor)


def test_an_edited_entry_at_the_pinned_head_is_refused(workdir, tmp_path):
    anchor = LedgerAnchor(tmp_path / "anchor")
    Ledger.open(workdir, writable=True, anchor=anchor)
    _tamper(workdir, "UPDATE entries SET hash = 'f' WHERE seq = 5")
    with pytest.raises(LedgerError, match="replaced: entry 5 has another hash"):
        Ledger.open(workdir, writable=True, anchor=anchor)


def test_receipts_carry_the_head_at_signing_time(workdir):
    ledger = Ledger.open(workdir, writable=True)
    first = ledger.entries()[0]
    receipt = ledger.receipt(first, run_id=7)
    last = ledger.entries()[-1]
    assert (receipt.seq, receipt.entry_hash, receipt.head_seq, receipt.head_hash) == (1, first.hash, 5, last.hash)
    assert receipt.verifies_with(load_public_key(public_key_file(workdir)))
    with pytest.raises(LedgerError, match="read-only"):
        Ledger.open(workdir).receipt(first, run_id=7)


def test_a_ledger_with_entries_is_not_given_a_new_key_when_its_key_is_gone(workdir):
    """A fresh key would sign entries and receipts that the old chain's key
    cannot vouch for: the writable open refuses and leaves no stray key."""
    assert Ledger.open(workdir).entries()
    for path in (workdir / "keys").iterdir():
        path.unlink()
    with pytest.raises(LedgerError, match="holds entries but the aggregator's signing key"):
        Ledger.open(workdir, writable=True)
    assert not any((workdir / "keys").iterdir())


def _ledger_from_before_accountants(workdir: Path) -> dict[int, str]:
    """A ledger in `workdir` as the schema before entries named their
    accountant wrote it: RDP figures, no `accountant` column, each hash over
    the fourteen original fields. Returns seq → hash."""
    ledger = Ledger.open(workdir, writable=True)
    _append(ledger, "node-a", 1, accountant="rdp")
    _append(ledger, "node-a", 2, "rejected", mechanism=(1.2, 0.1, 10), accountant="rdp")
    _tamper(workdir, "ALTER TABLE entries DROP COLUMN accountant")
    hashes = {}
    for entry in Ledger.open(workdir).entries():
        old_fields = {k: v for k, v in asdict(entry).items() if k not in ("hash", "signature", "accountant")}
        canonical = json.dumps(old_fields, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        assert hashlib.sha256(canonical.encode()).hexdigest() == entry.hash
        hashes[entry.seq] = entry.hash
    return hashes


def test_a_ledger_from_before_prv_still_verifies_read_only_and_after_new_entries(tmp_path):
    workdir = tmp_path
    old_hashes = _ledger_from_before_accountants(workdir)
    assert [e.accountant for e in Ledger.open(workdir).entries()] == ["rdp", "rdp"]
    assert _verify(workdir).ok
    ledger = Ledger.open(workdir, writable=True)  # migrates: the column appears, no hash moves
    _append(ledger, "node-a", 3)
    entries = ledger.entries()
    assert {e.seq: e.hash for e in entries[:2]} == old_hashes
    assert [e.accountant for e in entries] == ["rdp", "rdp", "prv"]
    history = [MECHANISM, (1.2, 0.1, 10), MECHANISM]
    assert entries[-1].epsilon_total == epsilon(history, DELTA, "prv") < epsilon(history, DELTA, "rdp")
    assert _verify(workdir).ok


@pytest.mark.parametrize(
    "statement, bad_seq",
    [("UPDATE entries SET accountant = 'rdp' WHERE seq = 3", 3),
     ("UPDATE entries SET accountant = 'prv' WHERE seq = 1", 1)],
    ids=["prv-entry-called-rdp", "rdp-entry-called-prv"],
)
def test_an_entry_cannot_be_moved_to_another_accountant(tmp_path, statement, bad_seq):
    workdir = tmp_path
    _ledger_from_before_accountants(workdir)
    _append(Ledger.open(workdir, writable=True), "node-a", 3)
    _tamper(workdir, statement)
    result = _verify(workdir)
    assert result.first_bad_seq == bad_seq and "hash does not match" in result.problem


def test_an_entry_held_to_the_wrong_accountant_is_caught(workdir):
    """A PRV entry recorded with RDP's (larger) figures is still a wrong figure."""
    ledger = Ledger.open(workdir, writable=True)
    history = [*ledger.history("node-c"), MECHANISM]
    _append(ledger, "node-c", 1, epsilon_total=epsilon(history, DELTA, "rdp"))
    assert "epsilon_total" in _verify(workdir).problem


def _fresh_epsilon(history: list[tuple[float, float, int]], delta: float, accountant: str) -> float:
    """ε computed from nothing: no result of an earlier computation is reused."""
    prv_bounds.cache_clear()
    return epsilon(history, delta, accountant)


def test_verify_reuses_a_nodes_epsilon_only_while_its_mechanisms_stay_the_same(tmp_path):
    """Random histories, each entry's ε computed afresh: repeated and new
    mechanisms, entries that spend nothing between them, two δ and both
    accountants for one node. Verify, which keeps each node's ε until its
    next mechanism, must accept every figure, and must stop at an
    understated one, wherever it is."""
    rng = random.Random(15)
    ledger = Ledger.open(tmp_path, writable=True)
    histories: dict[str, list[tuple[float, float, int]]] = {"node-a": [], "node-b": []}
    for round in range(1, 9):
        for node, history in histories.items():
            spends = rng.random() < 0.7
            mechanism = rng.choice([MECHANISM, (1.3, 0.05, 20), (2.0, 0.1, 5)]) if spends else (0.0, 0.0, 0)
            delta, accountant = rng.choice([DELTA, 1e-6]), rng.choice(["prv", "rdp"])
            history += [mechanism] if spends else []
            ledger.append(
                round=round, node=node, noise_multiplier=mechanism[0], sample_rate=mechanism[1],
                steps=mechanism[2], delta=delta,
                epsilon_round=_fresh_epsilon([mechanism], delta, accountant) if spends else 0.0,
                epsilon_total=_fresh_epsilon(history, delta, accountant),
                decision="accepted" if spends else "exhausted", reason="" if spends else "exhausted",
                policy_hash="p" * 64, accountant=accountant,
            )
    prv_bounds.cache_clear()
    assert _verify(tmp_path).ok
    entries = ledger.entries()
    bad = rng.choice([e for e in entries if e.seq > 2 and e.epsilon_total > 0])
    understated = Ledger.open(tmp_path / "copy", writable=True)
    for entry in entries:
        values = {name: getattr(entry, name) for name in (
            "round", "node", "noise_multiplier", "sample_rate", "steps", "delta", "epsilon_round",
            "epsilon_total", "decision", "reason", "policy_hash", "accountant")}
        if entry.seq == bad.seq:
            values["epsilon_total"] *= 0.99
        understated.append(**values)
    result = _verify(tmp_path / "copy")
    assert result.first_bad_seq == bad.seq and "epsilon_total" in result.problem


def test_verify_composes_a_nodes_mechanisms_only_when_they_change(tmp_path, monkeypatch):
    """An entry that spends nothing (an exhausted node asking every round)
    costs no accounting, and a mechanism repeated round after round is
    accounted alone once: counted at the accountant, which still computes
    every figure it is asked for."""
    ledger = Ledger.open(tmp_path, writable=True)
    for node in ("node-a", "node-b"):
        _append(ledger, node, 1)
        for round in range(2, 6):
            _append(ledger, node, round, "exhausted", mechanism=(0.0, 0.0, 0))
        _append(ledger, node, 6)
        _append(ledger, node, 7)
    asked: list[tuple[tuple[float, float, int], ...]] = []

    def counted(history, delta, accountant="prv"):
        asked.append(tuple(history))
        return epsilon(history, delta, accountant)

    monkeypatch.setattr(ledger_module, "epsilon", counted)
    assert _verify(tmp_path).ok
    # Per node: one total per entry that spent (3), the repeated round mechanism once.
    assert len(asked) == 2 * (3 + 1)


def test_a_ledger_whose_runs_each_counted_rounds_from_one_still_verifies_and_gives_the_next_number(workdir):
    """Ledgers from before round numbers ran on across runs repeat 1, 2, ...
    with every run: nothing checks them for order, and the next run's numbers
    come after the highest."""
    ledger = Ledger.open(workdir, writable=True)
    _append(ledger, "node-b", 1)  # a second run, numbered from 1 again
    assert ledger.last_round() == 3
    assert ledger.nodes_in_round(1) == {"node-a", "node-b"} and ledger.nodes_in_round(4) == set()
    _append(ledger, "node-b", 4)
    assert _verify(workdir).ok and ledger.last_round() == 4
