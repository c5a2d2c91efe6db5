"""`netgpt policy …`: validate data policy files before a federation runs them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from netgpt.commands.common import EXIT_USAGE, console, out
from policies import PolicyError, load_policy

app = typer.Typer(help="Check data policies.", no_args_is_help=True)


@app.command("check")
def check(
    file: Annotated[Path, typer.Argument(help="Policy YAML file.")],
    as_json: Annotated[bool, typer.Option("--json", help="Print the validated policy as JSON.")] = False,
) -> None:
    """Validate FILE; exit 2 naming the bad key and value when it is invalid."""
    try:
        policy = load_policy(file)
    except PolicyError as error:
        console.print(f"[red]invalid policy:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        document = {"valid": True, "hash": policy.content_hash(), "policy": policy.model_dump(mode="json")}
        out.print_json(json.dumps(document))
        return
    p = policy.privacy
    out.print(f"[green]valid[/] {file} (hash {policy.content_hash()[:16]}…)")
    out.print(
        f"  ε cap {p.max_epsilon} per record, per node, δ {p.delta:g}, σ ≥ {p.min_noise_multiplier}, "
        f"C = {p.max_grad_norm}; locations at {policy.desensitization.location_level} level; "
        f"{policy.aggregation.strategy} merging of ≥ {policy.aggregation.min_nodes} update(s), "
        f"each update clipped to norm {policy.aggregation.max_update_norm}"
    )
    client = policy.aggregation.client_dp
    if client.enabled:
        out.print(
            f"  client-level DP: ε cap {client.max_epsilon} per user over the federation's life, "
            f"σ {client.noise_multiplier}, updates clipped to {client.clipping_norm}"
        )
    else:
        out.print("  client-level DP off: a user's attributes repeated across records are protected only by "
                  "the record-level ε")
