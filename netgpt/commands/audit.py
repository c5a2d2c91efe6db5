"""`netgpt audit`: every node's privacy spend, read from the signed ledger.

The numbers come from the ledger the aggregator signed, never from the nodes;
`--verify` re-checks that ledger end to end with the aggregator's public key
(chain, signatures and every ε), so an operator or an outside auditor can
trust the table without trusting the machine it came from. It also holds each
node's reported (PRV) ε against RDP's, an independent bound on the same ε.
A chain alone cannot show that its newest entries were cut off or that
ledger and key were re-made together, so `--verify` also holds the ledger
against the anchor (the pinned key and head outside the work directory) and
against the receipts nodes kept (`--receipts`), and says so when it had neither.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Annotated, NoReturn

import typer
from rich.markup import escape
from rich.table import Table

from netgpt.commands.common import EXIT_FAILED, WorkdirOption, console, out
from policies import Policy, PolicyError, policy_in_force
from privacy.dp.accounting import cross_check
from privacy.dp.anchor import AnchorError, LedgerAnchor, find_anchor
from privacy.dp.ledger import (
    FEDERATION_NODE,
    Ledger,
    LedgerEntry,
    LedgerError,
    Verification,
    ledger_path,
    public_key_file,
)
from privacy.dp.ledger_checks import Finding, PinCheck, ReceiptSource, check_pins
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


EMPIRICAL = "Empirical audit (--empirical)"
EMPIRICAL_CONFIDENCE = 0.95


@dataclass(frozen=True)
class Checked:
    """What `--verify` found: the chain, the ledger against its pins, and
    the two accountants against each other."""

    verification: Verification | None
    pins: PinCheck
    accounting: list[Finding]

    @property
    def findings(self) -> list[Finding]:
        chain = self.verification
        broken = [] if chain is None or chain.ok else [Finding("chain", f"at {chain.problem}")]
        return broken + self.pins.findings + self.accounting

    @property
    def ok(self) -> bool:
        return self.verification is not None and self.verification.ok and not self.findings


def audit_command(
    workdir: WorkdirOption = Path("work"),
    as_json: Annotated[bool, typer.Option("--json", help="Print JSON on stdout.")] = False,
    verify: Annotated[
        bool, typer.Option("--verify", help="Check the ledger's chain, signatures and every ε, and its pins.")
    ] = False,
    anchor_dir: Annotated[
        Path | None,
        typer.Option(
            "--anchor", metavar="DIR",
            help="The ledger's anchor (pinned key and head); implies --verify. Default: $NETGPT_LEDGER_ANCHOR, "
            "else the aggregator's own anchor for WORKDIR, when either pins anything.",
        ),
    ] = None,
    receipts: Annotated[
        list[Path] | None,
        typer.Option(
            "--receipts", metavar="PATH",
            help="A node's bundle directory or receipts file to check the ledger against; repeatable; "
            "implies --verify.",
        ),
    ] = None,
    plot: Annotated[
        Path | None, typer.Option("--plot", metavar="FILE.png", help="Plot cumulative ε per node.")
    ] = None,
    empirical: Annotated[
        bool,
        typer.Option(
            "--empirical", rich_help_panel=EMPIRICAL,
            help="Instead of the ledger: plant canaries in a copy of a user's records, train the node's way and "
            "print a lower bound ε̂ on the real ε beside the claimed one (one-run audit, Steinke et al. 2023).",
        ),
    ] = False,
    node_data: Annotated[
        Path | None,
        typer.Option(
            "--node-data", metavar="DIR", rich_help_panel=EMPIRICAL,
            help="A node's data directory to audit on (read, never written); default: a synthetic user.",
        ),
    ] = None,
    canaries: Annotated[int, typer.Option(min=20, rich_help_panel=EMPIRICAL, help="Canaries planted.")] = 1000,
    epochs: Annotated[int, typer.Option(min=1, rich_help_panel=EMPIRICAL, help="Epochs of training.")] = 4,
    max_length: Annotated[int, typer.Option(min=16, rich_help_panel=EMPIRICAL, help="Tokens per record.")] = 32,
    records: Annotated[
        int, typer.Option(min=1, rich_help_panel=EMPIRICAL, help="The user's training records used, at most.")
    ] = 100,
    seed: Annotated[
        int | None, typer.Option(rich_help_panel=EMPIRICAL, help="Repeatable canaries and coins (default: the OS's).")
    ] = None,
    arm: Annotated[
        str, typer.Option(rich_help_panel=EMPIRICAL, help="dp (the policy's noise), no-dp (σ = 0) or both.")
    ] = "both",
    model: Annotated[
        str, typer.Option(rich_help_panel=EMPIRICAL, help="'default', 'tiny' or a local HF model directory.")
    ] = "default",
    canary_kind: Annotated[
        str,
        typer.Option(
            rich_help_panel=EMPIRICAL,
            help="gradient (records that are a one-coordinate per-sample gradient, clipped and noised by Opacus "
            "like any record; white-box) or input (random text secrets among the records).",
        ),
    ] = "gradient",
    score: Annotated[
        str | None,
        typer.Option(
            rich_help_panel=EMPIRICAL,
            help="For input canaries: gradient (white-box: the update's alignment with each canary's clipped "
            "gradient, from the initial and final adapter; the default) or loss (black-box: the canary's loss "
            "against the base model's). Gradient canaries have one score: coordinate.",
        ),
    ] = None,
) -> None:
    """Show each node's privacy budget from the signed ledger; exit 1 when
    the ledger is missing or `--verify` finds it altered, cut short, or
    re-made under another key. `--empirical` audits the training instead."""
    if empirical:
        # Imported here: it loads torch, which the ledger audit never needs.
        from netgpt.commands.empirical_audit import AuditPlan, empirical_command

        plan = AuditPlan(canaries, epochs, max_length, records, EMPIRICAL_CONFIDENCE, seed)
        empirical_command(workdir, plan, arm, canary_kind, score, node_data, model, as_json)
        return
    verify = verify or anchor_dir is not None or bool(receipts)
    sources = [ReceiptSource.at(path) for path in receipts or []]
    anchor = None
    try:
        policy = policy_in_force(workdir)
        if verify:
            anchor = find_anchor(workdir, anchor_dir, os.environ)
        ledger = Ledger.open(workdir)
        entries = ledger.entries()
        checked = _check(workdir, ledger, anchor, sources) if verify else None
    except LedgerError as error:
        if not (anchor is not None or sources) or ledger_path(workdir).exists():
            _fail(error)
        _report_missing(workdir, anchor, sources, as_json)
    except (PolicyError, AnchorError, SigningKeyError, OSError) as error:
        _fail(error)
    node_entries = [e for e in entries if e.node != FEDERATION_NODE]
    federation = federation_summary(entries, policy.aggregation.client_dp.max_epsilon)
    revoked = frozenset(n.name for n in Enrollments(workdir).all() if n.revoked)
    nodes = summarize(node_entries, policy.privacy.max_epsilon, revoked)
    if as_json:
        _print_json(policy, nodes, federation, len(entries), checked)
    else:
        _print_table(policy, nodes, federation, len(entries))
    if plot is not None:
        _plot_or_fail(node_entries, policy.privacy.max_epsilon, plot)
    if checked is not None:
        _report_verification(checked)


def _check(workdir: Path, ledger: Ledger, anchor: LedgerAnchor | None, sources: list[ReceiptSource]) -> Checked:
    key = load_public_key(public_key_file(workdir))
    pins = check_pins(ledger.path, ledger.hashes, key, anchor, sources)
    return Checked(ledger.verify(key), pins, accountants_disagree(ledger.entries()))


def accountants_disagree(entries: list[LedgerEntry]) -> list[Finding]:
    """Each node's whole history under PRV against RDP: PRV's lower bound on
    ε must not exceed RDP's upper one. Verify already re-derived every figure
    with the accountant it names; this catches that accountant being wrong."""
    findings = []
    for node, own in by_node(entries).items():
        history = [(e.noise_multiplier, e.sample_rate, e.steps) for e in own if e.steps > 0]
        problem = cross_check(history, own[-1].delta)
        if problem:
            findings.append(Finding("accounting", f"node {node}: {problem}"))
    return findings


def _fail(error: Exception) -> NoReturn:
    console.print(f"[red]{escape(str(error))}[/]", soft_wrap=True)
    raise typer.Exit(EXIT_FAILED) from None


def _report_missing(
    workdir: Path, anchor: LedgerAnchor | None, sources: list[ReceiptSource], as_json: bool
) -> NoReturn:
    """The ledger is gone while pins say it existed: name that, and what pins it."""
    try:
        pins = check_pins(ledger_path(workdir), None, None, anchor, sources)
    except (AnchorError, SigningKeyError, OSError) as error:
        _fail(error)
    checked = Checked(None, pins, [])
    if as_json:
        out.print_json(json.dumps({"ledger": _ledger_document(0, checked)}))
    for finding in checked.findings:
        console.print(f"[red]ledger check failed:[/] {escape(finding.message)}", soft_wrap=True)
    raise typer.Exit(EXIT_FAILED)


# What one ε protects. A node's ε is record-level DP-SGD: it bounds what the
# adapter reveals about any one record (a message, a note, a GPS fix) of that
# node's user. A user's home city or routine recurs across many records, so the
# record-level ε says little about it; only client-level DP (one node's whole
# data as the unit) covers such attributes.
NODE_PRIVACY_UNIT = "record"
FEDERATION_PRIVACY_UNIT = "user"
RECORD_LEVEL_ONLY_WARNING = (
    "client-level DP is off: each ε above bounds what one record reveals, not what a user's "
    "records reveal together; attributes repeated across them (a home city, a routine) are "
    "not protected by it. aggregation.client_dp in the policy adds a per-user guarantee."
)


def _warnings(policy: Policy) -> list[str]:
    return [] if policy.aggregation.client_dp.enabled else [RECORD_LEVEL_ONLY_WARNING]


def federation_summary(entries: list[LedgerEntry], cap: float) -> dict[str, float] | None:
    """Federation-level ε of the client-DP releases (ε per user), beside the
    nodes' record-level ε; `cap` is the policy's client-level cap. A ledger
    entry covers all of one round's releases (its steps)."""
    records = [e for e in entries if e.node == FEDERATION_NODE]
    if not records:
        return None
    last = records[-1]
    releases = sum(e.steps for e in records if e.decision == "accepted")
    return {"epsilon": last.epsilon_total, "cap": cap, "delta": last.delta, "releases": releases}


