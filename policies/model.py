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
    max_epsilon: float = Field(gt=0, description="per user (one node's whole data), over the federation's life")


class AggregationPolicy(_Strict):
    """How accepted updates become the merged adapter. Every update is clipped
    to `max_update_norm` first, so that no node pulls the merge further than
    that whatever it sends; `robust` then bounds what a few hostile nodes can
    do together, and `weighting` decides whether a node's own record count
    may count (it is self-reported, so it is capped at `max_records`; and it
    is rounded up to whole training batches, so weights move in steps of a
    batch: the exact count never leaves the node). `round_timeout_s` bounds
    every wait of a round, so that a node that crashed or went silent costs
    the round at most that long and never stalls the federation."""

    strategy: Literal["ffa", "fedavg"]
    min_nodes: int = Field(ge=1, description="fewer accepted updates merge nothing")
    max_update_norm: float = Field(gt=0, description="each node's change is clipped to this L2 norm")
    robust: Literal["none", "trimmed_mean", "median", "krum"]
    hostile_fraction: float = Field(
        ge=0, lt=0.5, description="share of a round's nodes trimmed_mean and krum are built to withstand"
    )
    weighting: Literal["uniform", "records"]
    max_records: int = Field(ge=1, description="the most records one update is weighted by")
    round_timeout_s: float = Field(
        gt=0, le=86400, description="per-round deadline for replies, and the longest wait for nodes to connect"
    )
    client_dp: ClientDPPolicy

    @model_validator(mode="after")
    def _client_dp_needs_a_uniform_mean(self) -> AggregationPolicy:
        """Client-level DP noise is calibrated to the sensitivity of a uniform
        mean of clipped updates (C/n); a median, a trimmed mean, a Krum choice
        or record weights have another sensitivity, and the noise would no
        longer cover what one node can change."""
        if self.client_dp.enabled and (self.robust != "none" or self.weighting != "uniform"):
            raise ValueError(
                f"client_dp needs robust: none and weighting: uniform (got robust: {self.robust}, "
                f"weighting: {self.weighting}): its noise is calibrated to a uniform mean"
            )
        return self


class ServingPolicy(_Strict):
    """What the completion API accepts. Prompts are desensitized by default as
    defence in depth: a client that skips the edge must not put raw personal
    data into the cloud model's context (or anything that logs it). The
    request limits bound what one key, and all keys together, can hold of the
    server: past them a request is refused at once with 429 instead of
    waiting in a queue without end, where its client has long given up."""

    desensitize_prompts: bool
    max_prompt_chars: int = Field(ge=1, description="per request, all messages together")
    max_tokens: int = Field(ge=1, description="the largest max_tokens a request may ask for")
    default_max_tokens: int = Field(ge=1, description="when a request sets none")
    max_pending_requests: int = Field(
        ge=1, description="requests held at once, generating or queued, all keys together; more get 429"
    )
    max_requests_per_key: int = Field(ge=1, description="requests one API key may have held at once; more get 429")
    retry_after_s: int = Field(ge=1, le=3600, description="the Retry-After a refused request is sent")

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
