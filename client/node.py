"""What an edge node does in a round, independent of how Flower calls it.

Keeping this free of Flower types lets tests and benchmarks drive a node
directly, and keeps the ClientApp a thin adapter.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from client.budget import NodeBudget, plan_round, poisson_schedule, remaining_rounds, reported_records
from client.corpus import desensitized_records
from client.evaluation import Evaluation, keep_evaluation
from client.node_limits import check_accountant, load_node_limits
from client.node_policy import save_node_policy
from client.personal_adapter import kept_after_merge, own_round, save_own_round, save_personal_adapter
from client.records import split
from client.trainer import DPTrainConfig, TrainReport, train_dp
from netgpt.allocator import SYSTEM, running_allocator
from netgpt.layout import NodeData, NodeLayout
from netgpt.memory_budget import MemoryBudget, default_budget_mib, parse_budget
from netgpt.modeling import (
    Precision,
    build_lora_model,
    held_out_loss,
    load_base_model,
    load_wire_state,
    mean_token_loss,
    resolve_precision,
    tokenize,
    trainable_state,
)
from netgpt.modeling.memory import estimated_peak_mib, plan_memory
from netgpt.settings import RunSettings, TrainSettings
from policies import Policy
from privacy.dp.accountant_store import AccountantStore
from privacy.dp.report import PrivacyReport, update_digest

# A phone-class budget where the node keeps it without training slower than
# before the memory work, else none (`netgpt.memory_budget.default_budget_mib`);
# `netgpt node start --max-memory-mb` sets another, or 0 for none.
DEFAULT_MAX_MEMORY_MB: MemoryBudget = "auto"


@dataclass(frozen=True)
class NodeSettings:
    """Who this node is and where its things are; set per SuperNode by
    `netgpt node start` from the node's bundle (Flower's --node-config)."""

    name: str
    region: str
    bundle: NodeLayout
    data: NodeData
    model_cache: Path
    threads: int
    max_memory_mb: MemoryBudget = DEFAULT_MAX_MEMORY_MB
    """The device's memory budget for a round, in MiB; 0 = none, "auto" = as
    `memory_budget` says. It picks how a step spends memory
    (`netgpt.modeling.memory.plan_memory`), never what is trained or accounted."""

    def memory_budget(self, precision: Precision) -> int:
        """The budget in MiB for a round trained at `precision` in this process."""
        if isinstance(self.max_memory_mb, int):
            return self.max_memory_mb
        return default_budget_mib(precision, flat_heap=running_allocator() != SYSTEM.name)

    @property
    def signing_key(self) -> Path | None:
        return self.bundle.key if self.bundle.key.is_file() else None

    @classmethod
    def from_node_config(cls, config: Mapping[str, object]) -> NodeSettings:
        missing = [key for key in ("bundle-dir", "data-dir", "node-name", "region") if key not in config]
        if missing:
            raise ValueError(f"node config lacks {', '.join(missing)}")
        bundle = NodeLayout(Path(str(config["bundle-dir"])))
        cache = config.get("model-cache")
        return cls(
            name=str(config["node-name"]),
            region=str(config["region"]),
            bundle=bundle,
            data=NodeData(Path(str(config["data-dir"]))),
            model_cache=Path(str(cache)) if cache else bundle.models,
            threads=int(str(config.get("threads", 0))),
            max_memory_mb=parse_budget(config.get("max-memory-mb", DEFAULT_MAX_MEMORY_MB)),
        )


def train_config(train: TrainSettings, policy: Policy) -> DPTrainConfig:
    """This run's DP-SGD parameters before σ is planned for the round."""
    return DPTrainConfig(
        noise_multiplier=train.noise_multiplier,
        max_grad_norm=policy.privacy.max_grad_norm,
        delta=policy.privacy.delta,
        batch_size=train.batch_size,
        epochs=train.local_epochs,
        learning_rate=train.learning_rate,
        max_length=train.max_length,
        precision=resolve_precision(train.precision),
    )


