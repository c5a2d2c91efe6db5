"""The privacy ledger: one signed, hash-chained entry per node per round.

What an entry's ε protects: a node's entries account record-level DP-SGD,
so their ε is per record, per node (one message, note or GPS fix of that
node's user). Entries under `FEDERATION_NODE` account the client-level DP
releases of merged adapters, so their ε is per user (one node's whole data).

It answers "how much privacy has each node spent, and who says so" in a way
anyone can check without trusting the aggregator's database:

- each entry's `hash` is SHA-256 over its canonical form (every field but
  `hash` and `signature`, including `prev_hash`), so changing, deleting,
  inserting or reordering entries breaks the chain;
- each hash is signed with the aggregator's Ed25519 key, so the chain cannot be
  rebuilt by someone who only has the database;
- `verify` re-derives every ε from the recorded mechanism parameters, so even
  the key holder cannot record a smaller ε than the mechanisms imply.

Triggers make the table append-only for ordinary SQL clients, and appends take
the write lock before reading the chain head, so two writers never fork it.
Truncating the newest entries leaves a valid shorter chain, and a ledger
re-made under a fresh key verifies with that key; what catches both lives
outside the work directory. The aggregator opens the ledger with an anchor
(`privacy.dp.anchor`) that pins the public key and checkpoints the head after
every append, and refuses to open a ledger that falls short of or differs
from the pins; it also hands every node a signed receipt for each of its
entries (`privacy.dp.receipts`), which the node keeps. `netgpt audit --verify`
holds the ledger against both (`privacy.dp.ledger_checks`). Deleting the
whole file is caught too: a writable ledger is not started afresh beside an
existing key or anchor (that would reset every node's budget). The database
and its side files are owner-only (0600).

Canonical form: UTF-8 JSON of the signed fields, keys sorted, no whitespace,
floats as Python's shortest round-trip repr. The signature is over the 32 raw
digest bytes. Both are stored as lowercase hex.

Each entry names the accountant its ε came from (`privacy.dp.accounting`).
Ledgers from before PRV hold RDP figures and no such field, so the canonical
form leaves `accountant` out when it is "rdp": those entries keep their hashes,
signatures and receipts, and an entry's accountant cannot be changed without
changing its hash. Older databases gain the column when opened for writing;
read-only opens read it as "rdp" where it is missing.
"""

from __future__ import annotations

import hashlib
import json
import math
import sqlite3
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import astuple, dataclass, fields
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netgpt.files import create_private_database
from netgpt.layout import Workdir
from privacy.dp.accounting import ACCOUNTANTS, REPORTED, Accountant, Mechanism, epsilon
from privacy.dp.anchor import AnchorError, Head, LedgerAnchor
from privacy.dp.ledger_checks import check_pins
from privacy.dp.receipts import Receipt, sign_receipt
from privacy.identity.signing import SigningKeyError, load_or_create_signing_key, public_key_path

GENESIS_HASH = "0" * 64
DECISIONS = ("accepted", "rejected", "exhausted")
# The pseudo-node under which client-level DP releases of the merged adapter
# are recorded; per-node views leave it out.
FEDERATION_NODE = "@federation"
EPSILON_REL_TOL = 1e-6
LEGACY_ACCOUNTANT: Accountant = "rdp"
"""The accountant of entries written before the ledger recorded one."""


class LedgerError(RuntimeError):
    """The ledger is missing, not a ledger, or opened without the key to append."""


@dataclass(frozen=True)
class LedgerEntry:
    seq: int
    time: float
    round: int
    node: str
    noise_multiplier: float
    sample_rate: float
    steps: int
    delta: float
    epsilon_round: float  # ε of this round's mechanism alone
    epsilon_total: float  # the node's cumulative ε, recomputed by the aggregator
    decision: str  # "accepted" | "rejected" | "exhausted"
    reason: str  # "" when accepted
    policy_hash: str
    prev_hash: str
    hash: str
    signature: str
    accountant: str = LEGACY_ACCOUNTANT  # which accountant ε_round and ε_total come from


@dataclass(frozen=True)
class Verification:
    ok: bool
    entries: int
    first_bad_seq: int | None
    problem: str


