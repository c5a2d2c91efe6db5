"""A node bundle: everything an edge node needs to join, in one directory.

The directory is the node's own: `netgpt node init` makes the node's key pair
there on the device. `netgpt enroll` writes the rest from the node's public
key alone (the federation's CA certificate, and `bundle.json` with the
SuperLink address, the node's name, region, data path and enrolled public
key, and optionally the node's own limits, `limits.yaml`), beside the key or
elsewhere for the operator to copy in; none of that is a secret.
`netgpt node start --bundle DIR` reads the whole.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from client.node_limits import NodeLimitsError, load_node_limits
from netgpt.files import write_atomic
from netgpt.layout import NodeLayout
from privacy.identity.node_keys import NodeKeyError, load_node_key, public_key_text


class BundleError(RuntimeError):
    """The bundle is missing, incomplete or broken; the message says which part."""


@dataclass(frozen=True)
class NodeBundle:
    directory: Path
    name: str
    region: str
    superlink: str
    data_dir: str
    node_id: int
    enrolled_at: str
    public_key: str | None = None  # None in bundles enrolled before keys were born on the device

    @property
    def layout(self) -> NodeLayout:
        return NodeLayout(self.directory)

    @property
    def key(self) -> Path:
        return self.layout.key

    @property
    def ca_cert(self) -> Path:
        return self.layout.ca_cert

    def write_manifest(self) -> None:
        fields = asdict(self)
        fields.pop("directory")
        write_atomic(self.layout.manifest, json.dumps(fields, indent=2) + "\n", mode=0o644)

    @classmethod
    def load(cls, directory: Path) -> NodeBundle:
        directory = Path(directory)
        if not directory.is_dir():
            raise BundleError(
                f"no node bundle at {directory} (make it with `netgpt node init --out {directory}`, "
                f"then `netgpt enroll NAME --public-key {NodeLayout(directory).public_key}`)"
            )
        manifest = NodeLayout(directory).manifest
        try:
            fields = json.loads(manifest.read_text())
            bundle = cls(
                directory=directory.resolve(),
                name=str(fields["name"]),
                region=str(fields["region"]),
                superlink=str(fields["superlink"]),
                data_dir=str(fields["data_dir"]),
                node_id=int(fields["node_id"]),
                enrolled_at=str(fields["enrolled_at"]),
                public_key=None if fields.get("public_key") is None else str(fields["public_key"]),
            )
        except FileNotFoundError:
            raise BundleError(
                f"bundle {directory} lacks {manifest.name}: enroll the node "
                f"(`netgpt enroll NAME --public-key {NodeLayout(directory).public_key}`) "
                f"or copy the bundle files its enrollment wrote into {directory}"
            ) from None
        except (OSError, ValueError, KeyError, TypeError):
            raise BundleError(f"bundle {directory}: {manifest.name} is unreadable or incomplete") from None
        if not bundle.ca_cert.is_file():
            raise BundleError(f"bundle {directory} lacks the CA certificate {bundle.ca_cert.name}")
        bundle._check_key()
        try:
            load_node_limits(bundle.layout)  # a broken limits file stops the node at start, not mid-run
        except NodeLimitsError as error:
            raise BundleError(f"bundle {directory}: {error}") from None
        return bundle

    def _check_key(self) -> None:
        """The key beside the manifest must be the one enrolled: a bundle copied
        into the wrong node's directory would otherwise fail only at the SuperLink."""
        if not self.key.exists():
            raise BundleError(
                f"bundle {self.directory} has no node key ({self.key.name}): the key stays on the node's device, "
                f"so copy these bundle files into the directory `netgpt node init` made there; for a new node, "
                f"run `netgpt node init` and enroll its node.pub"
            )
        try:
            key = load_node_key(self.key)
        except NodeKeyError as error:
            raise BundleError(f"bundle {self.directory}: {error}") from None
        if self.public_key is not None and public_key_text(key.public_key()) != self.public_key.strip():
            raise BundleError(
                f"bundle {self.directory}: {self.key.name} is not the key enrolled as {self.name!r} "
                f"(the public key in {self.layout.manifest.name}); copy the bundle into the directory "
                f"of the node whose node.pub was enrolled"
            )
