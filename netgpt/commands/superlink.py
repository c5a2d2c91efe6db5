"""`netgpt superlink`: the federation's SuperLink, in the foreground."""

from __future__ import annotations

import contextlib
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_INTERRUPTED, EXIT_USAGE, WorkdirOption, console


def superlink_command(
    workdir: WorkdirOption = Path("work"),
    host: Annotated[
        str, typer.Option(help="Interface the SuperLink listens on: loopback unless --insecure-control.")
    ] = "127.0.0.1",
    port: Annotated[int, typer.Option(min=1, max=65535, help="Port of Flower's APIs (nodes and operators).")] = 8000,
    public: Annotated[
        str | None,
        typer.Option(
            help="HOST:PORT of the TLS front (nginx) that passes only the nodes' Fleet API to the SuperLink, "
            "which stays on loopback (e.g. 0.0.0.0:8443)."
        ),
    ] = None,
    insecure_control: Annotated[
        bool,
        typer.Option(
            "--insecure-control",
            help="Allow a non-loopback --host without --public: anyone reaching it can submit runs. "
            "Only behind a front of your own.",
        ),
    ] = False,
    advertise: Annotated[
        str | None,
        typer.Option(
            help="HOST:PORT that nodes dial, written into their bundles (default: the front's address with "
            "--public, else this host and port)."
        ),
    ] = None,
    san: Annotated[
        list[str] | None, typer.Option(help="Extra host name for the server certificate; repeatable.")
    ] = None,
) -> None:
    """Run the SuperLink with TLS and SuperNode authentication until stopped.

    Creates the CA and server certificate in WORKDIR/certs on first start and
    reuses them afterwards; Flower's state, the enrollment registry, the ledger
    and the merged adapters persist in WORKDIR.

    Flower's Control API (nodes, runs) has no authentication, so the SuperLink
    listens on loopback: operators run `netgpt enroll/nodes/train` (or `flwr`)
    on this host or through an SSH tunnel, and nodes on other hosts come in
    through --public, which passes the Fleet API only.
    """
    from netgpt.app_hub import AppHubError, running_hub
    from netgpt.front import Endpoint, FrontError, running_front
    from netgpt.processes import run_foreground
    from netgpt.superlink import (
        ExposureError,
        advertised_address,
        check_exposure,
        prepare,
        superlink_argv,
        superlink_env,
    )
    from privacy.identity.tls import TLSError

    try:
        check_exposure(host, port, public, insecure_control)
        front = Endpoint.parse(public) if public is not None else None
    except (ExposureError, FrontError) as error:
        console.print(f"[red]refused:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None
    control = advertised_address(host, port)
    address = advertise or (advertised_address(front.host, front.port) if front else control)
    try:
        tls = prepare(workdir, address, tuple(san or ()), control=control)
    except (TLSError, OSError) as error:
        console.print(f"[red]cannot prepare certificates:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from None
    where = f"front on {front}, " if front else ""
    console.print(f"SuperLink on {host}:{port}, {where}nodes dial {address}; CA {tls.ca_cert}")
    try:
        # SIGINT/SIGTERM raise out of here once the SuperLink's tree is gone.
        argv = superlink_argv(workdir, host, port, tls)
        guard = running_front(workdir, front, port, tls) if front else contextlib.nullcontext()
        with running_hub(workdir) as hub_url, guard as running:
            alive = running.check if running is not None else lambda: None
            code = run_foreground(argv, superlink_env(workdir, hub_url), alive=alive).code
    except KeyboardInterrupt:
        console.print("SuperLink stopped")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except AppHubError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    except FrontError as error:
        console.print(f"[red]the front failed:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from None
    if code != 0:
        console.print(f"[red]the SuperLink exited with status {code}[/]")
        raise typer.Exit(EXIT_FAILED)
