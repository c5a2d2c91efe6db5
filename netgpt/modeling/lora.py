"""LoRA adapters that every node builds identically.

Federated LoRA has a trap: averaging A and B separately is not the average of the
updates B·A. FFA-LoRA avoids it by freezing A at a value every party derives from
a shared seed and training only B, which makes the mean of the B's the exact mean
of the updates and halves what travels. Plain FedAvg of A and B stays available
as an option.
"""

from __future__ import annotations

import contextlib
import math
import warnings
import zlib
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Literal

import torch
from peft import LoraConfig, PeftModel, get_peft_model
from peft.utils import get_peft_model_state_dict, set_peft_model_state_dict
from transformers import PreTrainedModel

Strategy = Literal["ffa", "fedavg"]


@dataclass(frozen=True)
class LoraSpec:
    """The adapter's shape; built from the run settings (`netgpt.settings`),
    which hold the defaults."""

    rank: int
    alpha: int
    seed: int
    strategy: Strategy
    target_modules: tuple[str, ...]

    def config(self) -> LoraConfig:
        return LoraConfig(
            r=self.rank,
            lora_alpha=self.alpha,
            lora_dropout=0.0,
            target_modules=list(self.target_modules),
            bias="none",
            task_type="CAUSAL_LM",
        )


def build_lora_model(base: PreTrainedModel, spec: LoraSpec) -> PeftModel:
    """Wrap `base` in a LoRA adapter whose A matrices come from `spec.seed`."""
    with warnings.catch_warnings():
        # PEFT still calls a transformers API that warns about its own rename.
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
        model = get_peft_model(base, spec.config())
    state = get_peft_model_state_dict(model)
    shared = {
        key: _seeded_uniform(tensor.shape, spec.seed, key)
        for key, tensor in state.items()
        if ".lora_A." in key
    }
    set_peft_model_state_dict(model, shared)
    for name, parameter in model.named_parameters():
        if ".lora_A." in name and spec.strategy == "ffa":
            parameter.requires_grad_(False)
    return model


@contextlib.contextmanager
def adapter_disabled(model: PeftModel) -> Iterator[None]:
    """The base model alone inside the block; after it, every weight as
    trainable or as frozen as it was before.

    PEFT's `disable_adapter` turns the adapter back on with `set_adapter`,
    which makes every weight of the adapter trainable again, FFA-LoRA's frozen
    A included. A model measured that way and then trained trained A too: A is
    not on the wire, so its A drifted from the one every party derives from
    the seed, DP-SGD clipped and noised A's gradients with B's, and
    bench/privacy_utility.py's arms inherited each other's trained A.
    """
    trainable = {name: parameter.requires_grad for name, parameter in model.named_parameters()}
    try:
        with model.disable_adapter():
            yield
    finally:
        for name, parameter in model.named_parameters():
            parameter.requires_grad_(trainable[name])


def wire_keys(model: PeftModel, strategy: Strategy) -> list[str]:
    """Names of the adapter tensors that travel between node and aggregator."""
    keys = sorted(get_peft_model_state_dict(model))
    if strategy == "ffa":
        return [key for key in keys if ".lora_B." in key]
    return keys


def trainable_state(model: PeftModel, strategy: Strategy) -> dict[str, torch.Tensor]:
    """The tensors a node sends: B only under FFA, A and B under FedAvg."""
    state = get_peft_model_state_dict(model)
    return {key: state[key].detach().clone() for key in wire_keys(model, strategy)}


def load_wire_state(model: PeftModel, tensors: dict[str, torch.Tensor]) -> None:
    """Set the travelling tensors; under FFA A stays at its seeded value."""
    result = set_peft_model_state_dict(model, tensors)
    unexpected = getattr(result, "unexpected_keys", [])
    if unexpected:
        raise KeyError(f"adapter tensors not in this model: {sorted(unexpected)[:3]}")


def _seeded_uniform(shape: torch.Size, seed: int, key: str) -> torch.Tensor:
    """Kaiming-uniform values (PEFT's own init for A) from a per-tensor seed, so
    that the result depends only on the seed and the tensor's name."""
    generator = torch.Generator().manual_seed(seed ^ zlib.crc32(key.encode()))
    bound = 1.0 / math.sqrt(shape[1])
    return (torch.rand(shape, generator=generator) * 2.0 - 1.0) * bound
