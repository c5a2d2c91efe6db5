"""`netgpt complete`: a local completion, or with --bundle, NetGPT's edge prompt completion.

Without --bundle the base model and the latest global adapter continue the
prompt on this machine. With --bundle the prompt is personalized on the node,
from the node's bundle alone as it would run on the device (desensitized,
expanded by the node's own adapter with context at its policy's location
level), and sent to the completion API for the node's cohort.
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
    bundle: Annotated[
        Path | None,
        typer.Option("--bundle", help="Complete as the edge node of this bundle: personalize on the node, "
                     "answer from the cloud API."),
    ] = None,
    api_url: Annotated[
        str | None, typer.Option(help="The completion API (with --bundle). [default: http://127.0.0.1:8000/v1]")
    ] = None,
    api_key: Annotated[
        str | None, typer.Option(help=f"API key (with --bundle); defaults to ${API_KEY_ENV}.", show_default=False)
    ] = None,
    show_sent: Annotated[
        bool, typer.Option("--show-sent", help="Also print exactly what left the device (with --bundle).")
    ] = False,
    model_cache: Annotated[
        Path | None, typer.Option(help="Converted base models (with --bundle; default BUNDLE/state/models).")
    ] = None,
    workdir: WorkdirOption = Path("work"),
    model: Annotated[str | None, typer.Option(help="Base model; defaults to the adapter's own.")] = None,
    max_new_tokens: Annotated[int, typer.Option(min=1, max=512, help="Length of the answer in tokens.")] = 40,
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
) -> None:
    """Complete PROMPT. Exit 2 on bad usage, 1 when the node, the model or the API fails."""
    if bundle is None:
        if api_url or api_key or show_sent or model_cache:
            console.print("[red]--api-url, --api-key, --show-sent and --model-cache need --bundle[/]")
            raise typer.Exit(EXIT_USAGE)
        _complete_locally(prompt, workdir, model, max_new_tokens, as_json)
        return
    key = api_key or os.environ.get(API_KEY_ENV)
    if not key:
        console.print(f"[red]--bundle needs an API key: --api-key KEY or ${API_KEY_ENV} (netgpt apikey create NAME)[/]")
        raise typer.Exit(EXIT_USAGE)
    _complete_at_edge(prompt, bundle, api_url, key, model_cache, model, max_new_tokens, show_sent, as_json)


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
    prompt: str, bundle_dir: Path, api_url: str | None, key: str, model_cache: Path | None,
    model: str | None, max_new_tokens: int, show_sent: bool, as_json: bool,
) -> None:
    from client.bundle import BundleError, NodeBundle
    from client.cloud_api import DEFAULT_API_URL, CloudApi, CloudApiError
    from client.edge_completion import EdgeCompletionError, complete_at_edge
    from client.edge_context import ProfileError
    from netgpt.modeling import ModelError
    from policies import PolicyError

    try:
        bundle = NodeBundle.load(bundle_dir)
    except BundleError as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    try:
        with CloudApi(api_url or DEFAULT_API_URL, key, timeout_s=300.0) as api:
            result = complete_at_edge(
                bundle, prompt, api, model_cache=model_cache, model=model, max_tokens=max_new_tokens
            )
    except (EdgeCompletionError, CloudApiError, ProfileError, ModelError, PolicyError) as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        document = {"node": result.node, "model": result.model, "answer": result.answer, "adapter": str(result.adapter)}
        if show_sent:
            document["sent"] = result.sent
        out.print_json(json.dumps(document, ensure_ascii=False))
        return
    if show_sent:
        console.print(f"[dim]sent to {escape(result.model)} (request body, exactly):[/]")
        out.print(result.sent, highlight=False, markup=False, soft_wrap=True)
        console.print("[dim]answer:[/]")
    out.print(result.answer, highlight=False, markup=False, soft_wrap=True)
