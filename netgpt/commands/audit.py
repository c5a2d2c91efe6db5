"""`netgpt audit`: every node's privacy spend, read from the signed ledger.

The numbers come from the ledger the aggregator signed, never from the nodes;
`--verify` re-checks that ledger end to end with the aggregator's public key
(chain, signatures and every ε), so an operator or an outside auditor can
trust the table without trusting the machine it came from.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from netgpt.commands.common import EXIT_FAILED, WorkdirOption, console, out
from policies import Policy, PolicyError, policy_in_force
from privacy.dp.ledger import (
    FEDERATION_NODE,
    Ledger,
    LedgerEntry,
    LedgerError,
    Verification,
    public_key_file,
)
from privacy.identity.signing import SigningKeyError, load_public_key
from server.enrollment import Enrollments


@dataclass(frozen=True)
class NodeAudit:
    node: str
    epsilon_spent: float
    epsilon_cap: float
    delta: float
    rounds: int
    rejections: int
    status: str


def node_status(entries: list[LedgerEntry], revoked: bool = False) -> str:
    """A node's standing from its own entries, oldest first, and its enrollment."""
    if revoked:
        return "revoked"
    return "exhausted" if entries[-1].decision == "exhausted" else "active"


def by_node(entries: list[LedgerEntry]) -> dict[str, list[LedgerEntry]]:
    """Each node's entries in ledger order, nodes by name."""
    grouped: dict[str, list[LedgerEntry]] = {}
    for entry in entries:
        grouped.setdefault(entry.node, []).append(entry)
    return dict(sorted(grouped.items()))


def summarize(entries: list[LedgerEntry], cap: float, revoked: frozenset[str] = frozenset()) -> list[NodeAudit]:
    """One row per node."""
    return [
        NodeAudit(
            node=node,
            epsilon_spent=own[-1].epsilon_total,
            epsilon_cap=cap,
            delta=own[-1].delta,
            rounds=sum(e.decision == "accepted" for e in own),
            rejections=sum(e.decision == "rejected" for e in own),
            status=node_status(own, node in revoked),
        )
        for node, own in by_node(entries).items()
    ]


def audit_command(
    workdir: WorkdirOption = Path("work"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    verify: Annotated[
        bool, typer.Option("--verify", help="Check the ledger's chain, signatures and every ε.")
    ] = False,
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE.png", help="Plot cumulative ε per node.")
    ] = None,
) -> None:
    """Show each node's privacy budget from the signed ledger; exit 1 when
    the ledger is missing or `--verify` finds it altered."""
    try:
        policy = policy_in_force(workdir)
        ledger = Ledger.open(workdir)
        entries = ledger.entries()
        verification = ledger.verify(load_public_key(public_key_file(workdir))) if verify else None
    except (PolicyError, LedgerError, SigningKeyError) as error:
        console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
        raise typer.Exit(EXIT_FAILED) from None
    node_entries = [e for e in entries if e.node != FEDERATION_NODE]
    federation = federation_summary(entries)
    revoked = frozenset(n.name for n in Enrollments(workdir).all() if n.revoked)
    nodes = summarize(node_entries, policy.privacy.max_epsilon, revoked)
    if as_json:
        _print_json(policy, nodes, federation, len(entries), verification)
    else:
        _print_table(policy, nodes, federation, len(entries))
    if plot is not None:
        _plot_or_fail(node_entries, policy.privacy.max_epsilon, plot)
    if verification is not None:
        _report_verification(verification)


def federation_summary(entries: list[LedgerEntry]) -> dict[str, float] | None:
    """Federation-level ε of the client-DP releases, beside the nodes' record-level ε."""
    releases = [e for e in entries if e.node == FEDERATION_NODE]
    if not releases:
        return None
    last = releases[-1]
    return {"epsilon": last.epsilon_total, "delta": last.delta, "releases": len(releases)}


