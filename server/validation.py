"""Checks on a node's adapter update before it may touch the merged model.

A single malformed update (wrong shape, NaN, extra tensors) would poison the
average for every user, so each reply is checked on its own and rejected with a
reason rather than failing the round.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np


def update_problem(
    tensors: Mapping[str, np.ndarray], expected: Mapping[str, tuple[int, ...]]
) -> str | None:
    """Return why the update is unacceptable, or None when it is fine."""
    missing = sorted(set(expected) - set(tensors))
    if missing:
        return f"missing {len(missing)} adapter tensor(s), e.g. {missing[0]}"
    extra = sorted(set(tensors) - set(expected))
    if extra:
        return f"unexpected tensor {extra[0]}"
    for key, shape in expected.items():
        array = tensors[key]
        if tuple(array.shape) != tuple(shape):
            return f"tensor {key} has shape {tuple(array.shape)}, expected {tuple(shape)}"
        if not np.issubdtype(array.dtype, np.floating):
            return f"tensor {key} has non-float dtype {array.dtype}"
        if not np.isfinite(array).all():
            return f"tensor {key} holds non-finite values"
    return None
