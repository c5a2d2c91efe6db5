"""Flower strategy that enforces the data policy while merging LoRA updates.

Built on Flower's FedAvg for messaging; training and evaluation requests go
only to connected nodes that are enrolled and not revoked (an unknown node gets
neither the global adapter nor evaluation requests), training skips nodes whose
budget is spent (every wait for nodes or replies is bounded by the policy's
deadline, and a node that misses it is dropped: see `availability`), and
every training reply is judged on its own: it must come from an enrolled,
unrevoked node whose key signed the privacy report, the report must be bound
to this run, this round and the tensors the reply carries,
and pass the policy checks (see `checks`). Every field of every training,
budget-exhausted and refusal reply is checked for type, finiteness and range
before it is used (see `validation`): a malformed reply is rejected with its
reason and the round goes on. Evaluation replies are acknowledgements only:
nodes keep their figures, and none a reply carries is read. Every decision goes through one method,
`AdapterStrategy.record`, into the signed privacy ledger (under the node's
enrolled name) and the round log, and only accepted updates are merged, each
clipped to `max_update_norm` and combined by the policy's robust rule and
weighting (see `merging`): into the global adapter, and into one adapter per
region cohort. A merge with fewer accepted updates than the policy's `min_nodes` does not happen, and a region
adapter is withheld when publishing it would leave fewer than `min_nodes`
updates recoverable by subtraction from the global one (see `cohort_release`).
With client-level DP on, every release is a noisy mean over a public
denominator, and the federation's ε is accounted and capped like a node's
(see `client_dp`). Each ledger entry about a node is
answered with a receipt signed with the ledger key, carried to the node in the
next request it is sent (the same round's evaluation request, which Flower
sends right after `aggregate_train`, or failing that the next training
request), so that nodes hold proof of what the ledger said. Flower internals
are reached only through `server.flower_compat`.

Rounds are numbered for the work directory (`AdapterStrategy.number`): the
ledger, the round log and the adapter directories never reuse a number,
while nodes see and sign Flower's round of their run. A ledger that cannot
be written stops training, not the run: the decisions wait (in memory and in
the round log) until it takes writes again, and the updates of a round are
written to the round log before it is published, so that a run killed in
between leaves what the next one records (`server.resume`).
"""

from __future__ import annotations

import errno
import math
import sqlite3
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, replace
from enum import Enum
from logging import ERROR, INFO, WARNING
from typing import Any

