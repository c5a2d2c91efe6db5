"""Frozen weights held in bf16 and multiplied in fp32 (`netgpt.modeling.held_weights`):
fp32's arithmetic on the rounded weights, without an fp32 copy kept for the backward pass."""

import pytest
import torch
from defaults import lora_spec
from opacus import GradSampleModule

from client.trainer import per_record_loss
from netgpt.modeling import build_lora_model, held_out_loss, held_weights, load_base_model, tokenize
from netgpt.modeling.held_weights import HeldLinear, hold_frozen_linears, times_weight

TEXTS = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(6)]


def held_and_widened(rows: int, columns: int) -> tuple[torch.nn.Linear, torch.nn.Linear]:
    torch.manual_seed(0)
    held = torch.nn.Linear(columns, rows).to(torch.bfloat16)
    widened = torch.nn.Linear(columns, rows)
    widened.load_state_dict({k: v.float() for k, v in held.state_dict().items()})
    assert hold_frozen_linears(held) == 1
    widened.requires_grad_(False)
    return held, widened


@pytest.mark.parametrize("widened_elements", [1 << 22, 100])  # whole, and a block of a few rows at a time
def test_a_held_layer_computes_what_fp32_computes_on_its_rounded_weight(monkeypatch, widened_elements):
    monkeypatch.setattr(held_weights, "WIDENED_ELEMENTS", widened_elements)
    held, widened = held_and_widened(37, 24)
    assert isinstance(held, HeldLinear) and held.weight.dtype == torch.bfloat16
    inputs = torch.randn(3, 5, 24, requires_grad=True)
    upstream = torch.randn(3, 5, 37)
    outputs = []
    for layer in (held, widened):
        inputs.grad = None
        output = layer(inputs)
        output.backward(upstream)
        outputs.append((output.detach(), inputs.grad.clone()))
    (held_out, held_grad), (out, grad) = outputs
    assert held_out.dtype == torch.float32
    torch.testing.assert_close(held_out, out, rtol=1e-6, atol=1e-6)
    torch.testing.assert_close(held_grad, grad, rtol=1e-6, atol=1e-6)
    with torch.no_grad():
        torch.testing.assert_close(held(inputs), out, rtol=1e-6, atol=1e-6)


def test_the_backward_pass_keeps_the_bf16_weight_and_no_fp32_copy_of_it():
    """A widened view of each weight (parametrize, or `.float()` in the forward)
    would have autograd keep every layer's fp32 weight: the fp32 model again."""
    held, _ = held_and_widened(64, 48)
    saved: list[torch.Tensor] = []

    def keep(tensor: torch.Tensor) -> torch.Tensor:
        saved.append(tensor)
        return tensor

    inputs = torch.randn(4, 48, requires_grad=True)
    with torch.autograd.graph.saved_tensors_hooks(keep, lambda tensor: tensor):
        held(inputs).sum().backward()
    assert any(tensor is held.weight for tensor in saved)
    assert not any(tensor.shape == held.weight.shape and tensor.dtype == torch.float32 for tensor in saved)


def test_a_held_layer_refuses_a_trainable_weight():
    held, _ = held_and_widened(8, 8)
    held.weight.requires_grad_(True)
    with pytest.raises(RuntimeError, match="frozen"):
        held(torch.randn(2, 8))


def test_times_weight_widens_in_blocks_only_from_bf16_to_fp32(monkeypatch):
    monkeypatch.setattr(held_weights, "WIDENED_ELEMENTS", 16)
    weight = torch.randn(40, 8).to(torch.bfloat16)
    matrix = torch.randn(5, 40)
    torch.testing.assert_close(times_weight(matrix, weight, torch.float32), matrix @ weight.float())
    same = times_weight(matrix, weight, torch.bfloat16)  # as autocast would: one product, no blocks
    assert torch.equal(same, matrix.to(torch.bfloat16) @ weight)


def test_a_held_model_gives_opacus_the_per_sample_gradients_of_fp32_on_its_rounded_weights(model_cache):
    """The tiny model end to end: embeddings, norms, attention, LoRA layers,
    the tied output head and the chunked loss, per record as Opacus clips."""
    held = load_base_model("tiny", model_cache, weights="bf16", compute="fp32")
    widened = load_base_model("tiny", model_cache, weights="bf16")
    widened.model.float()
    assert any(isinstance(module, HeldLinear) for module in held.model.modules())
    assert held.model.get_output_embeddings().weight is held.model.get_input_embeddings().weight
    grads, held_out = [], []
    for base in (held, widened):
        torch.manual_seed(0)
        model = build_lora_model(base.model, lora_spec())
        data = tokenize(base.tokenizer, TEXTS, 32)
        held_out.append(held_out_loss(model, data, "fp32"))  # as the node evaluates, without autograd
        model.train()
        input_ids, attention_mask = data.tensors
        sampled = GradSampleModule(model)
        per_record_loss(sampled, input_ids, attention_mask, 64).mean().backward()
        grads.append({name: p.grad_sample.clone() for name, p in sampled.named_parameters() if p.requires_grad})
        sampled.remove_hooks()
    held_grads, widened_grads = grads
    assert held_out[0].adapter == pytest.approx(held_out[1].adapter, rel=1e-5)
    assert held_out[0].base == pytest.approx(held_out[1].base, rel=1e-5)
    assert held_grads.keys() == widened_grads.keys() and held_grads
    for name, grad in widened_grads.items():
        torch.testing.assert_close(held_grads[name], grad, rtol=1e-4, atol=1e-7, msg=name)
