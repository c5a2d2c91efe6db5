"""A node bundle: everything an edge node needs to join, in one directory.

`netgpt enroll` writes it, `netgpt node start --bundle DIR` reads it, and the
operator copies it to the edge device. It holds the node's private key (0600),
the federation's CA certificate, the SuperLink address, the node's name,
region and data path, and optionally the node's own limits (`limits.yaml`);
nothing in it is a secret of anyone but that node.
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from pathlib import Path

from client.node_limits import NodeLimitsError, load_node_limits
from netgpt.files import write_atomic
from netgpt.layout import NodeLayout
from privacy.identity.node_keys import NodeKeyError, load_node_key


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
            raise BundleError(f"no node bundle at {directory} (create one with `netgpt enroll NAME`)")
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
            )
        except FileNotFoundError:
            raise BundleError(f"bundle {directory} lacks {manifest.name}") from None
        except (OSError, ValueError, KeyError, TypeError):
            raise BundleError(f"bundle {directory}: {manifest.name} is unreadable or incomplete") from None
        if not bundle.ca_cert.is_file():
            raise BundleError(f"bundle {directory} lacks the CA certificate {bundle.ca_cert.name}")
        try:
            load_node_key(bundle.key)
        except NodeKeyError as error:
            raise BundleError(f"bundle {directory}: {error}") from None
        try:
            load_node_limits(bundle.layout)  # a broken limits file stops the node at start, not mid-run
        except NodeLimitsError as error:
            raise BundleError(f"bundle {directory}: {error}") from None
        return bundle
