"""The node's own adapter, kept on the device after each round.

Edge prompt completion needs the model as this node last trained it, not only
the federation's merge: it holds the node's own preferences. It never leaves
the node; it is saved in PEFT format so that `PeftModel.from_pretrained` loads
it, at the bundle's `state/personal-adapter` (`netgpt.layout.NodeLayout`).
"""

from __future__ import annotations

from pathlib import Path

from peft import PeftModel

from netgpt.files import write_directory_atomic


def save_personal_adapter(model: PeftModel, target: Path) -> Path:
    """Replace the saved adapter; a reader never sees a half-written one."""
    return write_directory_atomic(target, lambda staging: model.save_pretrained(str(staging)))
