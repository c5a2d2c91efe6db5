"""Hundreds of malformed replies, sent to the real strategy (issue 14, item 2).

Each case takes a valid reply of an enrolled node and changes one part of it
at random (seeded): a report or metric field to another type, NaN, infinity,
a huge, negative or tiny number, a list, a string or bytes; a field removed or
added; tensors of another shape or dtype, non-finite, extra, missing or bytes
that are no array; a budget-exhausted or refusal record gone wrong; a sender
that is not enrolled or was not asked. A changed report is signed again and
bound to the changed tensors (most of the time), so that the change reaches
the checks behind the signature rather than stopping at it.

Whatever arrives, nothing may raise out of `aggregate_train` or
`aggregate_evaluate`; each reply is accepted (an evaluation reply:
acknowledged, its figures never read), or recorded with a specific reason
(never the strategy's last-resort "could not be judged"); a merged adapter
is finite, in the model's dtype and within `max_update_norm` of the adapter
sent (the harness sends zeros, so that is the merged adapter's own norm); the
ledger still verifies.
"""

from __future__ import annotations

import math
import random
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pytest
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MetricRecord, RecordDict
from security.harness import KEY, POLICY, SHAPE, Aggregator, Grid, digest, reply_from, tensors

from netgpt.adapter_record import ADAPTER_KEY, adapter_record, adapter_tensors
from privacy.identity.node_keys import SIGNATURE_ALGORITHM, sign_record
from privacy.identity.signing import load_public_key

CASES = 320
PER_AGGREGATOR = 10  # cases share an aggregator (rounds 1..10), so no node's ε nears the cap
MUTANT, HONEST, STRANGER = 3, 1, 9

CONFIG_VALUES: list[Any] = [
    math.nan, math.inf, -math.inf, 1e300, -1e300, 1e-300, -1.0, 0.0, 3.5, 0, -1, 1, 10**15, 2**63, 2**64, 2**70,
    -(2**70), True, False, "", "x", "1e3", b"\x00\xff", [1, 2], [0.5], ["a"], [],
]
METRIC_VALUES: list[Any] = [
    math.nan, math.inf, -math.inf, 1e308, 1e-300, -1.0, 0.0, 1000.0, 710.0, 0, -1, 10**15, 2**63, 2**70,
    -(2**70), [1, 2], [0.5],
]
TRAIN_METRICS = ["train-seconds", "node-seconds", "epsilon"]


@dataclass
class TrainParts:
    """A training reply of the mutant node, in parts that a mutation changes
    before the reply is built."""

    arrays: dict[str, np.ndarray | Array]
    report: dict[str, Any]
    metrics: dict[str, Any]
    signature: dict[str, Any] = field(default_factory=dict)
    others: dict[str, ConfigRecord] = field(default_factory=dict)  # budget / refused records
    rebind: bool = True  # bind the report to the (changed) tensors and sign it again
    sender: int = MUTANT
    with_report: bool = True
    with_arrays: bool = True
    with_metrics: bool = True


