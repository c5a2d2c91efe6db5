"""`netgpt superlink`: the federation's SuperLink, in the foreground."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_INTERRUPTED, WorkdirOption, console
from netgpt.layout import Workdir


def superlink_command(
    workdir: WorkdirOption = Path("work"),
    host: Annotated[str, typer.Option(help="Interface to listen on (0.0.0.0 in a container).")] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of Flower's APIs (nodes and operators).")] = 8000,
    advertise: Annotated[
        str | None,
        typer.Option(help="HOST:PORT that nodes dial, written into their bundles (default: this host and port)."),
    ] = None,
    san: Annotated[
        list[str] | None, typer.Option(help="Extra host name for the server certificate; repeatable.")
    ] = None,
) -> None:
    """Run the SuperLink with TLS and SuperNode authentication until stopped.

    Creates the CA and server certificate in WORKDIR/certs on first start and
    reuses them afterwards; Flower's state, the enrollment registry, the ledger
    and the merged adapters persist in WORKDIR.
    """
    from netgpt.flower_env import flower_env
    from netgpt.processes import run_foreground
    from netgpt.superlink import advertised_address, prepare, superlink_argv
    from privacy.identity.tls import TLSError

    address = advertise or advertised_address(host, port)
    try:
        tls = prepare(workdir, address, tuple(san or ()))
    except (TLSError, OSError) as error:
        console.print(f"[red]cannot prepare certificates:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from None
    console.print(f"SuperLink on {host}:{port}, nodes dial {address}; CA {tls.ca_cert}")
    try:
        # SIGINT/SIGTERM raise out of here once the SuperLink's tree is gone.
        argv = superlink_argv(workdir, host, port, tls)
        code = run_foreground(argv, flower_env(Workdir(workdir).flwr_home("superlink"))).code
    except KeyboardInterrupt:
        console.print("SuperLink stopped")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    if code != 0:
        console.print(f"[red]the SuperLink exited with status {code}[/]")
        raise typer.Exit(EXIT_FAILED)
