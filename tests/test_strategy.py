"""The aggregator's strategy on real Flower messages: every rejection reason,
recorded in the signed ledger, the good updates still merged, each clipped,
under weights no node controls and the policy's robust rule."""

from __future__ import annotations

import importlib.util
import json
import sys
import threading
import time
from types import ModuleType

import flwr
import numpy as np
import pytest
from flwr.app import ArrayRecord, ConfigRecord, Error, Message, MessageType, MetricRecord, RecordDict
from flwr.common.constant import SUPERLINK_NODE_ID, ErrorCode
from flwr.proto.node_pb2 import NodeInfo
from flwr.serverapp.strategy import FedAvg
from flwr.supercore.inflatable import inflatable_utils
from flwr.supercore.task_identity import TaskIdentity

from netgpt.adapter_record import adapter_record, adapter_tensors
from policies import Policy, parse_policy
from privacy.dp.accounting import epsilon
from privacy.dp.ledger import Ledger
from privacy.dp.receipts import Receipt, receipts_in_record
from privacy.dp.report import PrivacyReport, update_digest
from privacy.identity.node_keys import SIGNATURE_ALGORITHM, create_node_key, public_key_text, sign_record
from server import flower_compat
from server.enrollment import Enrollments
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

KEY = "layer.lora_B.weight"


def _policy(changes: dict) -> Policy:
    """The packaged default policy with `changes` laid over it, as an operator's file is."""
    return parse_policy(json.dumps(changes))


POLICY = _policy({"privacy": {"max_epsilon": 5.0}, "aggregation": {"min_nodes": 2, "max_update_norm": 10.0}})


REGIONS = {1: "north", 2: "north", 3: "south", 4: "south", 5: "east", 7: "north"}
RUN_ID = 1


@pytest.fixture(autouse=True)
def serverapp_identity():
    """Messages are stamped with the identity of the running task; outside a
    Flower process we play the ServerApp of run 1."""
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, 1, 1


@pytest.fixture(scope="module")
def keys(tmp_path_factory):
    """One P-384 key per test node, as `netgpt enroll` makes them."""
    root = tmp_path_factory.mktemp("keys")
    return {node_id: create_node_key(root / f"node-{node_id}.key") for node_id in REGIONS}


@pytest.fixture
def enrollments(tmp_path, keys):
    registry = Enrollments(tmp_path)
    for node_id, region in REGIONS.items():
        registry.add(f"node-{node_id}", node_id, region, public_key_text(keys[node_id].public_key()), "/data")
    return registry


def _reply(node_id: int, content: RecordDict) -> Message:
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type="train")
    return Message(content=content, reply_to=request)


def _update(node_id: int, value: float = 0.1, *, shape=(4, 2), dtype=np.float32, report: bool = True,
            records: int = 10, signer=None, signed: bool = True, **fields) -> Message:
    """A node's training reply for round 1 of run RUN_ID (report `fields` change
    that), its report bound to the tensors it carries; signed with `signer`
    (default: its own key, if enrolled)."""
    tensors = {KEY: np.full(shape, value, dtype)}
    content = RecordDict(
        {
            "arrays": adapter_record(tensors),
            "metrics": MetricRecord({"train-seconds": 1, "node-seconds": 2}),
        }
    )
    if report:
        values = dict(
            node=f"node-{node_id}", region=REGIONS.get(node_id, "north"), server_round=1, epsilon=1.0,
            delta=1e-5, noise_multiplier=1.0, max_grad_norm=1.0, sample_rate=0.1, steps=10,
            records=records, policy_hash=POLICY.content_hash(), run_id=RUN_ID,
            update_digest=update_digest(tensors),
        )
        values.update(fields)
        record = PrivacyReport(**values).to_record()
        content["privacy"] = ConfigRecord(record)
        key = signer if signer is not None else _KEYS.get(node_id)
        if signed and key is not None:
            content["privacy-signature"] = ConfigRecord(
                {"algorithm": SIGNATURE_ALGORITHM, "signature": sign_record(key, record)}
            )
    return _reply(node_id, content)


_KEYS: dict = {}


@pytest.fixture(autouse=True)
def _signing_keys(keys):
    _KEYS.clear()
    _KEYS.update(keys)


def _strategy(tmp_path, enrollments, policy=POLICY, shape=(4, 2)):
    published = {}

    def publish(cohort, server_round, merged):
        published[(cohort, server_round)] = merged
        return f"{cohort}/round-{server_round}"

    ledger = Ledger.open(tmp_path, writable=True)
    strategy = AdapterStrategy(
        {KEY: shape}, publish, RoundLog(tmp_path), ledger, policy, expected_nodes=2, enrollments=enrollments,
        run_id=RUN_ID,
    )
    strategy.sent = {KEY: np.zeros(shape, np.float32)}
    return strategy, published, ledger


@pytest.fixture
def aggregator(tmp_path, enrollments):
    strategy, published, ledger = _strategy(tmp_path, enrollments)
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
        ({"policy_hash": "0" * 64}, "another policy"),
        ({"sample_rate": 0.0}, "impossible"),
        ({"steps": -5}, "impossible"),
        ({"noise_multiplier": float("nan")}, "not finite"),
        ({"noise_multiplier": float("inf")}, "not finite"),
        ({"max_grad_norm": float("nan")}, "not finite"),
        ({"sample_rate": 3.0}, "impossible"),
        ({"records": float("inf")}, "'records' is not an integer"),
        ({"records": 10.0**30}, "'records' is not an integer"),
        ({"steps": 2**70}, "'steps' is out of range"),
        ({"noise_multiplier": 1e-300}, "cannot evaluate"),
        ({"noise_multiplier": 1e200, "sample_rate": 0.5}, "cannot evaluate"),
        ({"steps": 10**15}, "exceeds the cap"),  # RDP's finite bound: past PRV's grid limit
        ({"records": 2, "sample_rate": 0.1}, "record count and sample rate disagree"),
        ({"node": ["node-3"]}, "'node' is not a string"),
        ({"value": 1e300, "dtype": np.float64}, "non-finite"),
    ],
)
def test_each_rejection_reason_is_recorded_and_good_updates_merge(aggregator, crafted, fragment):
    strategy, published, ledger, log = aggregator
    reply = _update(3, **crafted)
    good = [_update(1, 0.1, records=10), _update(2, 0.4, records=30)]
    arrays, metrics = strategy.aggregate_train(1, [*good, reply])
    assert arrays is not None and metrics["num-examples"] == 40
    assert np.allclose(published[("global", 1)][KEY], (0.1 + 0.4) / 2)  # uniform: no node's records count
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
    arrays, _ = strategy.aggregate_train(2, [_update(1, server_round=2, **big), _update(2, server_round=2, **big)])
    assert arrays is None  # both over the cap of 5 after two rounds: nothing merged
    second = [e for e in ledger.entries() if e.round == 2]
    assert all(e.decision == "rejected" and "exceeds the cap" in e.reason for e in second)


