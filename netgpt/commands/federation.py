"""`netgpt federation …`: run a local federation of edge nodes."""

from __future__ import annotations

import json
import math
from dataclasses import asdict
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.markup import escape
from rich.table import Table

from netgpt.commands.common import (
    EXIT_FAILED,
    EXIT_INTERRUPTED,
    PolicyOption,
    WorkdirOption,
    checked_memory_budget,
    console,
    out,
    policy_or_exit,
    ppl_and_change,
)

if TYPE_CHECKING:
    from netgpt.layout import Workdir

app = typer.Typer(help="Run a federation of edge nodes.", no_args_is_help=True)


def describe_event(event: dict[str, Any]) -> str | None:
    kind = event.get("event")
    if kind == "state-moved":
        return f"moved {event['node']}'s state into its bundle ({event['to']})"
    if kind == "trust-written":
        return f"{event['node']} now runs only apps signed with this work directory's key"
    if kind == "prepared":
        return f"data ready for {', '.join(event['nodes'])}"
    if kind == "model-ready":
        return f"base model '{event['model']}' ready"
    if kind == "superlink":
        return f"SuperLink on {event['address']} (TLS, SuperNode authentication)"
    if kind == "stale-sessions":
        return f"waiting for {event['count']} node session(s) of an earlier launch to time out"
    if kind == "enrolled":
        return f"enrolled {event['node']} (node id {event['node_id']})"
    if kind == "supernodes":
        return f"{event['count']} SuperNodes started"
    if kind == "submitted":
        return f"run {event['run_id']} submitted"
    if kind == "train":
        accepted = event.get("accepted") or []
        if not accepted:
            return f"round {event['round']}: no acceptable update, adapter unchanged"
        eps = ", ".join(f"{r['node']} ε={r['epsilon']:.2f}" for r in accepted)
        if not event.get("merged"):
            why = event.get("error") or event.get("note") or "too few to merge"
            return f"round {event['round']}: {len(accepted)} update(s) not merged ({eps}): {why}"
        return f"round {event['round']}: merged {len(accepted)} update(s) ({eps}){_cohorts(event)}"
    if kind == "reject":
        return f"round {event['round']}: rejected {event.get('node', event['node_id'])}: {event['reason']}"
    if kind == "exhausted":
        return f"round {event['round']}: {event['node']} has exhausted its privacy budget"
    if kind == "dropped":
        return (
            f"round {event['round']}: dropped {', '.join(event['nodes'])}: no reply to the training request"
            f" (deadline {event['deadline_s']:g} s)"
        )
    if kind == "no-quorum":
        online = ", ".join(event["online"]) or "none"
        return (
            f"round {event['round']}: not trained: fewer online nodes with budget left ({online})"
            f" than the policy's min_nodes {event['required']}"
        )
    if kind == "evaluate":
        return (
            f"round {event['round']}: public held-out perplexity base {event['base-ppl']:.2f}"
            f" → adapter {event['adapter-ppl']:.2f}"
        )
    return _describe_resume(event)


def _cohorts(event: dict[str, Any]) -> str:
    """Which region adapters the round published and which it withheld: a
    cohort is withheld when publishing it would leave a node's update
    recoverable by subtraction (server/cohort_release.py), which an operator
    would otherwise take for a failure."""
    cohorts: dict[str, str | None] = event.get("cohorts") or {}
    published = sorted(name for name, path in cohorts.items() if path)
    failed = event.get("cohort_errors") or {}
    withheld = sorted(name for name, path in cohorts.items() if not path and name not in failed)
    parts = [
        f"{verb} {', '.join(names)}"
        for verb, names in (("published", published), ("withheld", withheld), ("failed to publish", sorted(failed)))
        if names
    ]
    return f"; {'; '.join(parts)}" if parts else ""


