"""The privacy report a node sends with every update.

It carries the mechanism parameters, not just ε, so that the aggregator can
recompute the guarantee instead of trusting the number (see docs/ARCHITECTURE.md, "Budgets: who checks what").

It also names what it is about: the run, the round, the policy trained under,
and a digest of the update tensors sent with it. The node signs the report
whole, so a signed report cannot be replayed in another round or run, nor sent
with other tensors than the ones it describes.

Its record count is the node's rounded up to a whole number of batches: the
sample rate, which the accounting needs, places the count within one batch
already, and the exact count is in no accounting.
"""

from __future__ import annotations

import hashlib
import json
import math
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields
from typing import Any

import numpy as np


class ReportError(ValueError):
    """A privacy report is missing a field or has a value of the wrong type."""


@dataclass(frozen=True)
class PrivacyReport:
    node: str
    region: str
    server_round: int
    epsilon: float
    delta: float
    noise_multiplier: float
    max_grad_norm: float
    sample_rate: float
    steps: int
    records: int  # rounded up to whole batches, ceil(N/B)·B: no finer than the sample rate tells
    policy_hash: str
    run_id: int  # Flower's run id (unsigned 64-bit; ConfigRecord carries it as uint64)
    update_digest: str  # `update_digest` of the tensors sent with the report

    def to_record(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_record(cls, record: dict[str, Any]) -> PrivacyReport:
        values = {}
        for spec in fields(cls):
            if spec.name not in record:
                raise ReportError(f"privacy report lacks {spec.name!r}")
            caster = {"str": str, "int": int, "float": float}[str(spec.type)]
            try:
                values[spec.name] = caster(record[spec.name])
            except (TypeError, ValueError):
                raise ReportError(f"privacy report field {spec.name!r} is malformed") from None
            if caster is float and not math.isfinite(values[spec.name]):
                # NaN or inf would send the RDP accountant into an endless loop.
                raise ReportError(f"privacy report field {spec.name!r} is not finite")
        return cls(**values)


def update_digest(tensors: Mapping[str, np.ndarray]) -> str:
    """SHA-256 (lowercase hex) of update tensors, as node and aggregator both compute it.

    Canonical form: for each tensor in sorted key order, the UTF-8 JSON array
    `[key, dtype, shape]` (numpy's `dtype.str` such as "<f4", the shape as a
    list; no whitespace) and a newline, then the tensor's raw bytes in C order.
    The header fixes how many bytes follow, so no two updates share a form.
    The update travels as safetensors bytes (`netgpt.adapter_record`), which
    keep names, dtype, shape and values exactly (little-endian, as on every
    CPU a node runs on): the aggregator's digest of what it received equals
    the node's digest of what it sent.
    """
    digest = hashlib.sha256()
    for key in sorted(tensors):
        array = np.asarray(tensors[key])
        header = json.dumps([key, array.dtype.str, list(array.shape)], separators=(",", ":"), ensure_ascii=False)
        digest.update(header.encode("utf-8") + b"\n")
        digest.update(array.tobytes(order="C"))
    return digest.hexdigest()
