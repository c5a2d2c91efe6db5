"""Held-out perplexity, with and without the merged adapter.

Personalization is only worth its privacy cost if the adapter predicts the
node's unseen records better than the base model does. Token-weighted mean loss
is returned (not perplexity) so that the aggregator can combine nodes exactly.
"""

from __future__ import annotations

from dataclasses import dataclass

import torch
from peft import PeftModel
from torch.utils.data import DataLoader, TensorDataset

from client.trainer import Precision, autocast


@dataclass(frozen=True)
class HeldOutLoss:
    base: float
    adapter: float
    tokens: int


@torch.no_grad()
def mean_token_loss(
    model: torch.nn.Module, dataset: TensorDataset, precision: Precision
) -> tuple[float, int]:
    model.eval()
    total, tokens = 0.0, 0
    for input_ids, attention_mask in DataLoader(dataset, batch_size=16):
        with autocast(precision):
            logits = model(input_ids=input_ids, attention_mask=attention_mask).logits
        mask = attention_mask[:, 1:].bool()
        losses = torch.nn.functional.cross_entropy(
            logits[:, :-1].float().transpose(1, 2), input_ids[:, 1:], reduction="none"
        )
        total += float(losses[mask].sum())
        tokens += int(mask.sum())
    return total / max(tokens, 1), tokens


def held_out_loss(
    model: PeftModel, dataset: TensorDataset, precision: Precision
) -> HeldOutLoss:
    with model.disable_adapter():
        base, tokens = mean_token_loss(model, dataset, precision)
    adapter, _ = mean_token_loss(model, dataset, precision)
    return HeldOutLoss(base=base, adapter=adapter, tokens=tokens)