_COLUMNS = tuple(f.name for f in fields(LedgerEntry))
_SIGNED = tuple(name for name in _COLUMNS if name not in ("hash", "signature", "accountant"))
_ABORT = "BEGIN SELECT RAISE(ABORT, 'the privacy ledger is append-only'); END"
_SCHEMA = f"""
CREATE TABLE IF NOT EXISTS entries (
    seq INTEGER PRIMARY KEY,
    time REAL NOT NULL,
    round INTEGER NOT NULL,
    node TEXT NOT NULL,
    noise_multiplier REAL NOT NULL,
    sample_rate REAL NOT NULL,
    steps INTEGER NOT NULL,
    delta REAL NOT NULL,
    epsilon_round REAL NOT NULL,
    epsilon_total REAL NOT NULL,
    decision TEXT NOT NULL,
    reason TEXT NOT NULL,
    policy_hash TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL,
    signature TEXT NOT NULL,
    accountant TEXT NOT NULL DEFAULT '{LEGACY_ACCOUNTANT}'
);
CREATE INDEX IF NOT EXISTS entries_by_node ON entries (node, seq);
CREATE TRIGGER IF NOT EXISTS entries_no_update BEFORE UPDATE ON entries {_ABORT};
CREATE TRIGGER IF NOT EXISTS entries_no_delete BEFORE DELETE ON entries {_ABORT};
"""
_ADD_ACCOUNTANT = f"ALTER TABLE entries ADD COLUMN accountant TEXT NOT NULL DEFAULT '{LEGACY_ACCOUNTANT}'"
_INSERT = f"INSERT INTO entries ({', '.join(_COLUMNS)}) VALUES ({', '.join('?' * len(_COLUMNS))})"


def ledger_path(workdir: Path) -> Path:
    return Workdir(workdir).ledger


def public_key_file(workdir: Path) -> Path:
    """The aggregator's public key, the one auditors verify the ledger with."""
    return public_key_path(Workdir(workdir).ledger_key)


