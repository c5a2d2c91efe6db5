"""Held-out loss of a LoRA model with its adapter disabled and enabled.

Personalization is only worth its privacy cost if the adapter predicts unseen
text better than the base model does. The node measures it on its own held-out
records and keeps the figures; the aggregator measures the global adapter on
its public held-out set. One definition serves both, so that the two are the
same measurement.
"""

from __future__ import annotations

import math
import sys
from dataclasses import dataclass

import torch
from peft import PeftModel
from torch.utils.data import TensorDataset

from netgpt.modeling.inputs import Precision, autocast
from netgpt.modeling.lora import adapter_disabled
from netgpt.modeling.memory import LOSS_CHUNK_TOKENS, token_losses

# The largest loss whose perplexity, e**loss, is still a float. A noised merge
# or an adapter made up by the aggregator can push a loss past it.
MAX_LOSS = math.log(sys.float_info.max)


def perplexity(loss: float) -> float:
    return math.exp(loss) if loss <= MAX_LOSS else math.inf


@dataclass(frozen=True)
class HeldOutLoss:
    """Token-weighted mean losses over `tokens` predicted tokens."""

    base: float
    adapter: float
    tokens: int

    @property
    def base_perplexity(self) -> float:
        return perplexity(self.base)

    @property
    def adapter_perplexity(self) -> float:
        return perplexity(self.adapter)


@torch.no_grad()
def mean_token_loss(
    model: torch.nn.Module, dataset: TensorDataset, precision: Precision, batch_size: int = 16
) -> tuple[float, int]:
    """The mean next-token loss over every real (unpadded) token, and their number.

    The records come padded to one length (`inputs.tokenize`, for Opacus);
    here they are taken shortest first and each batch is cut after its last
    real token, so padding costs no forward pass: the result is the same, and
    most of the cost of a set of short records goes.
    """
    model.eval()
    input_ids, attention_mask = dataset.tensors
    order = attention_mask.sum(dim=1).argsort()
    total, tokens = 0.0, 0
    for start in range(0, len(order), batch_size):
        batch = order[start : start + batch_size]
        columns = torch.nonzero(attention_mask[batch].any(dim=0))  # right padding: a prefix
        used = int(columns.max()) + 1 if len(columns) else 1
        ids, mask = input_ids[batch, :used], attention_mask[batch, :used]
        with autocast(precision):
            # A chunk of tokens' logits at a time: the whole batch's are 200 MB
            # for the default model, the largest thing an edge node holds.
            losses = token_losses(model, ids, mask, LOSS_CHUNK_TOKENS).reshape(-1)
        real = mask[:, 1:].reshape(-1).bool()
        total += float(losses[real].sum())
        tokens += int(real.sum())
    return total / max(tokens, 1), tokens


def base_loss(model: PeftModel, dataset: TensorDataset, precision: Precision) -> tuple[float, int]:
    """`mean_token_loss` of the base model alone: the adapter disabled."""
    with adapter_disabled(model):
        return mean_token_loss(model, dataset, precision)


def held_out_loss(model: PeftModel, dataset: TensorDataset, precision: Precision) -> HeldOutLoss:
    base, tokens = base_loss(model, dataset, precision)
    adapter, _ = mean_token_loss(model, dataset, precision)
    return HeldOutLoss(base=base, adapter=adapter, tokens=tokens)
