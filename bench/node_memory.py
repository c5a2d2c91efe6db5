"""Peak memory and speed of a node's DP-SGD round per memory plan, side by side.

Each configuration runs in a fresh Python process, so that its peak resident
memory (VmHWM) is its own: imports, model load and a few
DP-SGD steps through the node's own training path (`client.trainer.train_dp`,
Opacus, the default policy), default model, batch 16, 64 tokens. The first
configuration is the node as it was before `netgpt.modeling.memory`
(`UNPLANNED`, fp32 weights); the others are compared with it. Two more run
the node's first round as it really is, desensitizing in the same process
before the model loads, with Presidio's pipeline kept and released. The
machine's load average at the start and end of each run goes with its
figures: on a shared machine samples/s mean little without it. Samples per
CPU-second (all threads) move less with the load, so they compare plans.

With `--allocators system tcmalloc ...` every configuration runs once under
each memory allocator (`netgpt.allocator`, preloaded as a node preloads it);
the first configuration under the first allocator is the reference.

Usage: `.venv/bin/python bench/node_memory.py [--records 16] [--epochs 1] [--only NAME ...]
[--allocators NAME ...] [--reference today|fp32-today|NAME]`.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import get_args

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from netgpt.allocator import AllocatorChoice, choose_allocator, running_allocator  # noqa: E402
from netgpt.modeling import Precision  # noqa: E402
from netgpt.modeling.memory import UNPLANNED, MemoryPlan  # noqa: E402


@dataclass(frozen=True)
class Configuration:
    name: str
    plan: MemoryPlan | None
    """None: the plan the node picks for `budget_mib` (`plan_memory`)."""
    budget_mib: int = 0
    desensitize: str = ""
    """'' = records desensitized beforehand; 'kept' or 'released': in this
    process; 'child': in a forked child, as the node does."""
    weights: Precision = "bf16"
    """The base model's weights as loaded (`load_base_model`); the node's own
    choice is its precision, bf16 by default."""
    precision: Precision | None = None
    """What the products run in; None: the node's choice on this CPU. fp32
    with bf16 weights is a node without bf16 arithmetic under a budget."""


CONFIGURATIONS = (
    Configuration("today", UNPLANNED, weights="fp32"),
    Configuration("chunked-loss", MemoryPlan(), weights="fp32"),
    Configuration("fp32+checkpoint", MemoryPlan(checkpoint_layers=True), weights="fp32"),
    Configuration("bf16", MemoryPlan()),
    Configuration("bf16+checkpoint", MemoryPlan(checkpoint_layers=True)),
    Configuration("bf16+checkpoint+chunk64", MemoryPlan(loss_chunk_tokens=64, checkpoint_layers=True)),
    Configuration("bf16+checkpoint-8", MemoryPlan(physical_batch=8, checkpoint_layers=True)),
    Configuration("bf16+checkpoint-4", MemoryPlan(physical_batch=4, checkpoint_layers=True)),
    Configuration("bf16-8+chunk64", MemoryPlan(physical_batch=8, loss_chunk_tokens=64)),
    Configuration("bf16-4+chunk64", MemoryPlan(physical_batch=4, loss_chunk_tokens=64)),
    Configuration("budget-1536", None, budget_mib=1536),
    Configuration("budget-1024", None, budget_mib=1024),
    Configuration("budget-768", None, budget_mib=768),
    Configuration("round1-kept", MemoryPlan(), desensitize="kept"),
    Configuration("round1-released", MemoryPlan(), desensitize="released"),
    Configuration("round1-budget-1024", None, budget_mib=1024, desensitize="released"),
    Configuration("round1-child-budget-1024", None, budget_mib=1024, desensitize="child"),
    # A CPU without bf16 arithmetic trains in fp32: its node before the memory
    # work, without a budget now, and under one (frozen weights held in bf16).
    Configuration("fp32-today", UNPLANNED, weights="fp32", precision="fp32"),
    Configuration("fp32-chunked-loss", MemoryPlan(), weights="fp32", precision="fp32"),
    Configuration("fp32-held", MemoryPlan(), precision="fp32"),
    Configuration("fp32-held+checkpoint", MemoryPlan(checkpoint_layers=True), precision="fp32"),
    Configuration("fp32-held-8+chunk64", MemoryPlan(physical_batch=8, loss_chunk_tokens=64), precision="fp32"),
    Configuration("fp32-held-4+chunk64", MemoryPlan(physical_batch=4, loss_chunk_tokens=64), precision="fp32"),
    Configuration("fp32-held+checkpoint-8", MemoryPlan(physical_batch=8, loss_chunk_tokens=64, checkpoint_layers=True),
                  precision="fp32"),
    Configuration("fp32-held-budget-1024", None, budget_mib=1024, precision="fp32"),
    Configuration("fp32-round1-child-budget-1024", None, budget_mib=1024, desensitize="child", precision="fp32"),
)


def mib_peak() -> float:
    """This process's peak resident memory (Linux's VmHWM, in KiB there).

    Not `ru_maxrss`: Linux carries it over an exec from the process that
    spawned the child, so every child would report at least this script's
    own peak, Presidio's pipeline included.
    """
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmHWM in /proc/self/status: this bench needs Linux")


def child(configuration: Configuration, data: Path, threads: int, epochs: int) -> dict[str, float | str]:
    """One configuration's round, in this (fresh) process."""
    import torch
    from opacus.accountants import PRVAccountant

    from client.corpus import desensitized_records, release_desensitizer
    from client.node import train_config
    from client.trainer import train_dp
    from netgpt.layout import NodeData
    from netgpt.modeling import build_lora_model, load_base_model, tokenize
    from netgpt.modeling.memory import estimated_peak_mib, plan_memory
    from netgpt.settings import RunSettings
    from policies import load_policy

    load_before = os.getloadavg()[0]
    torch.set_num_threads(threads)
    settings, policy = RunSettings.defaults(), load_policy()
    imported = mib_peak()
    if configuration.desensitize:
        records = desensitized_records(NodeData(data / "node"), data / f"cache-{configuration.name}.json", "city",
                                       in_child=configuration.desensitize == "child")
        texts = [record.text for record in records][: len(json.loads((data / "texts.json").read_text()))]
        if configuration.desensitize == "released":
            release_desensitizer()
    else:
        texts = json.loads((data / "texts.json").read_text())
    desensitized = mib_peak()
    config = replace(train_config(settings.train, policy), epochs=epochs)
    config = replace(config, precision=configuration.precision or config.precision)
    base = load_base_model("default", REPO / "work" / "test-models", weights=configuration.weights,
                           compute=config.precision)
    model = build_lora_model(base.model, settings.lora.spec(policy.aggregation.strategy))
    loaded = mib_peak()
    shape = (config.batch_size, config.max_length)
    plan = configuration.plan or plan_memory(model, *shape, configuration.budget_mib, precision=config.precision)
    config = replace(config, memory=plan)
    estimate = estimated_peak_mib(model, plan, *shape, precision=config.precision)
    cpu = time.process_time()
    report = train_dp(model, tokenize(base.tokenizer, texts, config.max_length), config, PRVAccountant())
    cpu = time.process_time() - cpu
    return {
        "name": configuration.name,
        "plan": f"{configuration.weights} weights, {config.precision} products, {plan.describe()}"
        + (f", desensitized here, {configuration.desensitize}" if configuration.desensitize else ""),
        "imported": imported, "desensitized": desensitized, "loaded": loaded, "peak": mib_peak(),
        "estimate": estimate, "samples_per_s": report.samples_per_second, "steps": report.steps,
        "samples_per_cpu_s": report.samples_seen / cpu,
        "seconds": report.seconds, "load": f"{load_before:.1f}-{os.getloadavg()[0]:.1f}",
        "allocator": running_allocator(),  # what the child really ran on, not what was asked
    }


