"""The white-box score of a canary: how much of the canary's clipped gradient
the adapter's update holds.

DP-SGD's update is a sum of clipped per-record gradients plus noise, so an
included canary leaves its own clipped gradient in the update (final minus
initial adapter) and an excluded one does not. The auditor holds both
adapters: the initial one is public (A seeded, B zero) and the final one is
the training's output, so the score is post-processing of that output and the
one-run bound (`privacy.audit.bound`) applies to it as to any other.

Three things hide a canary's own part, each measured on the default model
(200 canaries, 4 epochs, σ = 0; attack AUC in brackets):
- Canaries share a format, so their gradients share directions (the update
  has cosine −0.84 with their mean gradient), which every included canary
  pushed along: the plain dot product ranks canaries by how typical they are
  (0.44; the black-box loss score on the same run: 0.56).
- Each canary's gradient overlaps others', so its dot product also counts the
  included canaries it resembles. Fitting the update on all canaries'
  gradients at once (ridge least squares) credits each with its own part
  only; that subsumes removing the shared directions.
- Training moves the gradients: a canary's gradient at the final adapter has
  cosine 0.17 with its gradient at the initial one. The gradient at the
  initial adapter (0.67 fitted alone; B is zero there, so under FedAvg only
  B's gradient is non-zero, and under FFA only B is trained anyway) and at the
  final one (0.53) each describe part of the path; fitted together, a
  canary's two coefficients added, they give 0.80.
Each gradient is clipped to C as DP-SGD clips it.
"""

from __future__ import annotations

import numpy as np
import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from netgpt.modeling import Precision, autocast, tokenize
from netgpt.modeling.memory import token_losses

RIDGE = 0.01
"""Of the gradients' mean squared norm: keeps the fit stable where canary
gradients are nearly collinear. Default model, 200 canaries, σ = 0: AUC 0.80 at
0.01, 0.78 at 0.1, 0.68 at 1 (the fit then shrinks toward the plain dot product)."""


def trainable_vector(model: PeftModel) -> torch.Tensor:
    """The trainable adapter weights as one fp32 vector, in `parameters()` order."""
    return torch.cat([p.detach().reshape(-1).float() for p in model.parameters() if p.requires_grad])


def canary_gradients(
    model: PeftModel,
    tokenizer: PreTrainedTokenizerBase,
    texts: list[str],
    max_length: int,
    precision: Precision,
    max_grad_norm: float,
) -> torch.Tensor:
    """One row per canary: the gradient of its mean token loss (the trainer's
    per-record loss, same tokenization and truncation) with respect to the
    trainable weights, clipped to `max_grad_norm`. The model's weights and
    `.grad` are left as they were."""
    params = [p for p in model.parameters() if p.requires_grad]
    saved = [p.grad for p in params]
    was_training = model.training
    model.eval()  # no dropout: the gradient of the weights as they are
    input_ids, mask = tokenize(tokenizer, texts, max_length).tensors
    rows = []
    try:
        for ids, row_mask in zip(input_ids, mask, strict=True):
            used = int(row_mask.sum())  # right padding: what follows the text changes nothing before it
            ids, row_mask = ids[None, :used], row_mask[None, :used]
            with autocast(precision):
                losses = token_losses(model, ids, row_mask, 0)
            weights = row_mask[:, 1:].to(losses.dtype)
            loss = (losses * weights).sum() / weights.sum().clamp(min=1.0)
            grads = torch.autograd.grad(loss, params)
            flat = torch.cat([g.reshape(-1).float() for g in grads])
            rows.append(flat * min(1.0, max_grad_norm / max(float(flat.norm()), 1e-12)))
    finally:
        for param, grad in zip(params, saved, strict=True):
            param.grad = grad
        model.train(was_training)
    return torch.stack(rows) if rows else torch.zeros(0, sum(p.numel() for p in params))


def alignment_scores(initial: torch.Tensor, final: torch.Tensor, update: torch.Tensor) -> np.ndarray:
    """How much of each canary's clipped gradient, at the initial and at the
    final adapter (`initial`, `final`: one row per canary), the update holds
    once every canary is fitted at once: the ridge least-squares coefficients
    of `update` on all 2m gradients, a canary's two added. SGD moves against
    the gradient, so a canary trained on gets negative coefficients: lower is
    "more likely trained on", as for the loss score."""
    if len(initial) == 0:
        return np.zeros(0)
    # Block by block, in the gradients' own dtype: 2m × d in fp64 would be ~3 GB
    # for 1,000 canaries on the default model; the 2m × 2m system is solved in fp64.
    gram = torch.cat([
        torch.cat([initial @ initial.T, initial @ final.T], dim=1),
        torch.cat([final @ initial.T, final @ final.T], dim=1),
    ]).double()
    moved = update.to(initial.dtype)
    ridge = RIDGE * float(gram.diagonal().mean()) * torch.eye(len(gram), dtype=gram.dtype)
    coefficients = torch.linalg.solve(gram + ridge, torch.cat([initial @ moved, final @ moved]).double())
    scores: np.ndarray = (coefficients[: len(initial)] + coefficients[len(initial) :]).numpy()
    return scores