def test_fewer_accepted_than_min_nodes_changes_nothing(aggregator):
    strategy, published, _, log = aggregator
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2, float("inf"))])
    assert arrays is None and published == {}
    assert next(e for e in log.read() if e["event"] == "train")["merged"] is None


def test_exhausted_node_is_recorded_and_no_longer_sampled(aggregator):
    strategy, _, ledger, _ = aggregator
    exhausted = _reply(7, RecordDict({"budget": ConfigRecord(
        {"status": "budget-exhausted", "node": "node-7", "epsilon": 4.9, "cap": 5.0})}))
    strategy.aggregate_train(1, [_update(1), _update(2), exhausted])
    assert 7 in strategy.exhausted
    assert ledger.entries("node-7")[-1].decision == "exhausted"


def test_ledger_of_a_mixed_run_verifies(aggregator, tmp_path):
    from privacy.identity.signing import load_public_key

    strategy, _, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5), _update(4, 5.0)])
    strategy.aggregate_train(2, [_update(1, server_round=2), _update(2, server_round=2)])
    result = ledger.verify(load_public_key(tmp_path / "keys" / "aggregator.pub"))
    assert result.ok, result.problem


def _client_dp_policy(**client_dp) -> Policy:
    return _policy({"aggregation": {"min_nodes": 2, "client_dp": {
        "enabled": True, "noise_multiplier": 1.0, "clipping_norm": 0.5, **client_dp}}})


def test_client_level_dp_clips_noises_and_accounts_every_release(tmp_path, enrollments):
    from netgpt.commands.audit import federation_summary
    from privacy.dp.ledger import FEDERATION_NODE

    policy = _client_dp_policy(max_epsilon=100.0)
    strategy, published, ledger = _strategy(tmp_path, enrollments, policy)
    for server_round in (1, 2):
        bound = {"policy_hash": policy.content_hash(), "server_round": server_round}
        strategy.aggregate_train(server_round, [_update(1, 3.0, **bound), _update(2, 3.0, **bound)])
    # Each update (norm ≈ 8.5) was clipped to 0.5 before summing; noise std is σ·C/6 ≈ 0.08.
    assert np.abs(published[("global", 1)][KEY]).mean() < 1.0
    # Both nodes are in "north": per round one global and one cohort release, one entry for both.
    releases = ledger.entries(FEDERATION_NODE)
    assert [(e.noise_multiplier, e.sample_rate, e.steps) for e in releases] == [(1.0, 1.0, 2)] * 2
    assert releases[-1].epsilon_total == pytest.approx(epsilon([(1.0, 1.0, 4)], 1e-5))
    assert federation_summary(ledger.entries(), 100.0)["releases"] == 4


@pytest.mark.parametrize("arrived", [2, 4])
def test_client_level_dp_noise_does_not_tell_how_many_updates_arrived(tmp_path, enrollments, arrived):
    """An observer of the merged adapter estimated the number of accepted
    updates from the noise (its std was σC/n); the denominator is now the
    enrolled count, whoever answered."""
    policy = _client_dp_policy(max_epsilon=100.0)
    shape = (200, 50)
    strategy, published, _ = _strategy(tmp_path, enrollments, policy, shape)
    bound = {"policy_hash": policy.content_hash(), "shape": shape}
    strategy.aggregate_train(1, [_update(node, 0.0, **bound) for node in (1, 3, 2, 4)[:arrived]])
    noise = published[("global", 1)][KEY]
    assert noise.std() == pytest.approx(1.0 * 0.5 / len(REGIONS), rel=0.05)


def test_client_level_dp_divides_by_the_enrolled_count(tmp_path, enrollments):
    """The noise comes from the OS's CSPRNG (no seed), so each entry is allowed
    six of its standard deviations (σC / enrolled): with three, one of the 16
    entries falls outside in about 4% of runs by the normal law (16 × 0.27%;
    computed, not counted), and a fresh-clone suite failed on it. Dividing by
    the 2 updates that arrived would be 17 or more off."""
    sigma, clipping = 0.02, 0.5
    policy = _client_dp_policy(max_epsilon=1e4, noise_multiplier=sigma)
    strategy, published, _ = _strategy(tmp_path, enrollments, policy)
    bound = {"policy_hash": policy.content_hash()}
    strategy.aggregate_train(1, [_update(1, 3.0, **bound), _update(2, 3.0, **bound)])
    clipped = clipping / np.sqrt(8)  # each update's entries, once its norm is clipped to C
    for cohort, enrolled in (("global", len(REGIONS)), ("region-north", 3)):
        assert np.allclose(published[(cohort, 1)][KEY], 2 * clipped / enrolled, atol=6 * sigma * clipping / enrolled)


def test_the_federation_cap_limits_releases_then_stops_training(tmp_path, enrollments):
    """σ = 2: ε is 2.95 after two releases, 3.72 after three, 4.39 after four;
    under a cap of 3.8 round 1 publishes the global and the cohort adapter,
    round 2 only the global one, round 3 nothing, and then no node is asked
    to spend its own budget."""
    from privacy.dp.ledger import FEDERATION_NODE

    policy = _client_dp_policy(max_epsilon=3.8, noise_multiplier=2.0)
    strategy, published, ledger = _strategy(tmp_path, enrollments, policy)
    for server_round in (1, 2, 3):
        bound = {"policy_hash": policy.content_hash(), "server_round": server_round}
        strategy.aggregate_train(server_round, [_update(1, 0.1, **bound), _update(2, 0.1, **bound)])
    assert sorted(published) == [("global", 1), ("global", 2), ("region-north", 1)]
    entries = ledger.entries(FEDERATION_NODE)
    assert [(e.decision, e.steps) for e in entries] == [("accepted", 2), ("accepted", 1), ("exhausted", 0)]
    assert entries[-1].epsilon_total == pytest.approx(epsilon([(2.0, 1.0, 3)], 1e-5))
    assert entries[-1].epsilon_total <= 3.8
    assert list(strategy.configure_train(4, ArrayRecord(), ConfigRecord(), _Grid([1, 2]))) == []


