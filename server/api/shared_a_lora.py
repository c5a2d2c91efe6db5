"""A mixed batch's LoRA deltas in two products per layer when every adapter shares A.

Under FFA-LoRA, the default strategy, A is frozen at the run's seed: every
cohort's adapter has the same A and differs in B only. PEFT's mixed batch
(`adapter_names`) runs each layer's two products once per cohort present, on
that cohort's rows, and registers and removes a pre-hook on every LoRA layer
on every forward; at 8 rows over three cohorts that was 11–16% of a decoding
step on top of the base model (docs/BENCHMARKS.md). With A shared, row i's
delta is s_i·(x_i·Aᵀ)·B_iᵀ: one product with A for every row and one batched
product with each row's own B, gathered from a stack per layer that is built
once per set of installed adapters. A forward hook registered once per LoRA
layer adds it while PEFT's own adapter path is switched off for the step.

The result is PEFT's up to the order of float sums (tests compare logits).
Where the adapters do not share A (`fedavg` rounds), hold a LoRA variant
(DoRA), a bias on B, modules saved whole or trained token rows, or a layer
lacks one of them, `batch` hands back PEFT's `adapter_names` and nothing of
this runs. One decoder at a time may use a model: the switch it flips is the
layers' own.
"""

from __future__ import annotations

import logging
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import torch
from peft import LoraConfig, PeftModel
from peft.tuners.lora import Linear as LoraLinear
from torch.utils.hooks import RemovableHandle

from server.api.adapter_pool import PEFT_BASE_ROW

log = logging.getLogger("netgpt.serve")


@dataclass(frozen=True)
class _Stack:
    """One layer's shared A and every adapter's scaled B, row 0 the base model's (zeros)."""

    a: torch.Tensor
    """(r, in)"""
    b: torch.Tensor
    """(adapters + 1, r, out): Bᵀ times the adapter's scaling."""


@dataclass(frozen=True)
class _Stacks:
    names: tuple[str, ...]
    """The adapters the stacks were built from; a row's index is its position + 1."""
    layers: dict[LoraLinear, _Stack]

    @property
    def device(self) -> torch.device:
        return next(iter(self.layers.values())).b.device

    def index(self, name: str) -> int:
        return 0 if name == PEFT_BASE_ROW else self.names.index(name) + 1


class SharedALoRA:
    """Per-row adapters for the served PeftModel, by shared A when it can."""

    def __init__(self) -> None:
        self._built_for: tuple[PeftModel, tuple[str, ...]] | None = None
        self._stacks: _Stacks | None = None
        self._rows: torch.Tensor | None = None
        self._hooked: dict[LoraLinear, RemovableHandle] = {}

    @contextmanager
    def batch(self, model: Any, names: list[str]) -> Iterator[dict[str, Any]]:
        """The keyword arguments for one forward pass whose row i uses adapter
        `names[i]` (`PEFT_BASE_ROW`: none). Inside the block the shared-A
        path is on, and the arguments are empty; where it cannot serve these
        adapters they are PEFT's `adapter_names`. The caller holds the model
        still (the adapter pool's decoding gate) for the whole block."""
        if not isinstance(model, PeftModel):
            yield {}
            return
        stacks = self._current(model)
        if stacks is None:
            yield {"adapter_names": names}
            return
        layers = list(stacks.layers)
        if any(layer.disable_adapters for layer in layers):  # someone switched the adapters off: PEFT's call
            yield {"adapter_names": names}
            return
        self._rows = torch.tensor([stacks.index(name) for name in names], dtype=torch.long, device=stacks.device)
        # PEFT's public switch (`enable_adapters`) re-runs `set_adapter` on
        # every layer, which flips `requires_grad` on every adapter's weights:
        # per step, for nothing. The flag it sets is all its forward reads.
        for layer in layers:
            layer._disable_adapters = True
        try:
            yield {}
        finally:
            for layer in layers:
                layer._disable_adapters = False
            self._rows = None

    def close(self) -> None:
        """Take the hooks off the model's layers (one decoder per model at a time)."""
        for handle in self._hooked.values():
            handle.remove()
        self._hooked.clear()
        self._built_for, self._stacks = None, None

    def _current(self, model: PeftModel) -> _Stacks | None:
        """The stacks for the adapters installed now, rebuilt when they changed
        (an install adds an adapter under a name never used before)."""
        names = tuple(name for name in model.peft_config if name != PEFT_BASE_ROW)
        if self._built_for is None or self._built_for[0] is not model or self._built_for[1] != names:
            self._built_for = (model, names)
            try:
                self._stacks = _build(model, names)  # None, too, holds until the adapters change
            except Exception as error:  # PEFT's own path still serves them
                log.error("per-row adapters by the shared A are off for these adapters (%s)", type(error).__name__)
                self._stacks = None
            if self._stacks is not None:
                for layer in self._stacks.layers:
                    if layer not in self._hooked:
                        self._hooked[layer] = layer.register_forward_hook(self._add_delta)
        return self._stacks

    def _add_delta(self, layer: torch.nn.Module, args: tuple[Any, ...], output: torch.Tensor) -> torch.Tensor | None:
        rows, stacks = self._rows, self._stacks
        if rows is None or stacks is None or not isinstance(layer, LoraLinear):
            return None
        stack = stacks.layers[layer]
        x = args[0]
        shared = (x.to(stack.a.dtype) @ stack.a.T).reshape(x.shape[0], -1, stack.a.shape[0])
        delta = torch.bmm(shared, stack.b[rows])
        return output + delta.reshape(output.shape).to(output.dtype)


def _build(model: PeftModel, names: tuple[str, ...]) -> _Stacks | None:
    """Every LoRA layer's stack, or None when these adapters cannot take the shared-A path."""
    if not names or not all(_plain_config(model.peft_config[name]) for name in names):
        return None
    layers: dict[LoraLinear, _Stack] = {}
    for module in model.modules():
        if not hasattr(module, "lora_A"):
            continue
        if not isinstance(module, LoraLinear) or not _plain(module, names):
            return None
        first = _weight(module.lora_A[names[0]])
        if any(not torch.equal(_weight(module.lora_A[name]), first) for name in names[1:]):
            return None
        scaled = [_weight(module.lora_B[name]).T * module.scaling[name] for name in names]
        b = torch.stack([torch.zeros_like(scaled[0]), *scaled]).detach().contiguous()
        layers[module] = _Stack(first.detach(), b)
    return _Stacks(names, layers) if layers else None


def _weight(linear: torch.nn.Module) -> torch.Tensor:
    weight = linear.weight
    if not isinstance(weight, torch.Tensor):
        raise TypeError(f"a LoRA factor without a weight tensor: {type(linear).__name__}")
    return weight


def _plain_config(config: Any) -> bool:
    """A LoRA adapter and nothing besides: no whole modules saved with it
    (`modules_to_save`), no trained token rows, which only PEFT's path applies."""
    return (
        isinstance(config, LoraConfig)
        and not config.modules_to_save
        and not getattr(config, "trainable_token_indices", None)
    )


def _plain(module: LoraLinear, names: tuple[str, ...]) -> bool:
    """Whether the layer holds every adapter as plain LoRA: no variant, no bias on B."""
    return all(
        name in module.lora_A
        and name not in module.lora_variant
        and module.lora_B[name].bias is None
        for name in names
    )
