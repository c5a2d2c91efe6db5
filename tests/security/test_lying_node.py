"""A lying node: enrolled, signing with its own key, but sending a signed
report that is not about the update it sends (issue 13, point 5).

Before reports were bound, the signature covered the report alone and the
aggregator never compared the report's round with its own, had no run id or
update digest to compare: a report from round 1 was merged again in round 2,
one from another run was merged in this one, and a report signed for one
update was merged with other tensors (say, of a training with less noise).
Each test plays one such reply beside two honest ones and checks that the
round still merges the honest two and records why the lie was refused.
"""

from __future__ import annotations

import hashlib

import numpy as np
import pytest

from privacy.dp.ledger import LedgerEntry

from .harness import KEY, POLICY, RUN_ID, Aggregator, reply_from, tensors


@pytest.fixture
def aggregator(tmp_path) -> Aggregator:
    return Aggregator(tmp_path)


def _round_with(aggregator: Aggregator, server_round: int, lie) -> None:
    honest = [aggregator.nodes[n].honest(value, server_round=server_round) for n, value in ((1, 0.1), (2, 0.3))]
    aggregator.strategy.aggregate_train(server_round, [*honest, lie])


def _refused(aggregator: Aggregator, server_round: int, fragment: str) -> LedgerEntry:
    """node-3's update is left out of the round's merge, and the ledger and
    the round log say why; returns its ledger entry."""
    merged = aggregator.published[("global", server_round)][KEY]
    assert np.allclose(merged, 0.2), "the merge holds node-3's update"  # 0.2: the honest two, equal records
    (entry,) = [e for e in aggregator.rejected() if e.round == server_round]
    assert entry.node == "node-3" and fragment in entry.reason, entry.reason
    assert any(e["node"] == "node-3" and fragment in e["reason"] for e in aggregator.events("reject"))
    return entry


def test_a_report_signed_for_round_1_is_refused_when_replayed_in_round_2(aggregator):
    liar = aggregator.nodes[3]
    first = liar.honest(0.5)
    aggregator.strategy.aggregate_train(1, [aggregator.nodes[1].honest(0.1), aggregator.nodes[2].honest(0.3), first])
    assert not aggregator.rejected()  # in round 1 it was the node's honest reply
    _round_with(aggregator, 2, reply_from(3, first.content))  # round 1's reply, word for word
    entry = _refused(aggregator, 2, "report is signed for round 1, this is round 2")
    assert entry.epsilon_round == 0.0  # a report about another round accounts nothing here


def test_a_report_signed_for_another_run_is_refused(aggregator):
    other_run = RUN_ID - 1
    _round_with(aggregator, 1, aggregator.nodes[3].honest(0.5, run_id=other_run))
    _refused(aggregator, 1, f"report is signed for run {other_run}, this is run {RUN_ID}")


@pytest.mark.parametrize(
    "swap",
    [
        lambda reported: tensors(0.9),
        lambda reported: {KEY: np.nextafter(reported[KEY], np.float32(1.0))},  # every value one ulp up
        lambda reported: {KEY: reported[KEY].astype(np.float64)},  # same values, another dtype
    ],
    ids=["other-values", "one-ulp", "other-dtype"],
)
def test_a_signed_report_sent_with_other_tensors_is_refused(aggregator, swap):
    liar = aggregator.nodes[3]
    reported = tensors(0.5)
    _round_with(aggregator, 1, liar.reply(swap(reported), liar.report(reported)))
    entry = _refused(aggregator, 1, "report is signed for other update tensors than the reply carries")
    assert entry.epsilon_round == 0.0


def test_a_report_bound_to_this_update_under_another_policy_is_refused(aggregator):
    other = hashlib.sha256(b"a policy with a lower noise floor").hexdigest()
    _round_with(aggregator, 1, aggregator.nodes[3].honest(0.5, policy_hash=other))
    ours = POLICY.content_hash()
    entry = _refused(aggregator, 1, f"the report is signed for policy {other[:12]}, the aggregator's is {ours[:12]}")
    # The digest binds the report to this very update: what it says was spent counts.
    assert entry.epsilon_round > 0.0