@pytest.mark.parametrize("answered", [(), (1,), (1, 2), (1, 2, 7, 3)])
def test_under_client_level_dp_who_answered_decides_nothing_published(tmp_path, enrollments, answered):
    """An accepted count that one node tips over min_nodes decided whether an
    adapter was published, outside the noise; under client-level DP only the
    enrolled counts decide (north 3, south 2, east 1: the global adapter and
    north's, whose remainder south + east is 3), whoever answered."""
    policy = _client_dp_policy(max_epsilon=100.0)
    strategy, published, _ = _strategy(tmp_path, enrollments, policy)
    bound = {"policy_hash": policy.content_hash()}
    strategy.aggregate_train(1, [_update(node, 0.1, **bound) for node in answered])
    assert sorted(published) == [("global", 1), ("region-north", 1)]


def _recovered(published: dict, server_round: int, members: dict[str, int], total: int) -> np.ndarray:
    """What an attacker who knows the member counts gets for the nodes in no
    published cohort: the global sum less every published cohort's sum."""
    rest = total * published[("global", server_round)][KEY]
    for cohort, count in members.items():
        if (cohort, server_round) in published:
            rest = rest - count * published[(cohort, server_round)][KEY]
    return rest


def test_no_single_update_is_recoverable_by_subtraction(tmp_path, enrollments):
    """North has three updates and south one: publishing north would give
    south's lone update as 4·global − 3·north, so north is withheld; with two
    in each region both are published and the remainder is empty."""
    strategy, published, _ = _strategy(tmp_path, enrollments)
    secret = 0.37
    strategy.aggregate_train(1, [_update(1, 0.1), _update(2, 0.2), _update(7, 0.3), _update(3, secret)])
    assert ("region-north", 1) not in published
    assert not np.allclose(_recovered(published, 1, {"region-north": 3}, 4), secret)
    bound = {"server_round": 2}
    strategy.aggregate_train(2, [_update(n, 0.1 * n, **bound) for n in (1, 2, 3, 4)])
    assert {("region-north", 2), ("region-south", 2)} <= set(published)
    assert np.allclose(_recovered(published, 2, {"region-north": 2, "region-south": 2}, 4), 0.0, atol=1e-6)


def test_cohort_adapters_only_for_regions_with_min_nodes(aggregator):
    strategy, published, _, log = aggregator
    strategy.aggregate_train(1, [_update(1, 0.1), _update(2, 0.3), _update(3, 0.9), _update(5, 0.5)])
    assert set(published) == {("global", 1), ("region-north", 1)}
    assert np.allclose(published[("region-north", 1)][KEY], 0.2)
    train = next(e for e in log.read() if e["event"] == "train")
    assert train["cohorts"] == {"region-east": None, "region-north": "region-north/round-1", "region-south": None}


def test_an_update_over_max_update_norm_is_clipped_not_rejected(aggregator):
    strategy, published, ledger, log = aggregator
    strategy.aggregate_train(1, [_update(1, 0.1), _update(2, 0.4), _update(3, 5.0)])
    assert {e.decision for e in ledger.entries()} == {"accepted"}
    clipped = 10.0 / np.sqrt(8)  # norm 5·√8 ≈ 14.1 scaled to the cap of 10
    assert np.allclose(published[("global", 1)][KEY], (0.1 + 0.4 + clipped) / 3)
    accepted = next(e for e in log.read() if e["event"] == "train")["accepted"]
    assert [a["clipped"] for a in accepted] == [False, False, True]
    assert accepted[2]["update_norm"] == pytest.approx(5.0 * np.sqrt(8), rel=1e-6)


def test_record_weights_are_capped_and_uniform_is_the_default(tmp_path, enrollments):
    """A node claiming 10^15 records made the merge its own update when the
    weights were the reported records; under `weighting: records` the claim
    counts as `max_records`, and by default no claim counts at all."""
    strategy, published, _ = _strategy(tmp_path / "uniform", enrollments)
    strategy.aggregate_train(1, [_update(1, 0.1, records=10), _update(2, 0.4, records=10**15)])
    assert np.allclose(published[("global", 1)][KEY], 0.25)
    policy = _policy({"privacy": {"max_epsilon": 5.0}, "aggregation": {
        "min_nodes": 2, "max_update_norm": 10.0, "weighting": "records", "max_records": 30}})
    strategy, published, _ = _strategy(tmp_path / "records", enrollments, policy)
    strategy.aggregate_train(1, [_update(1, 0.1, records=10, policy_hash=policy.content_hash()),
                                 _update(2, 0.4, records=10**15, policy_hash=policy.content_hash())])
    assert np.allclose(published[("global", 1)][KEY], (0.1 * 10 + 0.4 * 30) / 40)


@pytest.mark.parametrize("robust", ["median", "trimmed_mean", "krum"])
def test_robust_rules_hold_against_one_hostile_node_of_five(tmp_path, enrollments, robust):
    policy = _policy({"privacy": {"max_epsilon": 5.0}, "aggregation": {
        "min_nodes": 2, "max_update_norm": 10.0, "robust": robust, "hostile_fraction": 0.2}})
    strategy, published, _ = _strategy(tmp_path, enrollments, policy)
    honest = {1: 0.1, 2: 0.2, 3: 0.3, 4: 0.4}
    hostile = -3.0  # sign-flipped and large: clipped to norm 10, still far from the rest
    bound = {"policy_hash": policy.content_hash()}
    replies = [_update(n, value, **bound) for n, value in honest.items()] + [_update(7, hostile, **bound)]
    strategy.aggregate_train(1, replies)
    merged = published[("global", 1)][KEY]
    assert merged.min() >= 0.1 and merged.max() <= 0.4  # within the honest updates' range
    plain_mean = (sum(honest.values()) - 10 / np.sqrt(8)) / 5  # robust: none, with the same clipping
    assert abs(merged.mean() - 0.25) < abs(plain_mean - 0.25) / 5


