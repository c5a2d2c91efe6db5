"""A node's side: its bundle on the device and its user's data directory.

The node's directory holds its key pair, made there by `netgpt node init`
(the private key never leaves the device), the bundle files the operator
hands it at enrollment (`bundle.json`, the CA certificate, and optionally the
node's own limits, `limits.yaml`), and what the node keeps between rounds under
`state/`: its privacy accountant, the desensitized-text cache, its personal
adapter and the round it last sent, the policy it last trained under, its own evaluations of the adapters
it was sent, the aggregator's ledger receipts (checked with the bundle's
`ledger-key.pub` when enrollment put one there) and a model cache. Everything a
node needs at run time, edge completion included, is found from the bundle
alone.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

MANIFEST = "bundle.json"


@dataclass(frozen=True)
class NodeData:
    """The user's own data on the device, as the node reads it."""

    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def records(self) -> Path:
        return self.root / "records.jsonl"

    @property
    def profile(self) -> Path:
        """The device's address book: the user's own identifiers and home."""
        return self.root / "profile.json"

    @property
    def planted(self) -> Path:
        """Synthetic data only: the identifiers planted in the records."""
        return self.root / "planted_pii.json"


@dataclass(frozen=True)
class NodeLayout:
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def manifest(self) -> Path:
        return self.root / MANIFEST

    @property
    def key(self) -> Path:
        return self.root / "node.key"

    @property
    def public_key(self) -> Path:
        """What the node hands the operator to enroll it; `node.key` stays here."""
        return self.root / "node.pub"

    @property
    def ca_cert(self) -> Path:
        return self.root / "ca.crt"

    @property
    def trusted_entities(self) -> Path:
        """The operator's app-signing public key: the node runs only apps it signed."""
        return self.root / "trusted-entities.yaml"

    @property
    def limits(self) -> Path:
        """The node's own privacy limits; absent = only the server's policy applies."""
        return self.root / "limits.yaml"

    @property
    def ledger_key(self) -> Path:
        """The aggregator's ledger public key as enrollment hands it over: the
        key the node checks its receipts with."""
        return self.root / "ledger-key.pub"

    @property
    def state(self) -> Path:
        return self.root / "state"

    @property
    def accountant(self) -> Path:
        return self.state / "accountant.json"

    @property
    def desensitized_cache(self) -> Path:
        return self.state / "desensitized.json"

    @property
    def personal_adapter(self) -> Path:
        """The adapter the node keeps for its own use (`client.personal_adapter`)."""
        return self.state / "personal-adapter"

    @property
    def own_round(self) -> Path:
        """The node's last round as it trained and sent it, with its run and round."""
        return self.state / "own-round.safetensors"

    @property
    def models(self) -> Path:
        return self.state / "models"

    @property
    def policy(self) -> Path:
        """The policy the node last trained under, as the server sent it."""
        return self.state / "policy.json"

    @property
    def evaluations(self) -> Path:
        """The node's held-out losses of the adapters it was asked to evaluate
        (JSONL, append-only): they stay on the device, never in a reply."""
        return self.state / "evaluations.jsonl"

    @property
    def pinned_ledger_key(self) -> Path:
        """The ledger key trusted on first use, when the bundle carries none."""
        return self.state / "ledger-key.pub"

    @property
    def receipts(self) -> Path:
        """The aggregator's signed receipts for this node's ledger entries (JSONL,
        append-only). Beside `state/`, not in it: they outlive a deleted state
        directory and then show that the node trained before (see
        `client.node_limits.check_accountant`)."""
        return self.root / "receipts.jsonl"

    def flwr_home(self, role: str) -> Path:
        return self.state / "flwr" / role
