"""The reported accountant (PRV) against Opacus's own and against RDP."""

from __future__ import annotations

import math

import pytest
from opacus.accountants import PRVAccountant

from netgpt.commands.audit import accountants_disagree
from privacy.dp import accounting
from privacy.dp.accounting import canonical, cross_check, epsilon, prv_bounds
from privacy.dp.ledger import Ledger

DELTA = 1e-5
DEFAULT_ROUND = (1.0, 0.1, 10)  # σ, q, steps of a default-policy round on the demo data


@pytest.mark.parametrize(
    "history",
    [[DEFAULT_ROUND], [(1.0, 1.0, 4)], [(1.0, 0.1, 10), (2.0, 0.1, 10), (1.5, 0.2, 5)]],
    ids=["default-round", "full-batch", "mixed"],
)
def test_reported_epsilon_is_opacus_prv_upper_bound(history):
    opacus = PRVAccountant()
    opacus.history = list(canonical(history))
    assert epsilon(history, DELTA) == opacus.get_epsilon(DELTA, eps_error=accounting.PRV_EPS_ERROR)


def test_prv_is_tighter_than_rdp_and_the_two_agree():
    prv, rdp = epsilon([DEFAULT_ROUND], DELTA), epsilon([DEFAULT_ROUND], DELTA, "rdp")
    assert prv < 0.9 * rdp
    bounds = prv_bounds(canonical([DEFAULT_ROUND]), DELTA)
    assert bounds.lower < prv == bounds.upper <= bounds.lower + 3 * accounting.PRV_EPS_ERROR
    assert cross_check([DEFAULT_ROUND] * 3, DELTA) == ""


def test_cross_check_names_a_prv_lower_bound_above_rdp(monkeypatch):
    monkeypatch.setattr(accounting, "rdp_epsilon", lambda history, delta: 1.0)
    problem = cross_check([DEFAULT_ROUND], DELTA)
    assert "one accountant is wrong" in problem and "RDP bounds it by 1" in problem


def test_order_and_grouping_of_mechanisms_give_the_same_bits():
    a, b = (1.0, 0.1, 10), (1.3, 0.1, 10)
    assert epsilon([a, b, a], DELTA) == epsilon([b, (1.0, 0.1, 20)], DELTA)
    assert epsilon([a, (2.0, 0.5, 0)], DELTA) == epsilon([a], DELTA)  # no steps, nothing spent


def test_a_step_without_noise_has_no_finite_epsilon():
    assert epsilon([(0.0, 0.1, 1)], DELTA) == math.inf
    assert epsilon([], DELTA) == 0.0


def test_where_prv_cannot_resolve_epsilon_rdp_is_reported(monkeypatch):
    def fails(history, delta):
        raise RuntimeError("Cannot compute epsilon")

    monkeypatch.setattr(accounting, "prv_bounds", fails)
    assert epsilon([(1.7, 0.3, 7)], DELTA) == epsilon([(1.7, 0.3, 7)], DELTA, "rdp")
    assert cross_check([(1.7, 0.3, 7)], DELTA) == ""


def test_an_unknown_accountant_is_an_error():
    with pytest.raises(ValueError, match="unknown accountant"):
        epsilon([DEFAULT_ROUND], DELTA, "gdp")


def test_audit_verify_reports_a_node_whose_accountants_disagree(tmp_path, monkeypatch):
    ledger = Ledger.open(tmp_path, writable=True)
    for round in (1, 2):
        history = [*ledger.history("node-a"), DEFAULT_ROUND]
        ledger.append(
            round=round, node="node-a", noise_multiplier=1.0, sample_rate=0.1, steps=10, delta=DELTA,
            epsilon_round=epsilon([DEFAULT_ROUND], DELTA), epsilon_total=epsilon(history, DELTA),
            decision="accepted", reason="", policy_hash="p" * 64,
        )
    assert accountants_disagree(ledger.entries()) == []
    monkeypatch.setattr(accounting, "rdp_epsilon", lambda history, delta: 1.0)
    [finding] = accountants_disagree(ledger.entries())
    assert finding.kind == "accounting" and finding.message.startswith("node node-a: PRV puts ε at least")


def test_a_history_too_long_for_prv_is_bounded_by_rdp_without_exhausting_memory():
    history = [(1.0, 0.1, 10**9)]  # a lying report: PRV would need ~10^12 points
    assert epsilon(history, DELTA) == epsilon(history, DELTA, "rdp")


def test_the_caches_outlast_a_round_of_a_thousand_nodes():
    """The aggregator asks for a node's round ε again in its next round, after
    two results for every other node (`accounting.CACHED_RESULTS`), and for
    the RDP curve of every (σ, q) in each node's history every round (a new σ
    a round once the node's planner spreads what is left): caches that forget
    them at 1,000 nodes cost every reply ~0.1 s more."""
    nodes, mechanisms_a_node = 1000, 16
    assert prv_bounds.cache_parameters()["maxsize"] > 2 * nodes
    assert accounting._rdp_per_step.cache_parameters()["maxsize"] > mechanisms_a_node * nodes