def _print_json(
    policy: Policy,
    nodes: list[NodeAudit],
    federation: dict[str, float] | None,
    count: int,
    checked: Checked | None,
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
        "privacy_unit": {
            "node_epsilon": NODE_PRIVACY_UNIT,
            "federation_epsilon": (
                FEDERATION_PRIVACY_UNIT if federation is not None or policy.aggregation.client_dp.enabled else None
            ),
        },
        "warnings": _warnings(policy),
        "ledger": _ledger_document(count, checked),
    }
    out.print_json(json.dumps(document))


def _ledger_document(count: int, checked: Checked | None) -> dict[str, object]:
    if checked is None:
        return {"entries": count, "verified": None}
    return {
        "entries": count,
        "verified": checked.ok,
        "findings": [{"kind": f.kind, "message": f.message} for f in checked.findings],
        "anchor": None if checked.pins.anchor is None else str(checked.pins.anchor),
        "receipts": checked.pins.receipts,
        "pinned_seq": checked.pins.pinned_seq,
        "truncation_checked": checked.pins.truncation_checked,
    }


def _print_table(
    policy: Policy, nodes: list[NodeAudit], federation: dict[str, float] | None, count: int
) -> None:
    # Sized so that the whole table fits the 80 columns of a pipe or a small terminal.
    table = Table(
        title="Privacy budget per node: ε per record, per node", show_edge=False
    )
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
            f"client-level DP: federation ε {federation['epsilon']:.3f} per user (cap"
            f" {federation['cap']:g}) at δ {federation['delta']:g} after"
            f" {int(federation['releases'])} noised release(s)",
            highlight=False,
        )
    elif policy.aggregation.client_dp.enabled:
        out.print(
            f"client-level DP: no release yet (cap {policy.aggregation.client_dp.max_epsilon:g} per user)",
            highlight=False,
        )
    for warning in _warnings(policy):
        console.print(f"[yellow]warning:[/] {warning}", soft_wrap=True)
    out.print(f"{count} ledger entries · policy {policy.content_hash()}", highlight=False, soft_wrap=True)


