"""Gradient canaries: records that are a per-sample gradient, not a text.

Steinke, Nasr & Jagielski's white-box setting: a canary is a Dirac vector,
one coordinate of the trainable adapter weights with a random sign, given to
DP-SGD as a record's per-sample gradient (`client.trainer.train_dp`'s
`gradient_records`). Opacus samples it at the records' rate q, clips it to C
with them, and adds the same noise; nothing about the mechanism changes, so
the claimed ε is the run's own. What it removes is everything that hid a text
canary (`privacy.audit.canaries`): no model has to memorize it, and its part
of the update sits in a coordinate no other canary shares.

Every canary is a record, included or not: the one-run theorem needs one
fixed mechanism whose only difference between "in" and "out" is each
canary's own contribution. Were only the included canaries records, the
record count N, and with it q = 1/⌈N/B⌉, the steps and the σ planned for them,
would follow the coins. An excluded canary's per-sample gradient is zero
instead: clipping keeps it zero, so it adds exactly nothing to the clipped
sum, and the sum is divided by the fixed batch size B, not by the records
drawn; "out" is its contribution removed (the add/remove neighbour the
accountant covers), while N, q, the steps and σ stay the same whatever the coins.

The score is the move of that coordinate from the initial adapter (public)
to the final one, against the canary's direction: threat model white-box,
the initial and the final adapter. Post-processing of the training's output,
so the one-run bound (`privacy.audit.bound`) holds for it as for any score.
"""

from __future__ import annotations

import random
import secrets
from dataclasses import dataclass

import numpy as np
import torch

from privacy.audit.canaries import INCLUSION_PROBABILITY

NORM_OVER_CLIP = 10.0
"""A canary's norm, in units of the clipping norm C. Above 1 so that clipping
is what bounds it: if Opacus stopped clipping, the canaries would move their
coordinates ten times as far and ε̂ would exceed the claimed ε."""


@dataclass(frozen=True)
class GradientCanaries:
    """`coordinates[k]` (distinct, into the flat trainable weights) and
    `signs[k]` (±1) are canary k's direction; `included[k]` its coin: an
    excluded canary is still a record, one whose gradient is zero."""

    coordinates: tuple[int, ...]
    signs: tuple[int, ...]
    included: tuple[bool, ...]
    dimensions: int
    norm: float

    def __len__(self) -> int:
        return len(self.coordinates)

    def rows(self, drawn: torch.Tensor) -> torch.Tensor:
        """The per-sample gradients of canaries `drawn` (indices), one flat
        row each: for an included canary `norm` times its sign at its
        coordinate, zero elsewhere; for an excluded one zero throughout."""
        index = drawn.long()
        rows = torch.zeros(len(index), self.dimensions)
        coordinates = torch.tensor(self.coordinates)[index]
        signs = torch.tensor(self.signs, dtype=rows.dtype)[index]
        inside = torch.tensor(self.included, dtype=rows.dtype)[index]
        rows[torch.arange(len(index)), coordinates] = signs * inside * self.norm
        return rows

    def scores(self, update: torch.Tensor) -> np.ndarray:
        """Each canary's coordinate of `update` (final minus initial adapter,
        flat), times its sign. SGD moves against the gradient, so a canary
        trained on pushed its coordinate toward −sign: lower is "more likely
        trained on", as for the other scores."""
        moved = update.double()[torch.tensor(self.coordinates, dtype=torch.long)]
        scores: np.ndarray = (moved * torch.tensor(self.signs, dtype=torch.float64)).numpy()
        return scores


def draw_gradient_canaries(
    count: int, dimensions: int, max_grad_norm: float, seed: int | None = None
) -> GradientCanaries:
    """`count` canaries on distinct coordinates of `dimensions` trainable
    weights, random signs, norm NORM_OVER_CLIP·C, each included with
    probability ½. Without a seed everything comes from the OS, as for text canaries."""
    if not 0 < count <= dimensions:
        raise ValueError(f"{count} gradient canaries need as many of the {dimensions} trainable weights")
    rng: random.Random = random.Random(seed) if seed is not None else secrets.SystemRandom()
    coordinates = tuple(rng.sample(range(dimensions), count))
    signs = tuple(rng.choice((-1, 1)) for _ in range(count))
    included = tuple(rng.random() < INCLUSION_PROBABILITY for _ in range(count))
    return GradientCanaries(coordinates, signs, included, dimensions, NORM_OVER_CLIP * max_grad_norm)
