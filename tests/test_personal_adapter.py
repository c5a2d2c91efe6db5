"""The node's kept round and its mix with the merge (`client.personal_adapter`)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
import torch

from client.personal_adapter import OWN_SHARE, mixed, own_round, save_own_round

KEYS = ("layers.0.lora_B.weight", "layers.1.lora_B.weight")


def _update(value: float) -> dict[str, np.ndarray]:
    return {key: np.full((4, 2), value, dtype=np.float32) for key in KEYS}


def test_the_kept_round_comes_back_only_for_its_own_run_and_round(tmp_path: Path) -> None:
    path = tmp_path / "state" / "own-round.safetensors"
    save_own_round(_update(0.25), path, run_id=7, server_round=3)
    assert path.stat().st_mode & 0o777 == 0o600
    kept = own_round(path, 7, 3)
    assert kept is not None and sorted(kept) == sorted(KEYS)
    assert all(torch.equal(kept[key], torch.full((4, 2), 0.25)) for key in KEYS)
    assert own_round(path, 7, 4) is None, "a round the node did not train in"
    assert own_round(path, 8, 3) is None, "the same round number of another run"


@pytest.mark.parametrize("content", [None, b"", b"not a safetensors file at all"])
def test_a_missing_or_broken_kept_round_reads_as_none(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "own-round.safetensors"
    if content is not None:
        path.write_bytes(content)
    assert own_round(path, 1, 1) is None


def test_the_mix_is_the_weighted_mean_in_the_merge_dtype() -> None:
    own = {key: torch.full((4, 2), 1.0) for key in KEYS}
    merged = {key: torch.full((4, 2), 3.0, dtype=torch.bfloat16) for key in KEYS}
    mix = mixed(own, merged)
    assert mix is not None
    expected = OWN_SHARE * 1.0 + (1 - OWN_SHARE) * 3.0
    assert all(mix[key].dtype == torch.bfloat16 and torch.all(mix[key] == expected) for key in KEYS)


@pytest.mark.parametrize("what", ["other keys", "other shape", "nan", "inf"])
def test_no_mix_with_a_merge_that_is_not_this_adapters(what: str) -> None:
    own = {key: torch.zeros(4, 2) for key in KEYS}
    merged = {key: torch.zeros(4, 2) for key in KEYS}
    if what == "other keys":
        merged = {key + ".x": value for key, value in merged.items()}
    elif what == "other shape":
        merged[KEYS[0]] = torch.zeros(2, 4)
    else:
        merged[KEYS[1]][0, 0] = float(what)
    assert mixed(own, merged) is None
