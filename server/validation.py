"""Checks on every field of a node's reply before anything uses it.

A reply comes from a process the aggregator does not control. A single
malformed value (a wrong shape, NaN, infinity where a count goes, a list where
a number goes, a string of bytes that is not an array) would poison the average
for every user or raise out of the round and end the run, so each reply is
checked on its own, field by field, for type, finiteness and range, and
rejected with a reason. A reason names the field, never the value: the values
are the node's own words and must not reach logs.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Literal

import numpy as np
from flwr.app import ArrayRecord

from netgpt.adapter_record import AdapterRecordError, adapter_tensors, max_adapter_bytes
from privacy.dp.report import PrivacyReport

_INT64 = (-(2**63), 2**63 - 1)  # what the ledger's INTEGER columns hold
_UINT64 = (0, 2**64 - 1)  # Flower's run ids


@dataclass(frozen=True)
class Spec:
    """What one field must be: `int` (a bool is not one), `number` (an int or
    a finite float) or `str`, within [low, high] when numeric."""

    kind: Literal["int", "number", "str"]
    low: float = -math.inf
    high: float = math.inf
    required: bool = True


def _report_specs() -> dict[str, Spec]:
    """One spec per PrivacyReport field, from the dataclass itself, so a new
    field is checked too. Integers must fit the ledger's 64-bit columns (the
    run id Flower's unsigned one); what a mechanism may be is the policy's
    check (`checks.judge`)."""
    kinds: dict[str, Literal["int", "number", "str"]] = {"int": "int", "float": "number", "str": "str"}
    specs = {}
    for spec in fields(PrivacyReport):
        kind = kinds[str(spec.type)]
        low, high = (_UINT64 if spec.name == "run_id" else _INT64) if kind == "int" else (-math.inf, math.inf)
        specs[spec.name] = Spec(kind, low, high)
    return specs


REPORT = _report_specs()
SIGNATURE = {"algorithm": Spec("str"), "signature": Spec("str")}
EXHAUSTED = {"status": Spec("str"), "node": Spec("str"), "epsilon": Spec("number", 0), "cap": Spec("number", 0)}
REFUSED = {"status": Spec("str"), "node": Spec("str"), "reason": Spec("str")}
# A training reply's metrics are the node's timings (whole seconds) and its ε, for the
# round log; none is required. Its record count is the signed report's, rounded.
TRAIN_METRICS = {
    "train-seconds": Spec("number", 0, required=False),
    "node-seconds": Spec("number", 0, required=False),
    "epsilon": Spec("number", 0, required=False),
}


def record_problem(what: str, record: Mapping[str, object], specs: Mapping[str, Spec]) -> str | None:
    """Why `record` does not meet `specs`, if it does not. Keys the specs do
    not name are left alone: nothing reads them."""
    for name, spec in specs.items():
        if name not in record:
            if spec.required:
                return f"{what} lacks {name!r}"
            continue
        value = record[name]
        if spec.kind == "str":
            if not isinstance(value, str):
                return f"{what} field {name!r} is not a string"
            continue
        if isinstance(value, bool) or not isinstance(value, int | float) or (
            spec.kind == "int" and not isinstance(value, int)
        ):
            return f"{what} field {name!r} is not {'an integer' if spec.kind == 'int' else 'a number'}"
        if isinstance(value, float) and not math.isfinite(value):
            return f"{what} field {name!r} is not finite"
        if not spec.low <= value <= spec.high:
            return f"{what} field {name!r} is out of range [{spec.low:g}, {spec.high:g}]"
    return None


def decoded(arrays: ArrayRecord, expected: Mapping[str, tuple[int, ...]]) -> dict[str, np.ndarray] | str:
    """The reply's tensors (`netgpt.adapter_record`), or why they cannot be
    read; a record larger than an adapter of the `expected` shapes can be is
    not decoded at all."""
    try:
        return adapter_tensors(arrays, max_adapter_bytes(expected))
    except AdapterRecordError as error:
        return str(error)


def in_model_dtype(tensors: Mapping[str, np.ndarray], sent: Mapping[str, np.ndarray]) -> dict[str, np.ndarray]:
    """Each float tensor cast to the dtype of the tensor the node was sent, so
    that the merge stays in the model's dtype whatever the node sent; a value
    too large for it becomes infinite, which `update_problem` rejects. Tensors
    the model does not have, or that are not floats, stay as they are for
    `update_problem` to name."""
    with np.errstate(over="ignore", invalid="ignore"):
        return {
            key: array.astype(sent[key].dtype)
            if key in sent and np.issubdtype(array.dtype, np.floating) and array.dtype != sent[key].dtype
            else array
            for key, array in tensors.items()
        }


def update_problem(
    tensors: Mapping[str, np.ndarray], expected: Mapping[str, tuple[int, ...]]
) -> str | None:
    """Return why the update is unacceptable, or None when it is fine."""
    missing = sorted(set(expected) - set(tensors))
    if missing:
        return f"missing {len(missing)} adapter tensor(s), e.g. {missing[0]}"
    extra = sorted(set(tensors) - set(expected))
    if extra:
        # The name is the node's to choose: quoted short, as it goes into the ledger.
        return f"{len(extra)} unexpected tensor(s), e.g. {extra[0][:64]!r}"
    for key, shape in expected.items():
        array = tensors[key]
        if tuple(array.shape) != tuple(shape):
            return f"tensor {key} has shape {tuple(array.shape)}, expected {tuple(shape)}"
        if not np.issubdtype(array.dtype, np.floating):
            return f"tensor {key} has non-float dtype {array.dtype}"
        if not np.isfinite(array).all():
            return f"tensor {key} holds non-finite values"
    return None
