"""The ledger's anchor: the aggregator's pinned ledger key and the latest
checkpointed head, kept outside the work directory.

Outside, because the pins exist to catch someone who rewrites or replaces the
work directory (deletes the newest ledger entries, or swaps ledger and key for
a freshly made pair): pins stored beside the ledger would go with it. The
default, `$XDG_STATE_HOME/netgpt/anchors/<work dir name>-<digest>`, is the
per-user state directory the XDG spec gives for exactly this kind of data; it
survives `rm -rf WORKDIR` and restores of the work directory from a backup.
On a shared host an operator points `NETGPT_LEDGER_ANCHOR` (or `--anchor`) at
storage the aggregator's operators cannot rewrite (another account, an
append-only or remote mount); the nodes' receipts do not depend on it.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

ANCHOR_ENV = "NETGPT_LEDGER_ANCHOR"


def default_anchor_dir(workdir: Path, environ: Mapping[str, str]) -> Path:
    """`$NETGPT_LEDGER_ANCHOR` when set, else one directory per resolved work
    directory under the XDG state home (relative values are ignored, as the
    spec says); the digest keeps two work directories of one name apart."""
    explicit = environ.get(ANCHOR_ENV, "")
    if explicit:
        return Path(explicit)
    resolved = Path(workdir).resolve()
    state_home = Path(environ.get("XDG_STATE_HOME", ""))
    if not state_home.is_absolute():
        state_home = Path(environ.get("HOME") or Path.home()) / ".local" / "state"
    digest = hashlib.sha256(str(resolved).encode("utf-8")).hexdigest()[:16]
    return state_home / "netgpt" / "anchors" / f"{resolved.name or 'root'}-{digest}"


@dataclass(frozen=True)
class AnchorLayout:
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def public_key(self) -> Path:
        """The aggregator's ledger public key, pinned on first use."""
        return self.root / "ledger-key.pub"

    @property
    def head(self) -> Path:
        """The newest (seq, hash) of the ledger, rewritten after every append."""
        return self.root / "head.json"

    @property
    def lock(self) -> Path:
        """Serializes head updates, so a slower writer never moves it back."""
        return self.root / ".head.lock"