def _mutate_train(rng: random.Random, parts: TrainParts) -> str:
    """Change one part of `parts`; say which, for the failure message."""
    kind = rng.choice([
        "report-value", "report-value", "report-value", "report-missing", "report-extra", "signature",
        "metrics-value", "metrics-value", "metrics-extra", "metrics-gone", "tensor-shape", "tensor-dtype",
        "tensor-values", "tensor-extra", "tensor-missing", "tensor-bytes", "arrays-gone", "not-rebound",
        "report-gone", "budget", "refused", "stranger",
    ])
    array = parts.arrays[KEY]
    assert isinstance(array, np.ndarray)
    if kind == "report-value":
        name = rng.choice(sorted(parts.report))
        parts.report[name] = rng.choice(CONFIG_VALUES)
        return f"{kind} {name}={parts.report[name]!r}"
    if kind == "report-missing":
        name = rng.choice(sorted(parts.report))
        del parts.report[name]
        return f"{kind} {name}"
    if kind == "report-extra":
        parts.report["extra"] = rng.choice(CONFIG_VALUES)
        return kind
    if kind == "signature":
        parts.rebind = False
        parts.signature = {"algorithm": rng.choice(CONFIG_VALUES), "signature": rng.choice(CONFIG_VALUES)}
        return f"{kind} {parts.signature!r}"
    if kind == "metrics-value":
        name = rng.choice(TRAIN_METRICS)
        parts.metrics[name] = rng.choice(METRIC_VALUES)
        return f"{kind} {name}={parts.metrics[name]!r}"
    if kind == "metrics-extra":
        parts.metrics["extra"] = rng.choice(METRIC_VALUES)
        return kind
    if kind == "tensor-shape":
        shape = rng.choice([(2, 4), (4,), (4, 2, 1), (0,), (1, 1), ()])
        parts.arrays[KEY] = np.zeros(shape, np.float32)
        return f"{kind} {shape}"
    if kind == "tensor-dtype":
        dtype = rng.choice([np.float16, np.float64, np.int32, np.int64, np.bool_, np.complex64, np.uint8])
        parts.arrays[KEY] = array.astype(dtype)
        return f"{kind} {np.dtype(dtype)}"
    if kind == "tensor-values":
        value = rng.choice([math.nan, math.inf, -math.inf, 1e30, -1e30, 3e38, 1e-45, 60.0])
        dtype = rng.choice([np.float32, np.float64, np.float16])
        with np.errstate(over="ignore"):
            parts.arrays[KEY] = np.full(SHAPE, value, dtype)
        return f"{kind} {value} as {np.dtype(dtype)}"
    if kind == "tensor-extra":
        parts.arrays["extra.weight"] = np.zeros((2,), np.float32)
        return kind
    if kind == "tensor-missing":
        del parts.arrays[KEY]
        return kind
    if kind == "tensor-bytes":
        data = rng.choice([b"", b"\x93NUMPY", b"PK\x03\x04junk", bytes(rng.getrandbits(8) for _ in range(64))])
        if rng.random() < 0.5:  # bytes that are no array
            parts.arrays[KEY] = Array(dtype="uint8", shape=(len(data),), stype="numpy.ndarray", data=data)
        else:  # an array of bytes that are no safetensors file
            parts.arrays[KEY] = Array.from_numpy_ndarray(np.frombuffer(data, dtype=np.uint8))
        parts.rebind = False
        return f"{kind} {data[:8]!r}"
    if kind == "budget":
        status: dict[str, Any] = {"status": "budget-exhausted", "node": "node-3", "epsilon": 7.9, "cap": 8.0}
        name = rng.choice([*sorted(status), None])
        if name is not None:
            status[name] = rng.choice(CONFIG_VALUES)
        parts.others["budget"] = ConfigRecord(status)
        return f"{kind} {name}"
    if kind == "refused":
        refusal: dict[str, Any] = {"status": "refused", "node": "node-3", "reason": "limits"}
        name = rng.choice([*sorted(refusal), None])
        if name is not None:
            refusal[name] = rng.choice(CONFIG_VALUES)
        parts.others["refused"] = ConfigRecord(refusal)
        return f"{kind} {name}"
    if kind == "stranger":
        parts.sender = STRANGER
        return kind
    if kind == "not-rebound":
        parts.arrays[KEY] = array + np.float32(0.5)
        parts.rebind = False
        return kind
    if kind == "metrics-gone":
        parts.with_metrics = False
    elif kind == "arrays-gone":
        parts.with_arrays = False
    else:
        parts.with_report = False
    return kind


def _build(aggregator: Aggregator, parts: TrainParts) -> Message:
    node = aggregator.nodes[MUTANT]
    numeric = {k: v for k, v in parts.arrays.items() if isinstance(v, np.ndarray)}
    if parts.rebind and "update_digest" in parts.report and len(numeric) == len(parts.arrays):
        parts.report["update_digest"] = digest(numeric)
    content = RecordDict()
    if parts.with_arrays:
        raw = [v for v in parts.arrays.values() if isinstance(v, Array)]
        content["arrays"] = ArrayRecord({ADAPTER_KEY: raw[0]}) if raw else adapter_record(numeric)
    if parts.with_report:
        content["privacy"] = ConfigRecord(parts.report)
        signature = parts.signature
        if parts.rebind:
            try:
                signature = {"algorithm": SIGNATURE_ALGORITHM, "signature": sign_record(node.key, parts.report)}
            except (TypeError, ValueError):  # bytes cannot be signed as JSON: the node sends it unsigned
                signature = {}
        if signature:
            content["privacy-signature"] = ConfigRecord(signature)
    if parts.with_metrics:
        content["metrics"] = MetricRecord(parts.metrics)
    for name, record in parts.others.items():
        content[name] = record
    return reply_from(parts.sender, content)


def _decision_about(aggregator: Aggregator, server_round: int, node_id: int) -> list[str]:
    """What the round log and ledger say about `node_id` in `server_round`:
    "accepted", or each recorded reason."""
    said = []
    name = f"node-{node_id}"
    for event in aggregator.round_log.read():
        if event.get("round") != server_round:
            continue
        if event["event"] == "reject" and event.get("node_id") == node_id:
            said.append(str(event["reason"]))
        elif event["event"] == "exhausted" and event.get("node") == name:
            said.append("exhausted")
        elif event["event"] == "train" and any(a.get("node") == name for a in event.get("accepted", [])):
            said.append("accepted")
    return said


def _fresh(tmp_path, index: int) -> Aggregator:
    return Aggregator(tmp_path / f"aggregator-{index // PER_AGGREGATOR}")


