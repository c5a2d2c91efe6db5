"""Privacy accounting from mechanism parameters alone.

Both sides use this: the node to plan its noise before a round, the aggregator
to recompute a node's cumulative ε from the parameters it reported (it never
trusts the node's own ε), and the audit to re-derive every ledger entry.
A mechanism is one DP-SGD run: (noise multiplier σ, sample rate q, steps).

ε is reported with the PRV accountant (Gopi et al., numerical composition of
privacy loss random variables, as Opacus implements it): RDP's conversion to
(ε, δ) overstates ε by 12–20% for our mechanisms, which a node would pay for in
rounds. PRV's answer is an upper bound (its estimate plus its error bound, at
δ less its δ error), so a cap enforced on it still holds. RDP stays as the
independent cross-check: both bound the same true ε, so PRV's lower bound can
never exceed RDP's ε unless one of them is wrong.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache
from types import ModuleType
from typing import Literal

import numpy as np

Mechanism = tuple[float, float, int]
Accountant = Literal["rdp", "prv"]
ACCOUNTANTS: tuple[Accountant, ...] = ("rdp", "prv")
REPORTED: Accountant = "prv"
"""The accountant every reported, capped and recorded ε comes from."""
PRV_EPS_ERROR = 0.01
"""PRV's ε error (Opacus's default): its bound is estimate + this, so a finer
error would tighten ε by at most this much at a cost that grows with 1/error."""
PRV_DELTA_ERROR_FRACTION = 1e-3
"""PRV's δ error as a fraction of δ (Opacus's default)."""
PRV_MAX_POINTS = 10_000_000
"""The largest discretization PRV is given (~80 MB an array; ~10^5 steps at
σ ≈ 1). Its size grows with √steps and with ε, so a history far beyond any
real training (or a report that lies about one) would otherwise take the
aggregator's memory; beyond it, ε is RDP's."""

CACHED_RESULTS = 2**16
"""How many ε results (`prv_bounds`) and per-(σ, q) RDP curves are kept.
Per reply the aggregator computes the node's total ε, new every round, and
its round's alone, which it asks for again in the node's next round
(`server.strategy`): between the two asks come two results per other node,
so at the old 1,024 every reply paid one more PRV computation (~0.1 s) beyond
~500 nodes a round, and at the old 4,096 curves one more RDP analysis
(~70 ms) per (σ, q) in its history beyond ~4,000. 2**16 lasts to ~30,000
nodes a round; full, the two take ~0.5 KB a result and ~1.4 KB a curve."""


@dataclass(frozen=True)
class PrvBounds:
    lower: float
    upper: float


@lru_cache(maxsize=1)
def _opacus() -> tuple[ModuleType, list[float]]:
    """Opacus's RDP analysis and its default orders, imported on first use:
    importing Opacus loads torch (~2.5 s), which every CLI command that only
    reads the ledger (audit, nodes, train) would otherwise pay at start."""
    from opacus.accountants import RDPAccountant
    from opacus.accountants.analysis import rdp

    return rdp, list(RDPAccountant.DEFAULT_ALPHAS)


@lru_cache(maxsize=1)
def _prv() -> ModuleType:
    from opacus.accountants.analysis import prv

    module: ModuleType = prv
    return module


@lru_cache(maxsize=CACHED_RESULTS)
def _rdp_per_step(noise_multiplier: float, sample_rate: float) -> np.ndarray:
    rdp, orders = _opacus()
    return np.asarray(rdp.compute_rdp(q=sample_rate, noise_multiplier=noise_multiplier, steps=1, orders=orders))


def canonical(history: Sequence[Mechanism]) -> tuple[Mechanism, ...]:
    """Equal (σ, q) merged by adding steps, sorted, spent steps only.

    Composition does not depend on order or grouping, but PRV's numerics do
    (FFT self-composition vs. pairwise convolution): every caller composing
    the same mechanisms must get the same bits, or the audit would find the
    aggregator's recorded ε off in its last digits.
    """
    steps: dict[tuple[float, float], int] = {}
    for sigma, rate, count in history:
        if int(count) > 0:
            key = (float(sigma), float(rate))
            steps[key] = steps.get(key, 0) + int(count)
    return tuple((sigma, rate, count) for (sigma, rate), count in sorted(steps.items()))


def epsilon(history: Sequence[Mechanism], delta: float, accountant: Accountant = REPORTED) -> float:
    """Cumulative ε of a sequence of Poisson-subsampled Gaussian mechanisms."""
    mechanisms = canonical(history)
    if not mechanisms:
        return 0.0
    if any(sigma <= 0 for sigma, _, _ in mechanisms):
        return math.inf  # a step without noise releases the gradient itself
    if accountant == "rdp":
        return rdp_epsilon(mechanisms, delta)
    if accountant == "prv":
        bounds = _prv_or_none(mechanisms, delta)
        return rdp_epsilon(mechanisms, delta) if bounds is None else bounds.upper
    raise ValueError(f"unknown accountant {accountant!r}; expected one of {ACCOUNTANTS}")


def rdp_epsilon(history: Sequence[Mechanism], delta: float) -> float:
    """ε by Opacus's RDPAccountant (same orders, RDP summed over mechanisms).

    The per-step RDP of each (σ, q) is computed once and scaled by the steps:
    RDP is linear in steps. The aggregator and the audit recompute whole
    histories every round, which took ~30 ms per mechanism.
    """
    if not history:
        return 0.0
    total = sum(_rdp_per_step(float(s), float(q)) * int(n) for s, q, n in history)
    rdp, orders = _opacus()
    eps, _ = rdp.get_privacy_spent(orders=orders, rdp=total, delta=delta)
    return float(eps)


@lru_cache(maxsize=CACHED_RESULTS)
def prv_bounds(history: tuple[Mechanism, ...], delta: float) -> PrvBounds:
    """PRV's lower and upper bounds on ε, exactly as Opacus's PRVAccountant
    computes its upper one (tests hold the two equal).

    Opacus spends ~95% of a call re-deriving RDP to size the discretization
    domain; here that RDP comes from the per-(σ, q) cache, which takes a call
    from ~1 s to ~0.1 s and lets the planner bisect over σ.
    """
    prv = _prv()
    delta_error = delta * PRV_DELTA_ERROR_FRACTION
    total_steps = sum(steps for _, _, steps in history)
    # The domain must hold all but δ_error/4 of the composed privacy loss and
    # all but δ_error/(8·steps) of each single step's (Gopi et al., remark 5.6).
    reach = max(
        rdp_epsilon(history, delta_error / 4),
        *(rdp_epsilon([(sigma, rate, 1)], delta_error / (8 * total_steps)) for sigma, rate, _ in history),
    )
    half_width = max(reach, PRV_EPS_ERROR) + 3
    mesh = PRV_EPS_ERROR / math.sqrt(total_steps * math.log(12 / delta_error) / 2)
    if 2 * half_width / mesh > PRV_MAX_POINTS:
        raise RuntimeError(f"PRV would need {2 * half_width / mesh:.3g} points")
    domain = prv.Domain.create_aligned(-half_width, half_width, mesh)
    with np.errstate(divide="ignore", invalid="ignore"):
        # q = 1 puts the loss's support edge at log(0); NumPy warns, the values are right.
        discrete = [
            prv.discretize(
                prv.TruncatedPrivacyRandomVariable(
                    prv.PoissonSubsampledGaussianPRV(rate, sigma), domain.t_min, domain.t_max
                ),
                domain,
            )
            for sigma, rate, _ in history
        ]
        composed = prv.compose_heterogeneous(discrete, [steps for _, _, steps in history])
        lower, _, upper = composed.compute_epsilon(delta, delta_error, PRV_EPS_ERROR)
    return PrvBounds(float(lower), float(upper))


def _prv_or_none(history: tuple[Mechanism, ...], delta: float) -> PrvBounds | None:
    """PRV's bounds, or None where its discretization cannot resolve ε (Opacus
    raises RuntimeError or ValueError) or would be too large; ε then falls back to RDP's
    bound, looser but as sound, and deterministic, so the audit re-derives
    the same figure."""
    try:
        return prv_bounds(history, delta)
    except (RuntimeError, ValueError):  # ValueError: a grid too coarse for a tiny δ
        return None


def cross_check(history: Sequence[Mechanism], delta: float) -> str:
    """Why PRV and RDP disagree on `history`, or "" when they agree: both
    bound the same ε, so PRV's lower bound above RDP's ε means one is wrong."""
    mechanisms = canonical(history)
    if not mechanisms:
        return ""
    bounds = _prv_or_none(mechanisms, delta)
    rdp = rdp_epsilon(mechanisms, delta)
    if bounds is not None and bounds.lower > rdp * (1 + 1e-9):
        return (
            f"PRV puts ε at least {bounds.lower:.6g} (reported {bounds.upper:.6g}) but RDP bounds it "
            f"by {rdp:.6g}: one accountant is wrong"
        )
    return ""


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

    Opacus's `get_noise_multiplier` searches σ for a fresh budget, and ε
    budgets do not subtract: "what is left" is not an ε one can hand it. So we
    bisect over the composed history with the same accountant instead, to a
    relative precision of 1e-3 in σ (ε moves far less than PRV's own error).
    """
    def fits(sigma: float) -> bool:
        return epsilon([*history, (sigma, sample_rate, steps)], delta) <= max_epsilon

    if fits(min_noise):
        return min_noise
    if epsilon(history, delta) >= max_epsilon:
        return None
    low, high = min_noise, max(2 * min_noise, 1.0)
    while not fits(high):
        low, high = high, high * 2
        if high > 1e4:
            return None
    while high - low > 1e-3 * high:
        middle = (low + high) / 2
        if fits(middle):
            high = middle
        else:
            low = middle
    return high
