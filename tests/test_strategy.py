"""The aggregator's strategy on real Flower messages: every rejection reason,
recorded in the signed ledger, the good updates still merged, each clipped,
under weights no node controls and the policy's robust rule."""

from __future__ import annotations

import importlib.util
import json
import sys
from types import ModuleType

import flwr
import numpy as np
import pytest
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MessageType, MetricRecord, RecordDict
from flwr.serverapp.strategy import FedAvg, strategy_utils
from flwr.supercore.task_identity import TaskIdentity

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
SHAPES = {KEY: (4, 2)}


def _policy(changes: dict) -> Policy:
    """The packaged default policy with `changes` laid over it, as an operator's file is."""
    return parse_policy(json.dumps(changes))


POLICY = _policy({"privacy": {"max_epsilon": 5.0}, "aggregation": {"min_nodes": 2, "max_update_norm": 10.0}})


REGIONS = {1: "north", 2: "north", 3: "south", 4: "south", 7: "north"}
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
            "arrays": ArrayRecord({key: Array.from_numpy_ndarray(array) for key, array in tensors.items()}),
            "metrics": MetricRecord({"num-examples": records, "train-seconds": 1.0}),
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


def _strategy(tmp_path, enrollments, policy=POLICY):
    published = {}

    def publish(cohort, server_round, merged):
        published[(cohort, server_round)] = merged
        return f"{cohort}/round-{server_round}"

    ledger = Ledger.open(tmp_path, writable=True)
    strategy = AdapterStrategy(
        SHAPES, publish, RoundLog(tmp_path), ledger, policy, expected_nodes=2, enrollments=enrollments,
        run_id=RUN_ID,
    )
    strategy.sent = {KEY: np.zeros((4, 2), np.float32)}
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


def test_client_level_dp_clips_noises_and_accounts_every_release(tmp_path, enrollments):
    from netgpt.commands.audit import federation_summary
    from privacy.dp.ledger import FEDERATION_NODE

    policy = _policy(
        {"aggregation": {"min_nodes": 2, "client_dp": {"enabled": True, "noise_multiplier": 1.0,
                                                       "clipping_norm": 0.5}}}
    )
    strategy, published, ledger = _strategy(tmp_path, enrollments, policy)
    strategy.rng = np.random.default_rng(0)
    for server_round in (1, 2):
        bound = {"policy_hash": policy.content_hash(), "server_round": server_round}
        strategy.aggregate_train(server_round, [_update(1, 3.0, **bound), _update(2, 3.0, **bound)])
    # Each update (norm ≈ 8.5) was clipped to 0.5 before averaging; noise std is σ·C/n = 0.25.
    assert np.abs(published[("global", 1)][KEY]).mean() < 1.5
    # Both nodes are in "north": per round one global and one cohort release, all accounted.
    releases = ledger.entries(FEDERATION_NODE)
    assert len(releases) == 4
    assert releases[-1].epsilon_total == pytest.approx(epsilon([(1.0, 1.0, 4)], 1e-5))
    assert federation_summary(ledger.entries())["releases"] == 4


def test_cohort_adapters_only_for_regions_with_min_nodes(aggregator):
    strategy, published, _, log = aggregator
    strategy.aggregate_train(1, [_update(1, 0.1), _update(2, 0.3), _update(3, 0.9)])
    assert set(published) == {("global", 1), ("region-north", 1)}
    assert np.allclose(published[("region-north", 1)][KEY], 0.2)
    train = next(e for e in log.read() if e["event"] == "train")
    assert train["cohorts"] == {"region-north": "region-north/round-1", "region-south": None}


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
    assert arrays is not None and arrays[KEY].numpy().dtype == np.float32


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
    arrays = ArrayRecord({KEY: Array.from_numpy_ndarray(np.ones((4, 2), np.float32))})
    messages = list(strategy.configure_train(3, arrays, ConfigRecord(), _Grid([1, 2, 3])))
    assert sorted(m.metadata.dst_node_id for m in messages) == [1, 3]
    assert all(m.metadata.message_type == MessageType.TRAIN for m in messages)
    assert all(m.content["config"]["server-round"] == 3 for m in messages)
    assert np.allclose(strategy.sent[KEY], 1.0)
    strategy.exhausted.update({1, 3})
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
    arrays = ArrayRecord({KEY: Array.from_numpy_ndarray(np.ones((4, 2), np.float32))})
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
    answer = RecordDict({"metrics": MetricRecord({"base-loss": 2.0, "adapter-loss": 1.5, "num-tokens": 10})})
    strategy.aggregate_evaluate(1, [_reply(1, answer)])  # node 3's evaluation never came back
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
        (strategy_utils, "sample_nodes", lambda grid, sample_size: ([], []), "sample_nodes now takes"),
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
        ({"num-examples": -3}, "'num-examples' is out of range"),
    ],
)
def test_a_malformed_training_metric_is_a_rejection_not_a_crash(aggregator, metrics, fragment):
    strategy, _, ledger, _ = aggregator
    bad = _update(3)
    bad.content["metrics"] = MetricRecord({"num-examples": 10, **metrics})
    arrays, _ = strategy.aggregate_train(1, [_update(1), _update(2), bad])
    assert arrays is not None
    [rejected] = [e for e in ledger.entries() if e.decision == "rejected"]
    assert rejected.node == "node-3" and fragment in rejected.reason


def _losses(node_id: int, **metrics) -> Message:
    values = {"base-loss": 2.0, "adapter-loss": 1.0, "num-tokens": 100, **metrics}
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type="evaluate")
    return Message(content=RecordDict({"metrics": MetricRecord(values)}), reply_to=request)


@pytest.mark.parametrize(
    "reply, fragment",
    [
        (lambda: _losses(2, **{"adapter-loss": 1000.0}), "'adapter-loss' is out of range"),
        (lambda: _losses(2, **{"base-loss": float("inf")}), "'base-loss' is not finite"),
        (lambda: _losses(2, **{"num-tokens": [1, 2]}), "'num-tokens' is not an integer"),
        (lambda: _losses(2, **{"num-tokens": 10**18}), "'num-tokens' is out of range"),
        (lambda: _losses(2, **{"num-tokens": 0.5}), "'num-tokens' is not an integer"),
        (lambda: _losses(3, **{"adapter-loss": 0.0, "num-tokens": 10**9}), "node-3 was sent no evaluation request"),
        (lambda: _losses(9, **{"adapter-loss": 0.0, "num-tokens": 10**9}), "node id 9 is not enrolled"),
    ],
)
def test_an_evaluation_reply_that_cannot_count_is_left_out_with_why(aggregator, reply, fragment):
    strategy, _, _, log = aggregator
    arrays = ArrayRecord({KEY: Array.from_numpy_ndarray(np.zeros((4, 2), np.float32))})
    list(strategy.configure_evaluate(1, arrays, ConfigRecord(), _Grid([1, 2])))
    summary = strategy.aggregate_evaluate(1, [_losses(1), reply()])
    assert summary is not None and summary["num-tokens"] == 100
    assert summary["adapter-ppl"] == pytest.approx(np.e)
    [left_out] = [e for e in log.read() if e["event"] == "reject"]
    assert left_out["reason"].startswith("evaluation reply left out: ") and fragment in left_out["reason"]
