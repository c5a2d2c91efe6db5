"""The attacker's score of a canary: how much likelier the trained adapter
finds it than the public base model does.

Loss alone ranks canaries mostly by how odd their random words are; the base
model's loss on the same text is public and takes that out (a reference-model
likelihood ratio), leaving what training on the canary changed. It stays a
black-box loss attack: two loss queries per canary, nothing else.
"""

from __future__ import annotations

import numpy as np
import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from netgpt.modeling import Precision, adapter_disabled, autocast, tokenize


@torch.no_grad()
def _text_losses(
    model: torch.nn.Module, input_ids: torch.Tensor, mask: torch.Tensor, precision: Precision
) -> torch.Tensor:
    """Each row's summed next-token loss over its real tokens."""
    with autocast(precision):
        logits = model(input_ids=input_ids, attention_mask=mask).logits
    losses = torch.nn.functional.cross_entropy(
        logits[:, :-1].float().transpose(1, 2), input_ids[:, 1:], reduction="none"
    )
    return (losses * mask[:, 1:]).sum(dim=1)


def canary_scores(
    model: PeftModel,
    tokenizer: PreTrainedTokenizerBase,
    texts: list[str],
    max_length: int,
    precision: Precision,
    batch_size: int = 64,
) -> np.ndarray:
    """Adapter loss minus base loss, summed over each text's tokens as the
    trainer saw them (same tokenization and truncation): lower is "more
    likely trained on"."""
    model.eval()
    input_ids, mask = tokenize(tokenizer, texts, max_length).tensors
    scores = []
    for start in range(0, len(texts), batch_size):
        ids, rows = input_ids[start : start + batch_size], mask[start : start + batch_size]
        used = int(rows.sum(dim=1).max())  # right padding: cut the columns no row uses
        ids, rows = ids[:, :used], rows[:, :used]
        adapted = _text_losses(model, ids, rows, precision)
        with adapter_disabled(model):
            base = _text_losses(model, ids, rows, precision)
        scores.append((adapted - base).double().numpy())
    return np.concatenate(scores) if scores else np.zeros(0)
