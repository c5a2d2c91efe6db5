"""Gaussian noise from a CSPRNG keyed by the operating system.

A DP guarantee holds only if the noise is unpredictable to the observer.
PyTorch's generator is a Mersenne Twister: its output is a linear function of
its state, and the global one is reproducible by anyone who knows (or sets)
the seed. Opacus's answer, `secure_mode`, needs torchcsprng, which has no
build for this torch and Python (its last release targets torch 1.8). So the
bits are ChaCha20 keystream under a fresh 256-bit key from `os.urandom` for
every draw (the construction of the kernel's own CSPRNG, nothing kept in this
process to leak or seed), and they are shaped into Gaussians here.

The shaping follows Opacus's secure mode against the floating-point attacks
on Gaussian samplers (Jin et al. 2021, arXiv:2112.05307; Holohan & Braghin
2021, arXiv:2107.10138 §5.1): each value is the sum of four Gaussians halved,
drawn and summed in float64, and `noised` adds it to the clipped sum in
float64 before rounding once to the sum's dtype, so the 53-bit noise leaves no
gaps on the coarser fp32 grid an observer sees. (Opacus draws its four in
float32; it also discards one sample to misalign a PRNG's state, which has no
meaning for a CSPRNG.) Uniforms lie on a 2^-53 grid inside (0, 1), so a
standard Gaussian is cut at |z| ≈ 8.65: each value is within total variation
2e-17 of the exact Gaussian.
"""

from __future__ import annotations

import math
import os

import numpy as np
import numpy.typing as npt
import torch
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms

_BITS = 53  # float64's significand: every uniform is exactly representable
_SUMMED = 4  # Gaussians per value, as in Opacus's secure mode

# The arithmetic is numpy's, single-threaded, rather than torch's: on a loaded
# 2-core machine torch's intra-op thread pool made Box–Muller for the default
# adapter 5x slower than one thread did (240 vs 49 ms), and the trainer does
# not own torch's thread count; numpy's cost does not depend on it.


def random_bytes(count: int) -> bytes:
    """`count` bytes from a CSPRNG: ChaCha20's keystream under a key drawn from the
    OS for this call alone, so the all-zero nonce never repeats with a key.
    Reading megabytes from os.urandom itself took 3-10x longer (measured)."""
    encryptor = Cipher(algorithms.ChaCha20(os.urandom(32), bytes(16)), mode=None).encryptor()
    return encryptor.update(bytes(count))


def uniform(count: int) -> npt.NDArray[np.float64]:
    """`count` float64 uniforms on the midpoints of a 2^-53 grid: strictly inside
    (0, 1), so Box–Muller's logarithm is always finite."""
    words = np.frombuffer(random_bytes(8 * count), dtype=np.uint64)
    return ((words >> np.uint64(64 - _BITS)).astype(np.float64) + 0.5) * 2.0**-_BITS


def standard_normal(count: int) -> npt.NDArray[np.float64]:
    """`count` float64 draws of N(0, 1) by Box–Muller, both of each pair used."""
    pairs = (count + 1) // 2
    both = uniform(2 * pairs)
    radius = np.sqrt(-2.0 * np.log(both[:pairs]))
    angle = (2.0 * math.pi) * both[pairs:]
    return np.concatenate((radius * np.cos(angle), radius * np.sin(angle)))[:count]


def gaussian(shape: torch.Size | tuple[int, ...], std: float) -> torch.Tensor:
    """float64 noise of N(0, std²) per element, each the halved sum of four draws."""
    count = math.prod(shape)
    summed = standard_normal(_SUMMED * count).reshape(_SUMMED, count).sum(axis=0)
    return torch.from_numpy(summed * (std / math.sqrt(_SUMMED))).view(shape)


def noised(value: torch.Tensor, std: float) -> torch.Tensor:
    """`value` + N(0, std²) noise, added in float64 and rounded once to `value`'s dtype."""
    if std == 0:
        return value.clone()
    noise = gaussian(value.shape, std).to(value.device)
    return (value.to(torch.float64) + noise).to(value.dtype)
