"""The project's defaults (pyproject.toml, policies/default.yaml) for tests that
build an adapter or a DP-SGD configuration directly."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

from client.node import train_config
from client.trainer import DPTrainConfig
from netgpt.modeling import LoraSpec
from netgpt.settings import RunSettings
from policies import load_policy


def lora_spec(**changes: Any) -> LoraSpec:
    spec = RunSettings.defaults().lora.spec(load_policy().aggregation.strategy)
    return replace(spec, **changes)


def dp_config(**changes: Any) -> DPTrainConfig:
    return replace(train_config(RunSettings.defaults().train, load_policy()), **changes)
