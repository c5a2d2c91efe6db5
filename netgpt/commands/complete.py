"""`netgpt complete`: continue a prompt with the latest merged adapter."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from netgpt.commands.common import EXIT_FAILED, WorkdirOption, console, out


def complete_command(
    prompt: Annotated[str, typer.Argument(help="The text to complete.")],
    node: Annotated[str | None, typer.Option(help="Add this node's city-level context.")] = None,
    workdir: WorkdirOption = Path("work"),
    model: Annotated[str | None, typer.Option(help="Base model; defaults to the adapter's own.")] = None,
    max_new_tokens: Annotated[int, typer.Option(min=1, max=512)] = 40,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Complete PROMPT with the base model and the latest merged adapter."""
    from netgpt.completion import CompletionError, complete
    from netgpt.modeling import ModelError

    try:
        result = complete(prompt, workdir, model=model, node=node, max_new_tokens=max_new_tokens)
    except (CompletionError, ModelError) as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        out.print_json(json.dumps({"prompt": result.prompt, "completion": result.text, "adapter": str(result.adapter)}))
    else:
        out.print(result.text, highlight=False)
