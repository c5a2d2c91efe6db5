"""Client-level (user-level) DP for the merged adapter: DP-FedAvg with a
fixed denominator (McMahan et al., ICLR 2018, "Learning differentially private
recurrent language models").

The unit is one node's whole contribution to a round, present or absent
(add/remove adjacency, the same as Opacus's record-level accounting, with the
enrollment list public). Each change is clipped to L2 norm C, so the sum moves
by at most C when one node is added or removed; Gaussian noise of std σ·C is
added to the sum, and the noisy sum is divided by the number of nodes enrolled
for the release (public before the round, not the number whose updates were
accepted). Dividing by the accepted count instead made the noise std σ·C/n,
which told an observer n, and gave the release a sensitivity of 2C/n under
replacement that the accounting did not cover. The price is a mean that
shrinks towards zero when enrolled nodes drop out.

Each node is in at most two releases per round (the global adapter and its
region's), so a round costs the federation at most two Gaussian mechanisms of
multiplier σ without sampling amplification (every enrolled node is asked).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np

from privacy.dp.accounting import Mechanism, epsilon
from privacy.dp.secure_noise import gaussian
from server.merging import Tensors, clip

MAX_RELEASES_PER_ROUND = 2
"""The global adapter and one region cohort's: the most releases one node is in per round."""


def noisy_mean(
    changes: Sequence[Mapping[str, np.ndarray]],
    like: Mapping[str, np.ndarray],
    clipping_norm: float,
    noise_multiplier: float,
    denominator: int,
) -> Tensors:
    """(Σ clip(change, C) + N(0, (σC)²)) / denominator, in float64.

    `denominator` must not depend on which updates arrived: it is what keeps
    one node's influence at C/denominator whatever the others did. The noise
    comes from the same CSPRNG as the nodes' DP-SGD noise (`secure_noise`).
    The keys and shapes are `like`'s, so that a release with no update (no
    node of the cohort answered) is noise alone, as it must be.
    """
    if denominator < max(len(changes), 1):
        raise ValueError(f"denominator {denominator} is below the {len(changes)} updates it divides")
    clipped = [clip(change, clipping_norm) for change in changes]
    std = noise_multiplier * clipping_norm
    return {
        key: (sum((c[key] for c in clipped), np.zeros(shape.shape)) + gaussian(shape.shape, std).numpy())
        / denominator
        for key, shape in like.items()
    }


def affordable_releases(
    history: Sequence[Mechanism], noise_multiplier: float, delta: float, cap: float, wanted: int
) -> int:
    """How many of `wanted` releases this round keep the federation's ε within
    `cap` (all of them, fewer, or none)."""
    for count in range(wanted, 0, -1):
        if epsilon([*history, (noise_multiplier, 1.0, count)], delta) <= cap:
            return count
    return 0
