import json

import numpy as np
import pytest
from defaults import lora_spec
from flwr.app import Array, ArrayRecord
from peft import PeftModel

from netgpt.adapter_record import ADAPTER_KEY, adapter_record
from netgpt.modeling import build_lora_model, load_base_model
from privacy.dp.report import update_digest
from server.merging import applied, clip, combine, norm, weighted_mean
from server.registry import AdapterRegistry
from server.validation import Spec, decoded, in_model_dtype, record_problem, update_problem

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


def test_clip_bounds_the_norm_and_keeps_the_direction():
    change = {"a": np.array([3.0, 4.0]), "b": np.array([0.0])}
    assert norm(clip(change, 1.0)) == pytest.approx(1.0)
    assert np.allclose(clip(change, 1.0)["a"], [0.6, 0.8])
    assert np.allclose(clip(change, 10.0)["a"], [3.0, 4.0])  # shorter than the bound: unchanged


@pytest.mark.parametrize(
    "robust, expected",
    [("none", 26.5), ("median", 2.5), ("trimmed_mean", 2.5), ("krum", 2.0)],
)
def test_each_rule_on_three_honest_updates_and_one_outlier(robust, expected):
    changes = [{"b": np.full((2,), value)} for value in (1.0, 2.0, 3.0, 100.0)]
    assert np.allclose(combine(changes, [1, 1, 1, 1], robust, 0.25)["b"], expected)


def test_applied_keeps_the_sent_dtype():
    sent = {"b": np.zeros((2,), np.float32)}
    merged = applied(sent, {"b": np.full((2,), 0.5)})
    assert merged["b"].dtype == np.float32 and np.allclose(merged["b"], 0.5)


def test_updates_are_cast_to_the_models_dtype_before_they_are_checked():
    sent = {"b": np.zeros((4, 2), np.float32)}
    half = in_model_dtype({"b": np.ones((4, 2), np.float16)}, sent)
    assert half["b"].dtype == np.float32 and update_problem(half, EXPECTED) is None
    huge = in_model_dtype({"b": np.full((4, 2), 1e300, np.float64)}, sent)
    assert "non-finite" in update_problem(huge, EXPECTED)


def _safetensors(header: dict, data: bytes) -> ArrayRecord:
    """An adapter record around a safetensors file written by hand, as a hostile node may."""
    text = json.dumps(header).encode()
    packed = len(text).to_bytes(8, "little") + text + data
    return ArrayRecord({ADAPTER_KEY: Array.from_numpy_ndarray(np.frombuffer(packed, np.uint8))})


_F32 = {"dtype": "F32", "shape": [4, 2]}
NOT_SAFETENSORS = "the adapter bytes are not a safetensors file"


@pytest.mark.parametrize(
    "arrays, problem",
    [
        (ArrayRecord({ADAPTER_KEY: Array(dtype="uint8", shape=(12,), stype="numpy.ndarray", data=b"\x93NUMPY junk")}),
         "the adapter array cannot be decoded as a numpy array"),
        (ArrayRecord({ADAPTER_KEY: Array.from_numpy_ndarray(np.frombuffer(b"\xff" * 64, np.uint8))}), NOT_SAFETENSORS),
        (ArrayRecord({ADAPTER_KEY: Array.from_numpy_ndarray(np.zeros((4, 2), np.float32))}),
         "the adapter array is not one row of bytes"),
        (ArrayRecord({"b": Array.from_numpy_ndarray(np.zeros((4, 2), np.float32))}),
         "the adapter record holds 1 array(s), not one named 'adapter'"),
        (ArrayRecord({ADAPTER_KEY: Array.from_numpy_ndarray(np.zeros(8, np.uint8)),
                      "b": Array.from_numpy_ndarray(np.zeros(8, np.uint8))}),
         "the adapter record holds 2 array(s), not one named 'adapter'"),
        # Well framed, wrong inside: offsets past the data, overlapping, data left over, a dtype numpy lacks.
        (_safetensors({"b": {**_F32, "data_offsets": [0, 64]}}, bytes(32)), NOT_SAFETENSORS),
        (_safetensors({"b": {**_F32, "data_offsets": [0, 32]}, "c": {**_F32, "data_offsets": [16, 48]}}, bytes(48)),
         NOT_SAFETENSORS),
        (_safetensors({"b": {**_F32, "data_offsets": [0, 32]}}, bytes(40)), NOT_SAFETENSORS),
        (_safetensors({"b": {"dtype": "BF16", "shape": [4, 2], "data_offsets": [0, 16]}}, bytes(16)), NOT_SAFETENSORS),
        # Many tiny tensors: refused by size before anything is decoded.
        (_safetensors({f"t{i}": {"dtype": "F32", "shape": [0], "data_offsets": [0, 0]} for i in range(5_000)}, b""),
         "the adapter takes"),
    ],
)
def test_bytes_that_are_not_an_adapter_are_a_reason_not_an_exception(arrays, problem):
    reason = decoded(arrays, EXPECTED)
    assert isinstance(reason, str) and reason.startswith(problem)


def test_a_node_chosen_tensor_name_is_quoted_short():
    problem = update_problem({"b": np.zeros((4, 2), np.float32), "x" * 10_000: np.zeros(1, np.float32)}, EXPECTED)
    assert problem is not None and "unexpected tensor" in problem and len(problem) < 120


def test_an_adapter_travels_as_one_array_and_arrives_exactly():
    """One array, so that Flower fetches a handful of objects per message, not
    two per tensor; dtypes, shapes and values arrive as they were sent."""
    sent = {f"layer.{i}.lora_B.weight": np.random.default_rng(i).standard_normal((576, 8)).astype(np.float32)
            for i in range(60)}
    sent["half"] = np.arange(6, dtype=np.float16).reshape(2, 3)
    record = adapter_record(sent)
    assert list(record) == [ADAPTER_KEY]
    received = decoded(record, {key: array.shape for key, array in sent.items()})
    assert not isinstance(received, str) and received.keys() == sent.keys()
    for key, array in sent.items():
        assert received[key].dtype == array.dtype and np.array_equal(received[key], array)
    assert update_digest(received) == update_digest(sent)
    assert decoded(ArrayRecord(), EXPECTED) == {}


@pytest.mark.parametrize(
    "value, fragment",
    [
        (float("inf"), "not an integer"), (True, "not an integer"), ([1, 2], "not an integer"),
        ("12", "not an integer"), (-1, "out of range"), (2**64, "out of range"),
    ],
)
def test_a_field_is_checked_for_type_finiteness_and_range(value, fragment):
    problem = record_problem("metrics", {"n": value}, {"n": Spec("int", 0, 2**63 - 1)})
    assert problem is not None and fragment in problem and "'n'" in problem


def test_a_number_field_takes_ints_and_finite_floats_only():
    specs = {"x": Spec("number", 0, 10)}
    assert record_problem("m", {"x": 3}, specs) is None and record_problem("m", {"x": 2.5}, specs) is None
    assert "not finite" in record_problem("m", {"x": float("nan")}, specs)
    assert "lacks 'x'" in record_problem("m", {}, specs)
    assert record_problem("m", {}, {"x": Spec("number", required=False)}) is None
