"""Flower strategy that validates and merges LoRA adapter updates.

Built on Flower's FedAvg for sampling and message plumbing; training replies
are checked one by one (see `validation`) so that a bad node is rejected with a
recorded reason instead of poisoning or aborting the round.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from logging import INFO, WARNING

import numpy as np
from flwr.app import Array, ArrayRecord, ConfigRecord, Message, MetricRecord
from flwr.common.logger import log
from flwr.serverapp import Grid
from flwr.serverapp.strategy import FedAvg

from privacy.report import PrivacyReport, ReportError
from server.merging import weighted_mean
from server.round_log import RoundLog
from server.validation import update_problem

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
        min_nodes: int,
    ) -> None:
        super().__init__(
            min_train_nodes=min_nodes,
            min_evaluate_nodes=min_nodes,
            min_available_nodes=min_nodes,
        )
        self.expected_shapes = dict(expected_shapes)
        self.on_merged = on_merged
        self.round_log = round_log

    def aggregate_train(
        self, server_round: int, replies: Iterable[Message]
    ) -> tuple[ArrayRecord | None, MetricRecord | None]:
        accepted: list[dict[str, np.ndarray]] = []
        weights: list[float] = []
        reports: list[dict[str, object]] = []
        for reply in replies:
            source = reply.metadata.src_node_id
            if reply.has_error():
                self._reject(server_round, source, f"node error: {reply.error.reason}")
                continue
            problem, report, tensors = self._inspect(reply)
            if problem is not None:
                self._reject(server_round, source, problem)
                continue
            accepted.append(tensors)
            weights.append(float(report.records))
            reports.append({**report.to_record(), **_timings(reply)})
        if not accepted:
            self.round_log.append("train", round=server_round, accepted=[], merged=None)
            log(WARNING, "round %s: no acceptable update, adapter unchanged", server_round)
            return None, None
        merged = weighted_mean(accepted, weights)
        path = self.on_merged(server_round, merged)
        self.round_log.append("train", round=server_round, accepted=reports, merged=path)
        log(INFO, "round %s: merged %s update(s) into %s", server_round, len(accepted), path)
        metrics = MetricRecord(
            {
                "num-examples": int(sum(weights)),
                "max-epsilon": max(float(r["epsilon"]) for r in reports),
            }
        )
        return ArrayRecord({k: Array.from_numpy_ndarray(v) for k, v in merged.items()}), metrics

    def configure_train(
        self, server_round: int, arrays: ArrayRecord, config: ConfigRecord, grid: Grid
    ) -> Iterable[Message]:
        self.round_log.append("round-start", round=server_round)
        return super().configure_train(server_round, arrays, config, grid)

    def _inspect(
        self, reply: Message
    ) -> tuple[str | None, PrivacyReport | None, dict[str, np.ndarray]]:
        content = reply.content
        if "arrays" not in content.array_records:
            return "reply carries no adapter tensors", None, {}
        if "privacy" not in content.config_records:
            return "reply carries no privacy report", None, {}
        try:
            report = PrivacyReport.from_record(dict(content.config_records["privacy"]))
        except ReportError as error:
            return str(error), None, {}
        record = content.array_records["arrays"]
        try:
            tensors = {key: record[key].numpy() for key in record}
        except (ValueError, TypeError):
            return "adapter tensors cannot be decoded", report, {}
        problem = update_problem(tensors, self.expected_shapes)
        if problem is None and report.records <= 0:
            problem = "privacy report claims no training records"
        return problem, report, tensors

    def _reject(self, server_round: int, node_id: int, reason: str) -> None:
        log(WARNING, "round %s: rejected update from node %s: %s", server_round, node_id, reason)
        self.round_log.append("reject", round=server_round, node_id=node_id, reason=reason)

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
        summary = {
            "base-ppl": math.exp(base),
            "adapter-ppl": math.exp(adapter),
            "num-tokens": tokens,
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
