"""`netgpt apikey …`: keys for the completion API (`netgpt serve`).

A key is printed once, at creation; the work directory keeps only its hash.
A running server sees new and revoked keys at once, without a restart.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from netgpt.commands.common import EXIT_FAILED, EXIT_USAGE, WorkdirOption, console, out
from server.api.keys import ApiKeyError, ApiKeyStore

app = typer.Typer(help="Create, list and revoke API keys for `netgpt serve`.", no_args_is_help=True)

JsonOption = Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")]


@app.command("create")
def create(
    name: Annotated[str, typer.Argument(help="Who or what the key is for, e.g. 'laptop'.")],
    workdir: WorkdirOption = Path("work"),
    as_json: JsonOption = False,
) -> None:
    """Create a key called NAME and print it once (exit 2 if NAME is taken or invalid)."""
    try:
        key = ApiKeyStore(workdir).create(name)
    except ApiKeyError as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        out.print_json(json.dumps({"name": name, "key": key}))
        return
    out.print(key, highlight=False, soft_wrap=True)
    console.print(
        f"key [bold]{escape(name)}[/] created; it is shown only now. "
        "Send it as `Authorization: Bearer <key>` (OpenAI clients: api_key=...)."
    )


@app.command("list")
def list_keys(workdir: WorkdirOption = Path("work"), as_json: JsonOption = False) -> None:
    """List key names, creation times and hash fingerprints (never the keys)."""
    try:
        keys = ApiKeyStore(workdir).list()
    except ApiKeyError as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        rows = [{"name": k.name, "created": k.created, "fingerprint": k.fingerprint} for k in keys]
        out.print_json(json.dumps({"keys": rows}))
        return
    table = Table("name", "created (UTC)", "fingerprint")
    for k in keys:
        created = datetime.fromtimestamp(k.created, UTC).strftime("%Y-%m-%d %H:%M:%S")
        table.add_row(escape(k.name), created, k.fingerprint)
    out.print(table)


@app.command("revoke")
def revoke(
    name: Annotated[str, typer.Argument(help="The key's name.")],
    workdir: WorkdirOption = Path("work"),
) -> None:
    """Revoke the key called NAME; exit 2 when there is none."""
    try:
        removed = ApiKeyStore(workdir).revoke(name)
    except ApiKeyError as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    if not removed:
        console.print(f"[red]no key named {escape(name)!r} in {workdir}[/]")
        raise typer.Exit(EXIT_USAGE)
    console.print(f"key [bold]{escape(name)}[/] revoked")
