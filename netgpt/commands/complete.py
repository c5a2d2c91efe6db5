"""`netgpt complete`: a local completion, or with --node, NetGPT's edge prompt completion.

Without --node the base model and the latest global adapter continue the
prompt on this machine. With --node the prompt is personalized on the node
(desensitized, expanded by the node's own adapter with city-level context)
and sent to the completion API for the node's cohort.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_FAILED, EXIT_USAGE, WorkdirOption, console, out

API_KEY_ENV = "NETGPT_API_KEY"


def complete_command(
    prompt: Annotated[str, typer.Argument(help="The text to complete.")],
    node: Annotated[
        str | None,
        typer.Option(help="Complete as this edge node: personalize on the node, answer from the cloud API."),
    ] = None,
    api_url: Annotated[str | None, typer.Option(help="The completion API (with --node). [default: http://127.0.0.1:8000/v1]")] = None,
    api_key: Annotated[
        str | None, typer.Option(help=f"API key (with --node); defaults to ${API_KEY_ENV}.", show_default=False)
    ] = None,
    show_sent: Annotated[
        bool, typer.Option("--show-sent", help="Also print exactly what left the device (with --node).")
    ] = False,
    workdir: WorkdirOption = Path("work"),
    model: Annotated[str | None, typer.Option(help="Base model; defaults to the adapter's own.")] = None,
    max_new_tokens: Annotated[int, typer.Option(min=1, max=512, help="Length of the answer in tokens.")] = 40,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Complete PROMPT. Exit 2 on bad usage, 1 when the model or the API fails."""
    if node is None:
        if api_url or api_key or show_sent:
            console.print("[red]--api-url, --api-key and --show-sent need --node[/]")
            raise typer.Exit(EXIT_USAGE)
        _complete_locally(prompt, workdir, model, max_new_tokens, as_json)
        return
    key = api_key or os.environ.get(API_KEY_ENV)
    if not key:
        console.print(f"[red]--node needs an API key: --api-key KEY or ${API_KEY_ENV} (netgpt apikey create NAME)[/]")
        raise typer.Exit(EXIT_USAGE)
    _complete_at_edge(prompt, node, api_url, key, workdir, model, max_new_tokens, show_sent, as_json)


def _complete_locally(prompt: str, workdir: Path, model: str | None, max_new_tokens: int, as_json: bool) -> None:
    from netgpt.completion import CompletionError, complete
    from netgpt.modeling import ModelError

    try:
        result = complete(prompt, workdir, model=model, max_new_tokens=max_new_tokens)
    except (CompletionError, ModelError) as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        out.print_json(json.dumps({"prompt": result.prompt, "completion": result.text, "adapter": str(result.adapter)}))
    else:
        out.print(result.text, highlight=False)


def _complete_at_edge(
    prompt: str, node: str, api_url: str | None, key: str, workdir: Path, model: str | None,
    max_new_tokens: int, show_sent: bool, as_json: bool,
) -> None:
    from client.prompt_completion import DEFAULT_API_URL, EdgeCompletionError, complete_at_edge
    from netgpt.modeling import ModelError
    from policies import PolicyError

    try:
        result = complete_at_edge(
            workdir, node, prompt, api_url or DEFAULT_API_URL, key, model=model, max_tokens=max_new_tokens
        )
    except (EdgeCompletionError, ModelError, PolicyError) as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        document = {
            "node": result.node, "model": result.model, "answer": result.answer,
            "adapter": str(result.adapter), "personal_adapter": result.personal,
        }
        if show_sent:
            document["sent"] = result.sent
        out.print_json(json.dumps(document, ensure_ascii=False))
        return
    if show_sent:
        console.print(f"[dim]sent to {escape(result.model)} (request body, exactly):[/]")
        out.print(result.sent, highlight=False, markup=False, soft_wrap=True)
        console.print("[dim]answer:[/]")
    out.print(result.answer, highlight=False, markup=False, soft_wrap=True)
