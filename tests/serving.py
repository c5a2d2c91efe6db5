"""Helpers for the API tests: publish adapters, run `netgpt serve` as a real process.

The server is started the way a user starts it (the console script, its own
process, a free loopback port) and always stopped, with bounded waits.
"""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx
import torch
from defaults import lora_spec

from netgpt.modeling import build_lora_model, load_base_model
from server.registry import AdapterRegistry

NETGPT = Path(sys.executable).parent / "netgpt"
START_TIMEOUT_S = 90.0
REGION_COHORT = "region-europe-west"


def publish_adapters(workdir: Path, model_cache: Path, rounds: dict[str, int], seed: int = 0) -> None:
    """Publish an adapter per cohort (B drawn from `seed`, so cohorts differ)."""
    peft = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    for offset, (cohort, server_round) in enumerate(rounds.items()):
        generator = torch.Generator().manual_seed(seed * 100 + offset)
        with torch.no_grad():
            for name, parameter in peft.named_parameters():
                if ".lora_B." in name:
                    parameter.copy_(torch.randn(parameter.shape, generator=generator) * 0.5)
        AdapterRegistry(workdir, cohort).publish(server_round, peft)


def create_key(workdir: Path, name: str = "tests") -> str:
    done = subprocess.run(
        [str(NETGPT), "apikey", "create", name, "--workdir", str(workdir), "--json"],
        capture_output=True, text=True, timeout=60, check=True,
    )
    return json.loads(done.stdout)["key"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Server:
    url: str
    workdir: Path
    log: Path
    process: subprocess.Popen[bytes]


def _hangup_at_its_default() -> None:
    """SIGHUP at its default, as a terminal starts a command: the test runner
    may have inherited it ignored (a CI job under `nohup`), and the server
    keeps an inherited ignore on purpose, which would hide a hangup test."""
    signal.signal(signal.SIGHUP, signal.SIG_DFL)


@contextmanager
def running_server(workdir: Path, *options: str) -> Iterator[Server]:
    """`netgpt serve [options]` on a free port until the block ends; fails fast if it dies."""
    port = free_port()
    log = workdir / "serve.log"
    with log.open("w") as sink:
        process = subprocess.Popen(
            [str(NETGPT), "serve", "--workdir", str(workdir), "--port", str(port), "--reload-interval", "0.2",
             *options],
            stdout=sink, stderr=subprocess.STDOUT, env={**os.environ, "NO_COLOR": "1"},
            preexec_fn=_hangup_at_its_default,
        )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + START_TIMEOUT_S
        while True:
            if process.poll() is not None:
                raise RuntimeError(f"netgpt serve exited with {process.returncode}:\n{log.read_text()}")
            try:
                if httpx.get(f"{url}/health", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                raise TimeoutError(f"netgpt serve not ready in {START_TIMEOUT_S} s:\n{log.read_text()}")
            time.sleep(0.3)
        yield Server(url=url, workdir=workdir, log=log, process=process)
    finally:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=15)
