"""`netgpt node init`, `start` and `status`: an edge node's own commands, run on its device."""

from __future__ import annotations

import json
import time
from dataclasses import asdict
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Annotated, cast, get_args

import click
import typer
from rich.markup import escape
from rich.table import Table

from netgpt.allocator import AllocatorChoice
from netgpt.commands.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    checked_memory_budget,
    console,
    out,
    ppl_and_change,
)

app = typer.Typer(help="Create and run an edge node.", no_args_is_help=True)
# A node stopped without saying goodbye stays "online" at the SuperLink until
# its heartbeat times out; a restart within that window is refused meanwhile.
ONLINE_WAIT = 180.0
RETRY_EVERY = 10.0


@app.command("init")
def init(
    out_dir: Annotated[
        Path, typer.Option("--out", help="The node's directory: its key pair now, its bundle once enrolled.")
    ],
    as_json: Annotated[bool, typer.Option("--json", help="Print the paths as JSON.")] = False,
) -> None:
    """Create this node's key pair in DIR, on the device: the private key never leaves it.

    Hand DIR/node.pub to the operator, who enrolls it with
    `netgpt enroll NAME --public-key node.pub`; the bundle files that writes go
    into DIR. Refuses a DIR that holds a node key already.
    """
    from netgpt.enrollment import EnrollError, init_node

    try:
        layout = init_node(out_dir)
    except EnrollError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        out.print_json(json.dumps({"directory": str(layout.root), "public_key": str(layout.public_key)}))
        return
    # One line each, unwrapped: the paths are there to be copied.
    out.print(f"node key created in {layout.root} (the private key {layout.key.name} stays there, 0600)",
              soft_wrap=True)
    out.print(f"public key: {layout.public_key}", soft_wrap=True)
    out.print(f"next, on the aggregator: `netgpt enroll NAME --public-key {layout.public_key}`, with "
              f"`--out {layout.root}` on this machine; else copy the bundle files it writes into {layout.root}",
              soft_wrap=True)


@app.command("start")
def start(
    bundle_dir: Annotated[
        Path, typer.Option("--bundle", help="The node's directory: its key and the bundle `netgpt enroll` wrote.")
    ],
    data_dir: Annotated[Path | None, typer.Option(help="The node's records (default: the bundle's data path).")] = None,
    model_cache: Annotated[
        Path | None, typer.Option(help="Converted base models (default BUNDLE/state/models).")
    ] = None,
    threads: Annotated[int, typer.Option(min=0, help="Torch threads for training; 0 = all cores.")] = 0,
    max_memory_mb: Annotated[
        str,
        typer.Option(
            metavar="MIB|auto",
            callback=checked_memory_budget,
            help="The device's memory budget for a training round, in MiB: smaller physical batches and loss "
            "chunks, then checkpointed layers, same privacy accounting. 0 = none (fastest). auto: 1024 where rounds "
            "train in bf16 on tcmalloc or jemalloc, which keep to it at the speed of the node before budgets "
            "existed; else none (in fp32 a given budget is kept with checkpointed layers, about 0.7x the speed).",
        ),
    ] = "auto",
    superlink: Annotated[
        str | None, typer.Option(help="HOST:PORT of the SuperLink, when it moved since enrollment.")
    ] = None,
    runtime_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Loopback port of the SuperNode's own ClientApp API.")
    ] = 9094,
    fresh_clientapps: Annotated[
        bool,
        typer.Option(
            "--fresh-clientapps",
            help="Start each ClientApp as a fresh process (Flower's own SuperExec) instead of forking it from a "
            "warm one: 0.36 GiB less memory while idle, 7.6-11 CPU-seconds more per round.",
        ),
    ] = False,
    allocator: Annotated[
        str,
        typer.Option(
            click_type=click.Choice(get_args(AllocatorChoice)),
            help="The memory allocator the node's processes run with. auto: tcmalloc, else jemalloc, where "
            "installed (apt install libtcmalloc-minimal4), else the system's malloc. glibc's malloc lets a "
            "training round's peak grow with every step and trains slower.",
        ),
    ] = "auto",
) -> None:
    """Join the federation as the node in BUNDLE and train when the SuperLink asks.

    Exits with a message naming the problem when the bundle is missing or broken,
    the SuperLink's certificate is not from the bundle's CA, or the SuperLink
    refuses the node's key (never enrolled, or revoked).
    """
    from dataclasses import replace

    from client.bundle import BundleError, NodeBundle
    from netgpt.allocator import AllocatorError, choose_allocator
    from netgpt.flower_env import flower_env
    from netgpt.memory_budget import PHONE_CLASS_MIB, parse_budget
    from netgpt.processes import run_foreground
    from netgpt.supernode import (
        NodeStartError,
        check_superlink,
        explain_exit,
        node_paths,
        superexec_argv,
        superexec_secret,
        supernode_argv,
    )

    budget = parse_budget(max_memory_mb)  # checked while the command line was read
    try:
        memory_allocator = choose_allocator(cast(AllocatorChoice, allocator))
    except AllocatorError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        bundle = NodeBundle.load(bundle_dir)
        if superlink is not None:
            bundle = replace(bundle, superlink=superlink)
    except BundleError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        paths = node_paths(bundle, data_dir, model_cache)
        check_superlink(bundle)
    except NodeStartError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    paths.layout.state.mkdir(parents=True, exist_ok=True)
    clientapps = "fresh ClientApp processes" if fresh_clientapps else "ClientApps forked from a warm process"
    console.print(f"node {bundle.name} (id {bundle.node_id}, region {bundle.region}) joining {bundle.superlink}; "
                  f"{clientapps}")
    console.print(f"memory allocator: {memory_allocator.name}")
    if budget == "auto" and memory_allocator.library is None:
        console.print(f"[yellow]memory budget: auto, none on the system malloc (it would be overrun); install "
                      f"tcmalloc (apt install libtcmalloc-minimal4) for {PHONE_CLASS_MIB} MiB[/]")
    elif budget == "auto":
        console.print(f"memory budget: auto ({PHONE_CLASS_MIB} MiB for rounds trained in bf16; none in fp32, "
                      f"where --max-memory-mb {PHONE_CLASS_MIB} keeps it at about 0.7x the speed)")
    elif budget:
        console.print(f"memory budget: {budget} MiB")
        if memory_allocator.library is None:
            console.print(f"[yellow]--max-memory-mb {budget}: on the system's malloc a round's peak grows "
                          "over its steps, 8-44% above the plan's estimate where measured; install tcmalloc "
                          "(apt install libtcmalloc-minimal4) to keep it within the budget[/]")
    else:
        console.print("memory budget: none")
    secret = superexec_secret(paths.layout)
    argv = supernode_argv(bundle, paths, runtime_port, threads, secret, budget)
    companion = partial(superexec_argv, runtime_port, secret, fresh_clientapps)
    deadline = time.monotonic() + ONLINE_WAIT
    try:
        while True:
            # SIGINT/SIGTERM raise out of here once the SuperNode's tree is gone.
            env = memory_allocator.environment(flower_env(paths.layout.flwr_home("supernode")))
            finished = run_foreground(argv, env, companion=companion)
            reason = explain_exit(bundle, paths, finished.code, finished.tail)
            if not reason.retry or time.monotonic() > deadline:
                break
            console.print(f"[yellow]{escape(reason.message)}; trying again in {RETRY_EVERY:.0f} s[/]")
            time.sleep(RETRY_EVERY)
    except KeyboardInterrupt:
        console.print("node stopped")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    console.print(f"[red]{escape(reason.message)}[/]")
    raise typer.Exit(EXIT_FAILED)