def _print_json(
    policy: Policy,
    nodes: list[NodeAudit],
    federation: dict[str, float] | None,
    count: int,
    verification: Verification | None,
) -> None:
    document = {
        "policy": {**policy.model_dump(mode="json"), "hash": policy.content_hash()},
        "nodes": [
            {
                "node": n.node, "epsilon_spent": n.epsilon_spent, "epsilon_cap": n.epsilon_cap,
                "delta": n.delta, "rounds": n.rounds, "rejections": n.rejections, "status": n.status,
            }
            for n in nodes
        ],
        "federation": federation,
        "ledger": {"entries": count, "verified": None if verification is None else verification.ok},
    }
    out.print_json(json.dumps(document))


def _print_table(
    policy: Policy, nodes: list[NodeAudit], federation: dict[str, float] | None, count: int
) -> None:
    # Sized so that the whole table fits the 80 columns of a pipe or a small terminal.
    table = Table(title="Privacy budget per node", show_edge=False)
    table.add_column("node", no_wrap=True)
    for column in ("ε spent", "cap", "remaining", "δ", "rounds trained", "rejections"):
        word = max(len(part) for part in column.split())
        table.add_column(column, justify="right", min_width=word, max_width=word if " " in column else None)
    table.add_column("status", no_wrap=True, min_width=len("exhausted"))
    for n in nodes:
        colour = "green" if n.status == "active" else "yellow"
        table.add_row(
            escape(n.node), f"{n.epsilon_spent:.3f}", f"{n.epsilon_cap:.3f}",
            f"{max(n.epsilon_cap - n.epsilon_spent, 0.0):.3f}", f"{n.delta:g}",
            str(n.rounds), str(n.rejections), f"[{colour}]{n.status}[/]",
        )
    out.print(table)
    if federation is not None:
        out.print(
            f"client-level DP: federation ε {federation['epsilon']:.3f} at δ {federation['delta']:g}"
            f" after {int(federation['releases'])} noised merge(s)", highlight=False,
        )
    out.print(f"{count} ledger entries · policy {policy.content_hash()}", highlight=False, soft_wrap=True)


def _report_verification(verification: Verification) -> None:
    if verification.ok:
        console.print(
            f"[green]verified[/] {verification.entries} entries: chain, signatures and ε all check out"
        )
        return
    console.print(f"[red]ledger verification failed[/] at {escape(verification.problem)}", soft_wrap=True)
    raise typer.Exit(EXIT_FAILED)


def _plot_or_fail(entries: list[LedgerEntry], cap: float, path: Path) -> None:
    try:
        plot_budgets(entries, cap, path)
    except ImportError:
        console.print("[red]--plot needs matplotlib[/] (pip install matplotlib==3.11.2)")
        raise typer.Exit(EXIT_FAILED) from None
    except OSError as error:
        console.print(
            f"[red]cannot write {escape(str(path))}:[/] {escape(error.strerror or str(error))}", soft_wrap=True
        )
        raise typer.Exit(EXIT_FAILED) from None
    console.print(f"plot written to {escape(str(path))}", soft_wrap=True)


def plot_budgets(entries: list[LedgerEntry], cap: float, path: Path) -> None:
    """Cumulative ε per node over rounds, with the cap as a line. Uses the Agg
    canvas directly, so no GUI backend or global pyplot state is touched."""
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.ticker import MaxNLocator

    figure = Figure(figsize=(7, 4), layout="constrained")
    FigureCanvasAgg(figure)
    axes = figure.add_subplot()
    for node, own in by_node(entries).items():
        # Round numbers restart with every run; a node's n-th ledger entry does not.
        axes.plot(range(1, len(own) + 1), [e.epsilon_total for e in own], marker="o", label=node)
    axes.axhline(cap, color="red", linestyle="--", label=f"cap ε = {cap:g}")
    axes.set_title("Privacy spent per node (from the signed ledger)")
    axes.set_xlabel("rounds the node took part in, across runs")
    axes.set_ylabel("cumulative ε")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, 1.1 * max([cap, *(e.epsilon_total for e in entries)]))
    axes.legend(loc="best")
    figure.savefig(path, format="png", dpi=120)
