"""`netgpt data generate`: synthetic records for an edge node, for demos and tests."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_USAGE, console, out

app = typer.Typer(help="Synthetic edge data.", no_args_is_help=True)


@app.command("generate")
def generate(
    node: Annotated[str, typer.Option(help="The node's name; its data goes to OUT/NODE.")],
    out_dir: Annotated[Path, typer.Option("--out", help="Root of the nodes' data directories.")] = Path("work/data"),
    region: Annotated[str | None, typer.Option(help="The user's region (default: chosen from the seed).")] = None,
    seed: Annotated[int, typer.Option(help="Same seed and node, same records.")] = 0,
    as_json: Annotated[bool, typer.Option("--json", help="Print what was written as JSON.")] = False,
) -> None:
    """Write one synthetic user's records, address book and planted-PII truth."""
    from netgpt.synthetic import REGIONS, generate_user, write_node_data

    if region is not None and region not in REGIONS:
        console.print(f"[red]unknown region {escape(region)!r}; known: {', '.join(REGIONS)}[/]")
        raise typer.Exit(EXIT_USAGE)
    user = generate_user(seed, node, region)
    directory = write_node_data(user, out_dir)
    summary = {"node": node, "region": user.region, "records": len(user.records), "dir": str(directory)}
    if as_json:
        out.print_json(json.dumps(summary))
    else:
        out.print(f"wrote {summary['records']} records for {escape(node)} ({summary['region']}) to {directory}")
