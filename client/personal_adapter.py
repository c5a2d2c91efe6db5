"""The node's own adapter, kept on the device after each round.

Edge prompt completion needs a model that holds this node's own preferences,
not only the federation's merge. It never leaves the node; it is saved in PEFT
format so that `PeftModel.from_pretrained` loads it, at the bundle's
`state/personal-adapter` (`netgpt.layout.NodeLayout`).

What is kept there: after training, the round as the node trained it; once the
merge of that round arrives (the evaluation request that follows the round
carries it), the mean of the two. The node's own round carries all of its own
DP noise; the merge has a share of it and little of its own records. Their mean
kept more of the non-private gain on novel held-out records than either alone
(docs/BENCHMARKS.md, issue 16). Both are outputs of DP-SGD and the merge, so
their mean is post-processing and spends no ε.

The round as trained is kept beside it (`state/own-round.safetensors`, naming
its run, its round and the adapter it started from), so that a repeated
evaluation request mixes that round again, never a mix with a mix, and a
round that was not merged (the request then carries the adapter the round
started from) is not mixed at all.

The aggregator chooses what an evaluation request carries, as it chooses the
adapter a round starts from: either way it can steer the kept adapter, and
neither tells it anything about the node's records.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import torch
from peft import PeftModel
from safetensors import SafetensorError, safe_open
from safetensors.numpy import save as save_numpy

from netgpt.files import write_atomic, write_directory_atomic
from netgpt.modeling.lora import Strategy
from privacy.dp.report import update_digest

OWN_SHARE = 0.5
"""The own round's weight in the mix: fixed before the bench measured it, never
chosen on a node's held-out records (that choice would itself leak them)."""


@dataclass(frozen=True)
class OwnRound:
    tensors: dict[str, torch.Tensor]
    """What the node sent: its trained tensors, in the model's dtype."""
    start: str
    """`update_digest` of the adapter the round trained from."""


def save_personal_adapter(model: PeftModel, target: Path) -> Path:
    """Replace the saved adapter; a reader never sees a half-written one."""
    return write_directory_atomic(target, lambda staging: model.save_pretrained(str(staging)))


def save_own_round(
    update: Mapping[str, np.ndarray], start: Mapping[str, torch.Tensor], path: Path, run_id: int, server_round: int
) -> None:
    """Keep the tensors the node sent this round, owner-only, with the run and
    round they belong to and the digest of the adapter they started from."""
    metadata = {"run_id": str(run_id), "round": str(server_round), "start": digest(start)}
    write_atomic(path, save_numpy(dict(update), metadata=metadata))


def own_round(path: Path, run_id: int, server_round: int) -> OwnRound | None:
    """The kept round when it is `server_round` of `run_id`; None when there is
    none, it is another round's (the node did not train in this one) or the
    file cannot be read: then the personal adapter stays as it is."""
    try:
        with safe_open(str(path), framework="pt") as kept:
            metadata = kept.metadata() or {}
            if metadata.get("run_id") != str(run_id) or metadata.get("round") != str(server_round):
                return None
            tensors = {key: kept.get_tensor(key) for key in kept.keys()}  # noqa: SIM118 (safe_open is not a mapping)
            return OwnRound(tensors, metadata.get("start", ""))
    except (OSError, SafetensorError):
        return None


def kept_after_merge(
    own: OwnRound, merged: Mapping[str, torch.Tensor], strategy: Strategy
) -> dict[str, torch.Tensor] | None:
    """The adapter to keep once `merged` arrives, or None to keep the own round:
    under FedAvg (A and B averaged apart, so their means are not the mean of
    the two adapters, and the bench measured FFA only), and when `merged` is
    the adapter the round started from (the round was not merged)."""
    if strategy != "ffa" or digest(merged) == own.start:
        return None
    return mixed(own.tensors, merged)


def mixed(own: Mapping[str, torch.Tensor], merged: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor] | None:
    """The weighted mean of the node's round and the merge, in the own round's
    (the model's) dtypes; None when the merge does not hold the same tensors
    in floating point (not this model's merge) or the mean holds a NaN or an
    infinity, which would leave the node an adapter that answers nothing."""
    if own.keys() != merged.keys() or any(
        own[key].shape != value.shape or not value.is_floating_point() for key, value in merged.items()
    ):
        return None
    mix = {
        key: (OWN_SHARE * value.float() + (1 - OWN_SHARE) * merged[key].float()).to(value.dtype)
        for key, value in own.items()
    }
    return mix if all(bool(torch.isfinite(value).all()) for value in mix.values()) else None


def digest(tensors: Mapping[str, torch.Tensor]) -> str:
    """The adapter's `update_digest`, as the wire carries it."""
    return update_digest({key: value.detach().cpu().numpy() for key, value in tensors.items()})
