"""The data policy a federation runs under, as a typed model.

Unknown keys are errors rather than ignored: a misspelt `max_epsilon` silently
falling back to a default would spend privacy the operator never agreed to.
The model declares no defaults: they live in `default.yaml` only, and the
loader lays an operator's file over it (see `policies.loader`).
"""

from __future__ import annotations

import hashlib
import json
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class PrivacyPolicy(_Strict):
    delta: float = Field(gt=0, lt=1)
    max_epsilon: float = Field(gt=0, description="per record, per edge node, over its whole life")
    min_noise_multiplier: float = Field(gt=0)
    max_grad_norm: float = Field(gt=0)


class DesensitizationPolicy(_Strict):
    location_level: Literal["city", "region", "country"]


class ClientDPPolicy(_Strict):
    """Client-level DP on top of record-level DP: the aggregator clips each
    node's update and adds noise to the merged adapter."""

    enabled: bool
    noise_multiplier: float = Field(gt=0)
    clipping_norm: float = Field(gt=0)


class AggregationPolicy(_Strict):
    strategy: Literal["ffa", "fedavg"]
    min_nodes: int = Field(ge=1, description="fewer accepted updates merge nothing")
    max_update_norm: float = Field(gt=0)
    client_dp: ClientDPPolicy


class ServingPolicy(_Strict):
    """What the completion API accepts. Prompts are desensitized by default as
    defence in depth: a client that skips the edge must not put raw personal
    data into the cloud model's context (or anything that logs it)."""

    desensitize_prompts: bool
    max_prompt_chars: int = Field(ge=1, description="per request, all messages together")
    max_tokens: int = Field(ge=1, description="the largest max_tokens a request may ask for")
    default_max_tokens: int = Field(ge=1, description="when a request sets none")

    @model_validator(mode="after")
    def _default_within_limit(self) -> ServingPolicy:
        if self.default_max_tokens > self.max_tokens:
            raise ValueError(
                f"default_max_tokens ({self.default_max_tokens}) exceeds max_tokens ({self.max_tokens})"
            )
        return self


class Policy(_Strict):
    version: Literal[1]
    privacy: PrivacyPolicy
    desensitization: DesensitizationPolicy
    aggregation: AggregationPolicy
    serving: ServingPolicy

    def content_hash(self) -> str:
        """SHA-256 of the policy's canonical JSON: equal policies hash equally
        whatever their YAML formatting, comments or key order."""
        canonical = json.dumps(self.model_dump(mode="json"), sort_keys=True, separators=(",", ":"))
        return hashlib.sha256(canonical.encode()).hexdigest()
