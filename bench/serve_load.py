"""Serving under load: `netgpt serve` at 1, 4, 8 and 16 concurrent clients
against plain `generate` at batch 1, in one run.

Three cohorts' adapters (random LoRA B, so they do real work) are published
into a temporary work directory and `netgpt serve` runs as its own process.
Each client has its own API key (the policy's per-key limit would otherwise
queue a client's own requests) and streams chat completions, so the script
sees the time to the first token. Requests cycle over the cohorts (a mixed
batch) and ask for 32–128 new tokens (greedy; a model may end a request
sooner, and only the tokens it produced count). Every client walks the same
cycle of eight lengths, each from its own place in it, so with
`--per-client` a multiple of eight (the default) every client asks for the
same work and the clients of a block stay at work together; a client with
less to do would leave early and the block's last seconds would measure
fewer clients than its name says. One block at 8 clients asks one cohort
only, to price the mixing. Plain `generate` answers the cycle's requests
one at a time, in this process, with the same torch threads: once with the
cohort's adapter as PEFT runs it (the targets' baseline: how the server
served before batching) and once with it merged into the weights for each
request (the fastest a single stream gets).

Prints per block: aggregate tokens/s over the whole block and while every
client was still at work (the block's tail, when the short requests are
done and a few long ones decode alone, is in the first figure only), p50/p95
latency, p50 time to first token and any non-200; then the ratios the
serving targets are stated in, and the server's peak RSS. Usage: `.venv/bin/python bench/serve_load.py
[--model default] [--threads 0] [--per-client 8]`.
"""

from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass, field
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
COHORTS = ("global", "region-north", "region-south")
CLIENTS = (1, 4, 8, 16)
QUESTIONS = [
    "Plan a relaxed saturday in the city with friends, step by step.",
    "Write a short note to a neighbour about a parcel you kept for them.",
    "Suggest three dinners that use leftover rice.",
    "How do I keep a small balcony garden alive in summer?",
]


LENGTHS = 8


def max_tokens(i: int) -> int:
    """32 to 128 new tokens in a cycle of LENGTHS requests, so that every block
    (the single client's too) asks for the same mix and latencies compare."""
    return 32 + (i % LENGTHS) * 96 // (LENGTHS - 1)


@dataclass
class Block:
    label: str
    latencies: list[float] = field(default_factory=list)
    first_token: list[float] = field(default_factory=list)
    tokens: int = 0
    wall: float = 0.0
    errors: list[int] = field(default_factory=list)
    decoding: list[tuple[int, float, float, int]] = field(default_factory=list)
    """Per request: (client, first token at, last token at, tokens), seconds on one clock."""

    @property
    def tokens_per_s(self) -> float:
        return self.tokens / self.wall if self.wall else 0.0

    @property
    def steady_tokens_per_s(self) -> float:
        """Tokens/s while every client of the block was still at work: from
        the last client's first token to the first client's last one (a
        client's gaps between its requests, queueing and prefill, included).
        The whole block's figure also counts its tail, when the clients
        with short requests are done and a few long ones decode alone. A
        request's tokens are taken as spread evenly between its first and
        last token (the stream's chunks are words, not tokens)."""
        clients = {client for client, *_ in self.decoding}
        if len(clients) < 2:
            return self.tokens_per_s
        start = max(min(first for c, first, _, _ in self.decoding if c == client) for client in clients)
        end = min(max(last for c, _, last, _ in self.decoding if c == client) for client in clients)
        if end <= start:
            return float("nan")
        tokens = sum(
            n * max(0.0, min(last, end) - max(first, start)) / (last - first)
            for _, first, last, n in self.decoding if last > first
        )
        return tokens / (end - start)

    @staticmethod
    def percentile(values: list[float], q: float) -> float:
        if not values:
            return float("nan")
        ordered = sorted(values)
        return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]

    def line(self) -> str:
        ttft = self.percentile(self.first_token, 0.5)
        return (
            f"{self.label:<34} {self.tokens_per_s:7.1f} tok/s  p50 {self.percentile(self.latencies, 0.5):6.2f} s"
            f"  p95 {self.percentile(self.latencies, 0.95):6.2f} s  TTFT p50 {ttft:5.2f} s"
            f"  ({len(self.latencies)} requests, {self.tokens} tokens, non-200: {len(self.errors)})"
            + (f"  steady {self.steady_tokens_per_s:.1f} tok/s" if self.decoding else "")
        )


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


