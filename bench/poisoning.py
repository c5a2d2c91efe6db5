"""How far one hostile node of five moves the merged adapter, under each rule.

Five nodes send updates of the default adapter's real shapes (the LoRA B
tensors FFA-LoRA sends for the default model and LoRA settings). The updates
are synthetic, not trained: each honest node's change is one shared direction
(norm 10, what the federation learns) plus its own Gaussian noise (norm 80,
the top of what DP-SGD's noise alone gives a node's change at ε = 8 under the
default clipping norm C = 2 and learning rate 0.1; see policies/default.yaml).
Node 5 is hostile and sends its own change scaled by 10 or 1000, sign-flipped,
or against the honest mean at just under `max_update_norm`, and claims 10^15
records; the honest nodes claim 500 each.

For each attack, every rule (`aggregation.robust`) and weighting, the merge
is made with the functions the aggregator uses (`server.merging`, with the
default policy's `max_update_norm` and `hostile_fraction`) and compared with
the honest nodes' plain mean: the distance between the two, and that distance
over the norm of the honest mean. The first column is the aggregator before
issue 14: updates weighted by the reported records, uncapped, an update above
`max_update_norm` rejected, none clipped.

Usage: `.venv/bin/python bench/poisoning.py`.
"""

from __future__ import annotations

import platform
from collections.abc import Callable
from pathlib import Path

import numpy as np

from netgpt.modeling import build_lora_model, load_base_model, trainable_state
from netgpt.settings import RunSettings
from policies import load_policy
from server.merging import Robust, clip, combine, norm, weighted_mean

REPO = Path(__file__).resolve().parents[1]
Tensors = dict[str, np.ndarray]
SEED = 14
NODES = 5
SIGNAL, NOISE = 10.0, 80.0
HONEST_RECORDS, CLAIMED_RECORDS = 500, 10**15
# What node 5 sends, from its own change, the honest mean and max_update_norm. "under cap"
# is the attack the old rejection invited: against the federation's direction, just under the cap.
ATTACKS: dict[str, Callable[[Tensors, Tensors, float], Tensors]] = {
    "no attack": lambda own, honest, cap: own,
    "x10": lambda own, honest, cap: {k: v * 10 for k, v in own.items()},
    "x1000": lambda own, honest, cap: {k: v * 1000 for k, v in own.items()},
    "sign-flip": lambda own, honest, cap: {k: -v for k, v in own.items()},
    "under cap": lambda own, honest, cap: _scaled_to({k: -v for k, v in honest.items()}, 0.999 * cap),
}
# (rule, weighting); the median and trimmed mean are unweighted (see server.merging.combine).
MERGES: list[tuple[Robust, str]] = [
    ("none", "uniform"), ("none", "records"), ("trimmed_mean", "uniform"), ("median", "uniform"),
    ("krum", "uniform"), ("krum", "records"),
]

def _shapes() -> dict[str, tuple[int, ...]]:
    settings, policy = RunSettings.defaults(), load_policy()
    base = load_base_model(settings.model, REPO / "work" / "test-models")
    model = build_lora_model(base.model, settings.lora.spec(policy.aggregation.strategy))
    return {key: tuple(tensor.shape) for key, tensor in trainable_state(model, policy.aggregation.strategy).items()}


def _scaled_to(tensors: Tensors, length: float) -> Tensors:
    factor = length / norm(tensors)
    return {key: value * factor for key, value in tensors.items()}


def _honest_changes(shapes: dict[str, tuple[int, ...]], rng: np.random.Generator) -> list[Tensors]:
    shared = _scaled_to({k: rng.standard_normal(s) for k, s in shapes.items()}, SIGNAL)
    changes = []
    for _ in range(NODES):
        noise = _scaled_to({k: rng.standard_normal(s) for k, s in shapes.items()}, NOISE)
        changes.append({k: shared[k] + noise[k] for k in shapes})
    return changes


def _before(changes: list[Tensors], records: list[int], max_update_norm: float) -> Tensors:
    """The merge before issue 14: over-norm updates rejected, the rest weighted by reported records."""
    kept = [(c, r) for c, r in zip(changes, records, strict=True) if norm(c) <= max_update_norm]
    return weighted_mean([c for c, _ in kept], [r for _, r in kept])


def _cpu() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.exists():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def main() -> None:
    policy = load_policy().aggregation
    shapes = _shapes()
    rng = np.random.default_rng(SEED)
    changes = _honest_changes(shapes, rng)
    honest_mean = weighted_mean(changes[:-1], [1] * (NODES - 1))
    scale = norm(honest_mean)
    records = [HONEST_RECORDS] * (NODES - 1) + [CLAIMED_RECORDS]
    capped = [min(r, policy.max_records) for r in records]
    print(f"{sum(int(np.prod(s)) for s in shapes.values()):,} parameters in {len(shapes)} tensors; "
          f"{NODES} nodes, node {NODES} hostile (claims {CLAIMED_RECORDS:.0e} records); honest mean norm "
          f"{scale:.2f}; max_update_norm {policy.max_update_norm:g}, hostile_fraction {policy.hostile_fraction:g}, "
          f"max_records {policy.max_records}; {_cpu()}")
    columns = ["before"] + [f"{rule}/{weighting}" for rule, weighting in MERGES]
    print("distance of the merge from the 4 honest nodes' mean (and over that mean's norm)")
    print(f"{'attack':<10}" + "".join(f"{c:>22}" for c in columns))
    for attack, hostile in ATTACKS.items():
        sent = [*changes[:-1], hostile(changes[-1], honest_mean, policy.max_update_norm)]
        clipped = [clip(c, policy.max_update_norm) for c in sent]
        merges = [_before(sent, records, policy.max_update_norm)]
        for rule, weighting in MERGES:
            weights = capped if weighting == "records" else [1] * NODES
            merges.append(combine(clipped, weights, rule, policy.hostile_fraction))
        cells = []
        for merged in merges:
            distance = norm({k: merged[k] - honest_mean[k] for k in shapes})
            cells.append(f"{distance:9.2f} ({distance / scale:6.2f}x)")
        print(f"{attack:<10}" + "".join(f"{c:>22}" for c in cells))
    print("before: weighted by reported records, uncapped; an update above max_update_norm rejected, none clipped")


if __name__ == "__main__":
    main()
