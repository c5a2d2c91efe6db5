"""Writing one node's data directory, and reading its records back.

Each file is written to a temporary sibling and renamed into place, so a crash
leaves either the old file or the new one, never half of one; `mkstemp` also makes
them owner-only (0600), which suits raw personal data. The JSON is written
with fixed key order and no timestamps of its own, so reruns are byte-identical.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from netgpt.synthetic.users import SyntheticUser

RECORDS_FILE = "records.jsonl"
PROFILE_FILE = "profile.json"
PLANTED_FILE = "planted_pii.json"


def _write_atomic(path: Path, text: str) -> None:
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _json(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2) + "\n"


def write_node_data(user: SyntheticUser, root: Path) -> Path:
    """Write `user`'s records, profile and PII ground truth to `<root>/<node name>`."""
    node_dir = Path(root) / user.node_name
    node_dir.mkdir(parents=True, exist_ok=True)
    lines = "".join(json.dumps(r.to_json(), ensure_ascii=False) + "\n" for r in user.records)
    _write_atomic(node_dir / RECORDS_FILE, lines)
    _write_atomic(node_dir / PLANTED_FILE, _json([p.to_json() for p in user.planted_pii]))
    _write_atomic(node_dir / PROFILE_FILE, _json({"seed": user.seed} | user.profile.to_json()))
    return node_dir


def load_records(node_dir: Path) -> list[dict]:
    """The records of ONE node directory, in file order."""
    with (Path(node_dir) / RECORDS_FILE).open(encoding="utf-8") as handle:
        return [json.loads(line) for line in handle if line.strip()]
