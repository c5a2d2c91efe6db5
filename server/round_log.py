"""A JSON-lines log of what each round did, for the launcher and for people.

The ServerApp runs in a process the operator does not see; this file is how the
launcher shows progress and the run summary. It holds only aggregates and
privacy reports, never records.

Every event of a round names it by the work directory's round number, the one
the ledger and the adapter directories use (`server.resume`); a run's "start"
event says which number its first round has.
"""

from __future__ import annotations

import json
import time
from pathlib import Path
from typing import Any

from netgpt.layout import Workdir


class RoundLog:
    def __init__(self, workdir: Path) -> None:
        self.path = Workdir(workdir).round_log

    def append(self, event: str, **fields: Any) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        line = json.dumps({"event": event, "time": time.time(), **fields})
        with self.path.open("a", encoding="utf-8") as handle:
            handle.write(line + "\n")

    def read(self) -> list[dict[str, Any]]:
        if not self.path.exists():
            return []
        events = []
        for line in self.path.read_text(encoding="utf-8").splitlines():
            try:
                events.append(json.loads(line))
            except ValueError:
                continue
        return events

    def last_round(self) -> int:
        """The highest round number an event names, 0 when none does."""
        numbers = [event["round"] for event in self.read() if type(event.get("round")) is int]
        return max(numbers, default=0)
