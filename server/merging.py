"""Averaging adapter updates.

Under FFA-LoRA only B travels and A is identical everywhere, so the weighted
mean of the B's is exactly the mean of the low-rank updates. Under plain FedAvg
A and B are averaged separately, which is the common approximation.
"""

from __future__ import annotations

import operator
from collections.abc import Mapping, Sequence
from functools import reduce

import numpy as np


def weighted_mean(
    updates: Sequence[Mapping[str, np.ndarray]], weights: Sequence[float]
) -> dict[str, np.ndarray]:
    if not updates:
        raise ValueError("nothing to merge")
    if len(updates) != len(weights):
        raise ValueError("one weight per update is required")
    total = float(sum(weights))
    if total <= 0:
        raise ValueError("weights must sum to a positive number")
    return {
        key: reduce(
            operator.add,
            (u[key].astype(np.float64) * (w / total) for u, w in zip(updates, weights, strict=True)),
        ).astype(updates[0][key].dtype)
        for key in updates[0]
    }


def clipped_noisy_mean(
    updates: Sequence[Mapping[str, np.ndarray]],
    sent: Mapping[str, np.ndarray],
    clipping_norm: float,
    noise_multiplier: float,
    rng: np.random.Generator,
) -> dict[str, np.ndarray]:
    """Client-level DP merge (DP-FedAvg): clip each node's change to the model it
    was sent to L2 norm `clipping_norm`, average uniformly, and add Gaussian
    noise of std σ·C/n, so that any one node's influence is bounded and hidden.

    Uniform weights are required: weighting by record counts would let one node
    move the mean by more than C/n.
    """
    if not updates:
        raise ValueError("nothing to merge")
    count = len(updates)
    clipped = []
    for update in updates:
        deltas = {k: update[k].astype(np.float64) - sent[k].astype(np.float64) for k in update}
        norm = float(np.sqrt(sum(float(np.sum(d * d)) for d in deltas.values())))
        scale = min(1.0, clipping_norm / norm) if norm > 0 else 1.0
        clipped.append({k: d * scale for k, d in deltas.items()})
    std = noise_multiplier * clipping_norm / count
    merged = {}
    for key, base in sent.items():
        mean = sum(c[key] for c in clipped) / count
        noisy = base.astype(np.float64) + mean + rng.normal(0.0, std, size=base.shape)
        merged[key] = noisy.astype(base.dtype)
    return merged