def prepare(directory: Path, records: int) -> None:
    """One synthetic node's records, and their desensitized texts for the
    configurations that do not desensitize themselves."""
    from client.corpus import desensitized_records
    from client.records import split
    from netgpt.layout import NodeData
    from netgpt.synthetic import generate_federation_data

    generate_federation_data(directory / "federation", 1, seed=0)
    (directory / "node").symlink_to(directory / "federation" / "node-1")
    train, _ = split(desensitized_records(NodeData(directory / "node"), directory / "cache.json", "city"), 0.2)
    (directory / "texts.json").write_text(json.dumps([record.text for record in train[:records]]))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--records", type=int, default=16, help="training records (q = 16 / records)")
    parser.add_argument("--epochs", type=int, default=1,
                        help="passes over the records: with --records 16 every step draws all 16 (q = 1), "
                        "so the steps of every run are alike")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=None, help="configuration names (the reference is always run)")
    parser.add_argument("--reference", default="today",
                        help="the configuration the others are compared with: 'today' (the node before the "
                        "memory work) or 'fp32-today' (that node on a CPU without bf16 arithmetic)")
    parser.add_argument("--allocators", nargs="+", default=["system"],
                        choices=get_args(AllocatorChoice),
                        help="run every configuration under each (the first is the reference)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    named = {configuration.name: configuration for configuration in CONFIGURATIONS}
    if args.child:
        print(json.dumps(child(named[args.child], args.data, args.threads, args.epochs)))
        return
    if args.reference not in named:
        parser.error(f"no configuration named {args.reference!r}")
    chosen = [named[args.reference]] + [
        c for c in CONFIGURATIONS if (args.only is None or c.name in args.only) and c.name != args.reference
    ]
    allocators = [choose_allocator(name) for name in args.allocators]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        prepare(data, args.records)
        print(f"default model, {args.records} records, batch 16, 64 tokens, {args.epochs} epoch(s), "
              f"{args.threads} threads; one fresh process per configuration and allocator", flush=True)
        results = []
        for configuration in chosen:
            for allocator in allocators:
                started = time.perf_counter()
                run = subprocess.run(
                    [sys.executable, __file__, "--child", configuration.name, "--data", str(data),
                     "--threads", str(args.threads), "--epochs", str(args.epochs)],
                    capture_output=True, text=True, check=False, env=allocator.environment(dict(os.environ)),
                )
                if run.returncode != 0:
                    print(f"{configuration.name} ({allocator.name}): failed\n{run.stderr[-2000:]}", flush=True)
                    continue
                result = json.loads(run.stdout.strip().splitlines()[-1])
                results.append(result)
                print(json.dumps(result | {"wall": round(time.perf_counter() - started, 1)}), flush=True)
    table(results)


def table(results: list[dict[str, float | str]]) -> None:
    if not results:
        return
    today = results[0]
    print(f"\n{'configuration':<24} {'allocator':<13} {'peak MiB':>9} {'est. MiB':>9} {'x today':>8} {'samples/s':>10} "
          f"{'x today':>8} {'/cpu-s':>7} {'x today':>8} {'steps':>6} {'load':>9}  plan")
    for row in results:
        peak, speed, cpu = float(row["peak"]), float(row["samples_per_s"]), float(row["samples_per_cpu_s"])
        print(f"{row['name']:<24} {row['allocator']:<13} {peak:9.0f} {float(row['estimate']):9.0f} "
              f"{peak / float(today['peak']):8.2f} {speed:10.3f} {speed / float(today['samples_per_s']):8.2f} "
              f"{cpu:7.3f} "
              f"{cpu / float(today['samples_per_cpu_s']):8.2f} {int(row['steps']):6d} {row['load']:>9}  {row['plan']}")
    print("\nphases (peak MiB so far): imports / after records / after model load")
    for row in results:
        print(f"  {row['name']:<24} {row['allocator']:<13} {float(row['imported']):6.0f} / "
              f"{float(row['desensitized']):6.0f} / {float(row['loaded']):6.0f}")


if __name__ == "__main__":
    main()
