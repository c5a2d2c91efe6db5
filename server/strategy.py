"""Flower strategy that enforces the data policy while merging LoRA updates.

Built on Flower's FedAvg for messaging; sampling skips nodes whose budget is
spent, and every training reply is judged on its own (see `checks`), recorded
in the signed privacy ledger with its decision, and only accepted updates are
averaged. A round with fewer accepted updates than the policy's `min_nodes`
changes nothing.
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
from privacy.accounting import epsilon
from privacy.ledger import FEDERATION_NODE, Ledger
from privacy.report import PrivacyReport, ReportError
from server.checks import judge
from server.merging import clipped_noisy_mean, weighted_mean
from server.round_log import RoundLog

OnMerged = Callable[[int, dict[str, np.ndarray]], str]


def _timings(reply: Message) -> dict[str, float]:
    """Node-side timings, so that Flower's overhead can be told from training."""
    metrics = reply.content.metric_records.get("metrics") or {}
    keys = ("train-seconds", "node-seconds", "samples-per-second")
    return {key.replace("-", "_"): float(metrics[key]) for key in keys if key in metrics}


class AdapterStrategy(FedAvg):
    def __init__(
        self,
        expected_shapes: Mapping[str, tuple[int, ...]],
        on_merged: OnMerged,
        round_log: RoundLog,
        ledger: Ledger,
        policy: Policy,
        expected_nodes: int,
    ) -> None:
        super().__init__(min_train_nodes=1, min_evaluate_nodes=1, min_available_nodes=expected_nodes)
        self.expected_shapes = dict(expected_shapes)
        self.on_merged = on_merged
        self.round_log = round_log
        self.ledger = ledger
        self.policy = policy
        self.policy_hash = policy.content_hash()
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
        path = self.on_merged(server_round, merged)
        self.round_log.append(
            "train", round=server_round, accepted=reports, merged=path, **federation
        )
        log(INFO, "round %s: merged %s update(s) into %s", server_round, len(accepted), path)
        metrics = MetricRecord(
            {
                "num-examples": int(sum(weights)),
                "max-epsilon": max(float(r["epsilon"]) for r in reports),  # type: ignore[arg-type]
            }
        )
        return ArrayRecord({k: Array.from_numpy_ndarray(v) for k, v in merged.items()}), metrics

    def _merge(
        self, server_round: int, accepted: list[dict[str, np.ndarray]], weights: list[float]
    ) -> tuple[dict[str, np.ndarray], dict[str, float]]:
        """Plain weighted mean, or the client-level DP merge when the policy asks.

        Flower's DifferentialPrivacyServerSideFixedClipping is not used: it adds
        noise after the wrapped strategy's aggregate_train (after we publish),
        scales the noise by a fixed num_sampled_clients even when fewer updates
        pass our checks (under-noising), and its accountant only accepts an
        unmodified FedAvg.aggregate_train. The release is accounted here as a
        Gaussian mechanism without sampling amplification, in the same ledger.
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
        if "budget" in content.config_records:
            self._record_exhausted(server_round, source, dict(content.config_records["budget"]))
            return None
        if "privacy" not in content.config_records:
            self._record_unaccounted(server_round, source, "reply carries no privacy report")
            return None
        try:
            report = PrivacyReport.from_record(dict(content.config_records["privacy"]))
        except ReportError as error:
            self._record_unaccounted(server_round, source, str(error))
            return None
        self.names[source] = report.node
        tensors: dict[str, np.ndarray] = {}
        if "arrays" in content.array_records:
            record = content.array_records["arrays"]
            tensors = {key: record[key].numpy() for key in record}
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

    def _record_exhausted(self, server_round: int, source: int, status: dict[str, object]) -> None:
        node = str(status.get("node", source))
        self.names[source] = node
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
            names = reply.content.config_records.get("node")
            if metrics is None or not {"base-loss", "adapter-loss", "num-tokens"} <= set(metrics):
                continue
            per_node.append(
                {
                    "node": str(names["node"]) if names else str(reply.metadata.src_node_id),
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
