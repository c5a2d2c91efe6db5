"""Combining adapter updates into the merged adapter.

Everything is done on each node's change to the adapter it was sent (its
delta), in float64, and the result is cast back to the dtype of the adapter
sent: a node's float16 reply must not make the merged adapter float16.

Every delta is first clipped to `max_update_norm`, so that no node moves the
merge further than that, whatever it sends; a robust rule then limits what a
few hostile nodes can do together. Under FFA-LoRA only B travels and A is
identical everywhere, so a mean of the B's is exactly the mean of the low-rank
updates; under plain FedAvg A and B are combined separately, which is the
common approximation.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from functools import reduce
from typing import Literal

import numpy as np
from flwr.server.strategy.aggregate import aggregate_krum, aggregate_median, aggregate_trimmed_avg

Robust = Literal["none", "trimmed_mean", "median", "krum"]
Tensors = dict[str, np.ndarray]


def delta(update: Mapping[str, np.ndarray], sent: Mapping[str, np.ndarray]) -> Tensors:
    """What the node changed, in float64."""
    return {key: update[key].astype(np.float64) - sent[key].astype(np.float64) for key in sent}


def norm(tensors: Mapping[str, np.ndarray]) -> float:
    """L2 norm over all tensors together."""
    return math.sqrt(sum(float(np.sum(np.square(t, dtype=np.float64))) for t in tensors.values()))


def clip(deltas: Mapping[str, np.ndarray], max_norm: float) -> Tensors:
    """`deltas` scaled down to L2 norm `max_norm` when longer, else as they are."""
    length = norm(deltas)
    scale = min(1.0, max_norm / length) if length > 0 else 1.0
    return {key: value * scale for key, value in deltas.items()}


def applied(sent: Mapping[str, np.ndarray], combined: Mapping[str, np.ndarray]) -> Tensors:
    """The adapter sent, moved by `combined`, in the sent adapter's dtype."""
    return {key: (base.astype(np.float64) + combined[key]).astype(base.dtype) for key, base in sent.items()}


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


def combine(
    deltas: Sequence[Mapping[str, np.ndarray]], weights: Sequence[int], robust: Robust, hostile_fraction: float
) -> Tensors:
    """One delta from many, by the policy's rule.

    Flower's own aggregation functions do the robust rules (they take ordered
    lists of arrays, hence the keys' fixed order). The median and the trimmed
    mean are coordinate-wise and unweighted in Flower, and stay so: a weight
    would let a node that claims many records move the median. Krum keeps the
    n - f updates closest to their neighbours (Multi-Krum, f the hostile share
    of n, rounded down) and averages them with their weights; with f = 0 it is
    the plain weighted mean.
    """
    if robust == "none":
        return weighted_mean(deltas, weights)
    keys = sorted(deltas[0])
    results = [([d[key] for key in keys], w) for d, w in zip(deltas, weights, strict=True)]
    if robust == "median":
        combined = aggregate_median(results)
    elif robust == "trimmed_mean":
        combined = aggregate_trimmed_avg(results, proportiontocut=hostile_fraction)
    else:
        hostile = int(hostile_fraction * len(results))
        combined = aggregate_krum(results, num_malicious=hostile, to_keep=len(results) - hostile)
    return {key: np.asarray(value, np.float64) for key, value in zip(keys, combined, strict=True)}
