"""What a round pays before the node's handler runs: a ClientApp's start.

Side by side in one run: a fresh process importing the ClientApp (Flower's
`subprocess` isolation, `netgpt node start --fresh-clientapps`) against a
child forked from a process that imported `netgpt.forking_superexec`'s warm
modules, dropping the project's packages and importing the ClientApp again
(what the warm SuperExec does). Reported in CPU-seconds of the starting
process, which other load on the machine does not inflate, and wall seconds.

Usage: `.venv/bin/python bench/clientapp_start.py [--runs 3]`.
"""

from __future__ import annotations

import argparse
import importlib
import os
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

from netgpt.forking_superexec import PROJECT_PACKAGES, WARM_MODULES


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def cold() -> tuple[float, float]:
    cpu, wall = _children_cpu(), time.perf_counter()
    subprocess.run([sys.executable, "-c", "import client.client_app"], check=True, capture_output=True)
    return _children_cpu() - cpu, time.perf_counter() - wall


def forked() -> tuple[float, float]:
    cpu, wall = _children_cpu(), time.perf_counter()
    pid = os.fork()
    if pid == 0:
        for name in [m for m in sys.modules if m.partition(".")[0] in PROJECT_PACKAGES]:
            del sys.modules[name]
        importlib.import_module("client.client_app")
        os._exit(0)
    os.waitpid(pid, 0)
    return _children_cpu() - cpu, time.perf_counter() - wall


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    started = time.perf_counter()
    for module in WARM_MODULES:
        importlib.import_module(module)
    print(f"warm parent ready in {time.perf_counter() - started:.1f} s", flush=True)
    results: dict[str, list[tuple[float, float]]] = {"fresh process": [], "forked from warm": []}
    for _ in range(args.runs):  # interleaved, so load drifts hit both alike
        results["fresh process"].append(cold())
        results["forked from warm"].append(forked())
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    print(f"{cpu}, {os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f}, {args.runs} runs each")
    for name, runs in results.items():
        cpus, walls = [c for c, _ in runs], [w for _, w in runs]
        print(f"{name:17s} CPU-s median {statistics.median(cpus):6.2f} (min {min(cpus):.2f}, max {max(cpus):.2f})"
              f"   wall s median {statistics.median(walls):6.2f}")
    ratio = statistics.median(c for c, _ in results["fresh process"]) / statistics.median(
        c for c, _ in results["forked from warm"])
    print(f"ratio fresh / forked, CPU-s: {ratio:.0f}x")


if __name__ == "__main__":
    main()