def _report_verification(checked: Checked) -> None:
    for finding in checked.findings:
        label = "ledger verification failed" if finding.kind == "chain" else "ledger check failed:"
        console.print(f"[red]{label}[/] {escape(finding.message)}", soft_wrap=True)
    if not checked.ok:
        raise typer.Exit(EXIT_FAILED)
    assert checked.verification is not None
    console.print(
        f"[green]verified[/] {checked.verification.entries} entries: chain, signatures and ε all check out, "
        "and every node's PRV ε is within RDP's bound"
    )
    pins = checked.pins
    if not pins.truncation_checked:
        anchored = f" (the anchor {escape(str(pins.anchor))} pins no head yet)" if pins.anchor else ""
        console.print(
            f"[yellow]no pinned head or receipt to check against{anchored}:[/] truncation of the newest "
            "entries cannot be ruled out (pass --anchor DIR or --receipts PATH)", soft_wrap=True,
        )
        return
    against = [f"the anchor {escape(str(pins.anchor))}"] if pins.anchor else []
    against += [f"{pins.receipts} receipt(s)"] if pins.receipts else []
    console.print(
        f"[green]anchored[/]: entries up to seq {pins.pinned_seq} match what {' and '.join(against)} pin",
        soft_wrap=True,
    )


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
        # Round numbers restarted with every run in ledgers written before they ran on across
        # runs (issue 14); a node's n-th ledger entry never did.
        axes.plot(range(1, len(own) + 1), [e.epsilon_total for e in own], marker="o", label=node)
    axes.axhline(cap, color="red", linestyle="--", label=f"cap ε = {cap:g}")
    axes.set_title("Privacy spent per node (from the signed ledger)")
    axes.set_xlabel("rounds the node took part in, across runs")
    axes.set_ylabel("cumulative ε")
    axes.xaxis.set_major_locator(MaxNLocator(integer=True))
    axes.set_ylim(0, 1.1 * max([cap, *(e.epsilon_total for e in entries)]))
    axes.legend(loc="best")
    figure.savefig(path, format="png", dpi=120)
