"""The ledger's anchor outside the work directory: the pinned key and head.

A hash chain alone cannot tell a ledger cut short from a younger one, nor a
ledger re-made under a new key from the original. The anchor keeps what
settles both: the aggregator's ledger public key, pinned the first time the
ledger is opened for writing with this anchor, and the newest (seq, hash),
rewritten after every append. Both are public (0644): they say nothing about
any node beyond what the ledger itself publishes. Where the anchor lives and
why is in `netgpt.layout.anchor`.

Head updates take an exclusive lock and only move forward, so two writers
finishing out of order never leave an older head behind.
"""

from __future__ import annotations

import fcntl
import json
import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from netgpt.files import write_atomic
from netgpt.layout import AnchorLayout, default_anchor_dir
from privacy.identity.signing import SigningKeyError, load_public_key


class AnchorError(RuntimeError):
    """The anchor cannot be read or written, or holds something that is not a pin."""


@dataclass(frozen=True)
class Head:
    """A ledger entry's position and hash: enough to recognise the entry again."""

    seq: int
    hash: str


class LedgerAnchor:
    def __init__(self, root: Path) -> None:
        self.layout = AnchorLayout(Path(root))

    @property
    def root(self) -> Path:
        return self.layout.root

    def holds_pins(self) -> bool:
        return self.layout.public_key.exists() or self.layout.head.exists()

    def pinned_key(self) -> Ed25519PublicKey | None:
        if not self.layout.public_key.exists():
            return None
        try:
            return load_public_key(self.layout.public_key)
        except SigningKeyError as error:
            raise AnchorError(f"the pinned ledger key is unusable: {error}") from None

    def head(self) -> Head | None:
        path = self.layout.head
        try:
            document = json.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            return None
        except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
            raise AnchorError(f"{path}: not a readable head checkpoint ({type(error).__name__})") from None
        seq, digest = (document.get("seq"), document.get("hash")) if isinstance(document, dict) else (None, None)
        if type(seq) is not int or seq < 1 or not isinstance(digest, str):
            raise AnchorError(f"{path}: a head checkpoint holds a positive integer seq and a hash")
        return Head(seq, digest)

    def pin_key(self, key: Ed25519PublicKey) -> None:
        """Pin `key`, once: a different key already pinned is an error, never replaced."""
        pinned = self.pinned_key()
        if pinned is not None:
            if pinned.public_bytes_raw() != key.public_bytes_raw():
                raise AnchorError(f"{self.layout.public_key} pins another ledger key")
            return
        self._make_root()
        pem = key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        write_atomic(self.layout.public_key, pem, mode=0o644)

    def advance(self, head: Head) -> None:
        """Checkpoint `head` unless a newer one is already there."""
        with self._locked():
            current = self.head()
            if current is None or head.seq > current.seq:
                document = json.dumps({"seq": head.seq, "hash": head.hash}, sort_keys=True)
                write_atomic(self.layout.head, document + "\n", mode=0o644)

    def _make_root(self) -> None:
        self.root.mkdir(mode=0o700, parents=True, exist_ok=True)

    @contextmanager
    def _locked(self) -> Iterator[None]:
        self._make_root()
        fd = os.open(self.layout.lock, os.O_RDWR | os.O_CREAT, 0o600)
        try:
            fcntl.flock(fd, fcntl.LOCK_EX)
            yield
        finally:
            os.close(fd)


def find_anchor(workdir: Path, explicit: Path | None, environ: Mapping[str, str]) -> LedgerAnchor | None:
    """The anchor an audit holds `workdir`'s ledger against: `explicit`, which
    must pin something (AnchorError otherwise: the auditor asked for it), else
    the one the aggregator uses by default, when it pins anything."""
    if explicit is not None:
        anchor = LedgerAnchor(explicit)
        if not anchor.holds_pins():
            raise AnchorError(f"{explicit} holds no pinned ledger key or head")
        return anchor
    anchor = LedgerAnchor(default_anchor_dir(workdir, environ))
    return anchor if anchor.holds_pins() else None
