"""A lying server and a curious operator against the node's own limits (issue 13, point 4).

Before, a node took its ε cap, δ, σ floor, location level and merge strategy
from whatever policy the server sent, and a deleted `state/accountant.json` (or all of `state/`)
started its budget again at ε = 0. Now the node's bundle may carry
`limits.yaml`; a run whose policy protects less is refused with a reply that
says why and carries nothing else (no record is even read), the aggregator
records the refusal, a stricter policy is trained under as sent, and a node
that has trained before refuses to train without its accountant.

The node is the real ClientApp over the tiny model (`device.Device`). Limits
files are written by hand, as the device's owner would.
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from flwr.app import Message

from client.receipts import keep_receipts
from netgpt.layout import NodeLayout
from policies import Policy, parse_policy
from privacy.dp.receipts import receipts_record
from privacy.dp.report import PrivacyReport

from .device import Device
from .harness import RUN_ID, Aggregator

TEXTS = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(24)]
# The node's own limits, as its owner writes them.
LIMITS = """\
max_epsilon: 4.0
delta: 1.0e-5
min_noise_multiplier: 0.8
location_level: region
strategies: [ffa]
"""


def policy(**sections: Any) -> Policy:
    """The packaged default policy with `sections` laid over it."""
    return parse_policy(json.dumps(sections))


# A server that asks for exactly the node's limits, and one stricter on every point.
AT_LIMITS: dict[str, dict[str, Any]] = {
    "privacy": {"max_epsilon": 4.0, "delta": 1e-5, "min_noise_multiplier": 0.8},
    "desensitization": {"location_level": "region"},
}
STRICTER = policy(privacy={"max_epsilon": 3.0, "delta": 1e-6, "min_noise_multiplier": 1.2},
                  desensitization={"location_level": "country"})


def at_limits(**changes: dict[str, Any]) -> Policy:
    """A policy at the node's limits on every point but `changes`."""
    sections = {section: dict(values) for section, values in AT_LIMITS.items()}
    for section, values in changes.items():
        sections.setdefault(section, {}).update(values)
    return policy(**sections)


@pytest.fixture
def aggregator(tmp_path: Path) -> Aggregator:
    return Aggregator(tmp_path / "aggregator")


@pytest.fixture
def device(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch, aggregator: Aggregator) -> Device:
    # `aggregator` first: it stamps messages with the identity of run RUN_ID.
    device = Device(tmp_path / "device", TEXTS, model_cache, monkeypatch)
    device.bundle.limits.write_text(LIMITS)
    return device


def _refusal(reply: Message) -> str:
    """The reason of a refusal; fails when the reply is anything else."""
    records = reply.content
    assert "refused" in records.config_records, f"the node did not refuse: {sorted(records.keys())}"
    assert set(records.keys()) == {"refused"}, "a refusal carries nothing but why"
    return str(records.config_records["refused"]["reason"])


@pytest.mark.parametrize(
    ("sent", "named"),
    [
        pytest.param(at_limits(privacy={"max_epsilon": 50.0}), "ε cap 50 is above the node's limit 4", id="higher-cap"),
        pytest.param(at_limits(privacy={"min_noise_multiplier": 0.1}), "σ floor 0.1 is below the node's minimum 0.8",
                     id="lower-noise-floor"),
        pytest.param(at_limits(desensitization={"location_level": "city"}),
                     "location level 'city' is finer than the node's limit 'region'", id="finer-location"),
        pytest.param(at_limits(privacy={"delta": 1e-3}), "δ 0.001 is above the node's limit 1e-05", id="larger-delta"),
        pytest.param(at_limits(aggregation={"strategy": "fedavg"}),
                     "merge strategy 'fedavg' is not one the node allows", id="strategy"),
    ],
)
def test_a_run_asking_for_less_protection_than_the_node_allows_is_refused(
    device: Device, aggregator: Aggregator, sent: Policy, named: str
) -> None:
    # The lying server keeps every other number at the node's limits, so only `named` is wrong.
    reason = _refusal(device.ask("train", sent))
    assert named in reason and "node-1 refuses" in reason
    assert device.corpus_reads == [], "a refused run reads no record"
    assert not device.bundle.accountant.exists() and not device.bundle.personal_adapter.exists()

    # The aggregator records the refusal with the node's reason; nothing enters the ledger.
    aggregator.strategy.aggregate_train(1, [device.ask("train", sent)])
    [event] = aggregator.events("reject")
    assert event["node"] == "node-1" and named in event["reason"] and "refuses" in event["reason"]
    assert aggregator.ledger.history("node-1") == []