def _summary_table(events: list[dict[str, Any]]) -> Table:
    table = Table(title="Run summary (public held-out perplexity)")
    for column in ("round", "updates", "max ε", "base ppl", "adapter ppl", "change"):
        table.add_column(column, justify="right")
    trains = {e["round"]: e for e in events if e.get("event") == "train"}
    for e in (e for e in events if e.get("event") == "evaluate"):
        accepted = trains.get(e["round"], {}).get("accepted") or []
        eps = max((r["epsilon"] for r in accepted), default=math.nan)
        change = (e["adapter-ppl"] - e["base-ppl"]) / e["base-ppl"] * 100
        table.add_row(
            str(e["round"]), str(len(accepted)), f"{eps:.2f}",
            f"{e['base-ppl']:.2f}", f"{e['adapter-ppl']:.2f}", f"{change:+.1f}%",
        )
    return table


def _node_evaluations(layout: Workdir, nodes: int, run_id: int) -> dict[str, list[dict[str, Any]]]:
    """Each local node's own evaluations of this run, its latest of each round
    (held-out records split by conversation or day, `client.records`). A real
    node never sends them; this launcher runs every node here, so it can read
    them from their bundles."""
    from client.evaluation import run_evaluations
    from netgpt.layout import NodeLayout

    found = {}
    for index in range(1, nodes + 1):
        name = f"node-{index}"
        log = NodeLayout(layout.node_bundle(name)).evaluations
        found[name] = [asdict(e) for e in run_evaluations(log, run_id)]
    return found


def _node_table(evaluations: dict[str, list[dict[str, Any]]]) -> Table:
    """Beside the public set's figures: what each user's own held-out records say."""
    table = Table(title="Each node's own held-out records (kept on the node)")
    for column in ("node", "round", "base ppl", "global ppl", "change", "kept ppl", "change"):
        table.add_column(column, justify="right")
    for name, rows in evaluations.items():
        for e in rows:
            base = e["base_ppl"]
            table.add_row(name, str(e["round"]), f"{base:.2f}", *ppl_and_change(e["adapter_ppl"], base),
                          *ppl_and_change(e.get("kept_ppl"), base))
    return table


