"""The aggregator's strategy on real Flower messages: bad replies are rejected
one by one, with a recorded reason, and the good ones are still merged."""

from __future__ import annotations

import numpy as np
import pytest
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict

from flwr.supercore.task_identity import TaskIdentity

from privacy.report import PrivacyReport
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

SHAPES = {"layer.lora_B.weight": (4, 2)}


@pytest.fixture(autouse=True)
def serverapp_identity():
    """Messages are stamped with the identity of the running task; outside a
    Flower process we play the ServerApp of run 1."""
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = 1, 1, 1


def _reply(node_id: int, content: RecordDict) -> Message:
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type="train")
    return Message(content=content, reply_to=request)


def _update(node_id: int, value: float, *, records: int = 10, shape=(4, 2), report: bool = True) -> Message:
    content = RecordDict(
        {
            "arrays": ArrayRecord(
                {"layer.lora_B.weight": Array.from_numpy_ndarray(np.full(shape, value, np.float32))}
            ),
            "metrics": MetricRecord({"num-examples": records, "train-seconds": 1.0}),
        }
    )
    if report:
        content["privacy"] = ConfigRecord(
            PrivacyReport(
                node=f"node-{node_id}", region="r", server_round=1, epsilon=1.0, delta=1e-5,
                noise_multiplier=1.0, max_grad_norm=1.0, sample_rate=0.1, steps=10, records=records,
            ).to_record()
        )
    return _reply(node_id, content)


@pytest.fixture
def strategy(tmp_path):
    published = {}

    def publish(server_round, merged):
        published[server_round] = merged
        return f"round-{server_round}"

    strat = AdapterStrategy(SHAPES, publish, RoundLog(tmp_path), min_nodes=2)
    return strat, published, RoundLog(tmp_path)


def test_bad_replies_rejected_good_ones_merged(strategy):
    strat, published, log = strategy
    replies = [
        _update(1, 1.0, records=10),
        _update(2, 4.0, records=20),
        _update(3, float("nan")),
        _update(4, 1.0, shape=(2, 4)),
        _update(5, 1.0, report=False),
    ]
    arrays, metrics = strat.aggregate_train(1, replies)
    assert arrays is not None
    assert np.allclose(published[1]["layer.lora_B.weight"], 3.0)  # (1*10 + 4*20) / 30
    assert metrics["num-examples"] == 30
    reasons = {e["node_id"]: e["reason"] for e in log.read() if e["event"] == "reject"}
    assert set(reasons) == {3, 4, 5}
    assert "non-finite" in reasons[3] and "shape" in reasons[4] and "privacy report" in reasons[5]
    train = [e for e in log.read() if e["event"] == "train"][0]
    assert sorted(r["node"] for r in train["accepted"]) == ["node-1", "node-2"]


def test_round_without_acceptable_update_changes_nothing(strategy):
    strat, published, _ = strategy
    arrays, _ = strat.aggregate_train(1, [_update(1, float("inf"))])
    assert arrays is None and published == {}
