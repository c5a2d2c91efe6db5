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
from netgpt.synthetic.users import SyntheticUser

RECORDS_FILE = "records.jsonl"
PROFILE_FILE = "profile.json"
PLANTED_FILE = "planted_pii.json"



def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_node_data(user: SyntheticUser, root: Path) -> Path:
    """Write `user`'s records, profile and PII ground truth to `<root>/<node name>`."""
    node_dir = Path(root) / user.node_name
    node_dir.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in user.records)
    write_atomic(node_dir / RECORDS_FILE, lines)
    write_atomic(node_dir / PLANTED_FILE, _json([p.to_json() for p in user.planted_pii]))
    write_atomic(node_dir / PROFILE_FILE, _json({"seed": user.seed} | user.profile.to_json()))
    return node_dir


def load_records(node_dir: Path) -> list[dict]:
    """The records of ONE node directory, in file order."""
    with (Path(node_dir) / RECORDS_FILE).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
