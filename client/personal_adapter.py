"""The node's own adapter, kept on the device after each round.

Edge prompt completion needs the model as this node last trained it, not only
the federation's merge: it holds the node's own preferences. It never leaves
the node; it is saved in PEFT format so that `PeftModel.from_pretrained` loads it.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from pathlib import Path

from peft import PeftModel

DIRNAME = "personal-adapter"


def personal_adapter_dir(state_dir: Path) -> Path:
    return Path(state_dir) / DIRNAME


def save_personal_adapter(model: PeftModel, state_dir: Path) -> Path:
    """Replace the saved adapter; a reader never sees a half-written one."""
    target = personal_adapter_dir(state_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{DIRNAME}-", dir=target.parent))
    retired = target.parent / f".{DIRNAME}-old-{os.getpid()}"
    try:
        model.save_pretrained(staging)
        if target.exists():
            os.replace(target, retired)
        os.replace(staging, target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
        shutil.rmtree(retired, ignore_errors=True)
    return target
