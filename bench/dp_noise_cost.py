"""What the OS-drawn DP-SGD noise costs against Opacus's default, and whether it is right.

Opacus's `secure_mode` needs torchcsprng, which has no build for this torch
and Python; the trainer's `SecurePrivacyEngine` draws the noise from a CSPRNG
(ChaCha20 keyed by `os.urandom`) in Opacus's secure-mode construction instead
(four Gaussians summed and halved, in float64). Side by side, in one process, per step, for
the tiny model's and the default model's adapter:

- a whole DP-SGD step as the trainer runs it (batch 16, 64 tokens, bf16),
- the noise for every trainable tensor three ways: Opacus's default (one
  float32 draw from PyTorch's global generator), Opacus's secure-mode
  construction on PyTorch's generator (what secure_mode would cost without
  torchcsprng's own reads), and ours (`secure_noise.noised`, entropy included),

with ours as a ratio of the default and its extra as a share of a step, hence
of a round (every step draws noise once). Then one million values from the
default and from ours against N(0, 1): mean, std, excess kurtosis and a
Kolmogorov–Smirnov test. Usage: `.venv/bin/python bench/dp_noise_cost.py [--steps N]`.
"""

from __future__ import annotations

import argparse
import math
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch
from opacus.accountants import PRVAccountant
from opacus.optimizers.optimizer import _generate_noise
from scipy import stats

from client.node import train_config
from client.trainer import train_dp
from netgpt.modeling import build_lora_model, load_base_model, tokenize
from netgpt.settings import RunSettings
from policies import load_policy
from privacy.dp import secure_noise

REPO = Path(__file__).resolve().parents[1]
TEXTS = [f"remind me to call the dentist about the {i} o'clock appointment next week" for i in range(64)]


def best_of(repeats: int, action: Callable[[], object]) -> float:
    """The fastest of `repeats` runs in ms: the machine is shared, the minimum is the cost."""
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        action()
        times.append((time.perf_counter() - started) * 1000)
    return min(times)


def measure(name: str, steps: int) -> None:
    settings, policy = RunSettings.defaults(), load_policy()
    base = load_base_model(name, REPO / "work" / "test-models")
    model = build_lora_model(base.model, settings.lora.spec(policy.aggregation.strategy))
    params = [p for p in model.parameters() if p.requires_grad]
    count = sum(p.numel() for p in params)
    cfg = train_config(settings.train, policy)
    # q = batch / records, so the step count is records / batch per epoch.
    data = tokenize(base.tokenizer, TEXTS[: cfg.batch_size * steps], cfg.max_length)
    train_dp(model, tokenize(base.tokenizer, TEXTS[: cfg.batch_size], cfg.max_length), cfg, PRVAccountant())
    report = train_dp(model, data, replace(cfg, epochs=1), PRVAccountant())
    step = report.seconds * 1000 / report.steps
    std = cfg.noise_multiplier * cfg.max_grad_norm
    sums = [torch.zeros_like(p) for p in params]  # stand-ins for the clipped sums

    def opacus(secure: bool) -> None:
        for p in params:
            p.detach() + _generate_noise(std, p, secure_mode=secure)

    def ours() -> None:
        for summed in sums:
            secure_noise.noised(summed, std)

    default = best_of(5, lambda: opacus(False))
    construction = best_of(5, lambda: opacus(True))
    secure = best_of(5, ours)
    extra = secure - default
    print(f"{name}: {count:,} trainable parameters; one DP-SGD step {step:8.1f} ms "
          f"(batch {cfg.batch_size}, {cfg.max_length} tokens, {cfg.precision}, secure noise)")
    print(f"  noise: Opacus default {default:6.2f} ms · secure-mode construction on torch's generator "
          f"{construction:6.2f} ms · ours (CSPRNG) {secure:6.2f} ms")
    print(f"  ours / default {secure / default:5.1f}x · extra {extra:6.2f} ms = "
          f"{100 * extra / step:.3f}% of a step/round")


def moments(name: str, values: torch.Tensor) -> None:
    """Standardized draws against N(0, 1); the tolerances are a million draws' 1σ."""
    x = values.double().flatten()
    n = x.numel()
    kurtosis = float(((x - x.mean()) ** 4).mean() / x.var() ** 2) - 3.0
    print(f"  {name:<28} mean {float(x.mean()):+.5f} (±{1 / math.sqrt(n):.5f}) · "
          f"std {float(x.std()):.5f} (±{math.sqrt(0.5 / n):.5f}) · "
          f"excess kurtosis {kurtosis:+.4f} (±{math.sqrt(24 / n):.4f}) · "
          f"KS p = {stats.kstest(x.numpy(), 'norm').pvalue:.3f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=3, help="DP-SGD steps timed per model")
    args = parser.parse_args()
    torch.set_num_threads(2)
    print("N(0, 1), 1,000,000 draws each:")
    moments("Opacus default (float32)", torch.normal(0.0, 1.0, size=(1_000_000,)))
    moments("ours (CSPRNG, float64)", secure_noise.gaussian((1_000_000,), 1.0))
    for name in ("tiny", "default"):
        measure(name, args.steps)


if __name__ == "__main__":
    main()
