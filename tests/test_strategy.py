"""The aggregator's strategy on real Flower messages: every rejection reason,
recorded in the signed ledger, and the good updates still merged."""

from __future__ import annotations

import numpy as np
import pytest
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict
from flwr.supercore.task_identity import TaskIdentity

from policies import Policy
from privacy.accounting import epsilon
from privacy.ledger import Ledger
from privacy.report import PrivacyReport
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

KEY = "layer.lora_B.weight"
SHAPES = {KEY: (4, 2)}
POLICY = Policy.model_validate(
    {"privacy": {"max_epsilon": 5.0}, "aggregation": {"min_nodes": 2, "max_update_norm": 10.0}}
)


@pytest.fixture(autouse=True)
def serverapp_identity():
    """Messages are stamped with the identity of the running task; outside a
    Flower process we play the ServerApp of run 1."""
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = 1, 1, 1


def _reply(node_id: int, content: RecordDict) -> Message:
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type="train")
    return Message(content=content, reply_to=request)


def _update(node_id: int, value: float = 0.1, *, shape=(4, 2), report: bool = True,
            records: int = 10, **fields) -> Message:
    content = RecordDict(
        {
            "arrays": ArrayRecord({KEY: Array.from_numpy_ndarray(np.full(shape, value, np.float32))}),
            "metrics": MetricRecord({"num-examples": records, "train-seconds": 1.0}),
        }
    )
    if report:
        values = dict(
            node=f"node-{node_id}", region="r", server_round=1, epsilon=1.0, delta=1e-5,
            noise_multiplier=1.0, max_grad_norm=1.0, sample_rate=0.1, steps=10, records=records,
            policy_hash=POLICY.content_hash(),
        )
        values.update(fields)
        content["privacy"] = ConfigRecord(PrivacyReport(**values).to_record())
    return _reply(node_id, content)


@pytest.fixture
def aggregator(tmp_path):
    published = {}

    def publish(server_round, merged):
        published[server_round] = merged
        return f"round-{server_round}"

    ledger = Ledger.open(tmp_path, writable=True)
    strategy = AdapterStrategy(SHAPES, publish, RoundLog(tmp_path), ledger, POLICY, expected_nodes=2)
    strategy.sent = {KEY: np.zeros((4, 2), np.float32)}
    return strategy, published, ledger, RoundLog(tmp_path)


@pytest.mark.parametrize(
    "crafted, fragment",
    [
        ({"value": float("nan")}, "non-finite"),
        ({"shape": (2, 4)}, "shape"),
        ({"report": False}, "no privacy report"),
        ({"noise_multiplier": 0.3}, "below the policy minimum"),
        ({"max_grad_norm": 5.0}, "clipping norm"),
        ({"delta": 1e-3}, "δ"),
        ({"steps": 400, "sample_rate": 0.5}, "exceeds the cap"),
        ({"value": 5.0}, "update norm"),
        ({"policy_hash": "0" * 64}, "another policy"),
        ({"sample_rate": 0.0}, "impossible"),
        ({"steps": -5}, "impossible"),
        ({"noise_multiplier": float("nan")}, "not finite"),
        ({"noise_multiplier": float("inf")}, "not finite"),
        ({"max_grad_norm": float("nan")}, "not finite"),
        ({"sample_rate": 3.0}, "impossible"),
    ],
)
def test_each_rejection_reason_is_recorded_and_good_updates_merge(aggregator, crafted, fragment):
    strategy, published, ledger, log = aggregator
    reply = _update(3, **crafted)
    good = [_update(1, 0.1, records=10), _update(2, 0.4, records=30)]
    arrays, metrics = strategy.aggregate_train(1, [*good, reply])
    assert arrays is not None and metrics["num-examples"] == 40
    assert np.allclose(published[1][KEY], (0.1 * 10 + 0.4 * 30) / 40)
    rejected = [e for e in ledger.entries() if e.decision == "rejected"]
    assert len(rejected) == 1 and fragment in rejected[0].reason
    assert {e.node for e in ledger.entries() if e.decision == "accepted"} == {"node-1", "node-2"}
    assert any(e["event"] == "reject" and fragment in e["reason"] for e in log.read())


