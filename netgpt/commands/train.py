"""`netgpt train`: submit training rounds to the running SuperLink and follow them."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.markup import escape

from netgpt.commands.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    EXIT_USAGE,
    PolicyOption,
    WorkdirOption,
    console,
    out,
    policy_or_exit,
)
from netgpt.commands.federation import describe_event


def train_command(
    rounds: Annotated[int, typer.Option(min=1, help="Federated rounds.")] = 2,
    policy_file: PolicyOption = None,
    model: Annotated[
        str, typer.Option(help="'default' (SmolLM2-135M), 'tiny', or a local HF model directory.")
    ] = "default",
    min_online: Annotated[
        int | None,
        typer.Option(
            help="Wait for this many online nodes before the first round, for at most the policy's "
            "round_timeout_s (default: all online enrolled nodes, at least the policy's min_nodes)."
        ),
    ] = None,
    max_train_records: Annotated[int, typer.Option(min=0, help="Cap on records per node per round; 0 = all.")] = 0,
    workdir: WorkdirOption = Path("work"),
    timeout: Annotated[
        float | None,
        typer.Option(
            min=1, help="Seconds to wait for the run to finish (default: what the policy's round deadline allows)."
        ),
    ] = None,
    as_json: Annotated[bool, typer.Option("--json", help="Print the run's events as JSON at the end.")] = False,
) -> None:
    """Run ROUNDS rounds on the SuperLink of WORKDIR under the policy, streaming progress.

    The app is built and signed with WORKDIR's app-signing key first: nodes run
    only apps that key signed, handed to the SuperLink by its app hub. The run
    goes on from the latest global adapter, its rounds numbered after every
    earlier one. Should the SuperLink crash, `train` waits for it to be
    restarted (up to 300 s) and runs the rounds left as a new run.
    """
    from netgpt.enrollment import node_statuses
    from netgpt.flower_cli import FlowerCliError
    from netgpt.superlink import SuperLinkNotFound, operator_env
    from netgpt.training import TrainingError, TrainingRun

    policy = policy_or_exit(policy_file)
    try:
        env = operator_env(workdir)
    except SuperLinkNotFound as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_USAGE) from None
    if min_online is None:
        statuses, _ = node_statuses(workdir)
        min_online = sum(s.status == "online" for s in statuses)
    expected = max(min_online, policy.aggregation.min_nodes)
    run = TrainingRun(
        workdir=workdir, rounds=rounds, policy=policy, model=model, expected_nodes=expected,
        run_config={"train.max-train-records": max_train_records}, timeout=timeout,
    )

    def show(event: dict[str, Any]) -> None:
        line = describe_event(event)
        if line:
            console.print(f"[cyan]•[/] {escape(line)}")

    try:
        with console.status(f"training: {rounds} round(s), waiting for {expected} node(s)…", spinner="dots"):
            run_id, events = run.execute(env, show)
    except KeyboardInterrupt:
        console.print("[red]interrupted[/]: the run goes on at the SuperLink; `flwr stop` ends it")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except (TrainingError, FlowerCliError) as error:
        console.print(f"[red]training failed:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_FAILED) from None
    merged = [e for e in events if e.get("event") == "train" and e.get("merged")]
    numbers = [e["round"] for e in events if e.get("event") == "train"]
    if as_json:
        out.print_json(json.dumps({"run_id": run_id, "events": events}))
    else:
        span = f" (round {', '.join(str(number) for number in numbers)})" if numbers else ""
        out.print(f"run {run_id} finished: {len(merged)} of {rounds} round(s) merged{span}")
        for event in (e for e in events if e.get("event") == "dropped"):
            out.print(f"round {event['round']}: dropped {escape(', '.join(event['nodes']))} (no reply in time)")
    if not merged:
        raise typer.Exit(EXIT_FAILED)