class Ledger:
    """An append-only SQLite ledger; the signing key is needed only to append
    and to sign receipts. With an anchor, every append moves its head."""

    def __init__(
        self, path: Path, signing_key: Ed25519PrivateKey | None = None, anchor: LedgerAnchor | None = None
    ) -> None:
        self.path = Path(path)
        self._key = signing_key
        self._anchor = anchor
        if signing_key is None:
            if not self.path.is_file():
                raise LedgerError(f"{self.path}: no privacy ledger here (has the aggregator run?)")
            return
        create_private_database(self.path)
        try:
            with self._connection() as db:
                db.execute("PRAGMA journal_mode=WAL")
                db.executescript(_SCHEMA)
                if "accountant" not in _table_columns(db):
                    db.execute(_ADD_ACCOUNTANT)
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path}: cannot open as a privacy ledger ({error})") from None

    @classmethod
    def open(cls, workdir: Path, *, writable: bool = False, anchor: LedgerAnchor | None = None) -> Ledger:
        """The work directory's ledger; `writable` loads (or creates) the key.

        A writable ledger is created only together with its key: when the key
        exists and the ledger does not, the ledger was deleted or moved, and
        an empty one would let every node spend its whole budget again. With
        an `anchor`, a writable ledger must also match its pins (the first
        opening pins the key and the current head): a ledger that is missing,
        shorter, different, or under another key is refused.
        """
        layout = Workdir(workdir)
        if not writable:
            return cls(layout.ledger)
        if anchor is not None and anchor.holds_pins() and not layout.ledger.exists():
            raise LedgerError(
                f"{layout.ledger} is missing but {anchor.root} pins its key and head: the ledger was "
                "deleted or moved, and starting an empty one would reset every node's privacy budget. "
                f"Restore the ledger from a backup; to start a new federation in {layout.root} on purpose, "
                f"remove {anchor.root} first."
            )
        if layout.ledger_key.exists() and not layout.ledger.exists():
            raise LedgerError(
                f"{layout.ledger} is missing but the aggregator's signing key {layout.ledger_key} "
                "exists: the ledger was deleted or moved, and starting an empty one would reset "
                "every node's privacy budget. Restore the ledger from a backup before training again."
            )
        if layout.ledger.exists() and not layout.ledger_key.exists() and cls(layout.ledger).entries():
            raise LedgerError(
                f"{layout.ledger} holds entries but the aggregator's signing key {layout.ledger_key} is "
                "missing: a new key would sign entries and receipts the old chain's key cannot vouch for. "
                "Restore the key from a backup before training again."
            )
        # The database first, then the key: a key never exists without its ledger.
        create_private_database(layout.ledger)
        ledger = cls(layout.ledger, load_or_create_signing_key(layout.ledger_key), anchor)
        if anchor is not None:
            ledger._hold_to(anchor)
        return ledger

    def _hold_to(self, anchor: LedgerAnchor) -> None:
        """Refuse a ledger that disagrees with the anchor; pin what is not pinned yet."""
        key = self.public_key
        try:
            findings = check_pins(self.path, self.hashes, key, anchor, []).findings
            if findings:
                problems = "; ".join(finding.message for finding in findings)
                raise LedgerError(
                    f"{self.path} does not match its anchor {anchor.root}: {problems}. Restore the ledger "
                    "and its key from a backup before training again."
                )
            anchor.pin_key(key)
            head = self.head()
            if head is not None:
                anchor.advance(head)
        except (AnchorError, SigningKeyError, OSError) as error:
            raise LedgerError(f"the ledger anchor {anchor.root} cannot be used: {error}") from None

    @property
    def public_key(self) -> Ed25519PublicKey:
        """The key that verifies this ledger's entries and receipts (writable ledgers only)."""
        return self._signing_key().public_key()

    def _signing_key(self) -> Ed25519PrivateKey:
        if self._key is None:
            raise LedgerError(f"{self.path}: opened read-only; appending needs the signing key")
        return self._key

    def append(
        self, *, round: int, node: str, noise_multiplier: float, sample_rate: float, steps: int,
        delta: float, epsilon_round: float, epsilon_total: float, decision: str, reason: str,
        policy_hash: str, accountant: Accountant = REPORTED,
    ) -> LedgerEntry:
        """Sign and append one decision, its ε computed with `accountant`.
        Values are cast to their column types first, so the hash is over
        exactly what the database gives back."""
        key = self._signing_key()
        if decision not in DECISIONS:
            raise ValueError(f"decision must be one of {DECISIONS}, not {decision!r}")
        if accountant not in ACCOUNTANTS:
            raise ValueError(f"accountant must be one of {ACCOUNTANTS}, not {accountant!r}")
        if (decision == "accepted") != (reason == ""):
            raise ValueError("an entry has a reason exactly when it is not accepted")
        with self._connection() as db:
            db.execute("BEGIN IMMEDIATE")
            try:
                head = db.execute("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1").fetchone()
                seq, prev_hash = (head[0] + 1, head[1]) if head else (1, GENESIS_HASH)
                signed: dict[str, Any] = dict(
                    seq=seq, time=time.time(), round=int(round), node=str(node),
                    noise_multiplier=float(noise_multiplier), sample_rate=float(sample_rate),
                    steps=int(steps), delta=float(delta), epsilon_round=float(epsilon_round),
                    epsilon_total=float(epsilon_total), decision=decision, reason=str(reason),
                    policy_hash=str(policy_hash), prev_hash=prev_hash,
                )
                digest = _digest(_canonical_fields(signed, accountant))
                signature = key.sign(bytes.fromhex(digest)).hex()
                entry = LedgerEntry(**signed, hash=digest, signature=signature, accountant=accountant)
                db.execute(_INSERT, astuple(entry))
                db.execute("COMMIT")
            except BaseException:
                db.execute("ROLLBACK")
                raise
        if self._anchor is not None:
            try:
                self._anchor.advance(Head(entry.seq, entry.hash))
            except (AnchorError, OSError) as error:
                raise LedgerError(
                    f"entry {entry.seq} is in {self.path}, but its anchor {self._anchor.root} "
                    f"could not be moved to it: {error}"
                ) from None
        return entry

    def head(self) -> Head | None:
        """The newest entry's seq and hash; None for an empty ledger."""
        rows = self._query("SELECT seq, hash FROM entries ORDER BY seq DESC LIMIT 1")
        return Head(int(rows[0][0]), str(rows[0][1])) if rows else None

    def hashes(self) -> dict[int, str]:
        """seq → hash of every entry: what pins and receipts are held against."""
        return {int(seq): str(digest) for seq, digest in self._query("SELECT seq, hash FROM entries")}

    def receipt(self, entry: LedgerEntry, run_id: int) -> Receipt:
        """The node's receipt for `entry`, signed with the ledger key together
        with the head now, so that it vouches for every entry up to there."""
        head = self.head() or Head(0, GENESIS_HASH)
        return sign_receipt(
            self._signing_key(), run_id=run_id, round=entry.round, node=entry.node, seq=entry.seq,
            entry_hash=entry.hash, head_seq=head.seq, head_hash=head.hash,
        )

    def entries(self, node: str | None = None) -> list[LedgerEntry]:
        """All entries in order, or those of one node."""
        select = self._select()
        if node is None:
            rows = self._query(f"{select} ORDER BY seq")
        else:
            rows = self._query(f"{select} WHERE node = ? ORDER BY seq", (node,))
        return [LedgerEntry(*row) for row in rows]

    def _select(self) -> str:
        """SELECT of every column; a ledger written before entries named their
        accountant (and opened read-only, so not migrated) reads as RDP."""
        with self._connection() as db:
            present = _table_columns(db)
        columns = [
            f"'{LEGACY_ACCOUNTANT}' AS accountant" if name == "accountant" and name not in present else name
            for name in _COLUMNS
        ]
        return f"SELECT {', '.join(columns)} FROM entries"

    def last_round(self) -> int:
        """The highest round number any entry holds, 0 for an empty ledger.
        Rounds are numbered across runs (`server.resume`); ledgers written
        before that restart at 1 with every run, and the numbers a new run
        takes still come after all of theirs."""
        rows = self._query("SELECT MAX(round) FROM entries")
        return int(rows[0][0] or 0)

    def nodes_in_round(self, round: int) -> set[str]:
        """The nodes with an entry in `round`: what a run that stopped between
        deciding and recording left in the ledger (`server.resume`)."""
        return {str(row[0]) for row in self._query("SELECT DISTINCT node FROM entries WHERE round = ?", (round,))}

    def history(self, node: str) -> list[Mechanism]:
        """(σ, q, steps) of every entry of `node` that trained, in order.
        Rejected updates count: the node spent the privacy before we said no."""
        rows = self._query(
            "SELECT noise_multiplier, sample_rate, steps FROM entries "
            "WHERE node = ? AND steps > 0 ORDER BY seq",
            (node,),
        )
        return [(float(s), float(q), int(n)) for s, q, n in rows]

    def verify(self, public_key: Ed25519PublicKey) -> Verification:
        """Check the whole chain and re-derive every ε; stop at the first bad entry."""
        entries = self.entries()
        expected_seq, prev_hash = 1, GENESIS_HASH
        accounts: dict[str, _Account] = {}
        for entry in entries:
            account = accounts.setdefault(entry.node, _Account())
            if _spent(entry):
                account.add((entry.noise_multiplier, entry.sample_rate, entry.steps))
            problem = _chain_problem(entry, expected_seq, prev_hash, public_key) or _epsilon_problem(
                entry, account
            )
            if problem:
                where = f"seq {entry.seq} (node {entry.node}, round {entry.round})"
                return Verification(False, len(entries), entry.seq, f"{where}: {problem}")
            expected_seq, prev_hash = entry.seq + 1, entry.hash
        return Verification(True, len(entries), None, "")

    def _query(self, sql: str, parameters: Sequence[object] = ()) -> list[tuple[Any, ...]]:
        try:
            with self._connection() as db:
                return db.execute(sql, parameters).fetchall()
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path}: not a readable privacy ledger ({error})") from None

    @contextmanager
    def _connection(self) -> Iterator[sqlite3.Connection]:
        """A short-lived connection per operation: safe across threads and
        processes, and transactions are ours (autocommit mode)."""
        db = sqlite3.connect(self.path, timeout=30.0, isolation_level=None)
        try:
            yield db
        finally:
            db.close()