def test_a_float16_update_is_merged_in_the_models_dtype(aggregator):
    strategy, published, ledger, _ = aggregator
    arrays, _ = strategy.aggregate_train(1, [_update(1, 0.1, dtype=np.float16), _update(2, 0.4)])
    assert [e.decision for e in ledger.entries()] == ["accepted", "accepted"]
    assert published[("global", 1)][KEY].dtype == np.float32
    assert arrays is not None and adapter_tensors(arrays)[KEY].dtype == np.float32


@pytest.mark.parametrize("changes", [{"robust": "median"}, {"weighting": "records"}])
def test_client_dp_is_only_allowed_with_a_uniform_mean(changes):
    from policies import PolicyError

    with pytest.raises(PolicyError, match="client_dp needs robust: none and weighting: uniform"):
        _policy({"aggregation": {"client_dp": {"enabled": True}, **changes}})


@pytest.mark.parametrize(
    "make_reply, fragment",
    [
        (lambda: _update(3, signer=_KEYS[4]), "does not verify with node-3's enrolled key"),
        (lambda: _update(3, signed=False), "not signed"),
        (lambda: _update(3, node="node-4", region="south", signer=_KEYS[3]), "enrolled as 'node-3'"),
        (lambda: _update(9), "node id 9 is not enrolled"),
    ],
)
def test_reports_not_signed_by_the_enrolled_node_are_rejected(aggregator, make_reply, fragment):
    strategy, _, ledger, _ = aggregator
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2), make_reply()])
    assert arrays is not None
    rejected = [e for e in ledger.entries() if e.decision == "rejected"]
    assert len(rejected) == 1 and fragment in rejected[0].reason
    assert rejected[0].epsilon_round == 0.0  # an unverifiable report is never accounted as spend


def test_a_revoked_node_is_rejected(aggregator, enrollments):
    strategy, _, ledger, _ = aggregator
    enrollments.revoke("node-3")
    strategy.aggregate_train(1, [_update(1), _update(2), _update(3)])
    rejected = [e for e in ledger.entries() if e.decision == "rejected"]
    assert [e.node for e in rejected] == ["node-3"] and "revoked" in rejected[0].reason


class _Grid:
    """The one Grid call that sampling makes: which nodes are connected."""

    def __init__(self, node_ids: list[int]) -> None:
        self.node_ids = node_ids

    def get_node_ids(self) -> list[int]:
        return self.node_ids


def test_training_goes_to_every_connected_node_but_the_exhausted(aggregator):
    strategy, _, _, _ = aggregator
    strategy.exhausted.add(2)
    arrays = adapter_record({KEY: np.ones((4, 2), np.float32)})
    messages = list(strategy.configure_train(3, arrays, ConfigRecord(), _Grid([1, 2, 3])))
    assert sorted(m.metadata.dst_node_id for m in messages) == [1, 3]
    assert all(m.metadata.message_type == MessageType.TRAIN for m in messages)
    assert all(m.content["config"]["server-round"] == 3 for m in messages)
    assert np.allclose(strategy.sent[KEY], 1.0)
    strategy.exhausted.update({1, 3, 4, 5, 7})  # every enrolled node: none could end a wait
    assert list(strategy.configure_train(4, arrays, ConfigRecord(), _Grid([1, 2, 3]))) == []


def _receipts(message: Message) -> list[Receipt]:
    found, _ = receipts_in_record(dict(message.content.config_records["receipts"]))
    assert all(isinstance(receipt, Receipt) for receipt in found)
    return found


def test_each_ledger_entry_reaches_its_node_as_a_signed_receipt(aggregator):
    """Flower sends the evaluation requests right after aggregate_train, so the
    last round's receipts reach the nodes too; a node left out of evaluation
    gets its receipts with its next training request. A receipt is carried
    until the node answers a message that held it: one whose evaluation
    request was lost gets it again."""
    strategy, _, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5)])
    arrays = adapter_record({KEY: np.ones((4, 2), np.float32)})
    evaluation = {m.metadata.dst_node_id: m for m in strategy.configure_evaluate(1, arrays, ConfigRecord(),
                                                                                 _Grid([1, 3]))}
    entries = {entry.node: entry for entry in ledger.entries()}
    head = ledger.entries()[-1]
    public_key = ledger.public_key
    for node_id, message in evaluation.items():
        [receipt] = _receipts(message)
        entry = entries[f"node-{node_id}"]
        assert (receipt.node, receipt.seq, receipt.entry_hash, receipt.round) == (entry.node, entry.seq, entry.hash, 1)
        assert (receipt.head_seq, receipt.head_hash, receipt.run_id) == (head.seq, head.hash, RUN_ID)
        assert receipt.verifies_with(public_key)
        assert message.metadata.message_type == MessageType.EVALUATE and "arrays" in message.content
    assert _receipts(evaluation[3])[0].seq == entries["node-3"].seq  # rejected entries get receipts too
    strategy.aggregate_evaluate(1, [_evaluated(1)])  # node 3's evaluation never came back
    training = {m.metadata.dst_node_id: m for m in strategy.configure_train(2, arrays, ConfigRecord(),
                                                                            _Grid([1, 2, 3]))}
    assert [r.seq for r in _receipts(training[2])] == [entries["node-2"].seq]
    assert [r.seq for r in _receipts(training[3])] == [entries["node-3"].seq], "sent again: never acknowledged"
    assert "receipts" not in training[1].content


# -- the guard on Flower internals (server/flower_compat.py) ---------------------------


def _import_flower_compat_afresh() -> ModuleType:
    """Run server/flower_compat.py as a first import would, under another name,
    so that the module the strategy already uses stays as it is."""
    name = "flower_compat_afresh"
    spec = importlib.util.spec_from_file_location(name, flower_compat.__file__)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    try:
        spec.loader.exec_module(module)
    finally:
        del sys.modules[name]
    return module