@app.command("status")
def status(
    bundle_dir: Annotated[Path, typer.Option("--bundle", help="The node's directory.")],
    last: Annotated[int, typer.Option(min=1, help="How many of the newest evaluations to show.")] = 5,
    as_json: Annotated[bool, typer.Option("--json", help="Print the evaluations as JSON.")] = False,
) -> None:
    """Show the node's last evaluations: held-out perplexity of the base model,
    of each adapter the aggregator sent and of the adapter the node kept after
    that round, on this node's own records.

    They never leave the device (the aggregator gets an acknowledgement only),
    so this is the one place to see what the federation does for this user.
    """
    from client.evaluation import last_evaluations
    from netgpt.layout import NodeLayout

    layout = NodeLayout(bundle_dir)
    if not layout.root.is_dir():
        console.print(f"[red]no node directory at {escape(str(layout.root))}[/]")
        raise typer.Exit(EXIT_USAGE)
    evaluations = last_evaluations(layout.evaluations, last)
    if as_json:
        out.print_json(json.dumps({"bundle": str(layout.root), "evaluations": [asdict(e) for e in evaluations]}))
        return
    if not evaluations:
        out.print(f"no evaluation yet in {layout.evaluations}", soft_wrap=True)
        return
    table = Table(title="Held-out perplexity on this node's own records (kept on the device)")
    for column in ("when (UTC)", "run", "round", "tokens", "base ppl", "global ppl", "change", "kept ppl", "change"):
        table.add_column(column, justify="right")
    for e in evaluations:
        table.add_row(
            datetime.fromtimestamp(e.time, UTC).strftime("%Y-%m-%d %H:%M:%S"), str(e.run_id), str(e.round),
            str(e.tokens), f"{e.base_ppl:.2f}", *ppl_and_change(e.adapter_ppl, e.base_ppl),
            *ppl_and_change(e.kept_ppl, e.base_ppl),
        )
    out.print(table)
    out.print("global: the merged adapter the aggregator sent; kept: the node's own adapter after that round "
              "(its round mixed with the merge), the one edge completion uses", soft_wrap=True)
