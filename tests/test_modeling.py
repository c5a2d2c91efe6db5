import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
import torch
from defaults import lora_spec
from opacus.accountants import RDPAccountant

from client.trainer import DPTrainConfig, train_dp
from netgpt.modeling import (
    ModelError,
    autocast,
    build_lora_model,
    held_out_loss,
    load_base_model,
    load_wire_state,
    mean_token_loss,
    tokenize,
    trainable_state,
    wire_keys,
)
from netgpt.modeling.base_model import build_cache
from netgpt.modeling.memory import LOSS_CHUNK_TOKENS


def test_ffa_shares_frozen_a_and_sends_only_b(model_cache):
    first = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    second = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    a_first = {n: p for n, p in first.named_parameters() if ".lora_A." in n}
    a_second = {n: p for n, p in second.named_parameters() if ".lora_A." in n}
    assert a_first and a_first.keys() == a_second.keys()
    for name, value in a_first.items():
        assert torch.equal(value, a_second[name])
        assert not value.requires_grad
    assert all(".lora_B." in key for key in wire_keys(first, "ffa"))
    assert any(".lora_A." in key for key in wire_keys(first, "fedavg"))


def test_other_seed_gives_other_a(model_cache):
    one = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec(seed=1))
    two = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec(seed=2))
    name = next(n for n, _ in one.named_parameters() if ".lora_A." in n)
    assert not torch.equal(dict(one.named_parameters())[name], dict(two.named_parameters())[name])


def test_wire_state_round_trips(model_cache):
    model = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    state = {k: torch.full_like(v, 0.5) for k, v in trainable_state(model, "ffa").items()}
    load_wire_state(model, state)
    for key, value in trainable_state(model, "ffa").items():
        assert torch.equal(value, state[key])


def test_default_model_loads_offline_from_cache_quickly(model_cache, monkeypatch, slowdown):
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    load_base_model("default", model_cache)  # converts the GGUF once if needed
    started = time.perf_counter()
    base = load_base_model("default", model_cache)
    elapsed = time.perf_counter() - started
    factor = slowdown()
    assert elapsed < 3.0 * factor, f"cached load took {elapsed:.1f} s (bound 3 s × slowdown {factor:.1f})"
    assert base.model.config.num_hidden_layers == 30
    ids = base.tokenizer("Paris is", return_tensors="pt")["input_ids"]
    assert base.model(input_ids=ids).logits.shape[-1] == base.model.config.vocab_size


def test_any_local_hf_directory_is_a_model(model_cache):
    path = load_base_model("tiny", model_cache).path
    by_path = load_base_model(str(path), model_cache)
    assert by_path.model.config.num_hidden_layers == 2


def test_a_directory_without_a_model_is_refused(tmp_path, model_cache):
    with pytest.raises(ModelError, match=r"config\.json"):
        load_base_model(str(tmp_path), model_cache)


def test_building_the_tiny_model_leaves_the_global_rng_unpredictable(tmp_path, model_cache):
    """The tiny model is seeded so every process builds the same one; that seed must not leak
    into the process's RNG, or the DP noise drawn after it would be the same in every run."""
    draws = []
    for seed in (1, 2):
        torch.manual_seed(seed)
        build_cache("tiny", tmp_path / f"cache-{seed}", "fp32")  # in this process, as the builder runs it
        draws.append(torch.randn(4))
    assert not torch.equal(draws[0], draws[1])
    built = load_base_model("tiny", tmp_path / "cache-2")
    reference = load_base_model("tiny", model_cache).model.state_dict()
    assert all(torch.equal(v, reference[k]) for k, v in built.model.state_dict().items())


def test_a_cache_that_cannot_be_built_is_named_with_the_builders_error(tmp_path):
    """The cache is built in a process of its own; its failure still reaches the
    caller as a ModelError that says where and why."""
    not_a_directory = tmp_path / "cache"
    not_a_directory.write_text("a file where the cache should go")
    with pytest.raises(ModelError, match=r"building the tiny model's cache in .*cache failed: .*Error"):
        load_base_model("tiny", not_a_directory)



