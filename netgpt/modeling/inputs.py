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