def start_server(workdir: Path, model_path: Path, threads: int) -> tuple[subprocess.Popen[bytes], str]:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    process = subprocess.Popen(
        [str(NETGPT), "serve", "--workdir", str(workdir), "--model", str(model_path), "--port", str(port),
         "--log-level", "warning", "--reload-interval", "60", "--threads", str(threads),
         "--max-batch", str(max(CLIENTS))],
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


def peak_rss_mib(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def streamed(
    client: httpx.Client, key: str, cohort: str, i: int, block: Block, lock: threading.Lock, who: int = 0
) -> None:
    body = {
        "model": f"netgpt:{cohort}", "messages": [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}],
        "max_tokens": max_tokens(i), "stream": True, "stream_options": {"include_usage": True},
    }
    started = time.perf_counter()
    first: float | None = None
    tokens = 0
    with client.stream("POST", "/chat/completions", json=body, headers={"Authorization": f"Bearer {key}"}) as reply:
        if reply.status_code != 200:
            reply.read()
            with lock:
                block.errors.append(reply.status_code)
            return
        for line in reply.iter_lines():
            if not line.startswith("data: ") or line == "data: [DONE]":
                continue
            chunk = json.loads(line[len("data: "):])
            if first is None and any(c.get("delta", {}).get("content") for c in chunk.get("choices", [])):
                first = time.perf_counter() - started
            if chunk.get("usage"):
                tokens = int(chunk["usage"]["completion_tokens"])
    with lock:
        block.latencies.append(time.perf_counter() - started)
        block.first_token.append(first if first is not None else float("nan"))
        block.tokens += tokens
        if first is not None:
            block.decoding.append((who, started + first, time.perf_counter(), tokens))


def api_block(url: str, keys: list[str], clients: int, per_client: int, cohorts: tuple[str, ...]) -> Block:
    block = Block(f"API, {clients:2d} client(s), {len(cohorts)} cohort(s)")
    lock = threading.Lock()

    stride = max(1, LENGTHS // clients)  # fewer clients than lengths: they share the cycle out

    def client_loop(c: int) -> None:
        with httpx.Client(base_url=f"{url}/v1", timeout=900) as client:
            for r in range(per_client):
                i = c * stride + r  # client c starts the cycle of lengths at its own place
                streamed(client, keys[c], cohorts[i % len(cohorts)], i, block, lock, c)

    threads = [threading.Thread(target=client_loop, args=(c,)) for c in range(clients)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    block.wall = time.perf_counter() - started
    return block


def plain_block(model: PeftModel, tokenizer: object, requests: int, merged: bool = False) -> Block:
    """The same requests through `generate`, one at a time (batch 1).

    `merged`: each request's adapter is merged into the base weights for its
    request (and taken out after, inside the timed block), which saves the
    LoRA products of every step: the fastest a single stream gets, where the
    unmerged adapter is how a server switching cohorts per request ran before.
    """
    block = Block("generate, batch 1" + (", adapter merged" if merged else ""))
    started = time.perf_counter()
    for i in range(requests):
        model.set_adapter(COHORTS[i % len(COHORTS)], inference_mode=True)
        if merged:
            model.merge_adapter()
        text = tokenizer.apply_chat_template(  # type: ignore[attr-defined]
            [{"role": "user", "content": QUESTIONS[i % len(QUESTIONS)]}], add_generation_prompt=True, tokenize=False)
        inputs = tokenizer(text, return_tensors="pt", add_special_tokens=False)  # type: ignore[operator]
        t0 = time.perf_counter()
        with torch.no_grad():
            output = model.generate(**inputs, max_new_tokens=max_tokens(i), do_sample=False,
                                    pad_token_id=tokenizer.pad_token_id)  # type: ignore[attr-defined]
        block.latencies.append(time.perf_counter() - t0)
        block.tokens += int(output.shape[1] - inputs["input_ids"].shape[1])
        if merged:
            model.unmerge_adapter()
    block.wall = time.perf_counter() - started
    return block


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", default="default", help="default, tiny or a model directory")
    parser.add_argument("--threads", type=int, default=0,
                        help="torch threads, server and plain generate alike; 0 = one per core (serve's default)")
    parser.add_argument("--per-client", type=int, default=LENGTHS,
                        help=f"requests each client sends, one after another; a multiple of {LENGTHS} gives "
                             "every client the same work")
    args = parser.parse_args()
    args.threads = args.threads or torch.get_num_threads()  # serve's 0: torch's default, one per core
    torch.set_num_threads(args.threads)
    cache = REPO / "work" / "test-models"
    with tempfile.TemporaryDirectory() as tmp:
        workdir = Path(tmp)
        model_path = publish(workdir, args.model, cache)
        store = ApiKeyStore(workdir)
        keys = [store.create(f"client-{c}") for c in range(max(CLIENTS))]

        base = load_base_model(str(model_path), cache)
        model = PeftModel.from_pretrained(base.model, str(AdapterRegistry(workdir, COHORTS[0]).latest()),
                                          adapter_name=COHORTS[0])
        for cohort in COHORTS[1:]:
            model.load_adapter(str(AdapterRegistry(workdir, cohort).latest()), adapter_name=cohort)
        model.eval()
        plain_block(model, base.tokenizer, 1)  # warm-up
        plain = plain_block(model, base.tokenizer, LENGTHS)
        print(f"  {plain.line()}", flush=True)
        merged = plain_block(model, base.tokenizer, LENGTHS, merged=True)
        print(f"  {merged.line()}", flush=True)
        del model, base

        process, url = start_server(workdir, model_path, args.threads)
        try:
            api_block(url, keys, 1, 1, COHORTS)  # warm-up
            blocks = {}
            for clients in CLIENTS:
                per_client = max(args.per_client, -(-LENGTHS // clients))  # the block covers the whole cycle
                blocks[clients] = api_block(url, keys, clients, per_client, COHORTS)
                print(f"  {blocks[clients].line()}", flush=True)
            same = api_block(url, keys, 8, args.per_client, COHORTS[:1])
            print(f"  {same.line()}", flush=True)
            rss = peak_rss_mib(process.pid)
        finally:
            process.terminate()
            process.wait(timeout=30)
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), "unknown CPU")
    print(f"\nmodel {args.model}, {cpu}, {os.cpu_count()} CPU(s), torch threads {args.threads}, "
          f"{args.per_client} request(s) per client (a single client: {LENGTHS}) of 32-128 new tokens, greedy; "
          f"load average {os.getloadavg()[0]:.1f} at the end")
    print(plain.line())
    print(merged.line())
    for block in [*blocks.values(), same]:
        print(block.line())
    for clients in CLIENTS:
        print(f"ratio aggregate tok/s at {clients:2d} client(s) / generate batch 1: "
              f"{blocks[clients].tokens_per_s / plain.tokens_per_s:.2f} whole block, "
              f"{blocks[clients].steady_tokens_per_s / plain.tokens_per_s:.2f} while every client is at work; "
              f"{blocks[clients].tokens_per_s / merged.tokens_per_s:.2f} against the merged adapter")
    one = Block.percentile(blocks[1].latencies, 0.5)
    print(f"ratio p50 latency at 8 clients / 1 client: {Block.percentile(blocks[8].latencies, 0.5) / one:.2f}")
    print(f"time to first token at 1 client, p50: {Block.percentile(blocks[1].first_token, 0.5):.2f} s")
    print(f"mixed cohorts / one cohort, tok/s at 8 clients: {blocks[8].tokens_per_s / same.tokens_per_s:.2f}")
    print(f"server peak RSS: {rss:.0f} MiB; non-200 answers: {sum(len(b.errors) for b in [*blocks.values(), same])}")


if __name__ == "__main__":
    main()
