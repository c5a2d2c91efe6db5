"""The aggregator as a node meets it, on disk, and the replies a node can send.

`Aggregator` is the real `AdapterStrategy` over a real ledger (with its anchor
in a temporary directory of its own when one is given), enrollment registry and
round log in a temporary work directory, with enrolled nodes whose keys were
made as `netgpt node init` makes them. `Node` builds training replies
the way the ClientApp does, field by field, so that a test can change exactly
what a lying node would change. The update digest is computed here from its
documented canonical form, not with the project's function, so a change to the
form fails these tests.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
from cryptography.hazmat.primitives.asymmetric import ec
from flwr.app import ConfigRecord, Message, MetricRecord, RecordDict
from flwr.supercore.task_identity import TaskIdentity

from netgpt.adapter_record import adapter_record
from policies import Policy, parse_policy
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import Ledger, LedgerEntry
from privacy.identity.node_keys import SIGNATURE_ALGORITHM, create_node_key, public_key_text, sign_record
from server.enrollment import Enrollments
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

RUN_ID = 8_086_451_337_204_519_003  # Flower's run ids are unsigned 64-bit; this one is above 2**63
KEY = "layer.lora_B.weight"
SHAPE = (4, 2)
POLICY: Policy = parse_policy(json.dumps({"aggregation": {"min_nodes": 2, "max_update_norm": 10.0}}))
NODES = {1: "north", 2: "north", 3: "north"}  # enrolled node ids and their regions


def digest(tensors: Mapping[str, np.ndarray]) -> str:
    """The update digest, from its documented canonical form."""
    sha = hashlib.sha256()
    for key in sorted(tensors):
        array = tensors[key]
        header = json.dumps([key, array.dtype.str, list(array.shape)], separators=(",", ":"))
        sha.update(header.encode() + b"\n" + array.tobytes())
    return sha.hexdigest()


def tensors(value: float) -> dict[str, np.ndarray]:
    return {KEY: np.full(SHAPE, value, np.float32)}


def reply_from(node_id: int, content: RecordDict, message_type: str = "train") -> Message:
    """`content` as node `node_id`'s reply to a request of `message_type`."""
    request = Message(content=RecordDict(), dst_node_id=node_id, message_type=message_type)
    return Message(content=content, reply_to=request)


@dataclass
class Node:
    """An enrolled node: its id, name, region and private key."""

    node_id: int
    region: str
    key: ec.EllipticCurvePrivateKey

    @property
    def name(self) -> str:
        return f"node-{self.node_id}"

    def report(self, sent: Mapping[str, np.ndarray], **changes: Any) -> dict[str, Any]:
        """The privacy report an honest node would sign for `sent` in round 1
        of RUN_ID, with `changes` laid over it."""
        report: dict[str, Any] = dict(
            node=self.name, region=self.region, server_round=1, epsilon=1.0, delta=POLICY.privacy.delta,
            noise_multiplier=1.0, max_grad_norm=POLICY.privacy.max_grad_norm, sample_rate=0.1, steps=10,
            records=10, policy_hash=POLICY.content_hash(), run_id=RUN_ID, update_digest=digest(sent),
        )
        report.update(changes)
        return report

    def reply(self, sent: Mapping[str, np.ndarray], report: dict[str, Any]) -> Message:
        """A training reply carrying `sent` and `report`, signed by this node's key."""
        content = RecordDict(
            {
                "arrays": adapter_record(sent),
                "privacy": ConfigRecord(report),
                "privacy-signature": ConfigRecord(
                    {"algorithm": SIGNATURE_ALGORITHM, "signature": sign_record(self.key, report)}
                ),
                "metrics": MetricRecord({"train-seconds": 1, "node-seconds": 2}),
            }
        )
        return reply_from(self.node_id, content)

    def honest(self, value: float, **changes: Any) -> Message:
        sent = tensors(value)
        return self.reply(sent, self.report(sent, **changes))


@dataclass
class Aggregator:
    """The real strategy of run RUN_ID over a work directory on disk."""

    workdir: Path
    anchor: Path | None = None
    nodes: dict[int, Node] = field(default_factory=dict)
    published: dict[tuple[str, int], dict[str, np.ndarray]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        # Messages are stamped with the identity of the running task; outside a
        # Flower process we play the ServerApp of run RUN_ID.
        TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, 1, 1
        self.enrollments = Enrollments(self.workdir)
        for node_id, region in NODES.items():
            key = create_node_key(self.workdir / "devices" / f"node-{node_id}" / "node.key")
            node = Node(node_id, region, key)
            self.enrollments.add(node.name, node_id, region, public_key_text(key.public_key()), "/data")
            self.nodes[node_id] = node
        anchor = LedgerAnchor(self.anchor) if self.anchor is not None else None
        self.ledger = Ledger.open(self.workdir, writable=True, anchor=anchor)
        self.round_log = RoundLog(self.workdir)
        self.strategy = AdapterStrategy(
            {KEY: SHAPE}, self._publish, self.round_log, self.ledger, POLICY, expected_nodes=1,
            enrollments=self.enrollments, run_id=RUN_ID,
        )
        self.strategy.sent = tensors(0.0)

    def _publish(self, cohort: str, server_round: int, merged: dict[str, np.ndarray]) -> str:
        self.published[(cohort, server_round)] = merged
        return f"{cohort}/round-{server_round}"

    def evaluate_requests(self, server_round: int) -> list[Message]:
        """The evaluation requests Flower sends after `aggregate_train` of
        `server_round`, to every enrolled node."""
        arrays = adapter_record(tensors(0.0))
        return list(self.strategy.configure_evaluate(server_round, arrays, ConfigRecord(), Grid(list(self.nodes))))

    def rejected(self) -> list[LedgerEntry]:
        return [entry for entry in self.ledger.entries() if entry.decision == "rejected"]

    def events(self, kind: str) -> list[dict[str, Any]]:
        return [event for event in self.round_log.read() if event.get("event") == kind]


class Grid:
    """What sampling asks a Grid: which nodes are connected."""

    def __init__(self, node_ids: list[int]) -> None:
        self.node_ids = node_ids

    def get_node_ids(self) -> list[int]:
        return self.node_ids
