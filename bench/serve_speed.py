"""Serving speed: the HTTP API against plain `model.generate`, same model and adapter.

In one run: adapters for two cohorts are published into a temporary work
directory (random LoRA B, so the adapters do real work); the same chat
prompt is then answered (greedy, the same `max_tokens`)

- by `PeftModel.generate` in this process, by 1 client and by 4 concurrent
  threads;
- by `netgpt serve` started as its own process, through real HTTP requests
  (httpx), by 1 client and by 4 concurrent clients;

and the script prints tokens/s, p50/p95 request latency and the ratios, then
the adapter switching cost: `set_adapter` between two loaded adapters, and
API latency when consecutive requests alternate cohorts against when they
stay on one. The server runs the default policy, so its figures include
prompt desensitization, with `--parallel 4` so that both sides run as many
generations at once, each with `--threads` torch threads. Usage:
`.venv/bin/python bench/serve_speed.py [--model default] [--requests 12] [--max-tokens 48]
[--rounds 3] [--threads 1]`; the measurements run in interleaved rounds, so that
a change of load on the machine hits both sides alike.
"""

from __future__ import annotations

import argparse
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path

import httpx
import torch
from peft import PeftModel

from netgpt.modeling import build_lora_model, load_base_model
from netgpt.settings import RunSettings
from server.api.keys import ApiKeyStore
from server.registry import AdapterRegistry

REPO = Path(__file__).resolve().parents[1]
NETGPT = Path(sys.executable).parent / "netgpt"
COHORTS = ("global", "region-bench")
MESSAGES = [{"role": "user", "content": "Plan a relaxed saturday in the city with friends, step by step."}]
SWITCHES = 200
MAX_CLIENTS = 4
"""Concurrent clients, and so the server's --parallel: both sides then run as
many generations at once (on a shared machine, threads decide CPU share)."""


@dataclass(frozen=True)
class Run:
    label: str
    latencies: list[float]
    tokens: int
    wall: float

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.wall

    def percentile(self, q: float) -> float:
        ordered = sorted(self.latencies)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def line(self) -> str:
        return (
            f"{self.label:<28} {self.tokens_per_s:8.1f} tok/s   p50 {self.percentile(0.5) * 1000:7.0f} ms"
            f"   p95 {self.percentile(0.95) * 1000:7.0f} ms   ({len(self.latencies)} requests, {self.tokens} tokens)"
        )


def measure(label: str, requests: int, clients: int, one: Callable[[int], int], threads: int) -> Run:
    """Run `requests` calls of `one(i) -> tokens` over `clients` threads, each
    with `threads` torch threads (torch's setting is per calling thread)."""
    latencies: list[float] = []
    lock = threading.Lock()

    def timed(i: int) -> int:
        started = time.perf_counter()
        tokens = one(i)
        with lock:
            latencies.append(time.perf_counter() - started)
        return tokens

    started = time.perf_counter()
    with ThreadPoolExecutor(clients, initializer=torch.set_num_threads, initargs=(threads,)) as pool:
        tokens = sum(pool.map(timed, range(requests)))
    return Run(label, latencies, tokens, time.perf_counter() - started)


def pooled(label: str, runs: list[Run]) -> Run:
    return Run(label, [x for r in runs for x in r.latencies], sum(r.tokens for r in runs), sum(r.wall for r in runs))


def publish(workdir: Path, model: str, cache: Path) -> Path:
    base = load_base_model(model, cache)
    peft = build_lora_model(base.model, RunSettings.defaults().lora.spec("ffa"))
    for index, cohort in enumerate(COHORTS):
        generator = torch.Generator().manual_seed(index)
        with torch.no_grad():
            for name, parameter in peft.named_parameters():
                if ".lora_B." in name:
                    parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.01)
        AdapterRegistry(workdir, cohort).publish(1, peft)
    return base.path


def plain_model(model_path: Path, workdir: Path, cache: Path) -> tuple[PeftModel, object]:
    base = load_base_model(str(model_path), cache)
    model = PeftModel.from_pretrained(
        base.model, AdapterRegistry(workdir, COHORTS[0]).latest(), adapter_name=COHORTS[0]
    )
    model.load_adapter(str(AdapterRegistry(workdir, COHORTS[1]).latest()), adapter_name=COHORTS[1])
    model.eval()
    return model, base.tokenizer


def switch_cost(model: PeftModel) -> float:
    """Seconds per `set_adapter` between two loaded adapters."""
    started = time.perf_counter()
    for i in range(SWITCHES):
        model.set_adapter(COHORTS[i % 2], inference_mode=True)
    return (time.perf_counter() - started) / SWITCHES


