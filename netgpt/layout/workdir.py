"""The aggregator's work directory.

One directory holds the aggregator's state (policy, ledger and its key,
enrollment registry, API keys, round log, public held-out set), the federation's CA, the SuperLink's
database and its TLS front's nginx files, merged adapters per cohort and the
model cache. The local launcher and compose also keep their nodes' bundles
(`nodes/<name>`) and synthetic data (`data/<name>`) here; on a real deployment
those live on the devices.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

ADAPTERS = "adapters"
LATEST = "latest"


@dataclass(frozen=True)
class SignedAppFiles:
    """A FAB and the operator's signature over it, side by side."""

    root: Path

    @property
    def fab(self) -> Path:
        return self.root / "app.fab"

    @property
    def signature(self) -> Path:
        return self.root / "signature.json"


@dataclass(frozen=True)
class Workdir:
    root: Path

    def __post_init__(self) -> None:
        object.__setattr__(self, "root", Path(self.root))

    @property
    def policy(self) -> Path:
        return self.root / "policy.yaml"

    @property
    def ledger(self) -> Path:
        return self.root / "ledger.sqlite"

    @property
    def ledger_key(self) -> Path:
        """The aggregator's Ed25519 key that signs ledger entries."""
        return self.root / "keys" / "aggregator.key"

    @property
    def app_signing_key(self) -> Path:
        """The operator's Ed25519 key that signs the apps nodes may run (its
        public half, `app-signing.pub`, goes into every bundle's trust file)."""
        return self.root / "keys" / "app-signing.key"

    @property
    def signed_apps(self) -> Path:
        return self.root / "apps"

    def signed_app(self, publisher: str, name: str, version: str) -> SignedAppFiles:
        """One signed app version, written by `netgpt train`, served by the app hub."""
        return SignedAppFiles(self.signed_apps / publisher / name / version)

    @property
    def train_lock(self) -> Path:
        """Held by the one `netgpt train` (or launcher) following runs here."""
        return self.root / "train.lock"

    @property
    def enrollment(self) -> Path:
        return self.root / "enrollment.db"

    @property
    def api_keys(self) -> Path:
        return self.root / "api_keys.sqlite"

    @property
    def round_log(self) -> Path:
        return self.root / "rounds.jsonl"

    @property
    def public_held_out(self) -> Path:
        """The aggregator's own held-out set (synthetic users outside the
        federation, desensitized), built on the ServerApp's first start."""
        return self.root / "public-held-out.json"

    @property
    def superlink_info(self) -> Path:
        """Where a running SuperLink tells operator commands how to reach it."""
        return self.root / "superlink.json"

    @property
    def superlink_db(self) -> Path:
        return self.root / "superlink.db"

    @property
    def certs(self) -> Path:
        return self.root / "certs"

    @property
    def front(self) -> Path:
        """The TLS front's own directory: nginx's prefix, pid file and buffers."""
        return self.root / "front"

    @property
    def front_config(self) -> Path:
        return self.front / "nginx.conf"

    @property
    def front_pid(self) -> Path:
        return self.front / "nginx.pid"

    @property
    def front_temp(self) -> Path:
        """Where nginx's `*_temp_path` directories go (it creates them at start)."""
        return self.front / "temp"

    @property
    def front_refusals(self) -> Path:
        """The front's log of the requests it refused (or that failed upstream)."""
        return self.logs / "front-refused.log"

    @property
    def models(self) -> Path:
        return self.root / "models"

    @property
    def adapters(self) -> Path:
        return self.root / ADAPTERS

    def cohort(self, cohort: str) -> Path:
        """A cohort's published rounds (`round-N/`) and its `latest` link."""
        return self.adapters / cohort

    @property
    def logs(self) -> Path:
        return self.root / "logs"

    def flwr_home(self, role: str) -> Path:
        """Flower's own home for one role, never the user's `~/.flwr`."""
        return self.root / "flwr" / role

    @property
    def nodes(self) -> Path:
        return self.root / "nodes"

    def node_bundle(self, name: str) -> Path:
        """A local node's bundle (launcher and compose only)."""
        return self.nodes / name

    def legacy_node_state(self, name: str) -> Path:
        """Where a local node kept its state before it moved into the bundle."""
        return self.root / "state" / name

    @property
    def data(self) -> Path:
        return self.root / "data"

    def node_data(self, name: str) -> Path:
        """A local node's own records (launcher and compose only)."""
        return self.data / name
