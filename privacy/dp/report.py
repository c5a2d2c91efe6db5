"""The privacy report a node sends with every update.

It carries the mechanism parameters, not just ε, so that the aggregator can
recompute the guarantee instead of trusting the number (see docs/ARCHITECTURE.md, "Budgets: who checks what").
"""

from __future__ import annotations

import math
from dataclasses import asdict, dataclass, fields
from typing import Any


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
    records: int
    policy_hash: str

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
