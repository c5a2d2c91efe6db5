"""A node that is connected but may not take part: not in the aggregator's
enrollment registry (say, a key an outsider registered with the SuperLink) or
revoked (issue 13, point 7).

Before, training and evaluation requests went to every connected node, each
carrying the global adapter, and an unknown node's evaluation losses were
averaged into the federation's perplexity. Now such a node is sent nothing, its
evaluation reply is left out, and both are recorded with why (in the round log,
not in the privacy ledger: nothing was trained or accounted). No node's
evaluation figures reach the aggregator any more (`test_evaluation_oracle`).
"""

from __future__ import annotations

import pytest
from flwr.app import ArrayRecord, ConfigRecord, Message, RecordDict

from netgpt.adapter_record import adapter_record

from .harness import Aggregator, Grid, reply_from, tensors

STRANGER = 9  # connected, never enrolled


@pytest.fixture
def aggregator(tmp_path) -> Aggregator:
    aggregator = Aggregator(tmp_path)
    aggregator.enrollments.revoke("node-3")
    return aggregator


def _adapter() -> ArrayRecord:
    return adapter_record(tensors(0.0))


@pytest.mark.parametrize("configure", ["configure_train", "configure_evaluate"])
def test_a_node_that_may_not_take_part_is_sent_nothing(aggregator, configure):
    messages = list(getattr(aggregator.strategy, configure)(1, _adapter(), ConfigRecord(), Grid([1, 2, 3, STRANGER])))
    assert sorted(m.metadata.dst_node_id for m in messages) == [1, 2]
    reasons = {e["node_id"]: e["reason"] for e in aggregator.events("reject")}
    assert set(reasons) == {3, STRANGER}
    assert f"node id {STRANGER} is not enrolled" in reasons[STRANGER] and "node-3 was revoked" in reasons[3]
    assert aggregator.ledger.entries() == []


def _evaluated(node_id: int) -> Message:
    content = RecordDict({"evaluated": ConfigRecord({"status": "kept-on-node"})})
    return reply_from(node_id, content, "evaluate")


def test_an_evaluation_reply_from_a_node_that_may_not_take_part_is_left_out(aggregator):
    aggregator.evaluate_requests(1)
    replies = [_evaluated(1), _evaluated(STRANGER), _evaluated(3)]
    assert aggregator.strategy.aggregate_evaluate(1, replies) is None  # nodes keep their figures (issue 15)
    reasons = {e["node_id"]: e["reason"] for e in aggregator.events("reject")}
    assert f"evaluation reply left out: node id {STRANGER} is not enrolled" == reasons[STRANGER]
    assert "node-3 was revoked" in reasons[3]
    assert 1 not in reasons
    assert aggregator.ledger.entries() == []
