"""The edge node's Flower ClientApp: train and evaluate on the node's own data.

Only adapter tensors, a privacy report and aggregate metrics leave the node.
A node that will not take part (the run's policy protects less than its own
limits allow, its accountant is missing, or its own records or profile file
is missing or broken) replies with a `refused` record saying why, and nothing
else; the details of a broken file stay in the node's log. Receipts the aggregator signs for this node's
ledger entries arrive with its requests and are kept in its state, checked
first, whatever the node then does with the request.
"""

from __future__ import annotations

import sys
import time

from flwr.app import ConfigRecord, ConfigRecordValues, Context, Message, MetricRecord, RecordDict
from flwr.clientapp import ClientApp

from client.budget import BudgetExhausted
from client.node import EdgeNode, NodeSettings
from client.node_limits import LimitsUnreadable, NodeLimitsError, NodeRefuses
from client.receipts import keep_receipts
from client.records import RecordsError, RecordsUnreadable
from netgpt.adapter_record import adapter_record, adapter_state
from netgpt.settings import POLICY_HASH_KEY, POLICY_KEY, RunSettings
from policies import Policy, PolicyError, policy_from_json
from privacy.dp.report import PrivacyReport
from privacy.identity.node_keys import SIGNATURE_ALGORITHM, load_node_key, sign_record
from privacy.identity.signing import SigningKeyError

app = ClientApp()


def _node(msg: Message, settings: NodeSettings, context: Context) -> EdgeNode:
    try:
        return EdgeNode(
            settings,
            RunSettings.from_run_config(context.run_config),
            _policy(msg.content.config_records["config"]),
        )
    except NodeLimitsError as error:
        # The details (path, bad value) stay in the node's own log.
        print(f"netgpt node: {error}", file=sys.stderr)
        raise LimitsUnreadable(settings.name) from None


def _refusal(msg: Message, settings: NodeSettings, refusal: NodeRefuses) -> Message:
    """The reply of a node that will not take part: who and why, nothing more."""
    status: dict[str, ConfigRecordValues] = {"status": "refused", "node": settings.name, "reason": str(refusal)}
    return Message(content=RecordDict({"refused": ConfigRecord(status)}), reply_to=msg)


def _unreadable(settings: NodeSettings, error: RecordsError) -> RecordsUnreadable:
    # The path and line number stay in the node's own log; the message never
    # quotes the record itself (`client.records`).
    print(f"netgpt node: {error}", file=sys.stderr)
    return RecordsUnreadable(settings.name)


def _policy(config: ConfigRecord) -> Policy:
    """The policy as the server sent it, whole; its hash must match, so that a
    policy altered on the way is refused rather than trained under."""
    policy = policy_from_json(str(config.get(POLICY_KEY, "")))
    if policy.content_hash() != config.get(POLICY_HASH_KEY):
        raise PolicyError("the policy in the message does not match its hash")
    return policy


def _keep_receipts(msg: Message, settings: NodeSettings) -> None:
    """Store the receipts `msg` carries; a receipt that cannot be kept is
    logged (why, not what it says) and never stops the round."""
    record = msg.content.config_records.get("receipts")
    if record is None:
        return
    try:
        problems = keep_receipts(settings.bundle, settings.name, dict(record))
    except (OSError, SigningKeyError) as error:
        problems = [f"receipts not stored: {error}"]
    for problem in problems:
        print(f"netgpt node: {problem}", file=sys.stderr)


def _round(config: ConfigRecord) -> int:
    server_round = config["server-round"]
    if not isinstance(server_round, int | float | str):
        raise TypeError(f"server-round must be a number, not {type(server_round).__name__}")
    return int(server_round)


@app.train()
def train(msg: Message, context: Context) -> Message:
    started = time.perf_counter()
    settings = NodeSettings.from_node_config(context.node_config)
    _keep_receipts(msg, settings)
    try:
        node = _node(msg, settings, context)
        server_round = _round(msg.content.config_records["config"])
        incoming = adapter_state(msg.content.array_records["arrays"])
        update, privacy, report = node.train(incoming, server_round, msg.metadata.run_id)
    except RecordsError as error:
        return _refusal(msg, settings, _unreadable(settings, error))
    except NodeRefuses as refusal:
        return _refusal(msg, settings, refusal)
    except BudgetExhausted as exhausted:
        status: dict[str, ConfigRecordValues] = {
            "status": "budget-exhausted", "node": settings.name, "epsilon": exhausted.spent, "cap": exhausted.cap,
        }
        return Message(content=RecordDict({"budget": ConfigRecord(status)}), reply_to=msg)
    content = RecordDict(
        {
            "arrays": adapter_record(update),
            "privacy": ConfigRecord(privacy.to_record()),
            "privacy-signature": _signature(node, privacy),
            # Nothing finer than the sample rate tells: no record count beside
            # the report's rounded one, no samples/s (times the training time
            # it is the exact number of records Poisson sampling drew), and
            # timings in whole seconds.
            "metrics": MetricRecord(
                {
                    "train-seconds": round(report.seconds),
                    "epsilon": report.epsilon,
                    "node-seconds": round(time.perf_counter() - started),
                }
            ),
        }
    )
    return Message(content=content, reply_to=msg)


def _signature(node: EdgeNode, report: PrivacyReport) -> ConfigRecord:
    """The report signed with the node's enrolled key, so the aggregator can
    tell it from one another process wrote in this node's name. The report
    names the run, the round, the policy and the digest of the tensors sent
    with it, so the signature covers all of them. Unsigned when the node has
    no key; the aggregator rejects that."""
    key_path = node.settings.signing_key
    if key_path is None:
        return ConfigRecord({"algorithm": "none", "signature": ""})
    signature = sign_record(load_node_key(key_path), report.to_record())
    return ConfigRecord({"algorithm": SIGNATURE_ALGORITHM, "signature": signature})


@app.evaluate()
def evaluate(msg: Message, context: Context) -> Message:
    """Evaluate the adapter the request carries on the node's held-out records
    and keep the figures on the node (`client.evaluation`); the reply is an
    acknowledgement only, whatever the arrays and whatever budget is left:
    losses and token counts sent back would be an oracle on those records
    outside the privacy accounting."""
    settings = NodeSettings.from_node_config(context.node_config)
    _keep_receipts(msg, settings)
    try:
        node = _node(msg, settings, context)
    except NodeRefuses as refusal:
        return _refusal(msg, settings, refusal)
    incoming = adapter_state(msg.content.array_records["arrays"])
    try:
        node.evaluate(incoming, _round(msg.content.config_records["config"]), msg.metadata.run_id)
    except RecordsError as error:
        return _refusal(msg, settings, _unreadable(settings, error))
    acknowledgement: dict[str, ConfigRecordValues] = {"status": "kept-on-node"}
    return Message(content=RecordDict({"evaluated": ConfigRecord(acknowledgement)}), reply_to=msg)
