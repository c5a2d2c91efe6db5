"""Where things live on disk: the aggregator's work directory and a node's bundle.

Each file name is written here and nowhere else. This package is a leaf: it
imports nothing from the project, so the apps, the stores in `privacy` and
`server`, and every command can share it.
"""

from netgpt.layout.anchor import ANCHOR_ENV, AnchorLayout, default_anchor_dir
from netgpt.layout.node import NodeData, NodeLayout
from netgpt.layout.workdir import Workdir

__all__ = ["ANCHOR_ENV", "AnchorLayout", "NodeData", "NodeLayout", "Workdir", "default_anchor_dir"]
