import numpy as np
import pytest
from defaults import lora_spec
from peft import PeftModel

from netgpt.modeling import build_lora_model, load_base_model
from server.merging import weighted_mean
from server.registry import AdapterRegistry
from server.validation import update_problem

EXPECTED = {"b": (4, 2)}


def test_valid_update_passes():
    assert update_problem({"b": np.zeros((4, 2), np.float32)}, EXPECTED) is None


@pytest.mark.parametrize(
    "tensors, fragment",
    [
        ({}, "missing"),
        ({"b": np.zeros((4, 2), np.float32), "x": np.zeros(1, np.float32)}, "unexpected"),
        ({"b": np.zeros((2, 4), np.float32)}, "shape"),
        ({"b": np.full((4, 2), np.nan, np.float32)}, "non-finite"),
        ({"b": np.full((4, 2), np.inf, np.float32)}, "non-finite"),
        ({"b": np.zeros((4, 2), np.int64)}, "dtype"),
    ],
)
def test_malformed_updates_are_named(tensors, fragment):
    assert fragment in update_problem(tensors, EXPECTED)


def test_weighted_mean():
    merged = weighted_mean(
        [{"b": np.ones((2,), np.float32)}, {"b": np.full((2,), 4.0, np.float32)}], [1, 2]
    )
    assert np.allclose(merged["b"], 3.0)
    assert merged["b"].dtype == np.float32


def test_published_adapter_loads_with_peft(model_cache, tmp_path):
    model = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    registry = AdapterRegistry(tmp_path)
    first = registry.publish(1, model)
    second = registry.publish(2, model)
    assert (first / "adapter_config.json").exists()
    assert (second / "adapter_model.safetensors").exists()
    assert registry.latest() == second
    loaded = PeftModel.from_pretrained(load_base_model("tiny", model_cache).model, registry.latest())
    assert any(".lora_B." in name for name, _ in loaded.named_parameters())
