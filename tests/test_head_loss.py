"""The loss whose gradient is taken in the forward pass gives autograd's
losses and gradients (`netgpt.modeling.head_loss`)."""

import pytest
import torch

from netgpt.modeling.head_loss import head_losses


def _problem(seed: int, weight_dtype: torch.dtype) -> tuple[torch.nn.Linear, torch.Tensor, torch.Tensor]:
    generator = torch.Generator().manual_seed(seed)
    head = torch.nn.Linear(48, 1000, bias=False).to(weight_dtype).requires_grad_(False)
    head.weight.copy_(torch.randn(1000, 48, generator=generator))
    states = torch.randn(37, 48, generator=generator, requires_grad=True)  # 37: chunks of 16 leave a remainder
    targets = torch.randint(0, 1000, (37,), generator=generator)
    return head, states, targets


def _autograd(head: torch.nn.Linear, states: torch.Tensor, targets: torch.Tensor, weights: torch.Tensor):
    losses = torch.nn.functional.cross_entropy(head(states).float(), targets, reduction="none")
    (gradient,) = torch.autograd.grad((losses * weights).sum(), states)
    return losses.detach(), gradient


@pytest.mark.parametrize(("autocast", "weight_dtype", "tolerance"), [
    (False, torch.float32, 1e-5), (True, torch.float32, 1e-2), (True, torch.bfloat16, 1e-2),
])
def test_losses_and_gradients_are_autograds(autocast, weight_dtype, tolerance):
    """Per-token weights as a per-record mean gives them: the backward pass must scale
    each token's kept gradient by its own upstream value."""
    head, states, targets = _problem(0, weight_dtype)
    weights = torch.rand(37, generator=torch.Generator().manual_seed(1))
    with torch.autocast("cpu", dtype=torch.bfloat16, enabled=autocast):
        expected_losses, expected = _autograd(head, states, targets, weights)
        losses = head_losses(head, states, targets, 16)
    (gradient,) = torch.autograd.grad((losses * weights).sum(), states)
    assert losses.dtype == torch.float32 and gradient.dtype == states.dtype
    torch.testing.assert_close(losses.detach(), expected_losses, rtol=tolerance, atol=tolerance)
    relative = (gradient - expected).norm(dim=1) / expected.norm(dim=1)
    assert float(relative.max()) <= tolerance


def test_without_a_gradient_to_take_nothing_is_kept():
    head, states, targets = _problem(2, torch.float32)
    with torch.no_grad():
        losses = head_losses(head, states, targets, 16)
    assert losses.grad_fn is None
    expected = torch.nn.functional.cross_entropy(head(states), targets, reduction="none")
    torch.testing.assert_close(losses, expected.detach())


def test_large_logits_do_not_overflow_the_softmax():
    """The in-place softmax subtracts each row's largest logit first."""
    head, states, targets = _problem(3, torch.float32)
    with torch.no_grad():
        states.mul_(1e3)
    losses = head_losses(head, states, targets, 16)
    (gradient,) = torch.autograd.grad(losses.sum(), states)
    assert bool(torch.isfinite(losses).all()) and bool(torch.isfinite(gradient).all())
