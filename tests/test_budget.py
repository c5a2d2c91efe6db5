import pytest

from client.budget import BudgetExhausted, NodeBudget, plan_round, poisson_schedule
from privacy.dp.accounting import epsilon

BUDGET = NodeBudget(max_epsilon=4.0, delta=1e-5, min_noise=0.5, max_noise=5.0)


def test_schedule_matches_opacus_poisson_loader():
    assert poisson_schedule(160, 16, 1) == (0.1, 10)
    assert poisson_schedule(150, 16, 2) == (1 / 10, 20)
    assert poisson_schedule(5, 16, 1) == (1.0, 1)


def test_plenty_of_budget_keeps_the_configured_noise():
    assert plan_round([], 1.0, 0.1, 10, BUDGET) == 1.0


def test_configured_noise_below_the_policy_minimum_is_raised():
    assert plan_round([], 0.2, 0.1, 10, BUDGET) >= BUDGET.min_noise


def test_noise_grows_to_fit_the_last_of_the_budget():
    history = [(1.0, 0.1, 10)]  # ε 3.44 of 4: another σ = 1 round would give 4.22
    sigma = plan_round(history, 1.0, 0.1, 10, BUDGET)
    assert sigma > 1.0
    assert epsilon([*history, (sigma, 0.1, 10)], BUDGET.delta) <= BUDGET.max_epsilon + 1e-6


def test_refuses_when_even_the_largest_noise_would_cross_the_cap():
    with pytest.raises(BudgetExhausted) as raised:
        plan_round([(0.5, 0.5, 200)], 1.0, 0.1, 10, BUDGET)
    assert raised.value.cap == BUDGET.max_epsilon
