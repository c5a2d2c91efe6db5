"""When is client-level DP usable? Utility of the DP-FedAvg merge at n nodes.

Client-level DP (policy `aggregation.client_dp`) adds noise of std σ·C to the
sum of the nodes' clipped changes and divides by the number of nodes, so the
noise per coordinate falls as 1/n while the signal (a mean) does not. This
bench trains a pool of real node updates (default model, each synthetic user's
desensitized records, the node's own DP-SGD round) and simulates n nodes by
drawing n of them with replacement; the merged adapter is scored on the pool
users' held-out records, side by side with the base model, the plain mean
(no client-level DP) and the clipped mean without noise, over several seeds.
It prints held-out perplexity (mean ± sd), its ratio to the plain mean's, the
noise-to-signal norm ratio, and the ε per user one round costs.

Usage: `.venv/bin/python bench/client_dp_utility.py [--users 4] [--nodes 3 10 100 1000]`.
"""

from __future__ import annotations

import argparse
import math
import statistics
import tempfile
from dataclasses import replace
from pathlib import Path

import numpy as np
import torch
from opacus.accountants import RDPAccountant

from client.corpus import desensitized_records
from client.node import train_config
from client.records import split
from client.trainer import train_dp
from netgpt.layout import NodeData
from netgpt.modeling import (
    adapter_disabled,
    build_lora_model,
    load_base_model,
    load_wire_state,
    mean_token_loss,
    tokenize,
    trainable_state,
)
from netgpt.settings import RunSettings
from netgpt.synthetic import generate_federation_data
from policies import load_policy
from privacy.dp.accounting import epsilon
from server.client_dp import MAX_RELEASES_PER_ROUND
from server.merging import clip, norm

REPO = Path(__file__).resolve().parents[1]
Tensors = dict[str, np.ndarray]


def _users(count: int, records: int) -> tuple[list[list[str]], list[str]]:
    """Each user's training texts, and all users' held-out texts together."""
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        generate_federation_data(root / "data", count, seed=0)
        train, held = [], []
        for index in range(1, count + 1):
            texts = desensitized_records(NodeData(root / "data" / f"node-{index}"), root / f"c{index}.json", "city")
            mine, theirs = split(texts, 0.2)
            train.append([r.text for r in mine[:records]])
            held.extend(r.text for r in theirs[: records // 4])
    return train, held


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--users", type=int, default=4, help="real node updates in the pool")
    parser.add_argument("--records", type=int, default=96, help="training records per user")
    parser.add_argument("--nodes", type=int, nargs="+", default=[3, 10, 100, 1000, 10000])
    parser.add_argument("--sigmas", type=float, nargs="+", default=[1.0, 4.0], help="client-level σ")
    parser.add_argument("--seeds", type=int, default=3)
    args = parser.parse_args()
    torch.set_num_threads(2)
    cache = REPO / "work" / "test-models"
    settings, policy = RunSettings.defaults(), load_policy()
    cfg = train_config(settings.train, policy)
    spec = settings.lora.spec(policy.aggregation.strategy)
    train_texts, held_texts = _users(args.users, args.records)
    base = load_base_model("default", cache)
    model = build_lora_model(base.model, spec)
    zero = {key: value.detach().clone() for key, value in trainable_state(model, spec.strategy).items()}
    held = tokenize(base.tokenizer, held_texts, cfg.max_length)

    def perplexity(change: Tensors) -> float:
        load_wire_state(model, {key: zero[key] + torch.from_numpy(change[key]).to(zero[key].dtype) for key in zero})
        loss, _ = mean_token_loss(model, held, cfg.precision)
        return math.exp(loss)

    pool: list[Tensors] = []
    for index, texts in enumerate(train_texts, 1):
        load_wire_state(model, zero)
        torch.manual_seed(index)
        train_dp(model, tokenize(base.tokenizer, texts, cfg.max_length), replace(cfg), RDPAccountant())
        trained = trainable_state(model, spec.strategy)
        pool.append({key: (trained[key] - zero[key]).float().numpy().astype(np.float64) for key in zero})
        print(f"user {index}: {len(texts)} records, update norm {norm(pool[-1]):.2f}", flush=True)
    norms = sorted(norm(update) for update in pool)
    with adapter_disabled(model):
        base_ppl = math.exp(mean_token_loss(model, held, cfg.precision)[0])
    plain = {key: sum(update[key] for update in pool) / len(pool) for key in pool[0]}
    plain_ppl = perplexity(plain)
    size = sum(value.size for value in plain.values())
    print(f"\ndefault model, {args.users} users' updates (norms {norms[0]:.2f}–{norms[-1]:.2f}), "
          f"{len(held_texts)} held-out records, {size} adapter parameters")
    print(f"base model: perplexity {base_ppl:.2f}; plain mean of the pool (no client-level DP): {plain_ppl:.2f}")
    print(f"\n{'C':>6} {'σ':>4} {'ε/round':>8} {'n':>6} {'noise/signal':>13} {'perplexity':>17} {'÷ plain':>8}")
    for clipping in (policy.aggregation.client_dp.clipping_norm, statistics.median(norms)):
        clipped = [clip(update, clipping) for update in pool]
        signal = norm({key: sum(c[key] for c in clipped) / len(clipped) for key in clipped[0]})
        for sigma in (0.0, *args.sigmas):
            cost = epsilon([(sigma, 1.0, MAX_RELEASES_PER_ROUND)], policy.privacy.delta) if sigma else math.inf
            for nodes in args.nodes if sigma else args.nodes[:1]:
                scores = []
                for seed in range(args.seeds if sigma else 1):
                    rng = np.random.default_rng(seed)
                    counts = np.bincount(rng.integers(0, len(pool), nodes), minlength=len(pool))
                    # server.client_dp.noisy_mean's formula, written out: n up to 10,000 drawn
                    # updates are counts × a few distinct ones, and seeded noise (not the
                    # merge's CSPRNG) makes the figures repeatable.
                    merged = {
                        key: (sum(count * c[key] for count, c in zip(counts, clipped, strict=True))
                              + rng.normal(0.0, sigma * clipping, size=plain[key].shape)) / nodes
                        for key in plain
                    }
                    scores.append(perplexity(merged))
                noise = sigma * clipping * math.sqrt(size) / nodes
                spread = statistics.stdev(scores) if len(scores) > 1 else 0.0
                label = "∞" if not sigma else f"{cost:.2f}"
                print(f"{clipping:6.2f} {sigma:4.1f} {label:>8} {nodes if sigma else '-':>6} "
                      f"{noise / signal:13.2f} {statistics.mean(scores):9.2f} ± {spread:5.2f} "
                      f"{statistics.mean(scores) / plain_ppl:8.3f}", flush=True)


if __name__ == "__main__":
    main()
