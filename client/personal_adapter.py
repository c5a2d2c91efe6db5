"""The node's own adapter, kept on the device after each round.

Edge prompt completion needs the model as this node last trained it, not only
the federation's merge: it holds the node's own preferences. It never leaves
the node; it is saved in PEFT format so that `PeftModel.from_pretrained` loads
it, at the bundle's `state/personal-adapter` (`netgpt.layout.NodeLayout`).

What is kept there: after training, the round as the node trained it; once the
merge of that round arrives (the evaluation request that follows the round
carries it), the mean of the two. The node's own round carries all of its own
DP noise; the merge has a share of it and little of its own records. Their mean
kept more of the non-private gain on novel held-out records than either alone
(docs/BENCHMARKS.md, issue 16). Both are outputs of DP-SGD and the merge, so
their mean is post-processing and spends no ε.

The round as trained is kept beside it (`state/own-round.safetensors`, naming
its run and round), so that a repeated evaluation request mixes that round
again, never a mix with a mix.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import numpy as np
import torch
from peft import PeftModel
from safetensors import SafetensorError, safe_open
from safetensors.numpy import save as save_numpy

from netgpt.files import write_atomic, write_directory_atomic

OWN_SHARE = 0.5
"""The own round's weight in the mix: fixed before the bench measured it, never
chosen on a node's held-out records (that choice would itself leak them)."""


def save_personal_adapter(model: PeftModel, target: Path) -> Path:
    """Replace the saved adapter; a reader never sees a half-written one."""
    return write_directory_atomic(target, lambda staging: model.save_pretrained(str(staging)))


def save_own_round(update: Mapping[str, np.ndarray], path: Path, run_id: int, server_round: int) -> None:
    """Keep the tensors the node sent this round, owner-only, with the run and round they belong to."""
    metadata = {"run_id": str(run_id), "round": str(server_round)}
    write_atomic(path, save_numpy(dict(update), metadata=metadata))


def own_round(path: Path, run_id: int, server_round: int) -> dict[str, torch.Tensor] | None:
    """The kept round when it is `server_round` of `run_id`; None when there is
    none, it is another round's (the node did not train in this one) or the
    file cannot be read: then the personal adapter stays as it is."""
    try:
        with safe_open(str(path), framework="pt") as kept:
            metadata = kept.metadata() or {}
            if metadata.get("run_id") != str(run_id) or metadata.get("round") != str(server_round):
                return None
            return {key: kept.get_tensor(key) for key in kept.keys()}  # noqa: SIM118 (safe_open is not a mapping)
    except (OSError, SafetensorError):
        return None


def mixed(own: Mapping[str, torch.Tensor], merged: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor] | None:
    """The weighted mean of the node's round and the merge, in the merge's
    dtypes; None when the two do not hold the same tensors (not this model's
    merge) or the merge holds a NaN or an infinity, which would leave the node
    an adapter that answers nothing."""
    if own.keys() != merged.keys() or any(own[key].shape != merged[key].shape for key in own):
        return None
    if not all(bool(torch.isfinite(value).all()) for value in merged.values()):
        return None
    return {
        key: (OWN_SHARE * own[key].float() + (1 - OWN_SHARE) * value.float()).to(value.dtype)
        for key, value in merged.items()
    }
