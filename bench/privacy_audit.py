"""One-run canary audit of the node's DP-SGD: ε̂ with DP on and with DP off.

Runs `netgpt audit --empirical`'s measurement (`netgpt.commands.empirical_audit`)
on one synthetic user, both arms on the same canaries: the node's first round
under the default policy (σ planned by the node's budget) and the same training
without noise (σ = 0, clipping only). Prints each arm's ε̂ beside the claimed ε
and its wall and CPU time; `--json` prints the documents instead.
`--canary-kind` picks the canaries: gradient (a Dirac per-sample gradient per
canary, the default) or input (text secrets); `--score` the attacker of input
canaries: gradient (white-box, their default) or loss (black-box).

Usage: `.venv/bin/python bench/privacy_audit.py [--model tiny] [--canaries 1000] [--epochs 4]
[--canary-kind input [--score loss]]`.
"""

from __future__ import annotations

import argparse
import json
import platform
import time
from pathlib import Path

import torch
from rich.console import Console

from netgpt.commands.empirical_audit import (
    ARMS,
    CANARY_KINDS,
    SCORES,
    AuditPlan,
    print_results,
    result_document,
    run_audit,
    synthetic_texts,
)
from netgpt.settings import RunSettings
from policies import load_policy

REPO = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="default", help="'default', 'tiny' or a local model directory")
    parser.add_argument("--canaries", type=int, default=1000)
    parser.add_argument("--epochs", type=int, default=4)
    parser.add_argument("--max-length", type=int, default=32, help="tokens per record (canaries need ~12)")
    parser.add_argument("--records", type=int, default=100, help="the user's training records")
    parser.add_argument("--seed", type=int, default=0, help="canaries, coins and the synthetic user")
    parser.add_argument("--arms", nargs="+", choices=ARMS, default=list(ARMS))
    parser.add_argument("--canary-kind", choices=CANARY_KINDS, default=CANARY_KINDS[0])
    parser.add_argument("--score", choices=sorted({s for scores in SCORES.values() for s in scores}),
                        help="the attacker's score of a canary (default: the kind's first)")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    torch.set_num_threads(args.threads)
    run = RunSettings.defaults({"model": args.model})
    policy = load_policy()
    score = args.score or SCORES[args.canary_kind][0]
    if score not in SCORES[args.canary_kind]:
        parser.error(f"--score for {args.canary_kind} canaries must be {' or '.join(SCORES[args.canary_kind])}")
    plan = AuditPlan(
        args.canaries, args.epochs, args.max_length, args.records, 0.95, args.seed, args.canary_kind, score
    )
    texts = synthetic_texts(policy, run, args.records, args.seed)
    console = Console(stderr=True)
    started, cpu_started = time.perf_counter(), time.process_time()
    results = run_audit(tuple(args.arms), texts, plan, run, policy, REPO / "work" / "test-models", console)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu_started
    if args.json:
        print(json.dumps([result_document(r, plan, len(texts)) for r in results], indent=2))
    else:
        print_results(results, plan, len(texts), Console())
    for result in results:
        console.print(f"{result.arm}: {result.steps} steps at q = {result.sample_rate:.4f}, "
                      f"training {result.seconds:.0f} s", highlight=False)
    console.print(f"model {args.model}, {args.threads} threads on {platform.machine()}; audit wall {wall:.0f} s, "
                  f"CPU {cpu:.0f} s (all arms, scoring and model loads included)", highlight=False)


if __name__ == "__main__":
    main()