def test_the_wrapped_internals_exist_in_the_installed_flwr():
    installed = flwr.__version__
    assert installed.split(".")[:2] == flower_compat.CHECKED_VERSION.split(".")[:2]
    for internal in flower_compat.INTERNALS:
        assert callable(flower_compat.resolve(internal, installed)), internal.where
    _import_flower_compat_afresh()


@pytest.fixture
def flowers_pull_defaults():
    """Flower's retry defaults, put back after the test (they are process-wide)."""
    functions = (inflatable_utils.pull_objects, inflatable_utils.pull_and_inflate_object_from_tree)
    saved = [dict(f.__kwdefaults__ or {}) for f in functions]
    yield
    for function, defaults in zip(functions, saved, strict=True):
        function.__kwdefaults__ = defaults


def _seconds_to_pull_an_object_that_lands_after(delay: float) -> float:
    landed = time.monotonic() + delay

    def pull(object_id: str) -> bytes:
        if time.monotonic() < landed:
            raise inflatable_utils.ObjectUnavailableError(object_id)
        return b"content"

    started = time.monotonic()
    assert inflatable_utils.pull_objects(["id"], pull) == {"id": b"content"}
    return time.monotonic() - started


def test_an_object_that_lands_late_is_pulled_within_half_a_second(flowers_pull_defaults):
    """A ClientApp forked before its SuperNode holds the whole message asks
    for objects that land a moment later; Flower's own retry sleeps 1, 2, 4,
    8 s (7-15 s lost per ClientApp on the default model)."""
    assert _seconds_to_pull_an_object_that_lands_after(0.2) >= 0.8  # Flower's first retry: 1 s ± 20%
    flower_compat.poll_objects_briskly()
    assert _seconds_to_pull_an_object_that_lands_after(0.2) < 0.8
    assert inflatable_utils.pull_and_inflate_object_from_tree.__kwdefaults__["initial_backoff"] == 0.1


@pytest.mark.parametrize("installed, accepted", [
    ("1.41.0", True), ("1.41.7", True), ("1.41.0.dev20250101", True),
    ("1.42.0", False), ("1.4.1", False), ("2.41.0", False),
])
def test_only_the_checked_major_minor_passes(installed, accepted):
    if accepted:
        flower_compat.check_version(installed)
    else:
        with pytest.raises(flower_compat.FlowerCompatError):
            flower_compat.check_version(installed)


def test_another_flower_release_fails_the_import_and_says_what_to_recheck(monkeypatch):
    monkeypatch.setattr(flwr, "__version__", "1.42.0")
    with pytest.raises(ImportError) as raised:
        _import_flower_compat_afresh()
    message = str(raised.value)
    assert "checked against flwr 1.41.0, flwr 1.42.0 is installed" in message
    assert all(internal.where in message for internal in flower_compat.INTERNALS)
    assert "CHECKED_VERSION" in message


@pytest.mark.parametrize(
    "owner, name, replacement, fragment",
    [
        (FedAvg, "_construct_messages", None, "FedAvg._construct_messages no longer exists"),
    ],
)
def test_a_vanished_or_changed_internal_fails_the_import(monkeypatch, owner, name, replacement, fragment):
    if replacement is None:
        monkeypatch.delattr(owner, name)
    else:
        monkeypatch.setattr(owner, name, replacement)
    with pytest.raises(ImportError, match=fragment):
        _import_flower_compat_afresh()


@pytest.mark.parametrize(
    "metrics, fragment",
    [
        ({"train-seconds": [1.0, 2.0]}, "'train-seconds' is not a number"),
        ({"node-seconds": float("nan")}, "'node-seconds' is not finite"),
        ({"train-seconds": -3}, "'train-seconds' is out of range"),
    ],
)
def test_a_malformed_training_metric_is_a_rejection_not_a_crash(aggregator, metrics, fragment):
    strategy, _, ledger, _ = aggregator
    bad = _update(3)
    bad.content["metrics"] = MetricRecord({"epsilon": 1.0, **metrics})
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2), bad])
    assert arrays is not None
    [rejected] = [e for e in ledger.entries() if e.decision == "rejected"]
    assert rejected.node == "node-3" and fragment in rejected.reason


def _evaluated(node_id: int, **records) -> Message:
    """A node's answer to an evaluation request: its acknowledgement, with `records` laid over it."""
    content = RecordDict({"evaluated": ConfigRecord({"status": "kept-on-node"}), **records})
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type="evaluate")
    return Message(content=content, reply_to=request)


FIGURES = MetricRecord({"base-loss": 2.0, "adapter-loss": 1.0, "num-tokens": 100})


@pytest.mark.parametrize(
    "reply, fragment",
    [
        (lambda: _evaluated(2, metrics=FIGURES), "it carries figures"),
        (lambda: _evaluated(2, arrays=adapter_record({KEY: np.ones((4, 2), np.float32)})),
         "it carries figures"),
        (lambda: _evaluated(2, refused=ConfigRecord({"status": "refused", "node": "node-2"})),
         "refusal lacks 'reason'"),
        (lambda: _evaluated(3), "node-3 was sent no evaluation request"),
        (lambda: _evaluated(9, metrics=FIGURES), "node id 9 is not enrolled"),
    ],
)
def test_an_evaluation_reply_is_an_acknowledgement_and_any_other_is_left_out_with_why(aggregator, reply, fragment):
    """Nodes keep their evaluations (issue 15): the aggregator takes no figure
    from any reply, and records one that carries figures as left out."""
    strategy, _, ledger, log = aggregator
    arrays = adapter_record({KEY: np.zeros((4, 2), np.float32)})
    list(strategy.configure_evaluate(1, arrays, ConfigRecord(), _Grid([1, 2])))
    assert strategy.aggregate_evaluate(1, [_evaluated(1), reply()]) is None
    [left_out] = [e for e in log.read() if e["event"] == "reject"]
    assert left_out["reason"].startswith("evaluation reply left out: ") and fragment in left_out["reason"]
    assert "2.0" not in left_out["reason"] and "100" not in left_out["reason"], "the figures are never read"
    assert [e for e in log.read() if e["event"] == "evaluate"] == [] and ledger.entries() == []


