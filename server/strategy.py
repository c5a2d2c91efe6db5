"""Flower strategy that enforces the data policy while merging LoRA updates.

Built on Flower's FedAvg for messaging; sampling skips nodes whose budget is
spent, and every training reply is judged on its own: it must come from an
enrolled, unrevoked node whose key signed the privacy report, and pass the
policy checks (see `checks`). Every decision is recorded in the signed privacy
ledger under the node's enrolled name, and only accepted updates are averaged:
into the global adapter, and into one adapter per region cohort. A merge with
fewer accepted updates than the policy's `min_nodes` does not happen, so a
small cohort is never published on its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from logging import INFO, WARNING

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MessageType, MetricRecord, RecordDict
from flwr.common.logger import log
from flwr.serverapp import Grid
from flwr.serverapp.strategy import FedAvg
from flwr.serverapp.strategy.strategy_utils import sample_nodes

from policies import Policy
from privacy.dp.accounting import epsilon
from privacy.dp.ledger import FEDERATION_NODE, Ledger
from privacy.identity.node_keys import verify_record
from privacy.dp.report import PrivacyReport, ReportError
from server.checks import judge
from server.enrollment import EnrolledNode, Enrollments
from server.merging import clipped_noisy_mean, weighted_mean
from server.round_log import RoundLog

# (cohort, round, merged tensors) -> where the merged adapter was published.
OnMerged = Callable[[str, int, dict[str, np.ndarray]], str]
GLOBAL_COHORT = "global"


def _timings(reply: Message) -> dict[str, float]:
    """Node-side timings, so that Flower's overhead can be told from training."""
    metrics = reply.content.metric_records.get("metrics") or {}
    keys = ("train-seconds", "node-seconds", "samples-per-second")
    return {key.replace("-", "_"): float(metrics[key]) for key in keys if key in metrics}