@app.command("up")
def federation_up(
    nodes: Annotated[int, typer.Option(min=1, max=32, help="Number of edge SuperNodes.")] = 3,
    rounds: Annotated[int, typer.Option(min=1, help="Federated rounds.")] = 2,
    model: Annotated[
        str, typer.Option(help="'default' (SmolLM2-135M), 'tiny', or a local HF model directory.")
    ] = "default",
    workdir: WorkdirOption = Path("work"),
    seed: Annotated[int, typer.Option(help="Seed of the synthetic edge data.")] = 0,
    policy_file: PolicyOption = None,
    precision: Annotated[
        str, typer.Option(help="'bf16' autocast, 'fp32', or 'auto': bf16 where each node's CPU has it natively.")
    ] = "auto",
    fresh_clientapps: Annotated[
        bool, typer.Option("--fresh-clientapps", help="Start each node's ClientApps as fresh processes "
                           "(Flower's own SuperExec), as `node start --fresh-clientapps` does, instead of "
                           "forking them from a warm process: slower rounds, less memory between them.")
    ] = False,
    max_memory_mb: Annotated[
        str, typer.Option(metavar="MIB|auto", callback=checked_memory_budget,
                          help="Each node's memory budget for a training round, as "
                          "`node start --max-memory-mb` takes it: MiB, 0 for none (fastest), or auto.")
    ] = "auto",
    prompt: Annotated[
        str, typer.Option(help="Prompt completed with the merged adapter at the end.")
    ] = "any tips for a saturday in",
    as_json: Annotated[bool, typer.Option("--json", help="Print the run summary as JSON on stdout.")] = False,
) -> None:
    """Start a SuperLink, enroll and start N SuperNodes on loopback, run the rounds, stop everything."""
    from netgpt.allocator import choose_allocator
    from netgpt.cohorts import GLOBAL
    from netgpt.completion import CompletionError, complete
    from netgpt.federation import FederationSpec, LocalFederation
    from netgpt.layout import Workdir
    from netgpt.memory_budget import PHONE_CLASS_MIB, parse_budget

    policy = policy_or_exit(policy_file)
    if precision not in ("auto", "bf16", "fp32"):
        raise typer.BadParameter("must be 'auto', 'bf16' or 'fp32'", param_hint="--precision")
    budget = parse_budget(max_memory_mb)  # checked while the command line was read
    if budget == "auto" and choose_allocator("auto").library is None:
        console.print(f"[yellow]memory budget: none; nodes keep auto's {PHONE_CLASS_MIB} MiB only on tcmalloc or "
                      "jemalloc, and neither is installed (Debian/Ubuntu: apt install libtcmalloc-minimal4)[/]")
    spec = FederationSpec(
        workdir=workdir, nodes=nodes, rounds=rounds, model=model,
        seed=seed, policy=policy, run_config={"train.precision": precision}, fresh_clientapps=fresh_clientapps,
        max_memory_mb=budget,
    )

    def show(event: dict[str, Any]) -> None:
        line = describe_event(event)
        if line:
            console.print(f"[cyan]•[/] {escape(line)}")

    try:
        with console.status("federation running…", spinner="dots"):
            result = LocalFederation(spec, show).up()
    except KeyboardInterrupt:
        console.print("[red]interrupted[/]: every process started has been stopped")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except Exception as error:
        console.print(f"[red]federation failed:[/] {error}")
        raise typer.Exit(EXIT_FAILED) from None
    events = result["events"]
    layout = Workdir(spec.workdir.resolve())
    summary: dict[str, Any] = {
        "run_id": result["run_id"],
        "seconds": round(result["seconds"], 1),
        "workdir": str(spec.workdir.resolve()),
        "adapters": str(layout.cohort(GLOBAL)),
        "logs": str(layout.logs),
        "policy_hash": policy.content_hash(),
        "rounds": [
            e for e in events if e.get("event") in ("train", "evaluate", "reject", "exhausted", "dropped", "no-quorum")
        ],
        "node_evaluations": _node_evaluations(layout, nodes, result["run_id"]),
    }
    try:
        with console.status("completing the prompt with the merged adapter…"):
            completion = complete(prompt, spec.workdir, bundle=layout.node_bundle("node-1"))
        summary["completion"] = {"prompt": completion.prompt, "text": completion.text}
    except KeyboardInterrupt:
        console.print("[red]interrupted[/] while completing the prompt; every process started has been stopped")
        raise typer.Exit(EXIT_INTERRUPTED) from None
    except CompletionError as error:
        console.print(f"[red]{error}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        out.print_json(json.dumps(summary))
        return
    out.print(_summary_table(events))
    out.print(_node_table(summary["node_evaluations"]))
    out.print(f"[bold]Personalized completion[/] (node-1, adapter {completion.adapter.name}):")
    out.print(f"  [dim]{completion.prompt}[/]{completion.text}")
    out.print(f"Adapters: {summary['adapters']}  (latest → {completion.adapter.name})")
    out.print(f"Logs:     {summary['logs']}   Run time: {summary['seconds']} s")


def _describe_resume(event: dict[str, Any]) -> str | None:
    """The lines about where a run starts and about a SuperLink that went away."""
    kind = event.get("event")
    if kind == "start":
        adapter = event.get("adapter") or "the initial adapter (nothing published yet)"
        recovered = event.get("recovered") or []
        note = f"; recorded {len(recovered)} decision(s) an earlier run left unrecorded" if recovered else ""
        return f"rounds from {event.get('first_round')}, starting from {adapter}{note}"
    if kind == "abort":
        return f"the run stopped before its first round: {event.get('error')}"
    if kind == "superlink-lost":
        return (f"the SuperLink stopped answering ({event['error']}); waiting up to {event['wait_s']:.0f} s "
                "for it to be restarted")
    if kind == "superlink-back":
        return f"the SuperLink answers again; run {event['run_id']} is {event['status']}"
    if kind == "resuming":
        said = f"; Flower says {event['details']!r}" if event.get("details") else ""
        return (f"run {event['run_id']} ended without its ServerApp ({event['status']}{said}) after "
                f"{event['finished']} round(s); running the {event['rounds']} left as a new run from the latest "
                "global adapter")
    if kind == "ledger-unwritable":
        return f"round {event['round']}: not trained: the privacy ledger cannot be written ({event['error']})"
    return None