def test_a_cache_builder_stopped_mid_way_removes_what_it_half_wrote(tmp_path):
    """A node stopped while its first round builds the cache stops the builder
    too (SIGTERM): the half-converted directory must not stay beside the cache."""
    builder = subprocess.Popen([sys.executable, "-P", "-m", "netgpt.modeling.cache_build", "default",
                                str(tmp_path), "bf16"], cwd=Path(__file__).resolve().parents[1],
                               stderr=subprocess.PIPE)
    try:
        deadline = time.monotonic() + 120
        while not list(tmp_path.glob(".smollm2-*")):
            assert builder.poll() is None and time.monotonic() < deadline, "no conversion started"
            time.sleep(0.05)
        builder.terminate()
        assert builder.wait(timeout=60) == 128 + signal.SIGTERM
    finally:
        builder.kill()
        builder.wait()
    assert list(tmp_path.iterdir()) == []


def test_held_out_loss_with_chunked_logits_is_the_full_logits_loss(model_cache):
    """The held-out loss takes a chunk of tokens' logits at a time; it must be the
    token-weighted mean the whole batch's logits give, the figure nodes and the
    aggregator compare."""
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    texts = [f"table for {i} near <LOCATION> at {i} pm, please" * (1 + i % 3) for i in range(40)]
    data = tokenize(base.tokenizer, texts, 48)
    loss, tokens = mean_token_loss(model, data, "fp32")
    input_ids, attention_mask = data.tensors
    with torch.no_grad():
        logits = model(input_ids=input_ids, attention_mask=attention_mask).logits
    losses = torch.nn.functional.cross_entropy(logits[:, :-1].transpose(1, 2), input_ids[:, 1:], reduction="none")
    real = attention_mask[:, 1:].bool()
    assert tokens == int(real.sum()) > 2 * LOSS_CHUNK_TOKENS  # batches of several loss chunks
    assert loss == pytest.approx(float(losses[real].mean()), rel=1e-5)


def test_a_bf16_model_is_read_from_its_own_copy_without_the_fp32_weights(tmp_path):
    """Building the cache writes the bf16 copy beside the fp32 directory; a node
    that asks for bf16 reads only the copy, so the fp32 weights never enter it."""
    plain = load_base_model("tiny", tmp_path).model.state_dict()
    (tmp_path / "tiny-llama" / "model.safetensors").unlink()
    base = load_base_model("tiny", tmp_path, weights="bf16")
    held = base.model.state_dict()
    assert held.keys() == plain.keys()
    assert all(value.dtype == torch.bfloat16 for value in held.values())
    assert all(torch.equal(value, plain[key].to(torch.bfloat16)) for key, value in held.items())


def test_a_bf16_model_keeps_its_residual_stream_and_its_adapter_in_fp32(model_cache):
    """Autocast computes products in bf16 but sums in their inputs' dtype: the
    residual additions stay fp32 as with fp32 weights, and the adapter that is
    trained, clipped and sent stays fp32."""
    base = load_base_model("tiny", model_cache, weights="bf16")
    model = build_lora_model(base.model, lora_spec())
    adapter = {name: p for name, p in model.named_parameters() if ".lora_" in name}
    assert adapter and all(p.dtype == torch.float32 for p in adapter.values())
    assert all(value.dtype == torch.float32 for value in trainable_state(model, "ffa").values())
    ids = base.tokenizer("table for two near <LOCATION>", return_tensors="pt")["input_ids"]
    with torch.no_grad(), autocast("bf16"):
        hidden = model(input_ids=ids, output_hidden_states=True).hidden_states
    assert all(state.dtype == torch.float32 for state in hidden)


def test_measuring_the_base_model_leaves_ffas_a_frozen_for_the_training_after_it(model_cache):
    """PEFT's `disable_adapter` makes every adapter weight trainable again when it
    turns the adapter back on: a model evaluated (base and adapter loss) and then
    trained would train FFA-LoRA's A, which never travels, so its A would leave
    the one every party derives from the seed."""
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    trainable = [name for name, p in model.named_parameters() if p.requires_grad]
    a_before = {n: p.detach().clone() for n, p in model.named_parameters() if ".lora_A." in n}
    data = tokenize(base.tokenizer, [f"table for {i} near <LOCATION> at {i} pm, please" for i in range(24)], 24)
    held_out_loss(model, data, "fp32")
    assert [name for name, p in model.named_parameters() if p.requires_grad] == trainable
    config = DPTrainConfig(noise_multiplier=0.0, max_grad_norm=1.0, delta=1e-5, batch_size=8, epochs=1,
                           learning_rate=0.5, max_length=24, precision="fp32")
    train_dp(model, data, config, RDPAccountant())
    assert all(torch.equal(p, a_before[n]) for n, p in model.named_parameters() if ".lora_A." in n)
