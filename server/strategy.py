"""Flower strategy that enforces the data policy while merging LoRA updates.

Built on Flower's FedAvg for messaging; training and evaluation requests go
only to connected nodes that are enrolled and not revoked (an unknown node gets
neither the global adapter nor evaluation requests), training skips nodes whose
budget is spent, and every training reply is judged on its own: it must come
from an enrolled, unrevoked node whose key signed the privacy report, the
report must be bound to this run, this round and the tensors the reply carries,
and pass the policy checks (see `checks`). Every field of every reply (training,
evaluation, budget exhausted, refusal) is checked for type, finiteness and
range before it is used (see `validation`): a malformed reply is rejected with
its reason and the round goes on. Every decision goes through one method,
`AdapterStrategy.record`, into the signed privacy ledger (under the node's
enrolled name) and the round log, and only accepted updates are merged, each
clipped to `max_update_norm` and combined by the policy's robust rule and
weighting (see `merging`): into the global adapter, and into one adapter per
region cohort. A merge with fewer
accepted updates than the policy's `min_nodes` does not happen, so a small
cohort is never published on its own. Each ledger entry about a node is
answered with a receipt signed with the ledger key, carried to the node in the
next request it is sent (the same round's evaluation request, which Flower
sends right after `aggregate_train`, or failing that the next training
request), so that nodes hold proof of what the ledger said. Flower internals
are reached only through `server.flower_compat`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from enum import Enum
from logging import INFO, WARNING
from typing import Any, TypedDict, cast

import numpy as np
from flwr.app import (
    Array,
    ArrayRecord,
    ConfigRecord,
    ConfigRecordValues,
    Message,
    MetricRecord,
    MetricRecordValues,
    RecordDict,
)
from flwr.common import log
from flwr.serverapp import Grid
from flwr.serverapp.strategy import FedAvg

from netgpt.cohorts import GLOBAL, region_cohort
from policies import Policy
from privacy.dp.accounting import Mechanism, epsilon
from privacy.dp.ledger import DECISIONS, FEDERATION_NODE, Ledger, LedgerEntry
from privacy.dp.receipts import receipts_record
from privacy.dp.report import PrivacyReport, ReportError, update_digest
from privacy.identity.node_keys import verify_record
from server.checks import judge
from server.enrollment import EnrolledNode, Enrollments
from server.flower_compat import connected_nodes, train_messages
from server.merging import applied, clip, clipped_noisy_mean, combine, delta, norm
from server.round_log import RoundLog
from server.validation import (
    EVALUATION_METRICS,
    EXHAUSTED,
    REFUSED,
    REPORT,
    TRAIN_METRICS,
    decoded,
    in_model_dtype,
    record_problem,
)

# (cohort, round, merged tensors) -> where the merged adapter was published.
OnMerged = Callable[[str, int, dict[str, np.ndarray]], str]
# An accepted reply's change to the adapter (in the model's dtype, not yet
# clipped) and its verified report.
Update = tuple[dict[str, np.ndarray], PrivacyReport]
NOTHING_SPENT: Mechanism = (0.0, 0.0, 0)
_REFUSAL_CHARS = 600  # the most of a node's refusal reason kept in the round log


class Outcome(Enum):
    """What became of one node's contribution to a round. The first three are
    the ledger's decisions; the others are logged but not put in the ledger,
    which accounts training releases: FAILED is Flower reporting an error
    instead of a reply (nothing was released), REFUSED a node declining the
    round (the run's policy protects less than its own limits allow, or its
    accountant is missing; it trained nothing), IGNORED a node that may not
    take part (not enrolled, or revoked) being sent nothing or having its
    evaluation reply left out."""

    ACCEPTED = "accepted"
    REJECTED = "rejected"
    EXHAUSTED = "exhausted"
    FAILED = "failed"
    REFUSED = "refused"
    IGNORED = "ignored"


@dataclass(frozen=True)
class Decision:
    """One decision about one node in one round, as `AdapterStrategy.record` keeps it."""

    outcome: Outcome
    node: str  # the ledger's key: enrolled name, FEDERATION_NODE, or node-id-N when unknown
    node_id: int | None = None  # Flower's id of the sender; None for the federation's own releases
    reason: str = ""  # empty exactly when accepted
    mechanism: Mechanism = NOTHING_SPENT  # (σ, q, steps) accounted; zero when nothing can be


# One node's held-out losses in an evaluation round.
_NodeLoss = TypedDict("_NodeLoss", {"node": str, "base-loss": float, "adapter-loss": float, "num-tokens": int})


def _timings(reply: Message) -> dict[str, float]:
    """Node-side timings, so that Flower's overhead can be told from training
    (checked with the rest of the reply, `validation.TRAIN_METRICS`)."""
    metrics: Mapping[str, MetricRecordValues] = reply.content.metric_records.get("metrics") or {}
    keys = ("train-seconds", "node-seconds", "samples-per-second")
    return {
        key.replace("-", "_"): float(value) for key in keys if isinstance(value := metrics.get(key), int | float)
    }


def _binding_problem(
    report: PrivacyReport, tensors: Mapping[str, np.ndarray], run_id: int, server_round: int
) -> str | None:
    """Why the signed report is not about this reply, if it is not: it names
    another run or round (a replay), or other tensors than the reply carries.
    Its policy hash is checked with the policy (`checks.judge`), where the
    mechanism still counts: a report bound to this very update under another
    policy is the node's own account of what it spent."""
    if report.run_id != run_id:
        return f"report is signed for run {report.run_id}, this is run {run_id}"
    if report.server_round != server_round:
        return f"report is signed for round {report.server_round}, this is round {server_round}"
    if report.update_digest != update_digest(tensors):
        return "report is signed for other update tensors than the reply carries (digest differs)"
    return None


