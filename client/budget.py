"""The node's own budget check: plan this round's noise or refuse to train.

The node never trusts anyone else to stop it: before every round it composes
its stored history with the rounds it expects to run. It trains at its
configured σ (never below the policy's minimum) while the budget allows all of
the run's remaining rounds, else at the smallest σ that spreads what is left
over them, so that the last round is not refused for a first one that spent
greedily. When even its largest σ cannot cover every remaining round it plans
for as many as that σ allows, and it refuses once not even this round fits
(beyond that the update would be noise anyway). The round count only shapes σ:
whatever it says, no round is run that would cross the cap.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

from netgpt.settings import TrainSettings
from policies import Policy
from privacy.dp.accounting import Mechanism, epsilon, plan_noise


class BudgetExhausted(RuntimeError):
    """Training this round would push the node's ε past the policy's cap."""

    def __init__(self, spent: float, cap: float) -> None:
        super().__init__(f"privacy budget exhausted: ε spent {spent:.3f} of cap {cap:.3f}")
        self.spent = spent
        self.cap = cap


@dataclass(frozen=True)
class NodeBudget:
    max_epsilon: float
    delta: float
    min_noise: float
    max_noise: float

    @classmethod
    def of(cls, policy: Policy, train: TrainSettings) -> NodeBudget:
        """The policy's cap, δ and σ floor; the σ ceiling is the run's."""
        return cls(
            max_epsilon=policy.privacy.max_epsilon,
            delta=policy.privacy.delta,
            min_noise=policy.privacy.min_noise_multiplier,
            max_noise=train.max_noise_multiplier,
        )


def poisson_schedule(records: int, batch_size: int, epochs: int) -> tuple[float, int]:
    """Sample rate and steps of Opacus's Poisson loader for this data set."""
    batches = math.ceil(records / max(1, min(batch_size, records)))
    return 1.0 / batches, epochs * batches


def reported_records(records: int, batch_size: int) -> int:
    """The record count the node tells the aggregator: rounded up to whole
    batches, ceil(N/B)·B, which is B/q.

    The sample rate q = 1/ceil(N/B) must leave the node for the accounting,
    and it already places N within one batch; this count says no more than
    that. The exact N is outside the accounting and would tell whether one
    record more or less is in the data. Per expected batch it makes
    records·q = B ≥ 1 record, as the aggregator checks (`server.checks`).
    """
    sample_rate, _ = poisson_schedule(records, batch_size, 1)
    return round(1 / sample_rate) * batch_size


def plan_round(
    history: Sequence[Mechanism],
    configured_noise: float,
    sample_rate: float,
    steps: int,
    budget: NodeBudget,
    rounds: int = 1,
) -> float:
    """σ for this round, planned so that `rounds` rounds like it (this one
    included) fit under the cap; or BudgetExhausted.

    Future rounds are assumed to sample like this one (same q and steps); each
    round plans again from the history it really has.
    """
    floor = max(configured_noise, budget.min_noise)

    def covered(count: int) -> bool:
        """Whether the largest σ the node accepts keeps `count` rounds under the cap."""
        future = (budget.max_noise, sample_rate, steps * count)
        return epsilon([*history, future], budget.delta) <= budget.max_epsilon

    count = max(1, rounds)
    if not covered(count):
        # Not every remaining round fits: plan for as many as the largest σ
        # covers (bisected; ε grows with the rounds), at least this one.
        low, high = 0, count
        while high - low > 1:
            middle = (low + high) // 2
            low, high = (middle, high) if covered(middle) else (low, middle)
        count = low
    sigma = None if count == 0 else plan_noise(
        history, sample_rate, steps * count, budget.delta, budget.max_epsilon, floor
    )
    if sigma is None or floor > budget.max_noise:
        raise BudgetExhausted(epsilon(history, budget.delta), budget.max_epsilon)
    # The bisection may land a hair above the largest σ, which fits already.
    return min(sigma, budget.max_noise)


def remaining_rounds(server_round: int, num_rounds: int) -> int:
    """Rounds left in the run, this one included (at least this one)."""
    return max(1, num_rounds - server_round + 1)