def test_a_stricter_policy_is_applied_and_a_lost_accountant_stops_the_next_round(
    device: Device, aggregator: Aggregator
) -> None:
    reply = device.ask("train", STRICTER)
    assert "refused" not in reply.content.config_records
    report = PrivacyReport.from_record(dict(reply.content.config_records["privacy"]))
    # The stricter policy is what the node trained under: its δ, its σ floor, its level, its hash.
    assert report.delta == 1e-6 and report.noise_multiplier >= 1.2
    assert report.policy_hash == STRICTER.content_hash() and report.epsilon <= 3.0
    assert device.corpus_reads == ["country"]
    assert device.in_child == [True], "the node desensitizes where Presidio's memory leaves with the process"
    assert device.bundle.accountant.exists()

    # The curious operator deletes the accountant to give the node a fresh budget.
    device.bundle.accountant.unlink()
    reason = _refusal(device.ask("train", STRICTER, server_round=2))
    assert "accountant" in reason and "state/accountant.json" in reason and "restore" in reason
    assert str(device.bundle.root) not in reason, "the reason names no path on the device"
    assert device.corpus_reads == ["country"], "the refused round read no record"
    assert not device.bundle.accountant.exists(), "no fresh accountant was started"

    aggregator.strategy.aggregate_train(2, [device.ask("train", STRICTER, server_round=2)])
    [event] = aggregator.events("reject")
    assert "accountant" in event["reason"]


def test_a_limits_file_with_an_unknown_key_is_a_clear_error_in_the_nodes_own_log(
    device: Device, capsys: pytest.CaptureFixture[str]
) -> None:
    device.bundle.limits.write_text(LIMITS + "max_epsilo: 1.0\n")
    assert "limits file is invalid" in _refusal(device.ask("train", at_limits()))
    logged = capsys.readouterr().err
    assert "max_epsilo: unknown key" in logged and str(device.bundle.limits) in logged
    assert device.corpus_reads == []


def test_a_policy_at_the_limits_is_accepted_and_without_a_limits_file_any_policy_is(tmp_path: Path) -> None:
    from client.node_limits import load_node_limits

    layout = NodeLayout(tmp_path)
    assert load_node_limits(layout).shortfalls(policy(privacy={"max_epsilon": 1000.0})) == []
    layout.limits.write_text(LIMITS)
    assert load_node_limits(layout).shortfalls(at_limits()) == []


def test_enroll_options_write_limits_the_node_reads_back(tmp_path: Path) -> None:
    from client.node_limits import NodeLimitsError, load_node_limits, parse_node_limits, save_node_limits

    layout = NodeLayout(tmp_path)
    options = {"max_epsilon": 4.0, "location_level": "region", "strategies": ["ffa"]}
    save_node_limits(layout, parse_node_limits(options, "node limits"))
    limits = load_node_limits(layout)
    assert (limits.max_epsilon, limits.location_level, limits.strategies) == (4.0, "region", ("ffa",))
    assert limits.delta is None and limits.min_noise_multiplier is None
    with pytest.raises(NodeLimitsError, match="location_level"):
        parse_node_limits({"location_level": "street"}, "node limits")


def test_a_limits_file_broken_mid_run_refuses_without_telling_the_aggregator_where(device: Device) -> None:
    """The owner's typo in limits.yaml: the node refuses, and the reply names
    neither the file's path nor the bad value."""
    device.bundle.limits.write_text("max_epsilon: lots\n")
    reason = _refusal(device.ask("train", at_limits()))
    assert "limits file is invalid" in reason
    assert str(device.bundle.root) not in reason and "lots" not in reason
    assert device.corpus_reads == []


def test_a_policy_altered_on_the_way_is_not_trained_under(device: Device) -> None:
    """A man in the middle (or a lying server) loosens the cap in the message but
    keeps the hash of the policy the operator set: the node refuses to start."""
    from policies import PolicyError

    sent = at_limits()
    loosened = sent.model_dump_json().replace(f'"max_epsilon":{sent.privacy.max_epsilon}', '"max_epsilon":1000.0')
    assert loosened != sent.model_dump_json()
    with pytest.raises(PolicyError, match="does not match its hash"):
        device.ask("train", sent, policy_json=loosened)
    assert device.corpus_reads == []


def test_deleting_the_whole_state_directory_does_not_reset_a_node_that_holds_receipts(
    device: Device, aggregator: Aggregator
) -> None:
    """The receipts the aggregator signed live beside `state/`: wiping `state/`
    (accountant, trained policy, personal adapter) still leaves the proof that
    the node trained, and the node refuses rather than start again at ε = 0."""
    reply = device.ask("train", STRICTER)
    aggregator.strategy.aggregate_train(1, [reply])
    [entry] = aggregator.ledger.entries("node-1")
    receipt = aggregator.ledger.receipt(entry, RUN_ID)
    record = receipts_record([receipt], aggregator.ledger.public_key)
    assert keep_receipts(device.bundle, "node-1", record) == []

    shutil.rmtree(device.bundle.state)
    reason = _refusal(device.ask("train", STRICTER, server_round=2))
    assert "accountant" in reason and "receipts.jsonl" in reason
    assert device.corpus_reads == ["country"], "the refused round read no record"