@pytest.mark.timeout(900)
def test_malformed_training_replies_are_each_rejected_with_a_reason(tmp_path):
    rng = random.Random(20261129)
    aggregator: Aggregator | None = None
    handled: dict[str, int] = {}
    for case in range(CASES):
        if case % PER_AGGREGATOR == 0:
            if aggregator is not None:
                assert aggregator.ledger.verify(load_public_key(aggregator.workdir / "keys" / "aggregator.pub")).ok
            aggregator = _fresh(tmp_path, case)
        assert aggregator is not None
        server_round = case % PER_AGGREGATOR + 1
        sent = tensors(rng.choice([0.0, 0.05]))
        mutant = aggregator.nodes[MUTANT]
        parts = TrainParts(
            arrays=dict(sent), report=mutant.report(sent, server_round=server_round),
            metrics={"train-seconds": 1, "node-seconds": 2, "epsilon": 1.0},
        )
        what = _mutate_train(rng, parts)
        honest = aggregator.nodes[HONEST].honest(0.1, server_round=server_round)
        arrays, _ = aggregator.strategy.aggregate_train(server_round, [honest, _build(aggregator, parts)])
        said = _decision_about(aggregator, server_round, parts.sender)
        assert said, f"case {case} ({what}): nothing recorded about the reply"
        assert all(s and "could not be judged" not in s for s in said), f"case {case} ({what}): {said}"
        outcome = said[0] if said[0] in ("accepted", "exhausted") else "rejected"
        handled[outcome] = handled.get(outcome, 0) + 1
        if arrays is not None:
            merged = adapter_tensors(arrays)[KEY]
            assert merged.dtype == np.float32 and np.isfinite(merged).all(), f"case {case} ({what})"
            assert np.linalg.norm(merged) <= POLICY.aggregation.max_update_norm * (1 + 1e-6), f"case {case} ({what})"
    assert handled.get("rejected", 0) > CASES // 2 and handled.get("accepted", 0) > 0, handled


EVALUATION_KINDS = ["metrics", "metrics", "arrays", "refused", "refused", "unasked", "stranger", "late",
                    "acknowledged"]


@pytest.mark.timeout(900)
def test_evaluation_replies_give_no_figure_and_each_odd_one_is_left_out_with_a_reason(tmp_path):
    """Nodes keep their evaluations (issue 15): whatever an evaluation reply
    carries, no figure comes out of `aggregate_evaluate` or into the round log,
    and a reply that carries figures, comes from a node that was not asked or
    may not take part, or refuses in a malformed way is left out with why."""
    rng = random.Random(11291)
    aggregator = Aggregator(tmp_path)
    adapter = adapter_record(tensors(0.0))
    acknowledgement = {"evaluated": ConfigRecord({"status": "kept-on-node"})}
    outcomes: dict[str, int] = {}
    for case in range(CASES):
        server_round = 2 * case + 1  # "late" answers in the round after
        list(aggregator.strategy.configure_evaluate(server_round, adapter, ConfigRecord(), Grid([1, 2])))
        kind = rng.choice(EVALUATION_KINDS)
        sender, records, answered_round = 2, dict(acknowledgement), server_round
        if kind == "metrics":
            name = rng.choice(["base-loss", "adapter-loss", "num-tokens", "extra"])
            records = {"metrics": MetricRecord({name: rng.choice([*METRIC_VALUES, 2.0, 100])})}
        elif kind == "arrays":
            records["arrays"] = adapter_record(tensors(rng.random()))
        elif kind == "refused":
            refusal: dict[str, Any] = {"status": "refused", "node": "node-2", "reason": "limits"}
            refusal[rng.choice(sorted(refusal))] = rng.choice([*CONFIG_VALUES, "limits"])
            records = {"refused": ConfigRecord(refusal)}
        elif kind in ("unasked", "stranger"):
            sender = 3 if kind == "unasked" else STRANGER
        elif kind == "late":
            answered_round = server_round + 1  # the answer to this round's request arrives with the next round's
        honest = reply_from(1, RecordDict(acknowledgement), "evaluate")
        if answered_round != server_round:
            list(aggregator.strategy.configure_evaluate(answered_round, adapter, ConfigRecord(), Grid([1])))
        summary = aggregator.strategy.aggregate_evaluate(
            answered_round, [honest, reply_from(sender, RecordDict(records), "evaluate")]
        )
        assert summary is None, f"case {case} ({kind}): the aggregator took figures from nodes"
        rejects = [e for e in aggregator.events("reject") if e["round"] == answered_round]
        assert all(e["node_id"] == sender for e in rejects), f"case {case} ({kind}): the acknowledgement left out"
        left_out = [e["reason"] for e in rejects]
        if left_out:
            outcome = "left out"
            assert all("could not be judged" not in r for r in left_out), f"case {case} ({kind}): {left_out}"
        else:
            outcome = "acknowledged"
            assert kind in ("acknowledged", "refused"), f"case {case} ({kind}): neither acknowledged nor left out"
        outcomes[outcome] = outcomes.get(outcome, 0) + 1
    assert aggregator.events("evaluate") == []
    assert outcomes.get("left out", 0) > CASES // 2 and outcomes.get("acknowledged", 0) > 0, outcomes
