"""How text enters the model, the same on every side: the node trains and
evaluates on it, the aggregator evaluates its public held-out set on it, so a
loss means the same thing wherever it is measured."""

from __future__ import annotations

import contextlib
from typing import Literal

import torch
from torch.utils.data import TensorDataset
from transformers import PreTrainedTokenizerBase

Precision = Literal["bf16", "fp32"]
PrecisionSetting = Literal["auto", "bf16", "fp32"]
"""What a run asks for: `auto` is bf16 autocast only where the CPU computes
in bf16 natively."""


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (AVX512-BF16 or AMX).

    Without it bf16 autocast is emulated: one forward and backward pass of
    the default model at batch 16 took 212 CPU-s against fp32's 8.6 on an
    AMD EPYC with AVX2 only, while an AMX CPU ran it at 2.7x fp32's speed.
    torch has no public query for this; its private ones are what its own
    oneDNN dispatch consults, and their absence reads as "no"."""
    probes = ("_is_avx512_bf16_supported", "_is_amx_tile_supported")
    return any(bool(getattr(torch.cpu, name, lambda: False)()) for name in probes)


def resolve_precision(setting: PrecisionSetting) -> Precision:
    """The precision a node trains and evaluates at on this machine."""
    if setting == "auto":
        return "bf16" if native_bf16() else "fp32"
    return setting


def tokenize(
    tokenizer: PreTrainedTokenizerBase, texts: list[str], max_length: int
) -> TensorDataset:
    """Fixed-length batches keep per-sample gradient shapes uniform for Opacus."""
    encoded = tokenizer(
        [text + (tokenizer.eos_token or "") for text in texts],
        max_length=max_length,
        truncation=True,
        padding="max_length",
        return_tensors="pt",
    )
    return TensorDataset(encoded["input_ids"], encoded["attention_mask"])


def autocast(precision: Precision) -> contextlib.AbstractContextManager[None]:
    if precision == "bf16":
        return torch.autocast("cpu", dtype=torch.bfloat16)
    return contextlib.nullcontext()