import numpy as np
from flwr.app import (
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

from netgpt.adapter_record import adapter_record, adapter_tensors
from netgpt.cohorts import GLOBAL, region_cohort
from policies import Policy
from privacy.dp.accounting import Mechanism, epsilon
from privacy.dp.anchor import Head
from privacy.dp.ledger import DECISIONS, FEDERATION_NODE, Ledger, LedgerEntry, LedgerError
from privacy.dp.receipts import receipts_record
from privacy.dp.report import PrivacyReport, ReportError, update_digest
from privacy.identity.node_keys import verify_record
from server.availability import Availability
from server.checks import judge
from server.client_dp import MAX_RELEASES_PER_ROUND, affordable_releases, noisy_mean
from server.cohort_release import publishable
from server.enrollment import EnrolledNode, Enrollments
from server.flower_compat import evaluate_messages, made_by_superlink, train_messages
from server.merging import applied, clip, combine, delta, norm
from server.round_log import RoundLog
from server.validation import (
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
# What a ledger that cannot be read or written raises: its own error, SQLite's
# (a full disk while appending), the file system's.
LEDGER_FAILURES = (LedgerError, sqlite3.Error, OSError)


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


def decision_record(decision: Decision) -> dict[str, object]:
    """A decision as the round log keeps it until the ledger has it."""
    return {"outcome": decision.outcome.value, "node": decision.node, "node_id": decision.node_id,
            "reason": decision.reason, "mechanism": list(decision.mechanism)}


def decision_from(record: object) -> Decision:
    """The decision `decision_record` kept; ValueError, KeyError or TypeError when it is not one."""
    if not isinstance(record, Mapping):
        raise TypeError(f"a decision is a mapping, not {type(record).__name__}")
    sigma, rate, steps = record["mechanism"]
    node_id = record["node_id"]
    return Decision(Outcome(record["outcome"]), str(record["node"]), None if node_id is None else int(node_id),
                    str(record["reason"]), (float(sigma), float(rate), int(steps)))


def _timings(reply: Message) -> dict[str, float]:
    """Node-side timings, so that Flower's overhead can be told from training
    (checked with the rest of the reply, `validation.TRAIN_METRICS`). Nodes
    send whole seconds and no rate: a rate times the training time is the
    number of records sampled."""
    metrics: Mapping[str, MetricRecordValues] = reply.content.metric_records.get("metrics") or {}
    keys = ("train-seconds", "node-seconds")
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


def _failure(error: BaseException) -> str:
    """What the ledger and the logs say about a failed merge or publish: the
    exception's type and, for an OSError, its errno (ENOSPC, EDQUOT, ...);
    never its message or file name, which carry paths."""
    name = type(error).__name__
    if isinstance(error, OSError) and error.errno is not None:
        return f"{name} {errno.errorcode.get(error.errno, '?')} (errno {error.errno})"
    return name


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
        first_round: int = 1,
    ) -> None:
        # No minimum for FedAvg's own sampling (evaluation requests): it would
        # wait for that many nodes without end; `availability` bounds the waits.
        super().__init__(min_train_nodes=1, min_evaluate_nodes=0, min_available_nodes=0)
        self.expected_shapes = dict(expected_shapes)
        self.on_merged = on_merged
        self.round_log = round_log
        self.ledger = ledger
        self.policy = policy
        self.policy_hash = policy.content_hash()
        self.enrollments = enrollments
        self.run_id = run_id  # the run this ServerApp serves; a report must be signed for it
        self.first_round = first_round  # the work directory's number of this run's round 1 (`server.resume`)
        self.exhausted: set[int] = set()
        self.unreceipted: dict[int, list[LedgerEntry]] = {}  # node id -> entries it holds no receipt for
        self.in_flight: dict[int, list[LedgerEntry]] = {}  # node id -> receipted entries it has not answered yet
        self.names: dict[int, str] = {}
        self.sent: dict[str, np.ndarray] = {}
        self.evaluating: tuple[int, set[int]] = (0, set())  # the round and the nodes sent evaluation requests
        aggregation = policy.aggregation
        self.availability = Availability(expected_nodes, aggregation.min_nodes, aggregation.round_timeout_s)
        self.asked: tuple[int, set[int]] = (0, set())  # the round and the nodes sent training requests
        # Decisions the ledger has not taken yet, oldest first, with the node's ε
        # after each (NaN when the ledger could not be read to compute it).
        self.unrecorded: list[tuple[int, Decision, float]] = []
        self.ledger_problem: str | None = None  # why the last ledger write failed; None once one succeeds

    def number(self, in_run: int) -> int:
        """The work directory's number of Flower's round `in_run` of this run.
        Nodes see and sign `in_run` (bound with the run id, it names the
        round as well); the ledger, the round log and the adapter directories
        use the number, which no other run in the work directory has."""
        return self.first_round + in_run - 1

    # -- sampling --------------------------------------------------------------------
    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        in_run, server_round = server_round, self.number(server_round)
        self.round_log.append("round-start", round=server_round, round_in_run=in_run)
        self.sent = adapter_tensors(arrays)
        if self._federation_spent():
            log(WARNING, "round %s: the federation's client-level privacy budget is spent; no training",
                server_round)
            self.round_log.append("federation-exhausted", round=server_round)
            return []
        if not self._flush():
            # Nodes would spend privacy that the ledger cannot charge them.
            log(ERROR, "round %s: the privacy ledger cannot be written (%s); no training", server_round,
                self.ledger_problem)
            self.round_log.append("ledger-unwritable", round=server_round, error=self.ledger_problem)
            return []
        possible = sum(1 for node in self.enrollments.all() if not node.revoked and node.node_id not in self.exhausted)
        online = self._admitted(server_round, self.availability.online(grid, self._may_train, possible), "training")
        eligible = [node for node in online if node not in self.exhausted]
        quorum = self.policy.aggregation.min_nodes
        self.asked = (server_round, set())
        if len(eligible) < quorum:
            # Training them would spend their privacy budgets on a merge that cannot happen.
            log(WARNING, "round %s: %d enrolled node(s) with budget left online, the policy requires %d; no training",
                server_round, len(eligible), quorum)
            self.round_log.append("no-quorum", round=server_round, online=[self._name(n) for n in eligible],
                                  required=quorum)
            return []
        self.asked = (server_round, set(eligible))
        config["server-round"] = in_run
        return self._with_receipts(train_messages(self, RecordDict({"arrays": arrays, "config": config}), eligible))

    def _from_nodes(self, server_round: int, replies: list[Message]) -> list[Message]:
        """The training replies that nodes sent, after naming in the round log
        the nodes that were sent this round's request and did not answer by
        the deadline; they are not sampled again until Flower hears from them
        (`availability`). The error the SuperLink makes for a node it found
        offline is no node's answer: that node is named as dropped instead.
        Nothing of a dropped node reached the aggregator, so there is nothing
        to put in the ledger."""
        replies = [reply for reply in replies if not made_by_superlink(reply)]
        asked_round, asked = self.asked
        if asked_round != server_round:
            return replies
        dropped = self.availability.dropped(asked, [reply.metadata.src_node_id for reply in replies])
        if dropped:
            names = [self._name(node) for node in dropped]
            deadline = self.policy.aggregation.round_timeout_s
            log(WARNING, "round %s: no reply from %s (deadline %g s); dropped", server_round, ", ".join(names),
                deadline)
            self.round_log.append("dropped", round=server_round, nodes=names, deadline_s=deadline)
        return replies

    def configure_evaluate(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        """Evaluation requests (a request carries the global adapter) to the
        connected nodes that may take part, less those dropped this round,
        from one reading of who is connected. FedAvg's own sampling counts
        the nodes, then waits without a deadline until that many are
        connected: a node going offline in between would make it endless."""
        in_run, server_round = server_round, self.number(server_round)
        config["server-round"] = in_run
        record = RecordDict({"arrays": arrays, "config": config})
        admitted = self._admitted(server_round, self.availability.reachable(grid), "evaluation")
        self.evaluating = (server_round, set(admitted))
        return self._with_receipts(evaluate_messages(self, record, admitted))

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

    def _may_train(self, node_id: int) -> bool:
        """Whether an online node counts towards the quorum a round waits
        for: one that is sent no training request (its budget is spent, it
        is not enrolled or was revoked) must not end the wait."""
        return node_id not in self.exhausted and isinstance(self._enrollment(node_id), EnrolledNode)

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
        """Judge every reply, merge the accepted updates and publish, and only
        then record the accepted ones: "accepted" in the ledger means merged
        into a published adapter. A node that released an update has spent its
        ε whatever becomes of the round, so an update that is not published
        (too few accepted, the federation's budget spent, the merge or the
        publish failed) is recorded as rejected with why, charged the same
        mechanism. A failed merge or publish leaves the previous global adapter
        (None goes back to Flower, which keeps it), is reported in the round
        log and Flower's log, and the run goes on: nothing was lost but this
        round's spend, and a full disk may be freed before the next one (the
        operator sees every failed round). Rejections are recorded as judged.
        The updates about to be published are first written to the round log
        ("publishing"), so that a run killed between publishing and recording
        leaves what the next run needs to record them (`server.resume`)."""
        replies_at = time.time()  # Flower calls this once every reply is in (or the deadline passed)
        in_run, server_round = server_round, self.number(server_round)
        replies = self._from_nodes(server_round, list(replies))
        self._acknowledged(replies)
        # When each node's ClientApp wrote its reply (its clock): with the
        # round's start and its handler time, where a round's time goes
        # (bench/round_breakdown.py). Flower's metadata; the node sends nothing
        # more. Whole seconds, as nodes report their timings: a finer end of
        # the handler would help tell how many records its sampling drew.
        replied = {self._name(r.metadata.src_node_id): round(r.metadata.created_at) for r in replies}
        aggregation = self.policy.aggregation
        pending: list[tuple[Decision, Update, Message]] = []
        answered: set[int] = set()
        for reply in replies:
            source = reply.metadata.src_node_id
            if source in answered:
                # Each node is judged against its ledger history, which holds
                # no pending update of this round: a second reply must not pass
                # the ε cap beside the first (Flower sends one request per node).
                self.record(server_round, self._unaccounted(source, f"a second reply in round {server_round}"))
                continue
            answered.add(source)
            decision, update = self._judged(in_run, reply)
            if decision.outcome is Outcome.EXHAUSTED:
                self.exhausted.add(source)
            if update is None:
                self.record(server_round, decision)
            else:
                pending.append((decision, update, reply))
        accepted = [clip(change, aggregation.max_update_norm) for _, (change, _), _ in pending]
        claimed = [min(report.records, aggregation.max_records) for _, (_, report), _ in pending]
        weights = claimed if aggregation.weighting == "records" else [1] * len(pending)
        minimum = aggregation.min_nodes
        client_dp = aggregation.client_dp.enabled
        counted: Mapping[str, Sequence[object]]
        members: dict[str, list[int]] = {}
        for index, (_, (_, report), _) in enumerate(pending):
            members.setdefault(region_cohort(report.region), []).append(index)
        if client_dp:
            # What is published must not depend on who answered: one node's
            # update could tip an accepted count over `min_nodes`, and that
            # decision is not noised. Only enrolled counts (public) decide;
            # a release with few or no updates is then mostly or only noise.
            enrolled = self._enrolled_by_cohort()
            counted, total = enrolled, sum(len(nodes) for nodes in enrolled.values())
        else:
            counted, total = members, len(accepted)
        if self.unrecorded:
            note = f"the privacy ledger cannot be written ({self.ledger_problem})"
            reports, _ = self._settle(server_round, pending, weights, f"not merged: {note}")
            self.round_log.append("train", round=server_round, accepted=reports, merged=None, note=note)
            log(ERROR, "round %s: %s, adapter unchanged", server_round, note)
            return None, None
        if total < minimum:
            note = f"{total} {'enrolled node(s)' if client_dp else 'accepted update(s)'}, policy requires {minimum}"
            reports, _ = self._settle(server_round, pending, weights, f"not merged: {note}")
            self.round_log.append("train", round=server_round, accepted=reports, merged=None, note=note)
            log(WARNING, "round %s: %s, adapter unchanged", server_round, note)
            return None, None
        cohorts = publishable(counted, total, minimum)
        releases = self._federation_releases(server_round, MAX_RELEASES_PER_ROUND if cohorts else 1)
        if releases == 0:
            note = "the federation's client-level privacy budget is spent"
            reports, _ = self._settle(server_round, pending, weights, f"not merged: {note}")
            self.round_log.append("train", round=server_round, accepted=reports, merged=None, note=note)
            return None, None
        if releases == 1:
            cohorts = set()
        try:
            merged, federation = self._merge(accepted, weights, GLOBAL)
            self.round_log.append("publishing", round=server_round, run_id=self.run_id,
                                  decisions=[decision_record(decision) for decision, _, _ in pending])
            path = self.on_merged(GLOBAL, server_round, merged)
        except BaseException as error:
            failure = _failure(error)
            reports, _ = self._settle(server_round, pending, weights, f"merge failed: {failure}")
            self.round_log.append("train", round=server_round, accepted=reports, merged=None, error=failure)
            if not isinstance(error, Exception):
                raise  # interrupted: charged and logged, and the interruption goes on
            log(ERROR, "round %s: merging or publishing the global adapter failed (%s); the previous one "
                "stays, the run goes on", server_round, failure)
            return None, None
        reports, totals = self._settle(server_round, pending, weights, None)
        published, failures = self._publish_cohorts(server_round, accepted, weights, members, cohorts, federation)
        if self.policy.aggregation.client_dp.enabled:
            federation["federation_epsilon"] = self._federation_epsilon()
        self.round_log.append(
            "train", round=server_round, accepted=reports, merged=path, cohorts=published, replies_at=replies_at,
            replied=replied,
            robust=aggregation.robust, weighting=aggregation.weighting,
            **({"cohort_errors": failures} if failures else {}), **federation
        )
        log(INFO, "round %s: merged %s update(s) into %s", server_round, len(accepted), path)
        metrics = MetricRecord(
            {
                "num-examples": sum(claimed),
                "max-epsilon": max(totals, default=0.0),
            }
        )
        return adapter_record(merged), metrics

    def _settle(
        self, server_round: int, pending: list[tuple[Decision, Update, Message]], weights: list[int],
        unpublished: str | None,
    ) -> tuple[list[dict[str, object]], list[float]]:
        """Record each judged-acceptable update as accepted, or, when the round
        was not published (`unpublished` says why), as rejected with that
        reason and the same mechanism. Returns what the round log keeps of each,
        and each node's cumulative ε."""
        clipping = self.policy.aggregation.max_update_norm
        reports: list[dict[str, object]] = []
        totals: list[float] = []
        for (decision, (change, report), reply), weight in zip(pending, weights, strict=True):
            if unpublished is not None:
                decision = replace(decision, outcome=Outcome.REJECTED, reason=unpublished)
            total = self.record(server_round, decision)
            totals.append(total)
            length = norm(change)
            reports.append({**report.to_record(), "epsilon": total, "epsilon_reported": report.epsilon,
                            "update_norm": length, "clipped": length > clipping, "weight": weight,
                            **_timings(reply)})
        return reports, totals

    def _publish_cohorts(
        self, server_round: int, accepted: list[dict[str, np.ndarray]], weights: list[int],
        members: Mapping[str, list[int]], cohorts: set[str], federation: dict[str, float],
    ) -> tuple[dict[str, str | None], dict[str, str]]:
        """Each region cohort's adapter, after the global one was published:
        where it went (None when withheld) and why each failed one failed. A
        cohort whose merge or publish fails keeps its previous adapter and the
        round stands: its updates are in the published global adapter, and
        withholding one more cohort of at least `min_nodes` updates leaves no
        single update recoverable by subtraction (see `cohort_release`)."""
        published: dict[str, str | None] = {}
        failures: dict[str, str] = {}
        for cohort in sorted(set(members) | cohorts):
            published[cohort] = None
            if cohort not in cohorts:
                continue
            indices = members.get(cohort, [])
            try:
                cohort_merge, cohort_dp = self._merge(
                    [accepted[i] for i in indices], [weights[i] for i in indices], cohort
                )
                published[cohort] = self.on_merged(cohort, server_round, cohort_merge)
            except Exception as error:
                failures[cohort] = _failure(error)
                log(ERROR, "round %s: publishing %s failed (%s); its previous adapter stays",
                    server_round, cohort, failures[cohort])
                continue
            federation.update({f"{cohort}_{key}": value for key, value in cohort_dp.items()})
        return published, failures

    def _merge(
        self, changes: list[dict[str, np.ndarray]], weights: list[int], cohort: str
    ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """The adapter sent, moved by the clipped changes combined under the
        policy's robust rule and weighting, or by their client-level DP noisy
        mean when the policy asks (it allows that only with a uniform mean),
        with what the DP merge used.

        Flower's DifferentialPrivacyServerSideFixedClipping is not used: it adds
        noise after the wrapped strategy's aggregate_train (after we publish),
        scales the noise by a fixed num_sampled_clients even when fewer updates
        pass our checks (under-noising), and its accountant only accepts an
        unmodified FedAvg.aggregate_train.
        """
        aggregation = self.policy.aggregation
        dp = aggregation.client_dp
        if not dp.enabled:
            combined = combine(changes, weights, aggregation.robust, aggregation.hostile_fraction)
            return applied(self.sent, combined), {}
        denominator = self._enrolled(cohort)
        noisy = noisy_mean(changes, self.sent, dp.clipping_norm, dp.noise_multiplier, denominator)
        return applied(self.sent, noisy), {"dp_denominator": denominator}

    def _enrolled_by_cohort(self) -> dict[str, list[str]]:
        """The enrolled, unrevoked nodes of each region cohort: public before
        the round, whoever answers."""
        cohorts: dict[str, list[str]] = {}
        for node in self.enrollments.all():
            if not node.revoked:
                cohorts.setdefault(node.cohort, []).append(node.name)
        return cohorts

    def _enrolled(self, cohort: str) -> int:
        """The public denominator of a client-level DP release: the nodes
        enrolled (and not revoked) in the cohort, whether or not they answered."""
        cohorts = self._enrolled_by_cohort()
        return sum(len(nodes) for nodes in cohorts.values()) if cohort == GLOBAL else len(cohorts.get(cohort, []))

    def _federation_epsilon(self) -> float:
        return epsilon(self.ledger.history(FEDERATION_NODE), self.policy.privacy.delta)

    def _federation_spent(self) -> bool:
        """Whether client-level DP is on and not even one more release fits
        its cap: nodes are then not asked to spend their own budgets on
        updates that could not be published."""
        dp = self.policy.aggregation.client_dp
        history = self.ledger.history(FEDERATION_NODE)
        return dp.enabled and not affordable_releases(
            history, dp.noise_multiplier, self.policy.privacy.delta, dp.max_epsilon, 1
        )

    def _federation_releases(self, server_round: int, wanted: int) -> int:
        """How many of the round's `wanted` releases to make, all of them
        without client-level DP. With it, as many as keep the federation's ε
        within its cap, recorded in the ledger as one mechanism under
        FEDERATION_NODE before anything is published; none when even one
        would exceed the cap (recorded as the federation's budget exhausted)."""
        dp = self.policy.aggregation.client_dp
        if not dp.enabled:
            return wanted
        delta = self.policy.privacy.delta
        history = self.ledger.history(FEDERATION_NODE)
        count = affordable_releases(history, dp.noise_multiplier, delta, dp.max_epsilon, wanted)
        if count == 0:
            reason = f"client-level ε would exceed the federation cap {dp.max_epsilon:g}"
            self.record(server_round, Decision(Outcome.EXHAUSTED, FEDERATION_NODE, reason=reason))
            return 0
        self.record(server_round, Decision(Outcome.ACCEPTED, FEDERATION_NODE,
                                           mechanism=(dp.noise_multiplier, 1.0, count)))
        return count

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
        problem = _identity_problem(enrolled, report, record, content)
        if problem:
            return self._unaccounted(source, problem), None
        # Decoded only for a report the node signed: the bytes may be anyone's.
        arrays = content.array_records.get("arrays")
        tensors = {} if arrays is None else decoded(arrays, self.expected_shapes)
        if isinstance(tensors, str):
            return self._unaccounted(source, tensors), None
        problem = _binding_problem(report, tensors, self.run_id, server_round)
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

        A ledger that cannot be written (a full disk, a lost anchor) must not
        end the run, nor lose a node's spend: the decision waits in
        `unrecorded`, is written to the round log ("unrecorded") for the next
        run to record should this one end first (`server.resume`), and is
        appended before any later one once the ledger takes writes again;
        until then nothing is trained or published.
        """
        spent = [decision.mechanism] if decision.mechanism[2] > 0 else []
        total = self._epsilon_total(decision.node, spent)
        if decision.outcome.value in DECISIONS:
            self.unrecorded.append((server_round, decision, total))
            if not self._flush():
                self._keep_unrecorded(server_round, decision)
        if decision.outcome is Outcome.EXHAUSTED:
            self.round_log.append("exhausted", round=server_round, node=decision.node)
            log(INFO, "round %s: %s has exhausted its budget%s", server_round, decision.node,
                "" if decision.node == FEDERATION_NODE else " and is no longer sampled")
        elif decision.outcome is not Outcome.ACCEPTED:
            # %r: a node's own words must not forge lines in the SuperLink's log.
            log(WARNING, "round %s: %s %s: %r", server_round, decision.outcome.value, decision.node, decision.reason)
            self.round_log.append(
                "reject", round=server_round, node_id=decision.node_id, node=decision.node,
                reason=decision.reason,
            )
        return total

    def _epsilon_total(self, node: str, spent: list[Mechanism]) -> float:
        """The node's cumulative ε with `spent`, counting what waits for the
        ledger; NaN when the ledger cannot even be read."""
        waiting = [d.mechanism for _, d, _ in self.unrecorded if d.node == node and d.mechanism[2] > 0]
        try:
            history = self.ledger.history(node)
        except LEDGER_FAILURES:
            return math.nan
        return epsilon([*history, *waiting, *spent], self.policy.privacy.delta)

    def _flush(self) -> bool:
        """Append the decisions waiting for the ledger, oldest first; False
        (with `ledger_problem` saying why) when it takes none of them."""
        while self.unrecorded:
            server_round, decision, total = self.unrecorded[0]
            try:
                before = self.ledger.head()
            except LEDGER_FAILURES as error:
                return self._unwritable(error)  # unread: nothing was appended
            try:
                entry = self._append(server_round, decision, total)
            except LEDGER_FAILURES as error:
                # The entry may be in and only the anchor behind (`Ledger.append`).
                if not self._appended(before):
                    return self._unwritable(error)
                entry = None
            self.unrecorded.pop(0)
            if entry is not None and decision.node_id is not None:
                self.unreceipted.setdefault(decision.node_id, []).append(entry)
        self.ledger_problem = None
        return True

    def _unwritable(self, error: BaseException) -> bool:
        """Note why the ledger took nothing (logged once until it works again); False."""
        if self.ledger_problem is None:
            log(ERROR, "the privacy ledger cannot be written (%s); decisions wait in the round log", _failure(error))
        self.ledger_problem = _failure(error)
        return False

    def _appended(self, before: Head | None) -> bool:
        try:
            return self.ledger.head() != before
        except LEDGER_FAILURES:
            return False

    def _append(self, server_round: int, decision: Decision, total: float) -> LedgerEntry:
        """Append one decision with the node's ε after it: `total`, which
        counted every decision waiting before it (appended first), unless
        the ledger could not be read to compute it then."""
        delta = self.policy.privacy.delta
        spent = [decision.mechanism] if decision.mechanism[2] > 0 else []
        if math.isnan(total):
            total = epsilon([*self.ledger.history(decision.node), *spent], delta)
        sigma, rate, steps = decision.mechanism
        return self.ledger.append(
            round=server_round, node=decision.node, noise_multiplier=sigma, sample_rate=rate, steps=steps,
            delta=delta, epsilon_round=epsilon(spent, delta), epsilon_total=total,
            decision=decision.outcome.value, reason=decision.reason, policy_hash=self.policy_hash,
        )

    def _keep_unrecorded(self, server_round: int, decision: Decision) -> None:
        """Put a decision the ledger did not take in the round log, or failing
        that in Flower's log: either way the operator can see the spend."""
        try:
            self.round_log.append("unrecorded", round=server_round, decision=decision_record(decision),
                                  error=self.ledger_problem)
        except OSError as error:
            log(ERROR, "round %s: neither the ledger nor the round log took %s (%s)", server_round,
                decision_record(decision), _failure(error))

    # -- evaluation ----------------------------------------------------------------------
    def aggregate_evaluate(
        self, server_round: int, replies: Iterable[Message]
    ) -> MetricRecord | None:
        """Take no figures from the nodes: each keeps its own evaluation
        (`client.evaluation`), since losses and token counts of a user's
        held-out records, for whatever arrays the aggregator sends, would be
        an oracle on them outside the privacy accounting; the global adapter
        is measured on the aggregator's public held-out set instead
        (`server.public_evaluation`). A reply acknowledges the receipts its
        request carried. One from a node that may not take part or was not
        asked, or one that still carries figures, is recorded as ignored with
        why; its figures are never read."""
        server_round = self.number(server_round)
        replies = list(replies)
        self._acknowledged(replies)
        for reply in replies:
            source = reply.metadata.src_node_id
            if reply.has_error():
                log(WARNING, "round %s: evaluation failed on node %s", server_round, source)
                continue
            try:
                problem = self._evaluation(server_round, reply)
            except Exception as error:  # as in `_judged`: one reply must not end the run
                problem = f"reply could not be judged ({type(error).__name__})"
            if problem is not None:
                reason = f"evaluation reply left out: {problem}"
                self.record(server_round, Decision(Outcome.IGNORED, self._name(source), source, reason))
        return None

    def _evaluation(self, server_round: int, reply: Message) -> str | None:
        """Why an evaluation reply is left out, or None for an acknowledgement
        (or a node that refuses to evaluate: logged, as its refusals of
        training are)."""
        source = reply.metadata.src_node_id
        enrolled = self._enrollment(source)
        if not isinstance(enrolled, EnrolledNode):
            return enrolled
        asked_round, asked = self.evaluating
        if asked_round != server_round or source not in asked:
            return f"{enrolled.name} was sent no evaluation request in round {server_round}"
        content = reply.content
        if content.metric_records or content.array_records:
            return "it carries figures (metrics or arrays); a node's evaluation stays on the node, none is read"
        configs = content.config_records
        if "refused" in configs:
            problem = record_problem("refusal", configs["refused"], REFUSED)
            if problem:
                return problem
            log(WARNING, "round %s: %s refuses evaluation: %r", server_round, enrolled.name,
                str(configs["refused"]["reason"])[:_REFUSAL_CHARS])
        return None