def _identity_problem(
    enrolled: EnrolledNode, report: PrivacyReport, record: dict[str, Any], content: RecordDict
) -> str | None:
    """Why the report cannot be taken as the enrolled node's own, if it cannot."""
    signed = content.config_records.get("privacy-signature")
    signature = signed.get("signature") if signed else None
    if not isinstance(signature, str) or not signature:
        return f"privacy report from {enrolled.name} is not signed"
    if not verify_record(enrolled.public_key, record, signature):
        return f"privacy report signature does not verify with {enrolled.name}'s enrolled key"
    if report.node != enrolled.name or report.region != enrolled.region:
        return (
            f"report claims node {report.node!r} in {report.region!r}; the sender is enrolled as "
            f"{enrolled.name!r} in {enrolled.region!r}"
        )
    return None


class AdapterStrategy(FedAvg):
    def __init__(
        self,
        expected_shapes: Mapping[str, tuple[int, ...]],
        on_merged: OnMerged,
        round_log: RoundLog,
        ledger: Ledger,
        policy: Policy,
        expected_nodes: int,
        enrollments: Enrollments,
        run_id: int,
    ) -> None:
        super().__init__(min_train_nodes=1, min_evaluate_nodes=1, min_available_nodes=expected_nodes)
        self.expected_shapes = dict(expected_shapes)
        self.on_merged = on_merged
        self.round_log = round_log
        self.ledger = ledger
        self.policy = policy
        self.policy_hash = policy.content_hash()
        self.enrollments = enrollments
        self.run_id = run_id  # the run this ServerApp serves; a report must be signed for it
        self.exhausted: set[int] = set()
        self.unreceipted: dict[int, list[LedgerEntry]] = {}  # node id -> entries it holds no receipt for
        self.in_flight: dict[int, list[LedgerEntry]] = {}  # node id -> receipted entries it has not answered yet
        self.names: dict[int, str] = {}
        self.sent: dict[str, np.ndarray] = {}
        self.evaluating: tuple[int, set[int]] = (0, set())  # the round and the nodes sent evaluation requests
        self.rng = np.random.default_rng()

    # -- sampling --------------------------------------------------------------------
    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        self.round_log.append("round-start", round=server_round)
        self.sent = {key: arrays[key].numpy() for key in arrays}
        connected = self._admitted(server_round, connected_nodes(grid, self.min_available_nodes), "training")
        eligible = [node for node in connected if node not in self.exhausted]
        if not eligible:
            log(WARNING, "round %s: no enrolled node with budget left is connected", server_round)
            return []
        config["server-round"] = server_round
        return self._with_receipts(train_messages(self, RecordDict({"arrays": arrays, "config": config}), eligible))

    def configure_evaluate(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        """FedAvg's evaluation requests, less those to nodes that may not take
        part: a request carries the global adapter."""
        messages = list(super().configure_evaluate(server_round, arrays, config, grid))
        admitted = set(self._admitted(server_round, [m.metadata.dst_node_id for m in messages], "evaluation"))
        self.evaluating = (server_round, admitted)
        return self._with_receipts([message for message in messages if message.metadata.dst_node_id in admitted])

    def _with_receipts(self, messages: Iterable[Message]) -> list[Message]:
        """Each message, with receipts for the ledger entries about its node
        that the node has not acknowledged by answering a message that carried
        them (a lost message must not lose the newest receipts, which are the
        ones a truncation would remove). FedAvg's messages share one content,
        so a message with receipts gets a content of its own."""
        delivered = []
        for message in messages:
            node_id = message.metadata.dst_node_id
            entries = self.in_flight.get(node_id, []) + self.unreceipted.pop(node_id, [])
            if entries:
                self.in_flight[node_id] = entries
                receipts = [self.ledger.receipt(entry, self.run_id) for entry in entries]
                carried: dict[str, ConfigRecordValues] = {**receipts_record(receipts, self.ledger.public_key)}
                content = RecordDict({**message.content, "receipts": ConfigRecord(carried)})
                message = Message(content=content, dst_node_id=node_id, message_type=message.metadata.message_type)
            delivered.append(message)
        return delivered

    def _acknowledged(self, replies: list[Message]) -> None:
        """A node that answered stored the receipts its request carried
        (the ClientApp keeps them before anything else)."""
        for reply in replies:
            if not reply.has_error():
                self.in_flight.pop(reply.metadata.src_node_id, None)

    def _admitted(self, server_round: int, node_ids: Iterable[int], requests: str) -> list[int]:
        """The node ids that may be sent `requests`; each other one is recorded
        as ignored with why."""
        admitted = []
        for node_id in node_ids:
            enrolled = self._enrollment(node_id)
            if isinstance(enrolled, EnrolledNode):
                admitted.append(node_id)
            else:
                reason = f"sent no {requests} request: {enrolled}"
                self.record(server_round, Decision(Outcome.IGNORED, self._name(node_id), node_id, reason))
        return admitted

    def _enrollment(self, node_id: int) -> EnrolledNode | str:
        """The node's enrollment when it may take part, else why not (it is
        not enrolled, or was revoked).

        The SuperLink should already have refused unknown and revoked nodes;
        this is the aggregator's own check, against its enrollment registry.
        """
        enrolled = self.enrollments.by_node_id(node_id)
        if enrolled is None:
            return f"node id {node_id} is not enrolled"
        self.names[node_id] = enrolled.name
        if enrolled.revoked:
            return f"{enrolled.name} was revoked at {enrolled.revoked_at}"
        return enrolled

    # -- judging and merging -----------------------------------------------------------
    def aggregate_train(
        self, server_round: int, replies: Iterable[Message]
    ) -> tuple[ArrayRecord | None, MetricRecord | None]:
        replies = list(replies)
        self._acknowledged(replies)
        aggregation = self.policy.aggregation
        accepted: list[dict[str, np.ndarray]] = []
        weights: list[int] = []
        claimed: list[int] = []  # each accepted node's record count, capped
        reports: list[dict[str, object]] = []
        totals: list[float] = []
        for reply in replies:
            decision, update = self._judged(server_round, reply)
            if decision.outcome is Outcome.EXHAUSTED:
                self.exhausted.add(reply.metadata.src_node_id)
            total = self.record(server_round, decision)
            if update is None:
                continue
            change, report = update
            length = norm(change)
            claimed.append(min(report.records, aggregation.max_records))
            accepted.append(clip(change, aggregation.max_update_norm))
            weights.append(claimed[-1] if aggregation.weighting == "records" else 1)
            reports.append({**report.to_record(), "epsilon": total, "epsilon_reported": report.epsilon,
                            "update_norm": length, "clipped": length > aggregation.max_update_norm,
                            "weight": weights[-1], **_timings(reply)})
            totals.append(total)
        minimum = aggregation.min_nodes
        if len(accepted) < minimum:
            self.round_log.append(
                "train", round=server_round, accepted=reports, merged=None,
                note=f"{len(accepted)} accepted update(s), policy requires {minimum}",
            )
            log(WARNING, "round %s: %s accepted update(s) < min_nodes %s, adapter unchanged",
                server_round, len(accepted), minimum)
            return None, None
        merged, federation = self._merge(server_round, accepted, weights)
        path = self.on_merged(GLOBAL, server_round, merged)
        cohorts = self._merge_cohorts(server_round, accepted, weights, reports)
        self.round_log.append(
            "train", round=server_round, accepted=reports, merged=path, cohorts=cohorts,
            robust=aggregation.robust, weighting=aggregation.weighting, **federation
        )
        log(INFO, "round %s: merged %s update(s) into %s", server_round, len(accepted), path)
        metrics = MetricRecord(
            {
                "num-examples": sum(claimed),
                "max-epsilon": max(totals),
            }
        )
        return ArrayRecord({k: Array.from_numpy_ndarray(v) for k, v in merged.items()}), metrics

    def _merge_cohorts(
        self, server_round: int, accepted: list[dict[str, np.ndarray]], weights: list[int],
        reports: list[dict[str, object]],
    ) -> dict[str, str | None]:
        """One adapter per region from that region's accepted updates, only
        when the region has at least `min_nodes` of them: an adapter merged
        from one node's update would be that node's update."""
        members: dict[str, list[int]] = {}
        for index, report in enumerate(reports):
            members.setdefault(region_cohort(str(report["region"])), []).append(index)
        published: dict[str, str | None] = {}
        for cohort, indices in sorted(members.items()):
            if len(indices) < self.policy.aggregation.min_nodes:
                published[cohort] = None
                continue
            merged, _ = self._merge(server_round, [accepted[i] for i in indices], [weights[i] for i in indices])
            published[cohort] = self.on_merged(cohort, server_round, merged)
        return published

    def _merge(
        self, server_round: int, changes: list[dict[str, np.ndarray]], weights: list[int]
    ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """The adapter sent, moved by the clipped changes combined under the
        policy's robust rule and weighting, or the client-level DP merge when
        the policy asks (the policy allows it only with a uniform mean).

        Flower's DifferentialPrivacyServerSideFixedClipping is not used: it adds
        noise after the wrapped strategy's aggregate_train (after we publish),
        scales the noise by a fixed num_sampled_clients even when fewer updates
        pass our checks (under-noising), and its accountant only accepts an
        unmodified FedAvg.aggregate_train. Each release (global and every
        cohort) is accounted as a Gaussian mechanism without sampling
        amplification, all under one federation entry: a node is in at most two
        releases per round, so composing all of them over-counts, never under.
        """
        aggregation = self.policy.aggregation
        dp = aggregation.client_dp
        if not dp.enabled:
            combined = combine(changes, weights, aggregation.robust, aggregation.hostile_fraction)
            return applied(self.sent, combined), {}
        merged = clipped_noisy_mean(changes, self.sent, dp.clipping_norm, dp.noise_multiplier, self.rng)
        release = Decision(Outcome.ACCEPTED, FEDERATION_NODE, mechanism=(dp.noise_multiplier, 1.0, 1))
        return merged, {"federation_epsilon": self.record(server_round, release)}

    def _judged(self, server_round: int, reply: Message) -> tuple[Decision, Update | None]:
        """`_judge_reply`, and a rejection should judging itself fail: every
        field is checked before use, but should a reply still find a way to
        raise, it must cost that reply, not the run. The reason names the
        exception's type only (its message may quote the reply)."""
        try:
            return self._judge_reply(server_round, reply)
        except Exception as error:
            source = reply.metadata.src_node_id
            return self._unaccounted(source, f"reply could not be judged ({type(error).__name__})"), None

    def _judge_reply(self, server_round: int, reply: Message) -> tuple[Decision, Update | None]:
        """Decide on one reply, recording nothing; the update comes back only
        when the decision is to accept it. Every field is checked for type,
        finiteness and range before it is used (`validation`); a reply whose
        form is wrong is rejected without accounting, as one whose report
        cannot be taken as the node's own is."""
        source = reply.metadata.src_node_id
        if reply.has_error():
            # A transport or node failure, not an update: nothing to account.
            return Decision(Outcome.FAILED, self._name(source), source, f"node error: {reply.error.reason}"), None
        enrolled = self._enrollment(source)
        if not isinstance(enrolled, EnrolledNode):
            return self._unaccounted(source, enrolled), None
        content = reply.content
        configs = content.config_records
        if "budget" in configs:
            problem = record_problem("budget-exhausted record", configs["budget"], EXHAUSTED)
            if problem:
                return self._unaccounted(source, problem), None
            reason = "node reports its privacy budget exhausted"
            return Decision(Outcome.EXHAUSTED, enrolled.name, source, reason), None
        if "refused" in configs:
            problem = record_problem("refusal", configs["refused"], REFUSED)
            if problem:
                return self._unaccounted(source, problem), None
            # The node's own words, cut short: they are logged, never merged or accounted.
            why = str(configs["refused"]["reason"])[:_REFUSAL_CHARS]
            return Decision(Outcome.REFUSED, enrolled.name, source, f"node refuses the round: {why}"), None
        if "privacy" not in configs:
            return self._unaccounted(source, "reply carries no privacy report"), None
        record: dict[str, Any] = dict(configs["privacy"])
        problem = record_problem("privacy report", record, REPORT) or record_problem(
            "metrics", content.metric_records.get("metrics") or {}, TRAIN_METRICS
        )
        if problem:
            return self._unaccounted(source, problem), None
        try:
            report = PrivacyReport.from_record(record)
        except ReportError as error:
            return self._unaccounted(source, str(error)), None
        tensors = decoded(content.array_records["arrays"]) if "arrays" in content.array_records else {}
        if isinstance(tensors, str):
            return self._unaccounted(source, tensors), None
        problem = _identity_problem(enrolled, report, record, content) or _binding_problem(
            report, tensors, self.run_id, server_round
        )
        if problem:
            return self._unaccounted(source, problem), None
        tensors = in_model_dtype(tensors, self.sent)
        verdict = judge(report, tensors, self.expected_shapes, self.ledger.history(report.node), self.policy)
        outcome = Outcome.ACCEPTED if verdict.accepted else Outcome.REJECTED
        decision = Decision(outcome, report.node, source, verdict.reason, verdict.mechanism)
        return decision, (delta(tensors, self.sent), report) if verdict.accepted else None

    def _name(self, source: int) -> str:
        """The ledger's name for a Flower node id: its enrolled name once known."""
        return self.names.get(source, f"node-id-{source}")

    def _unaccounted(self, source: int, reason: str) -> Decision:
        """A rejection of a reply without a report we can take as the node's
        own: nothing to account, still recorded."""
        return Decision(Outcome.REJECTED, self._name(source), source, reason)

    # -- bookkeeping ---------------------------------------------------------------------
    def record(self, server_round: int, decision: Decision) -> float:
        """Keep one decision; return the node's cumulative ε after it.

        The only writer of the ledger and of per-node round-log events. ε is
        recomputed here from the node's ledger history and the decision's
        mechanism (the same composition `Ledger.verify` re-derives), never
        taken from the node. Rejections, failures, refusals and ignored nodes
        become "reject" events, an exhausted node an "exhausted" event;
        failures, refusals and ignored nodes stay out of the ledger.
        """
        delta = self.policy.privacy.delta
        spent = [decision.mechanism] if decision.mechanism[2] > 0 else []
        total = epsilon([*self.ledger.history(decision.node), *spent], delta)
        if decision.outcome.value in DECISIONS:
            sigma, rate, steps = decision.mechanism
            entry = self.ledger.append(
                round=server_round, node=decision.node, noise_multiplier=sigma, sample_rate=rate,
                steps=steps, delta=delta, epsilon_round=epsilon(spent, delta), epsilon_total=total,
                decision=decision.outcome.value, reason=decision.reason, policy_hash=self.policy_hash,
            )
            if decision.node_id is not None:
                self.unreceipted.setdefault(decision.node_id, []).append(entry)
        if decision.outcome is Outcome.EXHAUSTED:
            self.round_log.append("exhausted", round=server_round, node=decision.node)
            log(INFO, "round %s: %s has exhausted its budget and is no longer sampled",
                server_round, decision.node)
        elif decision.outcome is not Outcome.ACCEPTED:
            # %r: a node's own words must not forge lines in the SuperLink's log.
            log(WARNING, "round %s: %s %s: %r", server_round, decision.outcome.value, decision.node, decision.reason)
            self.round_log.append(
                "reject", round=server_round, node_id=decision.node_id, node=decision.node,
                reason=decision.reason,
            )
        return total

    # -- evaluation ----------------------------------------------------------------------
    def aggregate_evaluate(
        self, server_round: int, replies: Iterable[Message]
    ) -> MetricRecord | None:
        """Combine held-out losses token-weighted, so the result is the exact
        perplexity over all nodes' held-out tokens. Only replies from enrolled,
        unrevoked nodes that were sent this round's evaluation request, with
        every metric a number in range, count; any other is recorded as
        ignored with why."""
        replies = list(replies)
        self._acknowledged(replies)
        per_node: list[_NodeLoss] = []
        for reply in replies:
            source = reply.metadata.src_node_id
            if reply.has_error():
                log(WARNING, "round %s: evaluation failed on node %s", server_round, source)
                continue
            try:
                losses = self._evaluation(server_round, reply)
            except Exception as error:  # as in `_judged`: one reply must not end the run
                losses = f"reply could not be judged ({type(error).__name__})"
            if isinstance(losses, str):
                reason = f"evaluation reply left out: {losses}"
                self.record(server_round, Decision(Outcome.IGNORED, self._name(source), source, reason))
            elif losses is not None:
                per_node.append(losses)
        tokens = sum(n["num-tokens"] for n in per_node)
        if not tokens:
            return None
        # Each loss is at most validation.MAX_LOSS, so their token-weighted means are too, and exp stays finite.
        base = sum(n["base-loss"] * n["num-tokens"] for n in per_node) / tokens
        adapter = sum(n["adapter-loss"] * n["num-tokens"] for n in per_node) / tokens
        summary: dict[str, MetricRecordValues] = {
            "base-ppl": math.exp(base), "adapter-ppl": math.exp(adapter), "num-tokens": tokens
        }
        self.round_log.append(
            "evaluate",
            round=server_round,
            nodes=[
                {**n, "base-ppl": math.exp(n["base-loss"]), "adapter-ppl": math.exp(n["adapter-loss"])}
                for n in per_node
            ],
            **summary,
        )
        return MetricRecord(summary)

    def _evaluation(self, server_round: int, reply: Message) -> _NodeLoss | str | None:
        """One node's held-out losses; why they are left out; or None for a
        node that refuses to evaluate (logged, as its refusals of training are)."""
        source = reply.metadata.src_node_id
        enrolled = self._enrollment(source)
        if not isinstance(enrolled, EnrolledNode):
            return enrolled
        asked_round, asked = self.evaluating
        if asked_round != server_round or source not in asked:
            return f"{enrolled.name} was sent no evaluation request in round {server_round}"
        configs = reply.content.config_records
        if "refused" in configs:
            problem = record_problem("refusal", configs["refused"], REFUSED)
            if problem:
                return problem
            log(WARNING, "round %s: %s refuses evaluation: %r", server_round, enrolled.name,
                str(configs["refused"]["reason"])[:_REFUSAL_CHARS])
            return None
        metrics = reply.content.metric_records.get("metrics")
        if metrics is None:
            return "reply carries no evaluation metrics"
        problem = record_problem("evaluation metrics", metrics, EVALUATION_METRICS)
        if problem:
            return problem
        # Checked just above: two numbers and an int, all in range.
        return _NodeLoss({
            "node": enrolled.name,
            "base-loss": float(cast(float, metrics["base-loss"])),
            "adapter-loss": float(cast(float, metrics["adapter-loss"])),
            "num-tokens": cast(int, metrics["num-tokens"]),
        })
