"""The adapter registry: merged adapters on disk in standard PEFT format.

Each round gets its own directory and `latest` is a symlink swapped atomically,
so a reader never sees a half-written adapter.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from peft import PeftModel

LATEST = "latest"


class AdapterRegistry:
    def __init__(self, workdir: Path, cohort: str = "global") -> None:
        self.root = Path(workdir) / "adapters" / cohort

    def round_dir(self, server_round: int) -> Path:
        return self.root / f"round-{server_round}"

    def publish(self, server_round: int, model: PeftModel) -> Path:
        self.root.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".staging-", dir=self.root))
        target = self.round_dir(server_round)
        try:
            model.save_pretrained(staging)
            if target.exists():
                shutil.rmtree(target)
            staging.rename(target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
        link = self.root / f".{LATEST}-{os.getpid()}"
        if link.is_symlink():
            link.unlink()
        link.symlink_to(target.name)
        os.replace(link, self.root / LATEST)
        return target

    def latest(self) -> Path | None:
        path = self.root / LATEST
        return path.resolve() if path.exists() else None
