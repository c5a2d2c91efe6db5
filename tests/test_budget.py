import pytest

from client.budget import BudgetExhausted, NodeBudget, plan_round, poisson_schedule, remaining_rounds
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
    history = [(1.0, 0.1, 20)]  # PRV ε 3.60 of 4: another σ = 1 round would give 4.19
    sigma = plan_round(history, 1.0, 0.1, 10, BUDGET)
    assert sigma > 1.0
    assert epsilon([*history, (sigma, 0.1, 10)], BUDGET.delta) <= BUDGET.max_epsilon


def test_the_cap_holds_on_the_reported_accountant_not_on_rdp():
    """Two default rounds at σ = 1 fit a cap of 4 under PRV (3.60); RDP would
    have put them at 4.22 and raised σ."""
    assert plan_round([(1.0, 0.1, 10)], 1.0, 0.1, 10, BUDGET) == 1.0
    assert epsilon([(1.0, 0.1, 20)], BUDGET.delta, "rdp") > BUDGET.max_epsilon


def test_a_run_is_planned_so_that_its_last_round_still_fits():
    """Cap 1, two rounds: planning round 1 alone spends so much that round 2
    is refused; planned over both, both run at about the same σ."""
    tight = NodeBudget(max_epsilon=1.0, delta=1e-5, min_noise=0.5, max_noise=2.2)
    greedy = plan_round([], 1.0, 0.1, 10, tight)
    with pytest.raises(BudgetExhausted):
        plan_round([(greedy, 0.1, 10)], 1.0, 0.1, 10, tight)
    first = plan_round([], 1.0, 0.1, 10, tight, rounds=2)
    second = plan_round([(first, 0.1, 10)], 1.0, 0.1, 10, tight, rounds=1)
    assert first > greedy
    assert second == pytest.approx(first, rel=0.01)
    assert epsilon([(first, 0.1, 10), (second, 0.1, 10)], tight.delta) <= tight.max_epsilon


def test_rounds_beyond_the_largest_noise_are_planned_for_as_many_as_it_covers():
    tight = NodeBudget(max_epsilon=1.0, delta=1e-5, min_noise=0.5, max_noise=5.0)
    sigma = plan_round([], 1.0, 0.1, 10, tight, rounds=1000)
    assert 4.0 < sigma <= tight.max_noise
    assert epsilon([(sigma, 0.1, 10)], tight.delta) <= tight.max_epsilon


def test_remaining_rounds_count_this_one_and_never_fewer():
    assert remaining_rounds(1, 5) == 5
    assert remaining_rounds(5, 5) == 1
    assert remaining_rounds(7, 5) == 1


def test_refuses_when_even_the_largest_noise_would_cross_the_cap():
    with pytest.raises(BudgetExhausted) as raised:
        plan_round([(0.5, 0.5, 200)], 1.0, 0.1, 10, BUDGET)
    assert raised.value.cap == BUDGET.max_epsilon
