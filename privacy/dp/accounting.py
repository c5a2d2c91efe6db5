"""Privacy accounting from mechanism parameters alone.

Both sides use this: the node to plan its noise before a round, the aggregator
to recompute a node's cumulative ε from the parameters it reported (it never
trusts the node's own ε), and the audit to re-derive every ledger entry.
A mechanism is one DP-SGD run: (noise multiplier σ, sample rate q, steps).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from types import ModuleType

import numpy as np

Mechanism = tuple[float, float, int]


@lru_cache(maxsize=1)
def _opacus() -> tuple[ModuleType, list[float]]:
    """Opacus's RDP analysis and its default orders, imported on first use:
    importing Opacus loads torch (~2.5 s), which every CLI command that only
    reads the ledger (audit, nodes, train) would otherwise pay at start."""
    from opacus.accountants import RDPAccountant
    from opacus.accountants.analysis import rdp

    return rdp, list(RDPAccountant.DEFAULT_ALPHAS)


@lru_cache(maxsize=4096)
def _rdp_per_step(noise_multiplier: float, sample_rate: float) -> np.ndarray:
    rdp, orders = _opacus()
    return np.asarray(rdp.compute_rdp(q=sample_rate, noise_multiplier=noise_multiplier, steps=1, orders=orders))


def epsilon(history: Sequence[Mechanism], delta: float) -> float:
    """Cumulative ε of a sequence of Poisson-subsampled Gaussian mechanisms.

    The same computation as Opacus's RDPAccountant (same orders, RDP summed
    over mechanisms), but the per-step RDP of each (σ, q) is computed once and
    scaled by the steps: RDP is linear in steps. The aggregator and the audit
    recompute whole histories every round, which took ~30 ms per mechanism.
    """
    if not history:
        return 0.0
    total = sum(_rdp_per_step(float(s), float(q)) * int(n) for s, q, n in history)
    rdp, orders = _opacus()
    eps, _ = rdp.get_privacy_spent(orders=orders, rdp=total, delta=delta)
    return float(eps)


def plan_noise(
    history: Sequence[Mechanism],
    sample_rate: float,
    steps: int,
    delta: float,
    max_epsilon: float,
    min_noise: float,
) -> float | None:
    """The smallest σ ≥ `min_noise` that keeps cumulative ε within `max_epsilon`
    after `steps` more steps at `sample_rate`, or None when no σ can.

    Opacus's `get_noise_multiplier` searches σ for a fresh budget, and RDP
    budgets do not subtract: "what is left" is not an ε one can hand it. So we
    bisect over the composed history with the same accountant instead.
    """
    if epsilon([*history, (min_noise, sample_rate, steps)], delta) <= max_epsilon:
        return min_noise
    if epsilon(history, delta) >= max_epsilon:
        return None
    low, high = min_noise, max(2 * min_noise, 1.0)
    while epsilon([*history, (high, sample_rate, steps)], delta) > max_epsilon:
        low, high = high, high * 2
        if high > 1e4:
            return None
    for _ in range(25):
        middle = (low + high) / 2
        if epsilon([*history, (middle, sample_rate, steps)], delta) > max_epsilon:
            low = middle
        else:
            high = middle
    return high
