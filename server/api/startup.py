"""Assembling the API from a work directory: policy, base model, adapters, keys.

Kept apart from the command so that tests and the benchmark build exactly
what `netgpt serve` runs.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from fastapi import FastAPI

from netgpt.layout import Workdir
from netgpt.modeling import load_base_model
from policies import policy_in_force
from server.api.adapter_pool import AdapterPool, base_model_of, published_adapters
from server.api.app import create_app
from server.api.generation import Generator
from server.api.guard import PromptGuard
from server.api.keys import ApiKeyStore

FALLBACK_MODEL = "default"
FALLBACK_CONTEXT_TOKENS = 2048
DEFAULT_MAX_BATCH = 16
"""Requests decoded together; more wait in the queue (policy `serving`)."""
DEFAULT_THREADS: int | None = None
"""Torch threads of the decoding loop, None for one per core: a batch of
rows is compute-bound from two rows on, so it scales with threads (on two
quiet cores, 8 clients got 3.06x plain `generate` with two threads, 2.29x
with one; docs/BENCHMARKS.md, issue 17). Where other busy processes share
the cores, one thread is better: intra-op barriers stall while a core is
taken (10x slower measured on two loaded cores)."""


@dataclass
class Service:
    app: FastAPI
    pool: AdapterPool
    model: str
    """The base model as loaded: 'default', 'tiny' or a directory."""


def base_model_name(workdir: Path, override: str | None) -> str:
    """`override`, else the base the published adapters were trained on."""
    if override:
        return override
    for source in published_adapters(workdir).values():
        name = base_model_of(source)
        if name:
            return name
    return FALLBACK_MODEL


def build_service(
    workdir: Path,
    model: str | None = None,
    reload_interval: float | None = 2.0,
    threads: int | None = DEFAULT_THREADS,
    max_batch: int = DEFAULT_MAX_BATCH,
    api_docs: bool = False,
) -> Service:
    """Load everything `netgpt serve` needs; raises PolicyError or ModelError.

    Up to `max_batch` requests, for any mix of adapters, decode together on
    `threads` torch threads (None: torch's default, one per core); `api_docs`
    serves the OpenAPI pages.
    """
    workdir = Path(workdir)
    policy = policy_in_force(workdir)
    name = base_model_name(workdir, model)
    base = load_base_model(name, Workdir(workdir).models)
    base.model.eval()
    pool = AdapterPool(workdir, base.model)
    pool.refresh()
    guard = PromptGuard(policy)
    guard.warm()
    context = int(getattr(base.model.config, "max_position_embeddings", 0) or FALLBACK_CONTEXT_TOKENS)
    generator = Generator(pool, base.tokenizer, context, threads, max_batch)
    app = create_app(pool, generator, guard, ApiKeyStore(workdir), reload_interval, api_docs)
    return Service(app=app, pool=pool, model=name)
