"""DP-SGD's randomness comes from the OS: the noise has the planned distribution,
an attacker who knows (or sets) the process's torch seed cannot reproduce the
noise or the sampled batches, and Opacus's accounting is what it was."""

import copy
import math

import pytest
import torch
from defaults import dp_config, lora_spec
from opacus import PrivacyEngine
from opacus.accountants import PRVAccountant
from scipy import stats
from torch.utils.data import DataLoader, TensorDataset

from client.trainer import train_dp
from netgpt.modeling import build_lora_model, load_base_model, tokenize, trainable_state
from privacy.dp import secure_noise
from privacy.dp.secure_engine import SecureNoiseDPOptimizer, SecurePrivacyEngine

TEXTS = [f"pick up {i} parcels at the depot on my way home" for i in range(16)]


def _is_gaussian(sample: torch.Tensor, std: float) -> None:
    """Mean, spread, tails and shape of a large sample against N(0, std²)."""
    values = sample.double().flatten()
    n = values.numel()
    assert abs(float(values.mean())) < 5 * std / math.sqrt(n)
    assert float(values.std()) == pytest.approx(std, rel=5 * math.sqrt(0.5 / n))
    kurtosis = float((values**4).mean() / values.var() ** 2)
    assert kurtosis == pytest.approx(3.0, abs=5 * math.sqrt(24 / n))
    assert stats.kstest(values.numpy() / std, "norm").pvalue > 1e-4


def test_the_noise_source_draws_the_gaussian_it_is_asked_for():
    _is_gaussian(secure_noise.gaussian((400, 500), std=0.7), 0.7)


def test_noised_rounds_once_to_the_value_dtype_and_adds_nothing_at_zero_std():
    value = torch.randn(1000)
    assert secure_noise.noised(value, 0.0).equal(value)
    out = secure_noise.noised(value, 1.0)
    assert out.dtype == torch.float32 and not out.equal(value)


def _toy_run(
    engine: PrivacyEngine, sigma: float, steps: int, records: int = 16, batch: int = 16
) -> tuple[torch.nn.Linear, torch.optim.Optimizer]:
    """`steps` DP-SGD steps of a zeroed linear map whose per-record gradients are
    zero, so each step moves the weight by the noise alone: −noise / batch."""
    model = torch.nn.Linear(500, 200, bias=False)
    torch.nn.init.zeros_(model.weight)
    loader = DataLoader(TensorDataset(torch.ones(records, 500)), batch_size=batch)
    optimizer = torch.optim.SGD(model.parameters(), lr=1.0)
    private, dp_optimizer, private_loader = engine.make_private(
        module=model, optimizer=optimizer, data_loader=loader,
        noise_multiplier=sigma, max_grad_norm=0.5, poisson_sampling=True,
    )
    taken = 0
    while taken < steps:
        for (x,) in private_loader:
            dp_optimizer.zero_grad(set_to_none=True)
            (0.0 * private(x).sum()).backward()
            dp_optimizer.step()
            taken += 1
            if taken == steps:
                break
    private.remove_hooks()
    return model, dp_optimizer


def test_dp_sgd_noise_through_opacus_has_std_sigma_times_c():
    """q = 1, so Opacus divides the noised sum by the 16 records: one step moves the
    weight by −N(0, (σC)²) / 16 per element, σC = 1.5 × 0.5."""
    model, optimizer = _toy_run(SecurePrivacyEngine(), sigma=1.5, steps=1)
    assert isinstance(optimizer, SecureNoiseDPOptimizer)
    assert model.weight.dtype == torch.float32
    _is_gaussian(-16 * model.weight.detach(), 1.5 * 0.5)


def test_opacus_accounting_and_scaling_are_unchanged():
    """The same run under Opacus's own engine and ours: same optimizer settings, same
    charge to the accountant, same ε."""
    ours = SecurePrivacyEngine(accountant="rdp")
    theirs = PrivacyEngine(accountant="rdp")
    _, mine = _toy_run(ours, sigma=1.1, steps=6, records=40, batch=8)
    _, opacus = _toy_run(theirs, sigma=1.1, steps=6, records=40, batch=8)
    for name in ("noise_multiplier", "max_grad_norm", "expected_batch_size", "loss_reduction"):
        assert getattr(mine, name) == getattr(opacus, name)
    assert ours.accountant.history == theirs.accountant.history == [(1.1, 0.2, 6)]
    assert ours.get_epsilon(1e-5) == theirs.get_epsilon(1e-5)


def test_variants_whose_noise_is_not_replaced_are_refused():
    def attempt(**options) -> None:
        model = torch.nn.Linear(4, 1)
        SecurePrivacyEngine().make_private(
            module=model, optimizer=torch.optim.SGD(model.parameters(), lr=1.0),
            data_loader=DataLoader(TensorDataset(torch.ones(8, 4)), batch_size=4),
            noise_multiplier=1.0, poisson_sampling=True, **options,
        )

    with pytest.raises(ValueError, match="DPOptimizer"):
        attempt(max_grad_norm=[1.0, 1.0], clipping="per_layer")
    with pytest.raises(ValueError, match="generator"):
        attempt(max_grad_norm=1.0, noise_generator=torch.Generator().manual_seed(0))


@pytest.fixture
def lora(model_cache):
    base = load_base_model("tiny", model_cache)
    return build_lora_model(base.model, lora_spec()), base.tokenizer


def _trained_twice_from_one_seed(lora, **changes) -> tuple[dict, dict]:
    """The attacker's replay: the same adapter, records and global torch seed.
    Whatever randomness follows the seed comes out the same in both runs."""
    model, tokenizer = lora
    data = tokenize(tokenizer, TEXTS, 16)
    config = dp_config(precision="fp32", **changes)
    results = []
    for replica in (copy.deepcopy(model), copy.deepcopy(model)):
        torch.manual_seed(1234)
        train_dp(replica, data, config, PRVAccountant())
        results.append(trainable_state(replica, "ffa"))
    return results[0], results[1]


def test_a_known_global_seed_does_not_reproduce_the_noise(lora):
    """q = 1 (every record in every batch) isolates the noise. With the noise from the
    global RNG the replay matched the release bit for bit, so subtracting it left
    the clipped gradients bare."""
    first, second = _trained_twice_from_one_seed(lora, batch_size=len(TEXTS), noise_multiplier=1.0)
    assert all(not torch.equal(first[k], second[k]) for k in first)


def test_a_known_global_seed_does_not_reproduce_the_sampled_batches(lora):
    """σ = 0 isolates the sampling: 16 records at q = 1/4 over 4 steps; the chance that
    independent sampling repeats every batch is (0.625^16)^4 ≈ 1e-13."""
    first, second = _trained_twice_from_one_seed(lora, batch_size=4, noise_multiplier=0.0)
    assert any(not torch.equal(first[k], second[k]) for k in first)
