"""A whole federation's worth of edge data: one user per node, one directory each."""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

from netgpt.synthetic.users import generate_user
from netgpt.synthetic.writer import write_node_data


def generate_federation_data(root: Path, n_nodes: int, seed: int = 0, *,
                             regions: Mapping[str, str] | None = None) -> list[Path]:
    """Write `node-1` .. `node-<n_nodes>` under `root` and return their directories.

    `regions` maps a node name to a region to override the default assignment.
    """
    if n_nodes < 1:
        raise ValueError(f"a federation needs at least one node, got {n_nodes}")
    overrides = dict(regions or {})
    names = [f"node-{i}" for i in range(1, n_nodes + 1)]
    unknown = sorted(set(overrides) - set(names))
    if unknown:
        raise ValueError(f"region overrides for nodes outside the federation: {', '.join(unknown)}")
    return [write_node_data(generate_user(seed, name, overrides.get(name)), Path(root)) for name in names]
