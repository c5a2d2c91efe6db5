"""The node's kept round and its mix with the merge (`client.personal_adapter`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from client.personal_adapter import OWN_SHARE, OwnRound, digest, kept_after_merge, mixed, own_round, save_own_round

KEYS = ("layers.0.lora_B.weight", "layers.1.lora_B.weight")


def _tensors(value: float, dtype: torch.dtype = torch.float32) -> dict[str, torch.Tensor]:
    return {key: torch.full((4, 2), value, dtype=dtype) for key in KEYS}


def _update(value: float) -> dict[str, np.ndarray]:
    return {key: tensor.numpy() for key, tensor in _tensors(value).items()}


def test_the_kept_round_comes_back_only_for_its_own_run_and_round(tmp_path: Path) -> None:
    path = tmp_path / "state" / "own-round.safetensors"
    save_own_round(_update(0.25), _tensors(0.0), path, run_id=7, server_round=3)
    assert path.stat().st_mode & 0o777 == 0o600
    kept = own_round(path, 7, 3)
    assert kept is not None and sorted(kept.tensors) == sorted(KEYS)
    assert all(torch.equal(kept.tensors[key], torch.full((4, 2), 0.25)) for key in KEYS)
    assert kept.start == digest(_tensors(0.0))
    assert own_round(path, 7, 4) is None, "a round the node did not train in"
    assert own_round(path, 8, 3) is None, "the same round number of another run"


@pytest.mark.parametrize("content", [None, b"", b"not a safetensors file at all"])
def test_a_missing_or_broken_kept_round_reads_as_none(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "own-round.safetensors"
    if content is not None:
        path.write_bytes(content)
    assert own_round(path, 1, 1) is None


def test_the_mix_is_the_weighted_mean_in_the_models_dtype() -> None:
    mix = mixed(_tensors(1.0), _tensors(3.0, torch.float64))
    assert mix is not None
    expected = OWN_SHARE * 1.0 + (1 - OWN_SHARE) * 3.0
    assert all(mix[key].dtype == torch.float32 and torch.all(mix[key] == expected) for key in KEYS)


@pytest.mark.parametrize("what", ["other keys", "other shape", "integers", "nan", "inf", "overflow"])
def test_no_mix_with_a_merge_that_is_not_this_adapters(what: str) -> None:
    own, merged = _tensors(0.0, torch.float16), _tensors(0.0, torch.float16)
    if what == "other keys":
        merged = {key + ".x": value for key, value in merged.items()}
    elif what == "other shape":
        merged[KEYS[0]] = torch.zeros(2, 4)
    elif what == "integers":
        merged = {key: torch.ones(4, 2, dtype=torch.int64) for key in KEYS}
    elif what == "overflow":  # finite in float32, infinite once the mean is back in the model's float16
        merged = _tensors(3e5, torch.float32)
    else:
        merged[KEYS[1]][0, 0] = float(what)
    assert mixed(own, merged) is None


def test_a_round_that_was_not_merged_or_a_fedavg_round_is_kept_as_trained() -> None:
    start, own = _tensors(0.5), OwnRound(_tensors(1.0), digest(_tensors(0.5)))
    assert kept_after_merge(own, _tensors(2.0), "ffa") is not None
    assert kept_after_merge(own, start, "ffa") is None, "the request carries what the round started from"
    assert kept_after_merge(own, _tensors(2.0), "fedavg") is None
