"""`netgpt node start`: run an enrolled edge node from its bundle."""

from __future__ import annotations

import time
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, console

app = typer.Typer(help="Run an edge node.", no_args_is_help=True)
# A node stopped without saying goodbye stays "online" at the SuperLink until
# its heartbeat times out; a restart within that window is refused meanwhile.
ONLINE_WAIT = 180.0
RETRY_EVERY = 10.0


@app.command("start")
def start(
    bundle_dir: Annotated[Path, typer.Option("--bundle", help="The node bundle written by `netgpt enroll`.")],
    data_dir: Annotated[Path | None, typer.Option(help="The node's records (default: the bundle's data path).")] = None,
    model_cache: Annotated[
        Path | None, typer.Option(help="Converted base models (default BUNDLE/state/models).")
    ] = None,
    threads: Annotated[int, typer.Option(min=0, help="Torch threads for training; 0 = all cores.")] = 0,
    superlink: Annotated[
        str | None, typer.Option(help="HOST:PORT of the SuperLink, when it moved since enrollment.")
    ] = None,
    runtime_port: Annotated[
        int, typer.Option(min=1, max=65535, help="Loopback port of the SuperNode's own ClientApp API.")
    ] = 9094,
) -> None:
    """Join the federation as the node in BUNDLE and train when the SuperLink asks.

    Exits with a message naming the problem when the bundle is missing or broken,
    the SuperLink's certificate is not from the bundle's CA, or the SuperLink
    refuses the node's key (never enrolled, or revoked).
    """
    from dataclasses import replace

    from client.bundle import BundleError, NodeBundle
    from netgpt.flower_env import flower_env
    from netgpt.processes import run_foreground
    from netgpt.supernode import NodeStartError, check_superlink, explain_exit, node_paths, supernode_argv

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
    console.print(f"node {bundle.name} (id {bundle.node_id}, region {bundle.region}) joining {bundle.superlink}")
    argv = supernode_argv(bundle, paths, runtime_port, threads)
    deadline = time.monotonic() + ONLINE_WAIT
    try:
        while True:
            # SIGINT/SIGTERM raise out of here once the SuperNode's tree is gone.
            finished = run_foreground(argv, flower_env(paths.layout.flwr_home("supernode")))
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