# -- quorum and deadlines (issue 14) ---------------------------------------------------


class _Heartbeats:
    """A grid whose nodes Flower counts online until `online_until`, which a
    heartbeat moves forward, as the SuperLink's `get_nodes` reports them."""

    def __init__(self, node_ids: list[int]) -> None:
        self.online_until = {node_id: 100.0 for node_id in node_ids}

    def get_node_ids(self) -> list[int]:
        return list(self.online_until)

    def get_nodes(self) -> list[NodeInfo]:
        return [NodeInfo(node_id=node_id, online_until=until) for node_id, until in self.online_until.items()]


def _deadline_strategy(tmp_path, enrollments, deadline_s: float, expected_nodes: int = 3):
    policy = _policy({"privacy": {"max_epsilon": 5.0},
                      "aggregation": {"min_nodes": 2, "max_update_norm": 10.0, "round_timeout_s": deadline_s}})
    strategy = AdapterStrategy(
        {KEY: (4, 2)}, lambda cohort, server_round, merged: f"{cohort}/round-{server_round}", RoundLog(tmp_path),
        Ledger.open(tmp_path, writable=True), policy, expected_nodes=expected_nodes, enrollments=enrollments,
        run_id=RUN_ID,
    )
    return strategy, policy


def _configured(strategy, server_round: int, grid, bound_s: float) -> tuple[list[int], float]:
    """The nodes `configure_train` sends to and how long it took; a call that
    still waits after `bound_s` fails the test instead of hanging it."""
    arrays = adapter_record({KEY: np.zeros((4, 2), np.float32)})
    sent: list[list[int]] = []

    def configure() -> None:
        messages = strategy.configure_train(server_round, arrays, ConfigRecord(), grid)
        sent.append(sorted(m.metadata.dst_node_id for m in messages))

    started = time.monotonic()
    worker = threading.Thread(target=configure, daemon=True)
    worker.start()
    worker.join(bound_s)
    assert not worker.is_alive(), f"configure_train still waits for nodes after {bound_s} s"
    return sent[0], time.monotonic() - started


def test_the_first_round_waits_for_the_expected_nodes_no_longer_than_the_deadline(tmp_path, enrollments):
    """Three nodes expected, one never comes: the round starts with the two
    online once the deadline passed, and never before."""
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=1.5)
    sent, took = _configured(strategy, 1, _Heartbeats([1, 2]), bound_s=10)
    assert sent == [1, 2] and 1.5 <= took < 10


def test_a_node_that_crashed_mid_round_is_dropped_named_and_not_waited_for(tmp_path, enrollments):
    """Node 3 is sent round 1 and never answers (killed): the round merges the
    two replies that came, names node-3 as dropped, and round 2 goes at once
    without it while Flower has not heard from it; once it has, it is sampled again."""
    strategy, policy = _deadline_strategy(tmp_path, enrollments, deadline_s=30)
    grid = _Heartbeats([1, 2, 3])
    assert _configured(strategy, 1, grid, bound_s=10)[0] == [1, 2, 3]
    arrays, _ = strategy.aggregate_train(1, [_update(n, policy_hash=policy.content_hash()) for n in (1, 2)])
    assert arrays is not None
    [dropped] = [e for e in RoundLog(tmp_path).read() if e["event"] == "dropped"]
    assert dropped == {**dropped, "round": 1, "nodes": ["node-3"], "deadline_s": 30}
    assert not any(entry.node == "node-3" for entry in strategy.ledger.entries())
    sent, took = _configured(strategy, 2, grid, bound_s=10)  # Flower still counts node 3 online
    assert sent == [1, 2] and took < 5
    grid.online_until[3] = 130.0  # a heartbeat: node 3 is back
    assert _configured(strategy, 3, grid, bound_s=10)[0] == [1, 2, 3]


def test_a_round_with_fewer_online_nodes_than_min_nodes_trains_no_one_and_says_so(tmp_path, enrollments):
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=1, expected_nodes=2)
    sent, took = _configured(strategy, 1, _Heartbeats([1]), bound_s=10)
    assert sent == [] and took >= 1
    [event] = [e for e in RoundLog(tmp_path).read() if e["event"] == "no-quorum"]
    assert event["online"] == ["node-1"] and event["required"] == 2


def _failing_publish(error: BaseException, cohorts=("global",)):
    """A publisher that fails with `error` for `cohorts` and works for the others."""
    published = {}

    def publish(cohort, server_round, merged):
        if cohort in cohorts:
            raise error
        published[(cohort, server_round)] = merged
        return f"{cohort}/round-{server_round}"

    return publish, published


def test_a_failed_publish_charges_the_nodes_keeps_the_adapter_and_the_run_goes_on(aggregator):
    """With the disk full the ledger had marked both updates accepted, and
    the run died; now they are charged as rejected, with the errno and no path."""
    strategy, _, ledger, log = aggregator
    strategy.on_merged, _ = _failing_publish(OSError(28, "No space left on device", "/home/alice/adapters"))
    arrays, metrics = strategy.aggregate_train(1, [_update(1), _update(2)])
    assert arrays is None and metrics is None
    entries = ledger.entries()
    assert [(e.node, e.decision) for e in entries] == [("node-1", "rejected"), ("node-2", "rejected")]
    assert {e.reason for e in entries} == {"merge failed: OSError ENOSPC (errno 28)"}
    assert all(e.epsilon_round == pytest.approx(epsilon([(1.0, 0.1, 10)], 1e-5)) for e in entries)
    train = next(e for e in log.read() if e["event"] == "train")
    assert train["merged"] is None and train["error"] == "OSError ENOSPC (errno 28)"
    assert "alice" not in json.dumps(log.read())
    strategy.on_merged, published = _failing_publish(OSError(28, "No space left on device"), cohorts=())
    arrays, _ = strategy.aggregate_train(2, [_update(1, server_round=2), _update(2, server_round=2)])
    assert arrays is not None and ("global", 2) in published
    assert ledger.entries("node-1")[-1].epsilon_total == pytest.approx(epsilon([(1.0, 0.1, 10)] * 2, 1e-5))


