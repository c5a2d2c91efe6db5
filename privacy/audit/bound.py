"""A lower bound on ε from guesses about canaries in one training run.

Steinke, Nasr & Jagielski, "Privacy auditing with one (1) training run"
(NeurIPS 2023), Theorem 3.1: let m canaries each be included independently
with probability ½ and an (ε, δ)-DP algorithm train on the result; a guesser
that sees only the output says "in" or "out" for r of them (abstaining on the
rest) and is right W times. Then for every v

    P[W ≥ v] ≤ f(v) + 2mδ · max_{1 ≤ i ≤ v} (f(v − i) − f(v)) / i,
    f(v) = P[Binomial(r, e^ε / (1 + e^ε)) ≥ v].

For δ = 0 this says W is dominated by r tosses of ε-randomized response.
Seeing v correct guesses, every ε whose right-hand side is below β is
rejected at confidence 1 − β; the bound is the largest such ε. Rejecting one
ε rejects every smaller one (an ε-DP algorithm is also ε'-DP for ε' > ε), so
any ε found to have p < β is a valid bound even where p is not monotone in ε.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

BISECTION_STEPS = 60
LARGEST_EPSILON = 100.0
"""Beyond this the bound stops searching: e^100 is past any audit's resolution."""


def _binomial_pmf(trials: int, epsilon: float) -> np.ndarray:
    """P[Binomial(trials, e^ε/(1+e^ε)) = j] for j = 0..trials, in log space so
    that a large ε (success probability a hair below 1) stays exact."""
    log_success = -math.log1p(math.exp(-epsilon))
    log_failure = -epsilon + log_success
    j = np.arange(trials + 1)
    # log C(n, j) as a running sum of log((n − j + 1)/j): exact enough, and vectorized.
    log_choose = np.concatenate(([0.0], np.cumsum(np.log(trials - j[1:] + 1) - np.log(j[1:]))))
    pmf: np.ndarray = np.exp(log_choose + j * log_success + (trials - j) * log_failure)
    return pmf


def p_value(canaries: int, guesses: int, correct: int, epsilon: float, delta: float) -> float:
    """The theorem's bound on P[W ≥ `correct`] for an (ε, δ)-DP algorithm: how
    likely that many right guesses were if the algorithm kept its claim."""
    if not 0 <= correct <= guesses <= canaries:
        raise ValueError(f"need 0 ≤ correct ≤ guesses ≤ canaries, got {correct}, {guesses}, {canaries}")
    if epsilon < 0 or not 0 <= delta <= 1:
        raise ValueError(f"need ε ≥ 0 and 0 ≤ δ ≤ 1, got {epsilon}, {delta}")
    pmf = _binomial_pmf(guesses, epsilon)
    tail = float(pmf[correct:].sum())
    if delta == 0 or correct == 0:
        return min(1.0, tail)
    # below[i - 1] = P[correct − i ≤ W' < correct] = f(correct − i) − f(correct).
    below = np.cumsum(pmf[:correct][::-1])
    spread = float(np.max(below / np.arange(1, correct + 1)))
    return min(1.0, tail + 2 * canaries * delta * spread)


def epsilon_lower_bound(canaries: int, guesses: int, correct: int, delta: float, confidence: float) -> float:
    """The largest ε that `correct` right guesses out of `guesses` reject at
    `confidence` (0 when they reject none): the algorithm is not (ε, δ)-DP for
    any smaller ε, unless an event of probability 1 − `confidence` occurred."""
    if not 0 < confidence < 1:
        raise ValueError(f"confidence must be in (0, 1), got {confidence}")
    beta = 1 - confidence
    if p_value(canaries, guesses, correct, 0.0, delta) >= beta:
        return 0.0
    low, high = 0.0, 1.0
    while p_value(canaries, guesses, correct, high, delta) < beta:
        low, high = high, 2 * high
        if high > LARGEST_EPSILON:
            return low
    # Invariant: p(low) < β ≤ p(high); `low` is always a rejected ε.
    for _ in range(BISECTION_STEPS):
        middle = (low + high) / 2
        if p_value(canaries, guesses, correct, middle, delta) < beta:
            low = middle
        else:
            high = middle
    return low


def membership_guesses(scores: Sequence[float], per_side: int) -> np.ndarray:
    """+1 ("trained on") for the `per_side` lowest scores, −1 for the highest,
    0 (abstain) for the rest: the paper's guesser with k₊ = k₋."""
    order = np.argsort(np.asarray(scores, dtype=np.float64), kind="stable")
    guesses = np.zeros(len(order), dtype=np.int8)
    guesses[order[:per_side]] = 1
    guesses[order[len(order) - per_side:]] = -1
    return guesses


@dataclass(frozen=True)
class GuessOutcome:
    """The guesses at one abstention level: `per_side` "in" and as many "out"."""

    per_side: int
    guesses: int
    correct: int
    epsilon: float


@dataclass(frozen=True)
class AuditBound:
    canaries: int
    delta: float
    confidence: float
    outcomes: tuple[GuessOutcome, ...]

    @property
    def best(self) -> GuessOutcome:
        return max(self.outcomes, key=lambda outcome: outcome.epsilon)

    @property
    def epsilon(self) -> float:
        return self.best.epsilon


def audit_bound(
    scores: Sequence[float], included: Sequence[bool], per_side: Sequence[int], delta: float, confidence: float
) -> AuditBound:
    """ε̂ from canary scores (lower means "more likely trained on"): for each
    k in `per_side`, guess "in" for the k lowest and "out" for the k highest.

    Trying several k and keeping the best would overstate the confidence, so
    each k is tested at (1 − confidence)/len(per_side) (a union bound): the
    best of them then holds at `confidence` as a whole.
    """
    if len(scores) != len(included):
        raise ValueError("one score per canary")
    if not per_side:
        raise ValueError("no abstention level to try")
    canaries = len(scores)
    truth = np.where(np.asarray(included, dtype=bool), 1, -1)
    each = 1 - (1 - confidence) / len(per_side)
    outcomes = []
    for k in per_side:
        if not 0 < 2 * k <= canaries:
            raise ValueError(f"{k} guesses per side need at least {2 * k} canaries, have {canaries}")
        correct = int((membership_guesses(scores, k) * truth > 0).sum())
        outcomes.append(GuessOutcome(k, 2 * k, correct, epsilon_lower_bound(canaries, 2 * k, correct, delta, each)))
    return AuditBound(canaries, delta, confidence, tuple(outcomes))
