"""`precision = "auto"`: bf16 autocast only on a CPU that computes bf16 in
hardware; emulated bf16 was 24x slower than fp32 on an AVX2-only CPU."""

from __future__ import annotations

import pytest
import torch

from client.node import train_config
from netgpt.modeling import native_bf16, resolve_precision
from netgpt.settings import RunSettings, SettingsError
from policies import load_policy


@pytest.mark.parametrize(
    ("avx512_bf16", "amx", "expected"),
    [(False, False, "fp32"), (True, False, "bf16"), (False, True, "bf16")],
)
def test_auto_follows_the_cpus_bf16_hardware(monkeypatch, avx512_bf16, amx, expected):
    # The CPU under the test is what it is: its feature probes are the one thing replaced.
    monkeypatch.setattr(torch.cpu, "_is_avx512_bf16_supported", lambda: avx512_bf16)
    monkeypatch.setattr(torch.cpu, "_is_amx_tile_supported", lambda: amx)
    assert resolve_precision("auto") == expected
    assert train_config(RunSettings.defaults().train, load_policy()).precision == expected


def test_an_explicit_precision_is_kept_whatever_the_cpu():
    assert resolve_precision("bf16") == "bf16" and resolve_precision("fp32") == "fp32"


def test_a_torch_without_the_probes_reads_as_no_bf16(monkeypatch):
    monkeypatch.delattr(torch.cpu, "_is_avx512_bf16_supported")
    monkeypatch.delattr(torch.cpu, "_is_amx_tile_supported")
    assert not native_bf16() and resolve_precision("auto") == "fp32"


def test_the_default_is_auto_and_anything_else_is_refused():
    assert RunSettings.defaults().train.precision == "auto"
    with pytest.raises(SettingsError, match="precision"):
        RunSettings.defaults({"train.precision": "fp16"})
