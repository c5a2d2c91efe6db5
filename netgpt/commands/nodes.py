"""`netgpt enroll`, `netgpt revoke`, `netgpt nodes`: who may join the federation."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape
from rich.table import Table

from netgpt.commands.common import EXIT_FAILED, WorkdirOption, console, out


def enroll_command(
    name: Annotated[str, typer.Argument(help="The node's name, unique in the federation.")],
    public_key: Annotated[
        Path, typer.Option("--public-key", help="The node's node.pub, made on its device by `netgpt node init`.")
    ],
    region: Annotated[
        str, typer.Option(help="The node's region; its cohort adapter is merged per region.")
    ] = "default",
    out_dir: Annotated[
        Path | None,
        typer.Option("--out", help="Where to write the bundle files (default WORKDIR/nodes/NAME); "
                     "the node's own directory puts them beside its key."),
    ] = None,
    data_dir: Annotated[
        Path | None, typer.Option(help="Where the node's records live on its device (default WORKDIR/data/NAME).")
    ] = None,
    superlink: Annotated[
        str | None, typer.Option(help="HOST:PORT the node dials (default: what the SuperLink advertises).")
    ] = None,
    max_epsilon: Annotated[
        float | None, typer.Option(help="Node limit: refuse runs whose ε cap is higher.")
    ] = None,
    delta: Annotated[float | None, typer.Option(help="Node limit: refuse runs whose δ is larger.")] = None,
    min_noise_multiplier: Annotated[
        float | None, typer.Option(help="Node limit: refuse runs whose σ floor is lower.")
    ] = None,
    location_level: Annotated[
        str | None, typer.Option(help="Node limit: refuse runs keeping locations finer (city|region|country).")
    ] = None,
    strategy: Annotated[
        list[str] | None, typer.Option(help="Node limit: a merge strategy the node takes part in (ffa|fedavg); repeat.")
    ] = None,
    workdir: WorkdirOption = Path("work"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the enrollment as JSON.")] = False,
) -> None:
    """Register NAME's public key with the running SuperLink and write its bundle, which holds no secret.

    The key pair is made on the node's device: `netgpt node init --out DIR` there,
    then hand DIR/node.pub to the operator. When --out is DIR itself (node and
    aggregator on one machine) the bundle files go beside the key. Otherwise copy
    every file written to --out (bundle.json, ca.crt, ...) into DIR on the
    device, and run `netgpt node start --bundle DIR` there.

    The limit options write the node's own limits into its bundle (limits.yaml):
    the node then refuses any run whose policy protects less."""
    from client.node_limits import NodeLimitsError, parse_node_limits
    from netgpt.enrollment import EnrollError, enroll
    from netgpt.layout import Workdir
    from netgpt.superlink import SuperLinkNotFound

    data = data_dir or Workdir(workdir.resolve()).node_data(name)
    options = {"max_epsilon": max_epsilon, "delta": delta, "min_noise_multiplier": min_noise_multiplier,
               "location_level": location_level, "strategies": strategy or None}
    try:
        limits = parse_node_limits({k: v for k, v in options.items() if v is not None}, "node limits")
        bundle = enroll(workdir, name, region, data, public_key, out_dir, superlink, limits)
    except (EnrollError, SuperLinkNotFound, NodeLimitsError) as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    beside_key = bundle.key.exists()
    if as_json:
        out.print_json(json.dumps({"name": bundle.name, "node_id": bundle.node_id, "region": bundle.region,
                                   "bundle": str(bundle.directory), "superlink": bundle.superlink,
                                   "beside_key": beside_key}))
        return
    out.print(f"enrolled [bold]{escape(name)}[/] as node id {bundle.node_id} (region {escape(region)})")
    if beside_key:
        out.print(f"bundle: {bundle.directory}  — start it with `netgpt node start --bundle {bundle.directory}`")
    else:
        out.print(f"bundle files (no key) in {bundle.directory}: copy them into the node's directory on its "
                  "device (the one `netgpt node init` made), then `netgpt node start --bundle DIR` there",
                  soft_wrap=True)


def revoke_command(
    name: Annotated[str, typer.Argument(help="The enrolled node to cut off.")],
    workdir: WorkdirOption = Path("work"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the result as JSON.")] = False,
) -> None:
    """Unregister NAME: it is dropped now, and its key is refused from then on."""
    from netgpt.enrollment import EnrollError, revoke
    from netgpt.superlink import SuperLinkNotFound

    try:
        node = revoke(workdir, name)
    except (EnrollError, SuperLinkNotFound) as error:
        console.print(f"[red]{escape(str(error))}[/]")
        raise typer.Exit(EXIT_FAILED) from None
    if as_json:
        out.print_json(json.dumps({"name": node.name, "node_id": node.node_id, "revoked_at": node.revoked_at}))
        return
    out.print(f"revoked [bold]{escape(node.name)}[/] (node id {node.node_id}) at {node.revoked_at}")


def nodes_command(
    workdir: WorkdirOption = Path("work"),
    as_json: Annotated[bool, typer.Option("--json", help="Print the nodes as JSON.")] = False,
) -> None:
    """List the enrolled nodes: name, node id, region, status, enrolled at."""
    from netgpt.enrollment import node_statuses

    statuses, problem = node_statuses(workdir)
    if as_json:
        out.print_json(json.dumps({"nodes": [s.to_json() for s in statuses], "liveness_unknown": problem}))
    else:
        table = Table(title=f"Nodes of {workdir}")
        for column in ("name", "node id", "region", "status", "enrolled at"):
            table.add_column(column)
        colours = {"online": "green", "revoked": "red", "enrolled": "yellow"}
        for s in statuses:
            table.add_row(escape(s.node.name), str(s.node.node_id), escape(s.node.region),
                          f"[{colours[s.status]}]{s.status}[/]", s.node.enrolled_at)
        out.print(table)
        if not statuses:
            out.print("no node enrolled yet: `netgpt enroll NAME --region REGION`")
    if problem:
        console.print(f"[yellow]online status unknown: {escape(problem)}[/]")
        raise typer.Exit(EXIT_FAILED)