def test_an_update_is_recorded_as_accepted_only_once_its_round_is_published(aggregator):
    strategy, _, ledger, _ = aggregator
    seen_while_publishing = []

    def publish(cohort, server_round, merged):
        if cohort == "global":  # the one that carries every update; cohorts follow it
            seen_while_publishing.extend(e.decision for e in ledger.entries())
        return f"{cohort}/round-{server_round}"

    strategy.on_merged = publish
    strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5)])
    assert seen_while_publishing == ["rejected"]  # node-3's; node-1's and node-2's wait for the publish
    assert [e.decision for e in ledger.entries()] == ["rejected", "accepted", "accepted"]


def test_an_interrupted_publish_still_charges_the_nodes(aggregator):
    strategy, _, ledger, _ = aggregator
    strategy.on_merged, _ = _failing_publish(KeyboardInterrupt())
    with pytest.raises(KeyboardInterrupt):
        strategy.aggregate_train(1, [_update(1), _update(2)])
    assert {(e.decision, e.reason) for e in ledger.entries()} == {("rejected", "merge failed: KeyboardInterrupt")}


def test_updates_not_merged_for_want_of_min_nodes_are_charged_as_rejected(aggregator):
    strategy, _, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1), _update(2, float("inf"))])
    entry = ledger.entries("node-1")[0]
    assert entry.decision == "rejected" and entry.reason.startswith("not merged: 1 accepted update(s)")
    assert entry.steps == 10


def test_a_cohort_publish_failing_after_the_global_keeps_the_round(aggregator):
    strategy, _, ledger, log = aggregator
    strategy.on_merged, published = _failing_publish(OSError(122, "Disk quota exceeded"), cohorts=("region-north",))
    arrays, _ = strategy.aggregate_train(1, [_update(1, 0.1), _update(2, 0.3), _update(3, 0.9), _update(4, 0.5)])
    assert arrays is not None and set(published) == {("global", 1), ("region-south", 1)}
    assert {e.decision for e in ledger.entries()} == {"accepted"}  # every update is in the published global
    train = next(e for e in log.read() if e["event"] == "train")
    assert train["cohorts"]["region-north"] is None
    assert train["cohort_errors"] == {"region-north": "OSError EDQUOT (errno 122)"}


def test_a_second_reply_from_a_node_in_one_round_is_rejected(aggregator):
    """Decisions are recorded after the publish, so a second reply would be
    judged against a history without the first: it is turned away unjudged."""
    strategy, published, ledger, _ = aggregator
    strategy.aggregate_train(1, [_update(1, 0.1), _update(1, 0.1), _update(2, 0.4)])
    assert np.allclose(published[("global", 1)][KEY], 0.25)  # node-1 counted once
    assert [e.decision for e in ledger.entries("node-1")] == ["rejected", "accepted"]
    assert "a second reply in round 1" in ledger.entries("node-1")[0].reason


def test_the_superlinks_error_for_an_offline_node_names_that_node_dropped_and_no_one_rejected(tmp_path, enrollments):
    """Once node 4 misses its heartbeats, the SuperLink answers its request
    with an error of its own (sent by the SuperLink's node id): node-4 is
    dropped, and the error is no one's rejection."""
    strategy, policy = _deadline_strategy(tmp_path, enrollments, deadline_s=30)
    assert _configured(strategy, 1, _Heartbeats([2, 3, 4]), bound_s=10)[0] == [2, 3, 4]
    request = Message(content=RecordDict(), dst_node_id=SUPERLINK_NODE_ID, message_type=MessageType.TRAIN)
    unavailable = Message(Error(code=ErrorCode.NODE_UNAVAILABLE, reason="Node Unavailable"), reply_to=request)
    replies = [_update(n, policy_hash=policy.content_hash()) for n in (2, 3)]
    arrays, _ = strategy.aggregate_train(1, [*replies, unavailable])
    assert arrays is not None
    events = RoundLog(tmp_path).read()
    assert [e["nodes"] for e in events if e["event"] == "dropped"] == [["node-4"]]
    assert [e for e in events if e["event"] == "reject"] == []


def test_rounds_are_numbered_for_the_work_directory_and_nodes_sign_the_runs_own(tmp_path, enrollments):
    """A second run's round 1 reused round 1 in the ledger and the round log
    while its adapter went to another directory; now every record of the
    run's round 1 says round 5, the number after the earlier runs', and the
    nodes are still asked (and sign) round 1 of their run."""
    published = {}

    def publish(cohort, server_round, merged):
        published[(cohort, server_round)] = merged
        return f"{cohort}/round-{server_round}"

    ledger = Ledger.open(tmp_path, writable=True)
    strategy = AdapterStrategy({KEY: (4, 2)}, publish, RoundLog(tmp_path), ledger, POLICY, expected_nodes=2,
                               enrollments=enrollments, run_id=RUN_ID, first_round=5)
    arrays = adapter_record({KEY: np.zeros((4, 2), np.float32)})
    messages = list(strategy.configure_train(1, arrays, ConfigRecord(), _Grid([1, 2])))
    assert {m.content["config"]["server-round"] for m in messages} == {1}
    assert strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5)])[0] is not None
    assert set(published) == {("global", 5), ("region-north", 5)}
    assert {e.round for e in ledger.entries()} == {5}
    assert {e["round"] for e in RoundLog(tmp_path).read() if "round" in e} == {5}
    evaluation = list(strategy.configure_evaluate(1, arrays, ConfigRecord(), _Grid([1, 2])))
    assert {m.content["config"]["server-round"] for m in evaluation} == {1}
    receipts = [receipt for message in evaluation for receipt in _receipts(message)]
    assert receipts and {receipt.round for receipt in receipts} == {5}
    replay = _update(1, server_round=5)  # a report for the number, not for round 1 of this run
    strategy.aggregate_train(2, [replay, _update(2, server_round=2)])
    assert "signed for round 5, this is round 2" in ledger.entries("node-1")[-1].reason