def _table_columns(db: sqlite3.Connection) -> set[str]:
    try:
        return {str(row[1]) for row in db.execute("PRAGMA table_info(entries)")}
    except sqlite3.DatabaseError:
        return set()


def _canonical_fields(signed: dict[str, Any], accountant: str) -> dict[str, Any]:
    """The fields the hash covers: the legacy accountant is implied, not written."""
    return signed if accountant == LEGACY_ACCOUNTANT else {**signed, "accountant": accountant}


def _digest(signed: dict[str, Any]) -> str:
    canonical = json.dumps(signed, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def _spent(entry: LedgerEntry) -> bool:
    """Entries without steps (exhausted, unreadable replies) spent nothing."""
    return entry.steps > 0


def _chain_problem(
    entry: LedgerEntry, expected_seq: int, prev_hash: str, public_key: Ed25519PublicKey
) -> str:
    if entry.seq != expected_seq:
        return f"expected seq {expected_seq}: entries were deleted, inserted or renumbered"
    if entry.prev_hash != prev_hash:
        return "prev_hash does not link to the previous entry"
    signed = {name: getattr(entry, name) for name in _SIGNED}
    if _digest(_canonical_fields(signed, entry.accountant)) != entry.hash:
        return "hash does not match the entry's contents: it was altered"
    try:
        public_key.verify(bytes.fromhex(entry.signature), bytes.fromhex(entry.hash))
    except (InvalidSignature, ValueError, TypeError):
        return "signature does not verify with the aggregator's public key"
    return ""


class _Account:
    """A node's mechanisms so far, with equal (σ, q) merged by adding steps,
    and the ε they give, kept until the next mechanism is added.

    Composition does not care how equal mechanisms are grouped, so the merged
    history has the same ε (and `accounting.canonical` merges the same way, so
    the same bits), and each ε is computed over one mechanism per distinct
    (σ, q) instead of one per round. An entry that spent nothing (a rejection
    without a mechanism, an exhausted node) reads the node's ε kept here rather
    than composing its history again, and a round that repeats the node's last
    mechanism reads that mechanism's ε: each is a PRV computation of ~0.1 s,
    and a cache shared by all nodes would have forgotten this node's by the
    time its next entry comes in a federation of hundreds.
    """

    def __init__(self) -> None:
        self.steps: dict[tuple[float, float], int] = {}
        self._totals: dict[tuple[float, Accountant], float] = {}  # (δ, accountant) -> ε of `steps`
        self._last_round: tuple[tuple[Mechanism, float, Accountant], float] | None = None

    def add(self, mechanism: Mechanism) -> None:
        sigma, rate, steps = mechanism
        self.steps[(sigma, rate)] = self.steps.get((sigma, rate), 0) + steps
        self._totals.clear()

    def history(self) -> list[Mechanism]:
        return [(sigma, rate, steps) for (sigma, rate), steps in self.steps.items()]

    def total(self, delta: float, accountant: Accountant) -> float:
        """ε of every mechanism added so far."""
        key = (delta, accountant)
        if key not in self._totals:
            self._totals[key] = epsilon(self.history(), delta, accountant)
        return self._totals[key]

    def round(self, mechanism: Mechanism, delta: float, accountant: Accountant) -> float:
        """ε of `mechanism` alone."""
        key = (mechanism, delta, accountant)
        if self._last_round is None or self._last_round[0] != key:
            self._last_round = (key, epsilon([mechanism], delta, accountant))
        return self._last_round[1]


def _accountant(entry: LedgerEntry) -> Accountant | None:
    for known in ACCOUNTANTS:
        if entry.accountant == known:
            return known
    return None


def _epsilon_problem(entry: LedgerEntry, account: _Account) -> str:
    """Compare the recorded ε with the entry's accountant's, given the node's
    mechanisms up to and including this entry. Old RDP entries are held to
    RDP, newer ones to the accountant they name."""
    mechanism = (entry.noise_multiplier, entry.sample_rate, entry.steps)
    accountant = _accountant(entry)
    if accountant is None:
        return f"names an unknown accountant {entry.accountant!r}"
    try:
        expected_round = account.round(mechanism, entry.delta, accountant) if _spent(entry) else 0.0
        expected_total = account.total(entry.delta, accountant)
    except (ValueError, TypeError, ArithmeticError) as error:
        return f"ε cannot be recomputed from (σ, q, steps) = {mechanism} ({error})"
    for name, recorded, expected in (
        ("epsilon_round", entry.epsilon_round, expected_round),
        ("epsilon_total", entry.epsilon_total, expected_total),
    ):
        if not math.isclose(recorded, expected, rel_tol=EPSILON_REL_TOL, abs_tol=1e-12):
            return f"{name} is {recorded:.6g} but the mechanisms give {expected:.6g}"
    return ""
