"""The adapter registry: merged adapters on disk in standard PEFT format.

Each round gets its own directory, written under a temporary name and renamed
into place, and `latest` is a symlink swapped atomically, so a reader never
sees a half-written adapter, nor a `latest` that points nowhere.

A published round is never rewritten: publishing a round number that exists
fails (FileExistsError) and leaves it and `latest` as they were. The API
knows a served adapter by its round directory (it would never notice new
files under the same name), so round-N must mean one adapter for good; and
replacing a directory takes two renames, between which a reader of `latest`
would find nothing. Round numbers run on across runs, and the ledger and the
round log use the same ones (`server.resume.first_round`).
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from peft import PeftModel

from netgpt.cohorts import GLOBAL
from netgpt.files import write_directory_atomic
from netgpt.layout import Workdir
from netgpt.layout.workdir import LATEST


def last_published_round(workdir: Path) -> int:
    """The highest round number published for any cohort, 0 when none: a new
    run numbers its adapters after it, so that a second run in the same work
    directory never asks for a round directory that exists."""
    adapters = Workdir(workdir).adapters
    numbers = [
        int(round_dir.name.removeprefix("round-"))
        for round_dir in adapters.glob("*/round-*")
        if round_dir.is_dir() and round_dir.name.removeprefix("round-").isdigit()
    ]
    return max(numbers, default=0)


class AdapterRegistry:
    def __init__(self, workdir: Path, cohort: str = GLOBAL) -> None:
        self.root = Workdir(workdir).cohort(cohort)

    def round_dir(self, server_round: int) -> Path:
        return self.root / f"round-{server_round}"

    def publish(self, server_round: int, model: PeftModel) -> Path:
        """Write the round and point `latest` at it, or fail (a full disk,
        the round already published) with the previous round still `latest`
        and no new round left behind: a round directory exists only once
        published, so the round number is free to try again."""
        target = write_directory_atomic(
            self.round_dir(server_round), lambda staging: model.save_pretrained(str(staging)), exist_ok=False
        )
        try:
            self._point_latest_at(target)
        except BaseException:
            if self._latest_name() != target.name:
                shutil.rmtree(target, ignore_errors=True)
            raise
        return target

    def _point_latest_at(self, target: Path) -> None:
        """Make a new symlink beside `latest` and rename it over `latest`: the
        rename replaces the old link in one step, so `latest` always names a
        whole round."""
        link = self.root / f".{LATEST}-{os.getpid()}"
        link.unlink(missing_ok=True)
        try:
            link.symlink_to(target.name)
            os.replace(link, self.root / LATEST)
        finally:
            link.unlink(missing_ok=True)

    def _latest_name(self) -> str | None:
        try:
            return os.readlink(self.root / LATEST)
        except OSError:
            return None

    def latest(self) -> Path | None:
        path = self.root / LATEST
        return path.resolve() if path.exists() else None