def test_the_quorum_wait_does_not_count_nodes_that_will_not_train(tmp_path, enrollments):
    """Node 2 has spent its budget: with nodes 1 and 2 online the wait for a
    quorum of 2 ended at once and the round trained no one; it now waits for
    node 3, which comes a moment later."""
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=30)
    grid = _Heartbeats([1, 2, 3])
    _configured(strategy, 1, grid, bound_s=10)  # the first round, past its wait for the expected nodes
    strategy.exhausted.add(2)
    del grid.online_until[3]
    threading.Timer(1.0, lambda: grid.online_until.update({3: 100.0})).start()
    sent, took = _configured(strategy, 2, grid, bound_s=20)
    assert sent == [1, 3] and took >= 1.0


def test_no_round_waits_for_nodes_that_could_never_train(tmp_path, enrollments):
    """A round waited the whole deadline for a quorum that no enrolled node
    with budget left could make up: four of the six are spent, the other two
    are offline, so a quorum of 2 can still come and is waited for; with five
    spent it cannot, and the round gives up at once."""
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=600)
    grid = _Heartbeats([1, 2, 3])
    _configured(strategy, 1, grid, bound_s=10)
    strategy.exhausted.update({1, 2, 3, 4})
    threading.Timer(1.0, lambda: grid.online_until.update({5: 100.0, 7: 100.0})).start()
    sent, took = _configured(strategy, 2, grid, bound_s=20)
    assert sent == [5, 7] and took >= 1.0
    strategy.exhausted.add(5)
    sent, took = _configured(strategy, 3, grid, bound_s=20)
    assert sent == [] and took < 5


def test_the_first_round_counts_every_online_node_as_the_expected_count_did(tmp_path, enrollments):
    """`train` counts every online node into `expected`; an online node that
    will not be sampled (node 6 is not enrolled) must end the first round's
    wait as it was counted, or every run would wait out the deadline."""
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=600)
    sent, took = _configured(strategy, 1, _Heartbeats([1, 2, 6]), bound_s=20)
    assert sent == [1, 2] and took < 5


def test_a_revoked_node_online_does_not_end_the_first_rounds_wait_for_one_that_can_train(tmp_path, enrollments):
    """Three expected: node 2 (revoked, its SuperNode still up) and node 1 are
    online, node 3 reconnects a moment later; the round waits for node 3
    rather than starting without its quorum."""
    enrollments.revoke("node-2")
    for name in ("node-4", "node-5", "node-7"):
        enrollments.revoke(name)
    strategy, _ = _deadline_strategy(tmp_path, enrollments, deadline_s=30)
    grid = _Heartbeats([1, 2])
    threading.Timer(1.0, lambda: grid.online_until.update({3: 100.0})).start()
    sent, took = _configured(strategy, 1, grid, bound_s=20)
    assert sent == [1, 3] and 1.0 <= took < 20


def test_a_ledger_that_cannot_be_written_stops_training_not_the_run_and_loses_no_spend(aggregator, monkeypatch):
    """SQLite's "disk is full" on an append escaped `aggregate_train` and ended
    the run, and the round's spends were lost. Now the round goes on, nothing
    is trained while the ledger takes no writes, and once it does every
    decision is in it, in order, and the chain verifies."""
    import sqlite3

    from privacy.identity.signing import load_public_key

    strategy, published, ledger, log = aggregator
    append = ledger.append

    def full(**fields):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(ledger, "append", full)
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5)])
    assert ledger.entries() == []
    unrecorded = [e for e in log.read() if e["event"] == "unrecorded"]
    assert [e["decision"]["node"] for e in unrecorded] == ["node-3", "node-1", "node-2"]
    assert arrays is None and published == {}  # node-3's rejection came first: nothing is published
    assert strategy.configure_train(2, ArrayRecord({}), ConfigRecord(), _Grid([1, 2])) == []
    assert [e["error"] for e in log.read() if e["event"] == "ledger-unwritable"] == ["OperationalError"]

    monkeypatch.setattr(ledger, "append", append)  # the operator freed the disk
    arrays = adapter_record({KEY: np.zeros((4, 2), np.float32)})
    assert len(list(strategy.configure_train(3, arrays, ConfigRecord(), _Grid([1, 2])))) == 2
    assert [(e.round, e.node, e.decision) for e in ledger.entries()] == [
        (1, "node-3", "rejected"), (1, "node-1", "rejected"), (1, "node-2", "rejected")]
    assert ledger.entries("node-1")[0].reason.startswith("not merged: the privacy ledger cannot be written")
    assert ledger.verify(load_public_key(ledger.path.parent / "keys" / "aggregator.pub")).ok


def test_a_ledger_that_cannot_even_be_read_keeps_the_decisions_for_later(aggregator, monkeypatch):
    """Reading the head before an append failed with an UnboundLocalError that
    escaped the strategy, and the spend of a rejected update was nowhere."""
    import sqlite3

    strategy, _, ledger, log = aggregator
    head = ledger.head

    def unreadable():
        raise sqlite3.OperationalError("disk I/O error")

    monkeypatch.setattr(ledger, "head", unreadable)
    assert strategy.aggregate_train(1, [_update(1), _update(2), _update(3, steps=-5)]) == (None, None)
    assert [e["decision"]["node"] for e in log.read() if e["event"] == "unrecorded"] == ["node-3", "node-1", "node-2"]
    monkeypatch.setattr(ledger, "head", head)
    strategy.configure_train(2, ArrayRecord({}), ConfigRecord(), _Grid([1, 2]))
    assert [e.node for e in ledger.entries()] == ["node-3", "node-1", "node-2"]


def test_updates_published_while_the_ledger_is_failing_are_recorded_accepted_once_it_works(aggregator, monkeypatch):
    strategy, published, ledger, _ = aggregator
    append = ledger.append
    monkeypatch.setattr(ledger, "append", lambda **fields: (_ for _ in ()).throw(OSError(28, "No space left")))
    assert strategy.aggregate_train(1, [_update(1), _update(2)])[0] is not None  # judged before any write
    assert ("global", 1) in published and ledger.entries() == []
    monkeypatch.setattr(ledger, "append", append)
    strategy.configure_train(2, ArrayRecord({}), ConfigRecord(), _Grid([1, 2]))
    assert [(e.node, e.decision) for e in ledger.entries()] == [("node-1", "accepted"), ("node-2", "accepted")]
    assert ledger.entries("node-2")[0].epsilon_total == pytest.approx(epsilon([(1.0, 0.1, 10)], 1e-5))
