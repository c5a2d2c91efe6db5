"""The shared-A path gives every row of a mixed batch exactly what PEFT's
mixed batch gives it, and steps aside where the adapters do not share A."""

from __future__ import annotations

from pathlib import Path

import pytest
import torch
from defaults import lora_spec
from serving import REGION_COHORT, publish_adapters

from netgpt.cohorts import BASE_MODEL, model_id
from netgpt.modeling import build_lora_model, load_base_model
from server.api.adapter_pool import AdapterPool
from server.api.shared_a_lora import SharedALoRA
from server.registry import AdapterRegistry

ROWS = [BASE_MODEL, model_id("global"), model_id(REGION_COHORT), model_id("global"), BASE_MODEL]


@pytest.fixture()
def pool(tmp_path: Path, model_cache: Path) -> AdapterPool:
    publish_adapters(tmp_path, model_cache, {"global": 1, REGION_COHORT: 1})
    base = load_base_model("tiny", model_cache)
    base.model.eval()
    pool = AdapterPool(tmp_path, base.model)
    pool.refresh()
    return pool


def _logits(pool: AdapterPool, lora: SharedALoRA | None, ids: torch.Tensor) -> tuple[torch.Tensor, dict]:
    """Row i of `ids` through the adapter of `ROWS[i]`: by PEFT's mixed batch, or by `lora`."""
    with pool.step() as (model, adapter_of), torch.inference_mode():
        names = [adapter_of(row) for row in ROWS]
        if lora is None:
            return model(input_ids=ids, adapter_names=names).logits, {"adapter_names": names}
        with lora.batch(model, names) as arguments:
            return model(input_ids=ids, **arguments).logits, arguments


def _ids(seed: int, length: int) -> torch.Tensor:
    return torch.randint(0, 100, (len(ROWS), length), generator=torch.Generator().manual_seed(seed))


def test_each_row_gets_its_own_adapter_as_with_peft(pool: AdapterPool) -> None:
    ids = _ids(0, 7)
    expected, _ = _logits(pool, None, ids)
    lora = SharedALoRA()
    got, arguments = _logits(pool, lora, ids)
    assert arguments == {}  # the shared-A path ran, not PEFT's
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)
    assert not torch.allclose(got[0], got[1])  # the adapters do change the rows
    again, _ = _logits(pool, None, ids)  # outside the block the model is PEFT's again
    torch.testing.assert_close(again, expected)


def test_a_new_round_is_taken_in(pool: AdapterPool, tmp_path: Path, model_cache: Path) -> None:
    ids = _ids(1, 5)
    lora = SharedALoRA()
    _logits(pool, lora, ids)
    publish_adapters(tmp_path, model_cache, {"global": 2}, seed=7)
    pool.refresh()
    expected, _ = _logits(pool, None, ids)
    got, arguments = _logits(pool, lora, ids)
    assert arguments == {}
    torch.testing.assert_close(got, expected, rtol=1e-5, atol=1e-5)


def test_adapters_with_their_own_a_go_through_peft(pool: AdapterPool, tmp_path: Path, model_cache: Path) -> None:
    """FedAvg rounds train A too: each cohort's A differs, and PEFT's path serves them."""
    peft = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec(seed=99))
    with torch.no_grad():
        for name, parameter in peft.named_parameters():
            if ".lora_B." in name:
                parameter.fill_(0.3)
    AdapterRegistry(tmp_path, REGION_COHORT).publish(2, peft)
    pool.refresh()
    ids = _ids(2, 5)
    expected, _ = _logits(pool, None, ids)
    got, arguments = _logits(pool, SharedALoRA(), ids)
    assert "adapter_names" in arguments
    torch.testing.assert_close(got, expected)


def test_closing_takes_the_hooks_off_and_switched_off_adapters_stay_off(pool: AdapterPool) -> None:
    ids = _ids(3, 4)
    lora = SharedALoRA()
    _logits(pool, lora, ids)
    with pool.step() as (model, adapter_of), torch.inference_mode():
        layers = [module for module in model.modules() if hasattr(module, "lora_A")]
        assert all(layer._forward_hooks for layer in layers)
        with model.disable_adapter():  # the base model for every row, as PEFT would give it
            base = model(input_ids=ids).logits
            with lora.batch(model, [adapter_of(row) for row in ROWS]) as arguments:
                assert "adapter_names" in arguments
        lora.close()
        assert not any(layer._forward_hooks for layer in layers)
    assert not torch.allclose(_logits(pool, None, ids)[0], base)