class EdgeNode:
    def __init__(self, settings: NodeSettings, run: RunSettings, policy: Policy) -> None:
        """PolicyRefused when `policy` protects less than the node's own limits
        (its bundle's `limits.yaml`) allow: checked before anything is read."""
        self.settings = settings
        self.run = run
        self.limits = load_node_limits(settings.bundle)
        self.limits.check(settings.name, policy)
        self.policy = policy
        self.train_cfg = train_config(run.train, policy)
        # MiB, 0 = none: the precision and the allocator are this process's for good.
        self.budget = settings.memory_budget(self.train_cfg.precision)
        self.spec = run.lora.spec(policy.aggregation.strategy)
        if settings.threads > 0:
            torch.set_num_threads(settings.threads)

    def _model(self, incoming: dict[str, torch.Tensor]) -> tuple[PeftModel, PreTrainedTokenizerBase]:
        precision = self.train_cfg.precision
        # Under bf16 autocast the base weights are held in bf16 (half the memory,
        # the same products). In fp32 too where the node has a budget: fp32
        # weights and the runtime alone would fill a phone-class one.
        weights: Precision = "bf16" if self.budget else precision
        base = load_base_model(self.run.model, self.settings.model_cache, weights=weights, compute=precision)
        model = build_lora_model(base.model, self.spec)
        load_wire_state(model, incoming)
        return model, base.tokenizer

    def _corpus(self) -> tuple[list[str], list[str]]:
        level = self.policy.desensitization.location_level
        # In a child process: none of Presidio's memory is left for the model's to sit on.
        records = desensitized_records(self.settings.data, self.settings.bundle.desensitized_cache, level,
                                       in_child=True)
        train, held = split(records, self.run.train.holdout_fraction)
        limit = self.run.train.max_train_records
        if limit > 0:
            train = train[:limit]
        return [r.text for r in train], [r.text for r in held]

    def train(
        self, incoming: dict[str, torch.Tensor], server_round: int, run_id: int
    ) -> tuple[dict[str, np.ndarray], PrivacyReport, TrainReport]:
        """Train one round; return the update as it is sent, the privacy report
        bound to it (run, round, policy, digest of exactly these arrays) and
        the trainer's own report. AccountantMissing, before any record is
        read, when the node has trained before and its accountant is gone."""
        check_accountant(self.settings.bundle, self.settings.name)
        texts, _ = self._corpus()
        store = AccountantStore(self.settings.bundle.accountant)
        accountant = store.load()
        sample_rate, steps = poisson_schedule(len(texts), self.train_cfg.batch_size, self.train_cfg.epochs)
        sigma = plan_round(
            accountant.history, self.train_cfg.noise_multiplier, sample_rate, steps,
            NodeBudget.of(self.policy, self.run.train),
            remaining_rounds(server_round, self.run.num_server_rounds),
        )
        model, tokenizer = self._model(incoming)
        shape = (self.train_cfg.batch_size, self.train_cfg.max_length)
        memory = plan_memory(model, *shape, self.budget, precision=self.train_cfg.precision)
        # Sizes and settings only: the node's own log says how it will train.
        estimate = estimated_peak_mib(model, memory, *shape, precision=self.train_cfg.precision)
        print(f"netgpt node: round {server_round}: {memory.describe()}; budget "
              f"{f'{self.budget} MiB' if self.budget else 'none'} ({self.settings.max_memory_mb}), "
              f"estimated peak {estimate:,.0f} MiB, {running_allocator()}", file=sys.stderr)
        cfg = replace(self.train_cfg, noise_multiplier=sigma, memory=memory)
        report = train_dp(model, tokenize(tokenizer, texts, cfg.max_length), cfg, accountant)
        store.save(accountant)
        save_personal_adapter(model, self.settings.bundle.personal_adapter)
        save_node_policy(self.settings.bundle, self.policy)
        update = {key: tensor.cpu().numpy() for key, tensor in trainable_state(model, self.spec.strategy).items()}
        save_own_round(update, incoming, self.settings.bundle.own_round, run_id, server_round)
        privacy = PrivacyReport(
            node=self.settings.name,
            region=self.settings.region,
            server_round=server_round,
            epsilon=report.epsilon,
            delta=cfg.delta,
            noise_multiplier=sigma,
            max_grad_norm=cfg.max_grad_norm,
            sample_rate=report.sample_rate,
            steps=report.steps,
            records=reported_records(report.records, cfg.batch_size),
            policy_hash=self.policy.content_hash(),
            run_id=run_id,
            update_digest=update_digest(update),
        )
        return update, privacy, report

    def evaluate(self, incoming: dict[str, torch.Tensor], server_round: int, run_id: int) -> Evaluation:
        """Measure `incoming` on the node's held-out records and keep the
        figures in its own log (`client.evaluation`); they are returned for
        the node's use, never for a reply. When `incoming` is the merge of a
        round this node trained in, the node keeps the mix of its round and
        the merge as its personal adapter (`client.personal_adapter`) and
        measures that too."""
        _, held = self._corpus()  # before the model: a first desensitization forks, and the model is not its to copy
        model, tokenizer = self._model(incoming)
        dataset = tokenize(tokenizer, held, self.train_cfg.max_length)
        loss = held_out_loss(model, dataset, self.train_cfg.precision)
        kept = self._keep_mix(model, incoming, server_round, run_id)
        kept_loss = None if not kept else mean_token_loss(model, dataset, self.train_cfg.precision)[0]
        evaluation = Evaluation.of(loss, run_id, server_round, time.time(), kept_loss=kept_loss)
        keep_evaluation(self.settings.bundle.evaluations, evaluation)
        return evaluation

    def _keep_mix(self, model: PeftModel, merged: dict[str, torch.Tensor], server_round: int, run_id: int) -> bool:
        """Keep this round mixed with `merged` as the personal adapter, where
        `client.personal_adapter` says to; leaves `model` holding it. A failed
        write (a full disk) keeps the adapter as it was and never fails the
        evaluation: its figures are still measured and kept."""
        own = own_round(self.settings.bundle.own_round, run_id, server_round)
        mix = None if own is None else kept_after_merge(own, merged, self.spec.strategy)
        if mix is None:
            return False
        load_wire_state(model, mix)
        try:
            save_personal_adapter(model, self.settings.bundle.personal_adapter)
        except OSError as error:
            # The error's kind and number only: its text names paths of the node.
            print(f"netgpt node: round {server_round}: personal adapter not updated: {type(error).__name__} "
                  f"{error.errno}", file=sys.stderr)
            return False
        return True
