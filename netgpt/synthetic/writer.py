"""Writing one node's data directory, and reading its records back.

Each file is written to a temporary sibling and renamed into place, so a crash
leaves either the old file or the new one, never half of one; they are also
owner-only (0600), which suits raw personal data. The JSON is written
with fixed key order and no timestamps of its own, so reruns are byte-identical.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from netgpt.files import write_atomic
from netgpt.layout import NodeData
from netgpt.synthetic.users import SyntheticUser


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_node_data(user: SyntheticUser, root: Path) -> Path:
    """Write `user`'s records, profile and PII ground truth to `<root>/<node name>`."""
    data = NodeData(Path(root) / user.node_name)
    lines = "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in user.records)
    write_atomic(data.records, lines)
    write_atomic(data.planted, _json([p.to_json() for p in user.planted_pii]))
    write_atomic(data.profile, _json({"seed": user.seed} | user.profile.to_json()))
    return data.root


def load_records(node_dir: Path) -> list[dict[str, Any]]:
    """The records of ONE node directory, in file order."""
    with NodeData(Path(node_dir)).records.open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
