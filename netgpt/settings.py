"""The run's settings, typed and built once from Flower's run config.

Flower flattens the nested `[tool.flwr.app.config]` tables of pyproject.toml
into dotted keys (`train.batch-size`); both apps turn `context.run_config`
back into these frozen models with `RunSettings.from_run_config`, so that no
module reads a key with `.get(key, default)`. The defaults live in
pyproject.toml only: the models declare none, and a missing or misspelt key is
an error naming it. What the policy decides (δ, the cap, the minimum σ, the
clipping norm, the location level, the merge strategy, the round deadline)
is not here: the policy travels whole in each round's message (`POLICY_KEY`).

A leaf module: it imports nothing from the project but `netgpt.modeling`.
"""

from __future__ import annotations

import tomllib
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal

from flwr.common.config import flatten_dict, unflatten_dict
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netgpt.modeling.lora import LoraSpec, Strategy

APP_DIR = Path(__file__).resolve().parents[1]
"""The Flower app's project directory (pyproject.toml), in a checkout or a FAB."""

POLICY_KEY = "policy"
POLICY_HASH_KEY = "policy-hash"
"""Keys of the policy (canonical JSON) and its hash in every round's message."""


class SettingsError(ValueError):
    """The run config lacks a key, has an unknown one, or a value of the wrong kind."""


class _Settings(BaseModel):
    model_config = ConfigDict(
        extra="forbid", frozen=True, alias_generator=lambda name: name.replace("_", "-"),
        populate_by_name=True,
    )


class LoraSettings(_Settings):
    rank: int = Field(ge=1)
    alpha: int = Field(ge=1)
    seed: int
    targets: str = Field(min_length=1, description="comma-separated module names")

    def spec(self, strategy: Strategy) -> LoraSpec:
        """The adapter's shape; the strategy (what is trained) is the policy's."""
        return LoraSpec(
            rank=self.rank, alpha=self.alpha, seed=self.seed, strategy=strategy,
            target_modules=tuple(t.strip() for t in self.targets.split(",") if t.strip()),
        )


class TrainSettings(_Settings):
    local_epochs: int = Field(ge=1)
    batch_size: int = Field(ge=1)
    max_length: int = Field(ge=8)
    learning_rate: float = Field(gt=0)
    noise_multiplier: float = Field(gt=0, description="σ the node trains at while its budget allows")
    max_noise_multiplier: float = Field(gt=0, description="above this σ the node refuses to train")
    precision: Literal["auto", "bf16", "fp32"] = Field(
        description="bf16 autocast, fp32, or auto: bf16 where the node's CPU computes bf16 natively"
    )
    holdout_fraction: float = Field(ge=0, lt=1)
    max_train_records: int = Field(ge=0, description="0 = all")


class RunSettings(_Settings):
    num_server_rounds: int = Field(ge=1)
    model: str = Field(min_length=1)
    workdir: str
    expected_nodes: int = Field(ge=1)
    lora: LoraSettings
    train: TrainSettings

    @classmethod
    def from_run_config(cls, run_config: Mapping[str, Any]) -> RunSettings:
        try:
            return cls.model_validate(unflatten_dict(dict(run_config)))
        except ValidationError as error:
            problems = "; ".join(
                f"{'.'.join(str(p) for p in e['loc'])}: {e['msg'].lower()}" for e in error.errors()
            )
            raise SettingsError(f"run config: {problems}") from None

    @classmethod
    def defaults(cls, overrides: Mapping[str, Any] | None = None) -> RunSettings:
        """The project's defaults with dotted-key overrides (tests, benchmarks)."""
        return cls.from_run_config(default_run_config() | dict(overrides or {}))


def default_run_config() -> dict[str, Any]:
    """pyproject.toml's run config, flattened as Flower flattens it."""
    with (APP_DIR / "pyproject.toml").open("rb") as handle:
        project = tomllib.load(handle)
    return dict(flatten_dict(project["tool"]["flwr"]["app"]["config"]))