def start_server(workdir: Path, model_path: Path, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [str(NETGPT), "serve", "--workdir", str(workdir), "--model", str(model_path), "--port", str(port),
         "--log-level", "warning", "--reload-interval", "60", "--threads", str(threads),
         "--parallel", str(MAX_CLIENTS)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 180
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"netgpt serve exited with {process.returncode}")
        try:
            if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.5)
    process.kill()
    raise TimeoutError("netgpt serve did not start in 180 s")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default", help="default, tiny or a model directory")
    parser.add_argument("--requests", type=int, default=12, help="requests per measurement")
    parser.add_argument("--max-tokens", type=int, default=48)
    parser.add_argument("--rounds", type=int, default=3, help="interleaved rounds of every measurement")
    parser.add_argument("--threads", type=int, default=1, help="torch threads per generation, both sides")
    args = parser.parse_args()
    cache = REPO / "work" / "test-models"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        model_path = publish(workdir, args.model, cache)
        key = ApiKeyStore(workdir).create("bench")

        model, tokenizer = plain_model(model_path, workdir, cache)
        text = tokenizer.apply_chat_template(MESSAGES, add_generation_prompt=True, tokenize=False)
        inputs = tokenizer(text, return_tensors="pt", add_special_tokens=False)
        model.set_adapter(COHORTS[1], inference_mode=True)

        def generate(_: int) -> int:
            with torch.no_grad():
                output = model.generate(**inputs, max_new_tokens=args.max_tokens, do_sample=False,
                                        pad_token_id=tokenizer.pad_token_id)
            return int(output.shape[1] - inputs["input_ids"].shape[1])

        generate(0)  # warm-up
        set_adapter_s = switch_cost(model)
        model.set_adapter(COHORTS[1], inference_mode=True)

        process, url = start_server(workdir, model_path, args.threads)
        try:
            client = httpx.Client(base_url=f"{url}/v1", headers={"Authorization": f"Bearer {key}"}, timeout=600)

            def ask(cohort_of: Callable[[int], str]) -> Callable[[int], int]:
                def one(i: int) -> int:
                    body = {"model": f"netgpt:{cohort_of(i)}", "messages": MESSAGES, "max_tokens": args.max_tokens}
                    response = client.post("/chat/completions", json=body)
                    response.raise_for_status()
                    return int(response.json()["usage"]["completion_tokens"])
                return one

            same = ask(lambda i: COHORTS[1])
            alternate = ask(lambda i: COHORTS[i % 2])
            same(0)  # warm-up
            # Interleaved blocks: a load change on the machine hits both sides alike.
            blocks: dict[str, list[Run]] = {}
            for _ in range(args.rounds):
                for label, clients, one in [
                    ("generate, 1 client", 1, generate), ("HTTP API, 1 client", 1, same),
                    ("generate, 4 clients", MAX_CLIENTS, generate), ("HTTP API, 4 clients", MAX_CLIENTS, same),
                    ("HTTP API, alternating cohorts", 1, alternate),
                ]:
                    block = measure(label, args.requests, clients, one, args.threads)
                    print(f"  block: {block.line()}", flush=True)
                    blocks.setdefault(label, []).append(block)
        finally:
            process.terminate()
            process.wait(timeout=30)
    runs = {label: pooled(label, parts) for label, parts in blocks.items()}
    plain = [runs["generate, 1 client"], runs["generate, 4 clients"]]
    api = [runs["HTTP API, 1 client"], runs["HTTP API, 4 clients"]]
    alternating = runs["HTTP API, alternating cohorts"]

    print(f"model {args.model}, {args.max_tokens} new tokens per request, greedy, torch threads {args.threads}, "
          f"{os.cpu_count()} CPU(s), load average {os.getloadavg()[0]:.1f} at the end, "
          f"{args.rounds} interleaved rounds of {args.requests} requests")
    for run in [*plain, *api, alternating]:
        print(run.line())
    for p, a in zip(plain, api, strict=True):
        print(f"ratio API / generate, {p.label.split(', ')[1]}: throughput {a.tokens_per_s / p.tokens_per_s:.3f}, "
              f"p50 latency {a.percentile(0.5) / p.percentile(0.5):.3f}")
    same_p50 = api[0].percentile(0.5)
    print(f"adapter switch: set_adapter {set_adapter_s * 1000:.2f} ms; API p50 when cohorts alternate "
          f"{(alternating.percentile(0.5) - same_p50) * 1000:+.0f} ms vs one cohort "
          f"(throughput ratio {alternating.tokens_per_s / api[0].tokens_per_s:.3f})")


if __name__ == "__main__":
    main()
