"""Peak memory and speed of a node's DP-SGD round per memory plan, side by side.

Each configuration runs in a fresh Python process, so that its peak resident
memory (VmHWM) is its own: imports, model load and a few
DP-SGD steps through the node's own training path (`client.trainer.train_dp`,
Opacus, the default policy), default model, batch 16, 64 tokens. The first
configuration is the node as it was before `netgpt.modeling.memory`
(`UNPLANNED`); the others are compared with it. Two more run the node's first
round as it really is, desensitizing in the same process before the model
loads, with Presidio's pipeline kept and released.

Usage: `.venv/bin/python bench/node_memory.py [--records 16] [--only NAME ...]`.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, replace
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from netgpt.modeling.memory import UNPLANNED, MemoryPlan  # noqa: E402


@dataclass(frozen=True)
class Configuration:
    name: str
    plan: MemoryPlan | None
    """None: the plan the node picks for `budget_mib` (`plan_memory`)."""
    budget_mib: int = 0
    desensitize: str = ""
    """'' = records desensitized beforehand; 'kept' or 'released': in this process."""


CONFIGURATIONS = (
    Configuration("today", UNPLANNED),
    Configuration("chunked-loss", MemoryPlan()),
    Configuration("+bf16-frozen", MemoryPlan(frozen_bf16=True)),
    Configuration("+checkpoint", MemoryPlan(checkpoint_layers=True)),
    Configuration("physical-4", MemoryPlan(physical_batch=4)),
    Configuration("+checkpoint-8", MemoryPlan(physical_batch=8, checkpoint_layers=True)),
    Configuration("+checkpoint-4", MemoryPlan(physical_batch=4, checkpoint_layers=True)),
    Configuration("budget-1024", None, budget_mib=1024),
    Configuration("round1-kept", MemoryPlan(checkpoint_layers=True), desensitize="kept"),
    Configuration("round1-released", MemoryPlan(checkpoint_layers=True), desensitize="released"),
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


def child(configuration: Configuration, data: Path, threads: int) -> dict[str, float | str]:
    """One configuration's round, in this (fresh) process."""
    import torch
    from opacus.accountants import PRVAccountant

    from client.corpus import desensitized_records
    from client.node import train_config
    from client.trainer import train_dp
    from netgpt.layout import NodeData
    from netgpt.modeling import build_lora_model, load_base_model, tokenize
    from netgpt.modeling.memory import estimated_peak_mib, plan_memory
    from netgpt.settings import RunSettings
    from policies import load_policy
    from privacy.desensitize.desensitizer import default_desensitizer

    torch.set_num_threads(threads)
    settings, policy = RunSettings.defaults(), load_policy()
    imported = mib_peak()
    if configuration.desensitize:
        records = desensitized_records(NodeData(data / "node"), data / f"cache-{configuration.name}.json", "city")
        texts = [record.text for record in records][: len(json.loads((data / "texts.json").read_text()))]
        if configuration.desensitize == "released":
            default_desensitizer.cache_clear()
    else:
        texts = json.loads((data / "texts.json").read_text())
    desensitized = mib_peak()
    base = load_base_model("default", REPO / "work" / "test-models")
    model = build_lora_model(base.model, settings.lora.spec(policy.aggregation.strategy))
    loaded = mib_peak()
    config = train_config(settings.train, policy)
    plan = configuration.plan or plan_memory(
        model, config.batch_size, config.max_length, config.precision, configuration.budget_mib
    )
    config = replace(config, memory=plan)
    estimate = estimated_peak_mib(model, plan, config.batch_size, config.max_length, config.precision)
    report = train_dp(model, tokenize(base.tokenizer, texts, config.max_length), config, PRVAccountant())
    return {
        "name": configuration.name,
        "plan": plan.describe() + (f", desensitized here, {configuration.desensitize}"
                                                 if configuration.desensitize else ""),
        "imported": imported, "desensitized": desensitized, "loaded": loaded, "peak": mib_peak(),
        "estimate": estimate, "samples_per_s": report.samples_per_second, "steps": report.steps,
        "seconds": report.seconds,
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
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--only", nargs="*", default=None, help="configuration names ('today' is always run)")
    parser.add_argument("--child", default=None, help=argparse.SUPPRESS)
    parser.add_argument("--data", type=Path, default=None, help=argparse.SUPPRESS)
    args = parser.parse_args()
    named = {configuration.name: configuration for configuration in CONFIGURATIONS}
    if args.child:
        print(json.dumps(child(named[args.child], args.data, args.threads)))
        return
    chosen = [c for c in CONFIGURATIONS if args.only is None or c.name in args.only or c.name == "today"]
    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp)
        prepare(data, args.records)
        print(f"default model, {args.records} records, batch 16, 64 tokens, 1 epoch, bf16 autocast, "
              f"{args.threads} threads; one fresh process per configuration", flush=True)
        results = []
        for configuration in chosen:
            started = time.perf_counter()
            run = subprocess.run(
                [sys.executable, __file__, "--child", configuration.name, "--data", str(data),
                 "--threads", str(args.threads)],
                capture_output=True, text=True, check=False,
            )
            if run.returncode != 0:
                print(f"{configuration.name}: failed\n{run.stderr[-2000:]}", flush=True)
                continue
            result = json.loads(run.stdout.strip().splitlines()[-1])
            results.append(result)
            print(json.dumps(result | {"wall": round(time.perf_counter() - started, 1)}), flush=True)
    table(results)


def table(results: list[dict[str, float | str]]) -> None:
    if not results:
        return
    today = results[0]
    print(f"\n{'configuration':<16} {'peak MiB':>9} {'est. MiB':>9} {'x today':>8} {'samples/s':>10} "
          f"{'x today':>8} {'steps':>6}  plan")
    for row in results:
        peak, speed = float(row["peak"]), float(row["samples_per_s"])
        print(f"{row['name']:<16} {peak:9.0f} {float(row['estimate']):9.0f} {peak / float(today['peak']):8.2f} "
              f"{speed:10.2f} {speed / float(today['samples_per_s']):8.2f} {int(row['steps']):6d}  {row['plan']}")
    print("\nphases (peak MiB so far): imports / after records / after model load")
    for row in results:
        print(f"  {row['name']:<16} {float(row['imported']):6.0f} / {float(row['desensitized']):6.0f} / "
              f"{float(row['loaded']):6.0f}")


if __name__ == "__main__":
    main()
