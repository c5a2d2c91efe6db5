"""The adapter registry: merged adapters on disk in standard PEFT format.

Each round gets its own directory, written under a temporary name and renamed
into place, and `latest` is a symlink swapped atomically, so a reader never
sees a half-written adapter.
"""

from __future__ import annotations

import os
from pathlib import Path

from peft import PeftModel

from netgpt.cohorts import GLOBAL
from netgpt.files import write_directory_atomic
from netgpt.layout import Workdir
from netgpt.layout.workdir import LATEST


class AdapterRegistry:
    def __init__(self, workdir: Path, cohort: str = GLOBAL) -> None:
        self.root = Workdir(workdir).cohort(cohort)

    def round_dir(self, server_round: int) -> Path:
        return self.root / f"round-{server_round}"

    def publish(self, server_round: int, model: PeftModel) -> Path:
        target = write_directory_atomic(
            self.round_dir(server_round), lambda staging: model.save_pretrained(str(staging))
        )
        link = self.root / f".{LATEST}-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target.name)
        os.replace(link, self.root / LATEST)
        return target

    def latest(self) -> Path | None:
        path = self.root / LATEST
        return path.resolve() if path.exists() else None
