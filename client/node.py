"""What an edge node does in a round, independent of how Flower calls it.

Keeping this free of Flower types lets tests and benchmarks drive a node
directly, and keeps the ClientApp a thin adapter.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from client.budget import NodeBudget, plan_round, poisson_schedule
from client.corpus import desensitized_records
from client.evaluation import HeldOutLoss, held_out_loss
from client.personal_adapter import save_personal_adapter
from client.records import split
from client.trainer import DPTrainConfig, TrainReport, tokenize, train_dp
from netgpt.modeling import (
    build_lora_model,
    load_base_model,
    load_wire_state,
    spec_from_config,
    trainable_state,
)
from privacy.dp.accountant_store import AccountantStore
from privacy.dp.report import PrivacyReport


@dataclass(frozen=True)
class NodeSettings:
    """Where this node keeps its own things; set per SuperNode via --node-config."""

    name: str
    region: str
    data_dir: Path
    state_dir: Path
    model_cache: Path
    threads: int
    signing_key: Path | None = None

    @classmethod
    def from_node_config(cls, config: Mapping[str, object]) -> "NodeSettings":
        try:
            data_dir = Path(str(config["data-dir"]))
        except KeyError:
            raise ValueError("node config lacks 'data-dir'") from None
        # Per node: a shared accountant file would lose every other node's history.
        state_dir = Path(str(config.get("state-dir", data_dir.parent / "state" / data_dir.name)))
        return cls(
            name=str(config.get("node-name", data_dir.name)),
            region=str(config.get("region", "unknown")),
            data_dir=data_dir,
            state_dir=state_dir,
            model_cache=Path(str(config.get("model-cache", state_dir / "models"))),
            threads=int(config.get("threads", 0)),
            signing_key=Path(str(config["signing-key"])) if "signing-key" in config else None,
        )


def train_config(run_config: Mapping[str, object]) -> DPTrainConfig:
    return DPTrainConfig(
        noise_multiplier=float(run_config.get("noise-multiplier", 1.0)),
        max_grad_norm=float(run_config.get("max-grad-norm", 1.0)),
        delta=float(run_config.get("delta", 1e-5)),
        batch_size=int(run_config.get("batch-size", 16)),
        epochs=int(run_config.get("local-epochs", 1)),
        learning_rate=float(run_config.get("learning-rate", 0.05)),
        max_length=int(run_config.get("max-length", 64)),
        precision=str(run_config.get("precision", "bf16")),  # type: ignore[arg-type]
    )


class EdgeNode:
    def __init__(self, settings: NodeSettings, run_config: Mapping[str, object]) -> None:
        self.settings = settings
        self.run_config = run_config
        self.train_cfg = train_config(run_config)
        if settings.threads > 0:
            torch.set_num_threads(settings.threads)

    def _model(self, incoming: dict[str, torch.Tensor]) -> tuple[PeftModel, PreTrainedTokenizerBase]:
        base = load_base_model(str(self.run_config.get("model", "default")), self.settings.model_cache)
        model = build_lora_model(base.model, spec_from_config(self.run_config))
        load_wire_state(model, incoming)
        return model, base.tokenizer

    def _corpus(self) -> tuple[list[str], list[str]]:
        level = str(self.run_config.get("location-level", "city"))
        records = desensitized_records(self.settings.data_dir, self.settings.state_dir, level)
        train, held = split(records, float(self.run_config.get("holdout-fraction", 0.2)))
        limit = int(self.run_config.get("max-train-records", 0))
        if limit > 0:
            train = train[:limit]
        return [r.text for r in train], [r.text for r in held]

    def train(
        self, incoming: dict[str, torch.Tensor], server_round: int
    ) -> tuple[dict[str, torch.Tensor], PrivacyReport, TrainReport]:
        texts, _ = self._corpus()
        store = AccountantStore(self.settings.state_dir)
        accountant = store.load()
        sample_rate, steps = poisson_schedule(len(texts), self.train_cfg.batch_size, self.train_cfg.epochs)
        sigma = plan_round(
            accountant.history, self.train_cfg.noise_multiplier, sample_rate, steps,
            NodeBudget.from_run_config(self.run_config),
        )
        cfg = replace(self.train_cfg, noise_multiplier=sigma)
        model, tokenizer = self._model(incoming)
        report = train_dp(model, tokenize(tokenizer, texts, cfg.max_length), cfg, accountant)
        store.save(accountant)
        save_personal_adapter(model, self.settings.state_dir)
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
            records=report.records,
            policy_hash=str(self.run_config.get("policy-hash", "")),
        )
        strategy = spec_from_config(self.run_config).strategy
        return trainable_state(model, strategy), privacy, report

    def evaluate(self, incoming: dict[str, torch.Tensor]) -> HeldOutLoss:
        model, tokenizer = self._model(incoming)
        _, held = self._corpus()
        return held_out_loss(model, tokenize(tokenizer, held, self.train_cfg.max_length), self.train_cfg.precision)
