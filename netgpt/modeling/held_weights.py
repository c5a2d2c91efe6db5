"""Frozen weights held in bf16 and multiplied in fp32, for CPUs without bf16.

A node on a CPU that has no bf16 arithmetic trains in fp32 (bf16 autocast is
emulated there, ~25x slower), and its fp32 weights and runtime alone took
about 990 MiB, leaving nothing of a 1 GiB budget for the step. Holding the
frozen weights in bf16 halves them; each product widens its weight to fp32
for as long as it runs, so the arithmetic is fp32's on weights rounded once
to bf16, as the bf16 node's are.

Why not `torch.nn.utils.parametrize` (a widened view of each weight): autograd
keeps the widened weight of every layer for the backward pass, which is the
fp32 model again. `HeldLinear` keeps the bf16 weight it already holds and
widens it again in the backward pass. Large weights (the output head, 49,152
rows for the default model) are widened a block of rows at a time.
"""

from __future__ import annotations

from typing import Any

import torch
from torch.autograd.function import once_differentiable

# The most elements of a weight widened at once: 16 MiB in fp32. The default
# model's layer weights are at most 0.9 M elements and go whole; its head is
# widened in 7 blocks rather than 113 MB at a time.
WIDENED_ELEMENTS = 1 << 22


def times_weight(matrix: torch.Tensor, weight: torch.Tensor, dtype: torch.dtype) -> torch.Tensor:
    """`matrix @ weight` in `dtype`, with at most WIDENED_ELEMENTS of `weight`
    widened at a time: the gradient a linear layer passes to its input."""
    if not _widens(weight, dtype):
        return torch.matmul(matrix.to(dtype), weight.to(dtype))
    matrix = matrix.to(dtype)
    rows = _rows_per_block(weight)
    total = torch.matmul(matrix[..., :rows], weight[:rows].to(dtype))
    for start in range(rows, weight.shape[0], rows):
        block = slice(start, start + rows)
        total.add_(torch.matmul(matrix[..., block], weight[block].to(dtype)))
    return total


def _widens(weight: torch.Tensor, dtype: torch.dtype) -> bool:
    return weight.dtype == torch.bfloat16 and dtype == torch.float32


def _rows_per_block(weight: torch.Tensor) -> int:
    return max(1, WIDENED_ELEMENTS // max(1, weight.shape[1]))


def _widened_linear(inputs: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
    """`F.linear` on the widened weight. The blocks' outputs are written into
    one tensor as they come: concatenated, a loss chunk's logits would exist
    twice (48 MiB more at 256 tokens of the default model's head)."""
    rows = _rows_per_block(weight)
    widened_bias = None if bias is None else bias.to(inputs.dtype)
    if rows >= weight.shape[0]:
        return torch.nn.functional.linear(inputs, weight.to(inputs.dtype), widened_bias)
    output = inputs.new_empty(*inputs.shape[:-1], weight.shape[0])
    for start in range(0, weight.shape[0], rows):
        block = slice(start, start + rows)
        output[..., block] = torch.nn.functional.linear(
            inputs, weight[block].to(inputs.dtype), None if widened_bias is None else widened_bias[block]
        )
    return output


class _WidenedProduct(torch.autograd.Function):
    """A frozen linear layer's product; only the bf16 weight is kept for the backward pass."""

    @staticmethod
    def forward(ctx: Any, inputs: torch.Tensor, weight: torch.Tensor, bias: torch.Tensor | None) -> torch.Tensor:
        ctx.save_for_backward(weight)
        return _widened_linear(inputs, weight, bias)

    @staticmethod
    @once_differentiable
    def backward(ctx: Any, upstream: torch.Tensor) -> tuple[torch.Tensor, None, None]:
        (weight,) = ctx.saved_tensors
        return times_weight(upstream, weight, upstream.dtype), None, None


class HeldLinear(torch.nn.Linear):
    """A frozen `nn.Linear` whose weight is held in bf16 and multiplied in its
    input's dtype. Still an `nn.Linear`, so PEFT wraps it in a LoRA layer as
    it would the original, and Opacus, which hooks trainable layers only,
    leaves it alone."""

    def forward(self, inputs: torch.Tensor) -> torch.Tensor:
        if self.weight.requires_grad or (self.bias is not None and self.bias.requires_grad):
            raise RuntimeError("HeldLinear is for frozen weights: a trainable one would get no gradient")
        if not _widens(self.weight, inputs.dtype):
            return super().forward(inputs)
        if torch.is_grad_enabled() and inputs.requires_grad:
            output: torch.Tensor = _WidenedProduct.apply(inputs, self.weight, self.bias)  # type: ignore[no-untyped-call]
            return output
        return _widened_linear(inputs, self.weight, self.bias)


def hold_frozen_linears(model: torch.nn.Module) -> int:
    """Freeze every linear layer of `model` and make it a `HeldLinear`; how
    many were changed. For a base model loaded in bf16 whose LoRA layers are
    added afterwards (those stay trainable `nn.Linear`s in fp32).

    The class is changed in place rather than the module replaced: the
    output head shares the input embeddings' weight, and a new module would
    have to be tied to it again."""
    changed = 0
    for module in model.modules():
        if type(module) is torch.nn.Linear:
            module.requires_grad_(False)
            module.__class__ = HeldLinear
            changed += 1
    return changed