def test_epsilon_is_recomputed_from_parameters_not_trusted(aggregator):
    strategy, _, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1, epsilon=0.001), _update(2, epsilon=0.001)])
    entry = ledger.entries("node-1")[0]
    assert entry.epsilon_total == pytest.approx(epsilon([(1.0, 0.1, 10)], 1e-5))
    assert entry.epsilon_total > 1.0


def test_cumulative_budget_spans_rounds(aggregator):
    strategy, _, ledger, _ = aggregator
    big = dict(steps=30, sample_rate=0.1)
    strategy.aggregate_train(1, [_update(1, **big), _update(2, **big)])
    arrays, _ = strategy.aggregate_train(2, [_update(1, **big), _update(2, **big)])
    assert arrays is None  # both over the cap of 5 after two rounds: nothing merged
    second = [e for e in ledger.entries() if e.round == 2]
    assert all(e.decision == "rejected" and "exceeds the cap" in e.reason for e in second)


def test_fewer_accepted_than_min_nodes_changes_nothing(aggregator):
    strategy, published, _, log = aggregator
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2, float("inf"))])
    assert arrays is None and published == {}
    assert [e for e in log.read() if e["event"] == "train"][0]["merged"] is None


def test_exhausted_node_is_recorded_and_no_longer_sampled(aggregator):
    strategy, _, ledger, _ = aggregator
    exhausted = _reply(7, RecordDict({"budget": ConfigRecord(
        {"status": "budget-exhausted", "node": "node-7", "epsilon": 4.9, "cap": 5.0})}))
    strategy.aggregate_train(1, [_update(1), _update(2), exhausted])
    assert 7 in strategy.exhausted
    assert ledger.entries("node-7")[-1].decision == "exhausted"


def test_ledger_of_a_mixed_run_verifies(aggregator, tmp_path):
    from privacy.signing import load_public_key

    strategy, _, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5), _update(4, 5.0)])
    strategy.aggregate_train(2, [_update(1), _update(2)])
    result = ledger.verify(load_public_key(tmp_path / "keys" / "aggregator.pub"))
    assert result.ok, result.problem


def test_client_level_dp_clips_noises_and_accounts_the_merge(tmp_path):
    from netgpt.commands.audit import federation_summary
    from privacy.ledger import FEDERATION_NODE

    policy = Policy.model_validate(
        {"aggregation": {"min_nodes": 2, "client_dp": {"enabled": True, "noise_multiplier": 1.0,
                                                       "clipping_norm": 0.5}}}
    )
    published = {}

    def publish(server_round, merged):
        published[server_round] = merged
        return "adapter"

    ledger = Ledger.open(tmp_path, writable=True)
    strategy = AdapterStrategy(SHAPES, publish, RoundLog(tmp_path), ledger, policy, expected_nodes=2)
    strategy.sent = {KEY: np.zeros((4, 2), np.float32)}
    strategy.rng = np.random.default_rng(0)
    hash_ = {"policy_hash": policy.content_hash()}
    for server_round in (1, 2):
        strategy.aggregate_train(server_round, [_update(1, 3.0, **hash_), _update(2, 3.0, **hash_)])
    # Each update (norm ≈ 8.5) was clipped to 0.5 before averaging; noise std is σ·C/n = 0.25.
    assert np.abs(published[1][KEY]).mean() < 1.5
    releases = ledger.entries(FEDERATION_NODE)
    assert len(releases) == 2
    assert releases[1].epsilon_total == pytest.approx(epsilon([(1.0, 1.0, 2)], 1e-5))
    assert federation_summary(ledger.entries())["releases"] == 2
