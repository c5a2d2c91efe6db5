"""The node's privacy accountant, kept on disk across rounds and restarts.

Flower's Opacus example builds a fresh accountant every round, so the ε it
reports is per round. A node's guarantee is about its whole history, so the
accountant's history (noise multiplier, sample rate, steps per mechanism run) is
persisted and reloaded before every round. The history is all there is: a
file an RDP accountant wrote loads into the PRV accountant unchanged.
"""

from __future__ import annotations

import json
from pathlib import Path

from opacus.accountants import PRVAccountant

from netgpt.files import write_atomic


class AccountantStateError(RuntimeError):
    """The stored accountant state is unreadable; refusing to reset ε to zero."""


class AccountantStore:
    def __init__(self, path: Path) -> None:
        self.path = Path(path)

    def load(self) -> PRVAccountant:
        accountant = PRVAccountant()
        if not self.path.exists():
            return accountant
        try:
            stored = json.loads(self.path.read_text())
            history = [
                (float(sigma), float(rate), int(steps))
                for sigma, rate, steps in stored["history"]
            ]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise AccountantStateError(
                f"cannot read the privacy accountant state at {self.path}: {error}"
            ) from error
        accountant.load_state_dict({"history": history, "mechanism": accountant.mechanism()})
        return accountant

    def save(self, accountant: PRVAccountant) -> None:
        """Write atomically: a crash mid-write must never lose spent budget."""
        payload = json.dumps(
            {"mechanism": accountant.mechanism(), "history": accountant.history}
        )
        write_atomic(self.path, payload)
