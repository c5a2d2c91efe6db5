"""The next-token loss over a frozen output head, a chunk of tokens at a time,
with its gradient taken in the forward pass.

The output head is the largest product of a training step on a small model
(49,152 × 576 for the default one) and it is frozen: the only gradient it
passes back is each token's d loss / d hidden state, W^T (softmax - one-hot),
which depends on nothing but that token. Taking it while the chunk's logits
exist means the backward pass only scales it: no recomputed product (a third
of the head's work under recompute) and no logits kept or rebuilt, so a chunk
costs about 6 bytes per logit at its peak instead of 16. The roundings are
autograd's, in another order: the product in the autocast dtype, the softmax
in fp32, softmax - one-hot rounded to the product's dtype before it meets the
weights, each token's kept gradient scaled in fp32. Against a float64 product
it is no less exact than autograd's (tests/test_head_loss.py).

Only for a frozen linear head (`token_losses` falls back otherwise).
"""

from __future__ import annotations

from typing import Any

import torch
from torch.autograd.function import once_differentiable

from netgpt.modeling.held_weights import times_weight


def head_losses(head: torch.nn.Linear, states: torch.Tensor, targets: torch.Tensor, chunk_tokens: int) -> torch.Tensor:
    """Cross-entropy of `head(states)` against `targets`, one per token, with at
    most `chunk_tokens` tokens' logits alive at a time. A trainable head's
    own gradient would be lost, so it is refused."""
    if any(parameter.requires_grad for parameter in head.parameters()):
        raise ValueError("head_losses takes a frozen head: its weights would get no gradient")
    if torch.is_grad_enabled() and states.requires_grad:
        losses: torch.Tensor = _LossWithGradient.apply(  # type: ignore[no-untyped-call]
            head, states, targets, chunk_tokens
        )
        return losses
    return torch.cat([
        torch.nn.functional.cross_entropy(head(part).float(), wanted, reduction="none")
        for part, wanted in zip(states.split(chunk_tokens), targets.split(chunk_tokens), strict=True)
    ])


class _LossWithGradient(torch.autograd.Function):
    """Each token's loss; d loss / d state kept from the forward pass."""

    @staticmethod
    def forward(
        ctx: Any, head: torch.nn.Linear, states: torch.Tensor, targets: torch.Tensor, chunk_tokens: int
    ) -> torch.Tensor:
        losses = torch.empty(len(targets), dtype=torch.float32, device=states.device)
        gradients = torch.empty_like(states)
        for start in range(0, len(targets), chunk_tokens):
            part = slice(start, start + chunk_tokens)
            losses[part], gradients[part] = _chunk(head, states[part], targets[part])
        ctx.save_for_backward(gradients)
        return losses

    @staticmethod
    @once_differentiable
    def backward(ctx: Any, upstream: torch.Tensor) -> tuple[None, torch.Tensor, None, None]:
        (gradients,) = ctx.saved_tensors
        # Scaled in fp32 and rounded once: bf16 states would otherwise round the
        # upstream weight and the product each.
        scaled = gradients.float() * upstream.float().unsqueeze(1)
        return None, scaled.to(gradients.dtype), None, None


def _chunk(head: torch.nn.Linear, states: torch.Tensor, targets: torch.Tensor) -> tuple[torch.Tensor, torch.Tensor]:
    """Losses and d loss / d states of one chunk, the softmax taken in place."""
    logits = head(states)
    product_dtype = logits.dtype
    # In fp32 this is the head's own output, overwritten below: no hook on the
    # frozen head keeps it (Opacus hooks trainable layers only).
    probabilities = logits.float()
    del logits
    wanted = targets.unsqueeze(1)
    target_logit = probabilities.gather(1, wanted).squeeze(1)
    largest = probabilities.amax(dim=1, keepdim=True)
    probabilities.sub_(largest).exp_()
    total = probabilities.sum(dim=1, keepdim=True)
    losses = (largest + total.log()).squeeze(1) - target_logit
    probabilities.div_(total).scatter_add_(1, wanted, -torch.ones_like(wanted, dtype=probabilities.dtype))
    gradients = times_weight(probabilities, head.weight, product_dtype)
    return losses, gradients.to(states.dtype)

