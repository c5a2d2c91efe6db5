"""Opacus's PrivacyEngine with its randomness taken from the OS, not the global RNG.

Without `secure_mode` (which needs the unavailable torchcsprng, see
`secure_noise`) Opacus draws both random parts of DP-SGD from PyTorch's global
generator: anyone who knows the process's seed (a test, a library that seeds
for reproducibility) knows the noise and which records each step sampled.
This engine changes only where the randomness comes from: the noise is
`secure_noise`'s, the Poisson sampler gets a generator of its own seeded from
`os.urandom`. Clipping, scaling and the accountant's charge stay Opacus's own.
"""

from __future__ import annotations

import os
import warnings
from typing import Any

import torch
from opacus import PrivacyEngine
from opacus.optimizers import DPOptimizer
from opacus.optimizers.optimizer import _check_processed_flag, _mark_as_processed

from privacy.dp import secure_noise


def os_seeded_generator() -> torch.Generator:
    """A generator of its own with a 64-bit seed from the OS, for the Poisson sampler.

    Not a CSPRNG, but no observer sees its output: the batches it picks reach
    the outside only through noised updates, so guessing them means searching
    2^64 seeds against that noise. Its uniforms are compared with q, which
    float32 resolution serves; the noise, whose low bits are exposed, does
    not come from here.
    """
    return torch.Generator().manual_seed(int.from_bytes(os.urandom(8), "little"))


# Opacus ships no type information, so its classes are Any to mypy.
class SecureNoiseDPOptimizer(DPOptimizer):  # type: ignore[misc]
    """Opacus's DPOptimizer with the Gaussian drawn by `secure_noise`."""

    def add_noise(self) -> None:
        """Opacus's own `add_noise`, the noise source swapped: Opacus passes a
        torch.Generator to `torch.normal`, which no CSPRNG can stand in for."""
        std = self.noise_multiplier * self.max_grad_norm
        for param in self.params:
            _check_processed_flag(param.summed_grad)
            param.grad = secure_noise.noised(param.summed_grad, std).view_as(param)
            _mark_as_processed(param.summed_grad)


class SecurePrivacyEngine(PrivacyEngine):  # type: ignore[misc]
    """`make_private` as Opacus's, with OS randomness for the noise and the sampling."""

    def __init__(self, *, accountant: str = "prv") -> None:
        with warnings.catch_warnings():
            # Opacus warns that its secure RNG is off; this engine is the replacement.
            warnings.filterwarnings("ignore", message="Secure RNG turned off")
            super().__init__(accountant=accountant, secure_mode=False)
        # Opacus hands `secure_rng` to the Poisson sampler it builds; the noise
        # would read it only in Opacus's own secure mode, which stays off.
        self.secure_rng = os_seeded_generator()

    def _prepare_optimizer(self, **kwargs: Any) -> SecureNoiseDPOptimizer:
        """Let Opacus choose and build the optimizer, then rebuild it with the secure
        noise; refuse the variants (per-layer, adaptive, distributed, ghost clipping)
        whose own noise code this class does not replace."""
        if kwargs.get("noise_generator") is not None:
            raise ValueError("the noise comes from the OS; a generator would make it reproducible")
        built = super()._prepare_optimizer(**kwargs)
        if type(built) is not DPOptimizer:
            raise ValueError(f"secure noise replaces DPOptimizer's only, not {type(built).__name__}'s")
        return SecureNoiseDPOptimizer(
            built.original_optimizer,
            noise_multiplier=built.noise_multiplier,
            max_grad_norm=built.max_grad_norm,
            expected_batch_size=built.expected_batch_size,
            loss_reduction=built.loss_reduction,
        )
