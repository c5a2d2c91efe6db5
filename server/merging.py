"""Averaging adapter updates.

Under FFA-LoRA only B travels and A is identical everywhere, so the weighted
mean of the B's is exactly the mean of the low-rank updates. Under plain FedAvg
A and B are averaged separately, which is the common approximation.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

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
        key: sum(u[key].astype(np.float64) * (w / total) for u, w in zip(updates, weights)).astype(
            updates[0][key].dtype
        )
        for key in updates[0]
    }
