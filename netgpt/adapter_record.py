"""The adapter as it travels in a Flower message: one array of safetensors bytes.

Flower sends every `Array` of an `ArrayRecord` as objects of their own, each
fetched by its own signed HTTP request, and it addresses objects by content,
so only tensors that differ cost requests. An adapter of the default model
is 60 tensors under FFA-LoRA (121 objects): once trained, each node's
message cost 5–12 s of requests before its ClientApp could start, on a
2-core node (issue 18, docs/BENCHMARKS.md). One array makes it three
objects, and each round's Flower overhead 2–4 s.

Why safetensors inside it: names, dtypes and shapes travel with the values
and the format is made to be read from untrusted parties (no code, a header
checked against the length), so a hostile node's bytes give an error, never
an object; the node and the aggregator already read it for adapters on disk.
"""

from __future__ import annotations

import math
from collections.abc import Mapping

import numpy as np
import torch
from flwr.app import Array, ArrayRecord
from safetensors.numpy import load, save

ADAPTER_KEY = "adapter"
# What the safetensors header may take beyond the values: a fixed part and a
# name, dtype, shape and offsets per tensor.
_HEADER_BYTES = 64 * 1024
_HEADER_BYTES_PER_TENSOR = 512
# The widest dtype an update may arrive in (float64), before the aggregator
# casts it to the model's.
_WIDEST_VALUE_BYTES = 8


class AdapterRecordError(ValueError):
    """The record is not an adapter in this format; the message says what is
    wrong without quoting any of its bytes."""


def adapter_record(tensors: Mapping[str, np.ndarray]) -> ArrayRecord:
    """`tensors` packed into one array of bytes; no tensors is an empty record."""
    if not tensors:
        return ArrayRecord()
    packed = save({key: np.ascontiguousarray(value) for key, value in tensors.items()})
    return ArrayRecord({ADAPTER_KEY: Array.from_numpy_ndarray(np.frombuffer(packed, dtype=np.uint8))})


def max_adapter_bytes(shapes: Mapping[str, tuple[int, ...]]) -> int:
    """The most bytes an adapter of these tensors can take in any dtype the
    checks accept: the bound `adapter_tensors` enforces before it decodes."""
    values = sum(math.prod(shape) for shape in shapes.values())
    return _WIDEST_VALUE_BYTES * values + _HEADER_BYTES + _HEADER_BYTES_PER_TENSOR * len(shapes)


def adapter_tensors(record: ArrayRecord, max_bytes: int | None = None) -> dict[str, np.ndarray]:
    """The tensors `adapter_record` packed, as writable arrays in their own memory.

    Decoding takes a few times the record's size, and a header of many tiny
    tensors seconds of CPU: with `max_bytes` (`max_adapter_bytes` of the
    expected shapes), a larger record is refused before anything is decoded.
    """
    keys = list(record)
    if not keys:
        return {}
    if keys != [ADAPTER_KEY]:
        raise AdapterRecordError(f"the adapter record holds {len(keys)} array(s), not one named {ADAPTER_KEY!r}")
    array = record[ADAPTER_KEY]
    if max_bytes is not None and len(array.data) > max_bytes:
        raise AdapterRecordError(f"the adapter takes {len(array.data)} bytes, more than the {max_bytes} it may")
    try:
        packed = array.numpy()
    # Any bytes can arrive here and numpy does not list what np.load raises on
    # bad ones (ValueError, EOFError, OSError, a zip error...).
    except Exception:
        raise AdapterRecordError("the adapter array cannot be decoded as a numpy array") from None
    if not isinstance(packed, np.ndarray) or packed.dtype != np.uint8 or packed.ndim != 1:
        raise AdapterRecordError("the adapter array is not one row of bytes")
    try:
        tensors = load(packed.tobytes())
    # safetensors raises its own error, or others on odd headers; a panic in
    # its Rust core would arrive as a BaseException (pyo3's PanicException).
    except BaseException as error:
        if isinstance(error, KeyboardInterrupt | SystemExit | GeneratorExit):
            raise
        raise AdapterRecordError("the adapter bytes are not a safetensors file") from None
    return {key: np.array(value) for key, value in tensors.items()}


def adapter_state(record: ArrayRecord) -> dict[str, torch.Tensor]:
    """The tensors `adapter_record` packed, as the state dict a PEFT model loads."""
    return {key: torch.from_numpy(value) for key, value in adapter_tensors(record).items()}
