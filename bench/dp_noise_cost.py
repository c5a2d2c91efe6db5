"""What Opacus's `secure_mode` noise would cost a DP-SGD step, tiny model and default adapter.

`secure_mode` changes two things: the noise generator (torchcsprng reading
/dev/urandom) and the sampling (four Gaussian draws summed and halved, plus one
thrown away, against floating-point attacks on the noise). torchcsprng has no
build for this torch and Python, so its generator cannot run here; the script
measures, side by side in one process and per step, for each adapter:

- a whole DP-SGD step (batch 16, 64 tokens, bf16 autocast as configured),
- Opacus's noise as it is drawn today, and its secure-mode sampling (with
  PyTorch's generator standing in for torchcsprng),
- the entropy a CSPRNG would need for it: 8 bytes per draw from os.urandom.

and prints the secure-mode extra (sampling + entropy) as a share of a step,
hence of a round (every step draws noise once). Usage:
`.venv/bin/python bench/dp_noise_cost.py [--steps N]`.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import torch
from opacus.accountants import PRVAccountant
from opacus.optimizers.optimizer import _generate_noise

from client.node import train_config
from client.trainer import tokenize, train_dp
from netgpt.modeling import build_lora_model, load_base_model
from netgpt.settings import RunSettings
from policies import load_policy

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
    generator = torch.Generator().manual_seed(int.from_bytes(os.urandom(8), "little"))

    def noise(secure: bool) -> None:
        for p in params:
            _generate_noise(std, p, generator=generator, secure_mode=secure)

    plain = best_of(5, lambda: noise(False))
    secure = best_of(5, lambda: noise(True))
    entropy = best_of(5, lambda: os.urandom(8 * 4 * count))
    extra = secure - plain + entropy
    print(f"{name}: {count:,} trainable parameters; one DP-SGD step {step:8.1f} ms "
          f"(batch {cfg.batch_size}, {cfg.max_length} tokens, {cfg.precision})")
    print(f"  noise today {plain:6.2f} ms · secure-mode sampling {secure:6.2f} ms · "
          f"urandom for it {entropy:6.2f} ms · extra {extra:6.2f} ms = {100 * extra / step:.2f}% of a step/round")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--steps", type=int, default=3, help="DP-SGD steps timed per model")
    args = parser.parse_args()
    torch.set_num_threads(2)
    for name in ("tiny", "default"):
        measure(name, args.steps)


if __name__ == "__main__":
    main()