def _identity_problem(
    enrolled: EnrolledNode, report: PrivacyReport, record: dict[str, object], content: RecordDict
) -> str | None:
    """Why the report cannot be taken as the enrolled node's own, if it cannot."""
    signed = content.config_records.get("privacy-signature")
    signature = str(signed.get("signature", "")) if signed else ""
    if not signature:
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
    ) -> None:
        super().__init__(min_train_nodes=1, min_evaluate_nodes=1, min_available_nodes=expected_nodes)
        self.expected_shapes = dict(expected_shapes)
        self.on_merged = on_merged
        self.round_log = round_log
        self.ledger = ledger
        self.policy = policy
        self.policy_hash = policy.content_hash()
        self.enrollments = enrollments
        self.exhausted: set[int] = set()
        self.names: dict[int, str] = {}
        self.sent: dict[str, np.ndarray] = {}
        self.rng = np.random.default_rng()

    # -- sampling --------------------------------------------------------------------
    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        self.round_log.append("round-start", round=server_round)
        self.sent = {key: arrays[key].numpy() for key in arrays}
        _, connected = sample_nodes(grid, self.min_available_nodes, 0)
        eligible = [node for node in connected if node not in self.exhausted]
        if not eligible:
            log(WARNING, "round %s: every node has exhausted its budget", server_round)
            return []
        config["server-round"] = server_round
        record = RecordDict({"arrays": arrays, "config": config})
        return self._construct_messages(record, eligible, MessageType.TRAIN)

    # -- judging and merging -----------------------------------------------------------
    def aggregate_train(
        self, server_round: int, replies: Iterable[Message]
    ) -> tuple[ArrayRecord | None, MetricRecord | None]:
        accepted: list[dict[str, np.ndarray]] = []
        weights: list[float] = []
        reports: list[dict[str, object]] = []
        for reply in replies:
            outcome = self._judge_reply(server_round, reply)
            if outcome is not None:
                tensors, report = outcome
                accepted.append(tensors)
                weights.append(float(report["records"]))  # type: ignore[arg-type]
                reports.append(report)
        minimum = self.policy.aggregation.min_nodes
        if len(accepted) < minimum:
            self.round_log.append(
                "train", round=server_round, accepted=reports, merged=None,
                note=f"{len(accepted)} accepted update(s), policy requires {minimum}",
            )
            log(WARNING, "round %s: %s accepted update(s) < min_nodes %s, adapter unchanged",
                server_round, len(accepted), minimum)
            return None, None
        merged, federation = self._merge(server_round, accepted, weights)
        path = self.on_merged(GLOBAL_COHORT, server_round, merged)
        cohorts = self._merge_cohorts(server_round, accepted, weights, reports)
        self.round_log.append(
            "train", round=server_round, accepted=reports, merged=path, cohorts=cohorts, **federation
        )
        log(INFO, "round %s: merged %s update(s) into %s", server_round, len(accepted), path)
        metrics = MetricRecord(
            {
                "num-examples": int(sum(weights)),
                "max-epsilon": max(float(r["epsilon"]) for r in reports),  # type: ignore[arg-type]
            }
        )
        return ArrayRecord({k: Array.from_numpy_ndarray(v) for k, v in merged.items()}), metrics

    def _merge_cohorts(
        self, server_round: int, accepted: list[dict[str, np.ndarray]], weights: list[float],
        reports: list[dict[str, object]],
    ) -> dict[str, str | None]:
        """One adapter per region from that region's accepted updates, only
        when the region has at least `min_nodes` of them: an adapter merged
        from one node's update would be that node's update."""
        members: dict[str, list[int]] = {}
        for index, report in enumerate(reports):
            members.setdefault(f"region-{report['region']}", []).append(index)
        published: dict[str, str | None] = {}
        for cohort, indices in sorted(members.items()):
            if len(indices) < self.policy.aggregation.min_nodes:
                published[cohort] = None
                continue
            merged, _ = self._merge(server_round, [accepted[i] for i in indices], [weights[i] for i in indices])
            published[cohort] = self.on_merged(cohort, server_round, merged)
        return published

    def _merge(
        self, server_round: int, accepted: list[dict[str, np.ndarray]], weights: list[float]
    ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """Plain weighted mean, or the client-level DP merge when the policy asks.

        Flower's DifferentialPrivacyServerSideFixedClipping is not used: it adds
        noise after the wrapped strategy's aggregate_train (after we publish),
        scales the noise by a fixed num_sampled_clients even when fewer updates
        pass our checks (under-noising), and its accountant only accepts an
        unmodified FedAvg.aggregate_train. Each release (global and every
        cohort) is accounted as a Gaussian mechanism without sampling
        amplification, all under one federation entry: a node is in at most two
        releases per round, so composing all of them over-counts, never under.
        """
        dp = self.policy.aggregation.client_dp
        if not dp.enabled:
            return weighted_mean(accepted, weights), {}
        merged = clipped_noisy_mean(accepted, self.sent, dp.clipping_norm, dp.noise_multiplier, self.rng)
        delta = self.policy.privacy.delta
        history = [*self.ledger.history(FEDERATION_NODE), (dp.noise_multiplier, 1.0, 1)]
        total = epsilon(history, delta)
        self.ledger.append(
            round=server_round, node=FEDERATION_NODE, noise_multiplier=dp.noise_multiplier,
            sample_rate=1.0, steps=1, delta=delta,
            epsilon_round=epsilon([(dp.noise_multiplier, 1.0, 1)], delta), epsilon_total=total,
            decision="accepted", reason="", policy_hash=self.policy_hash,
        )
        return merged, {"federation_epsilon": total}

    def _judge_reply(
        self, server_round: int, reply: Message
    ) -> tuple[dict[str, np.ndarray], dict[str, object]] | None:
        """Record a decision on one reply in the ledger; return what to merge."""
        source = reply.metadata.src_node_id
        if reply.has_error():
            # A transport or node failure, not an update: nothing to account.
            self._log_reject(server_round, source, self.names.get(source, f"node-id-{source}"),
                             f"node error: {reply.error.reason}")
            return None
        content = reply.content
        enrolled = self._identify(server_round, source)
        if enrolled is None:
            return None
        if "budget" in content.config_records:
            self._record_exhausted(server_round, source, enrolled.name)
            return None
        if "privacy" not in content.config_records:
            self._record_unaccounted(server_round, source, "reply carries no privacy report")
            return None
        record = dict(content.config_records["privacy"])
        try:
            report = PrivacyReport.from_record(record)
        except ReportError as error:
            self._record_unaccounted(server_round, source, str(error))
            return None
        problem = _identity_problem(enrolled, report, record, content)
        if problem:
            self._record_unaccounted(server_round, source, problem)
            return None
        tensors: dict[str, np.ndarray] = {}
        if "arrays" in content.array_records:
            arrays = content.array_records["arrays"]
            tensors = {key: arrays[key].numpy() for key in arrays}
        verdict = judge(
            report, tensors, self.sent, self.expected_shapes,
            self.ledger.history(report.node), self.policy,
        )
        sigma, rate, steps = verdict.mechanism
        self.ledger.append(
            round=server_round, node=report.node,
            noise_multiplier=sigma, sample_rate=rate, steps=steps, delta=self.policy.privacy.delta,
            epsilon_round=verdict.epsilon_round, epsilon_total=verdict.epsilon_total,
            decision="accepted" if verdict.accepted else "rejected",
            reason=verdict.reason, policy_hash=self.policy_hash,
        )
        if not verdict.accepted:
            self._log_reject(server_round, source, report.node, verdict.reason)
            return None
        summary = {**report.to_record(), "epsilon": verdict.epsilon_total,
                   "epsilon_reported": report.epsilon, **_timings(reply)}
        return tensors, summary

    def _identify(self, server_round: int, source: int) -> EnrolledNode | None:
        """The enrolled node behind a Flower node id; unknown and revoked nodes
        are recorded and refused (the SuperLink should already have refused
        them, this is the aggregator's own check)."""
        enrolled = self.enrollments.by_node_id(source)
        if enrolled is None:
            self._record_unaccounted(server_round, source, f"node id {source} is not enrolled")
            return None
        self.names[source] = enrolled.name
        if enrolled.revoked:
            self._record_unaccounted(server_round, source, f"{enrolled.name} was revoked at {enrolled.revoked_at}")
            return None
        return enrolled

    def _record_exhausted(self, server_round: int, source: int, node: str) -> None:
        self.exhausted.add(source)
        history = self.ledger.history(node)
        self.ledger.append(
            round=server_round, node=node, noise_multiplier=0.0, sample_rate=0.0, steps=0,
            delta=self.policy.privacy.delta, epsilon_round=0.0,
            epsilon_total=epsilon(history, self.policy.privacy.delta),
            decision="exhausted", reason="node reports its privacy budget exhausted",
            policy_hash=self.policy_hash,
        )
        self.round_log.append("exhausted", round=server_round, node=node)
        log(INFO, "round %s: %s has exhausted its budget and is no longer sampled", server_round, node)

    def _record_unaccounted(self, server_round: int, source: int, reason: str) -> None:
        """A reply without a readable report: nothing to account, still recorded."""
        node = self.names.get(source, f"node-id-{source}")
        self.ledger.append(
            round=server_round, node=node, noise_multiplier=0.0, sample_rate=0.0, steps=0,
            delta=self.policy.privacy.delta, epsilon_round=0.0,
            epsilon_total=epsilon(self.ledger.history(node), self.policy.privacy.delta),
            decision="rejected", reason=reason, policy_hash=self.policy_hash,
        )
        self._log_reject(server_round, source, node, reason)

    def _log_reject(self, server_round: int, source: int, node: str, reason: str) -> None:
        log(WARNING, "round %s: rejected update from %s: %s", server_round, node, reason)
        self.round_log.append("reject", round=server_round, node_id=source, node=node, reason=reason)

    # -- evaluation ----------------------------------------------------------------------
    def aggregate_evaluate(
        self, server_round: int, replies: Iterable[Message]
    ) -> MetricRecord | None:
        """Combine held-out losses token-weighted, so the result is the exact
        perplexity over all nodes' held-out tokens."""
        per_node = []
        for reply in replies:
            if reply.has_error():
                log(WARNING, "round %s: evaluation failed on node %s", server_round, reply.metadata.src_node_id)
                continue
            metrics = reply.content.metric_records.get("metrics")
            enrolled = self.enrollments.by_node_id(reply.metadata.src_node_id)
            if metrics is None or not {"base-loss", "adapter-loss", "num-tokens"} <= set(metrics):
                continue
            per_node.append(
                {
                    "node": enrolled.name if enrolled else str(reply.metadata.src_node_id),
                    "base-loss": float(metrics["base-loss"]),
                    "adapter-loss": float(metrics["adapter-loss"]),
                    "num-tokens": int(metrics["num-tokens"]),
                }
            )
        tokens = sum(n["num-tokens"] for n in per_node)
        if not tokens:
            return None
        base = sum(n["base-loss"] * n["num-tokens"] for n in per_node) / tokens
        adapter = sum(n["adapter-loss"] * n["num-tokens"] for n in per_node) / tokens
        summary = {"base-ppl": math.exp(base), "adapter-ppl": math.exp(adapter), "num-tokens": tokens}
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
