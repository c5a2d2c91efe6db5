"""`netgpt serve`: the OpenAI-compatible completion API over the adapter registry."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_USAGE, WorkdirOption, console

DRAIN_S = 30
"""Seconds answers in flight get to finish once a stop signal arrives. The
serving bench on the default model (docs/BENCHMARKS.md, issue 17; 2 cores,
answers of ~77 tokens) measured p95 latencies of 10–30 s with 1–16 clients on
a quiet machine, and 14–66 s under load, so 30 s lets a quiet server finish
what it is generating (3 s was below every p50 measured, 7.3 s and up). It is also the common grace of
process supervisors (Kubernetes gives 30 s; the compose file gives this
service 40 s before it kills)."""


def serve_command(
    host: Annotated[str, typer.Option(help="Interface to listen on; 0.0.0.0 for every one.")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="TCP port.")] = 8000,
    workdir: WorkdirOption = Path("work"),
    model: Annotated[
        str | None,
        typer.Option(help="Base model: 'default', 'tiny' or a model directory; defaults to the adapters' own."),
    ] = None,
    reload_interval: Annotated[
        float, typer.Option(min=0.1, help="Seconds between checks for newly published adapters.")
    ] = 2.0,
    max_batch: Annotated[
        int, typer.Option(min=1, max=256, help="Requests decoded together, any mix of model ids (continuous batching).")
    ] = 16,
    threads: Annotated[
        int,
        typer.Option(
            min=0, help="Torch threads of the decoding loop; 0 = one per core (torch's default). Pass 1 where "
            "other busy work shares the cores: intra-op barriers stall while a core is taken."
        ),
    ] = 0,
    api_docs: Annotated[
        bool, typer.Option(help="Serve /docs, /redoc and /openapi.json (without a key).")
    ] = False,
    log_level: Annotated[str, typer.Option(help="critical, error, warning, info or debug.")] = "info",
    drain_seconds: Annotated[
        int,
        typer.Option(
            min=0, help="On SIGTERM, SIGINT or SIGHUP: seconds answers in flight get to finish before they are "
            "cut (new requests are refused at once). A second Ctrl-C stops at once."
        ),
    ] = DRAIN_S,
) -> None:
    """Serve chat and text completions, OpenAI-style, from WORKDIR's adapters.

    Model ids: `netgpt:base` and `netgpt:<cohort>` for every
    `WORKDIR/adapters/<cohort>/latest` (e.g. `netgpt:global`,
    `netgpt:region-europe-west`); new rounds are picked up without a restart.
    Every `/v1` request needs a key from `netgpt apikey create NAME`.
    Limits (prompt size, tokens, requests held at once in all and per key)
    and prompt desensitization come from the policy's `serving` section
    (WORKDIR/policy.yaml, else the default policy). Exit 2 on a bad
    policy or option, 1 when the model cannot be loaded or the port is taken.
    """
    import uvicorn

    from netgpt.modeling import ModelError
    from policies import PolicyError
    from server.api.draining_server import DrainingServer
    from server.api.startup import build_service

    level = log_level.upper()
    if level not in {"CRITICAL", "ERROR", "WARNING", "INFO", "DEBUG"}:
        console.print(f"[red]--log-level must be critical, error, warning, info or debug, not {escape(log_level)!r}[/]")
        raise typer.Exit(EXIT_USAGE)
    _log_to_stderr(level)
    console.print(f"loading the base model and adapters of {escape(str(workdir))}…", soft_wrap=True)
    try:
        service = build_service(
            workdir, model=model, reload_interval=reload_interval, threads=threads or None,
            max_batch=max_batch, api_docs=api_docs,
        )
    except PolicyError as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    except ModelError as error:
        console.print(f"[red]{escape(str(error))}[/] (choose one with --model)", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    models = ", ".join(service.pool.model_ids())
    console.print(
        f"NetGPT API on http://{host}:{port}/v1 · base {escape(service.model)} · models: {models}", soft_wrap=True
    )
    # On SIGINT, SIGTERM and SIGHUP the server stops accepting, gives requests
    # in flight `drain_seconds` to finish, then re-raises the signal to our
    # handler (netgpt.cli), which exits 130/143/129 without waiting longer.
    config = uvicorn.Config(
        service.app, host=host, port=port, log_level=log_level.lower(),
        timeout_graceful_shutdown=drain_seconds,
    )
    server = DrainingServer(config)
    server.run()
    if not server.started:
        console.print(f"[red]could not listen on {escape(host)}:{port} (see the error above)[/]")
        raise typer.Exit(EXIT_FAILED)


def _log_to_stderr(level: str) -> None:
    """Our own log lines beside uvicorn's; other libraries' INFO chatter stays off."""
    handler = logging.StreamHandler()
    handler.setFormatter(logging.Formatter("%(levelname)s:     %(message)s"))
    logger = logging.getLogger("netgpt")
    logger.addHandler(handler)
    logger.setLevel(level)
    logger.propagate = False
