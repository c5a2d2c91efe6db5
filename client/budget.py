"""The node's own budget check: plan this round's noise or refuse to train.

The node never trusts anyone else to stop it: before every round it composes
its stored history with the round it is about to run. It trains at its
configured σ (never below the policy's minimum) while the budget allows, raises
σ to squeeze the last of the budget, and refuses once even the largest σ it
accepts would cross the cap (beyond that the update would be noise anyway).
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


def plan_round(
    history: Sequence[Mechanism],
    configured_noise: float,
    sample_rate: float,
    steps: int,
    budget: NodeBudget,
) -> float:
    """σ for this round, or BudgetExhausted."""
    floor = max(configured_noise, budget.min_noise)
    sigma = plan_noise(history, sample_rate, steps, budget.delta, budget.max_epsilon, floor)
    if sigma is None or sigma > budget.max_noise:
        raise BudgetExhausted(epsilon(history, budget.delta), budget.max_epsilon)
    return sigma
