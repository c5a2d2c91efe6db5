"""Where a federated round's time goes: Flower overhead vs the node's own work.

Reads the round log of a finished run (default: the demo's) and prints, per
round, the training phase's wall time, the server's own work after the last
reply came in (checks, ledger, merge, publishing), and what is left outside
the slowest node's handler: Flower's overhead (ClientApp start, FAB install,
the SuperExec's and the ServerApp's polling, messaging). Then
per node the handler time split into DP-SGD and loading/preparation. Nodes
report their timings in whole seconds and no throughput (see
`client.client_app.train`), so the per-node figures are good to a second.
Where the log has each reply's creation time (Flower's metadata, the node's
clock, kept in whole seconds; a remote node's clock may be off), each node's
line also shows the seconds from the round's start to its handler ("before":
delivery, the SuperExec's poll, fork, FAB install) and from its reply to the
server's aggregation ("reply waited": the slower nodes, and the ServerApp's
polling).
Usage: `.venv/bin/python bench/round_breakdown.py [WORKDIR]` (default `work`).
"""

from __future__ import annotations

import sys
from pathlib import Path

from server.round_log import RoundLog


def main() -> None:
    workdir = Path(sys.argv[1] if len(sys.argv) > 1 else "work")
    events = RoundLog(workdir).read()
    if not events:
        sys.exit(f"no round log in {workdir}; run `make demo` first")
    starts = {e["round"]: e["time"] for e in events if e["event"] == "round-start"}
    for event in (e for e in events if e["event"] == "train" and e.get("accepted")):
        wall = event["time"] - starts[event["round"]]
        server = event["time"] - event.get("replies_at", event["time"])  # older logs: lumped with Flower's
        slowest = max(r["node_seconds"] for r in event["accepted"])
        flower = wall - server - slowest
        print(f"round {event['round']}: train phase {wall:.1f} s wall; slowest node handler "
              f"{slowest:.0f} s; server after the replies {server:.1f} s; Flower overhead {flower:.1f} s "
              f"({flower / wall:.0%} of the phase; node handlers are reported in whole seconds)")
        replied = event.get("replied", {})
        print(f"  {'node':>7} {'handler s':>9} {'DP-SGD s':>9} {'load+prep s':>11} "
              f"{'before s':>8} {'reply waited s':>14}")
        for report in sorted(event["accepted"], key=lambda r: r["node"]):
            handler, train = report["node_seconds"], report["train_seconds"]
            line = f"  {report['node']:>7} {handler:>9.0f} {train:>9.0f} {handler - train:>11.0f}"
            if report["node"] in replied:  # before the handler: delivery, fork, FAB install; after: polling
                at = replied[report["node"]]
                line += f" {at - starts[event['round']] - handler:>8.0f} {event['replies_at'] - at:>14.0f}"
            print(line)
    evaluations = [e for e in events if e["event"] == "evaluate"]
    for e in evaluations:
        change = (e["adapter-ppl"] / e["base-ppl"] - 1) * 100
        print(f"round {e['round']}: public held-out perplexity {e['base-ppl']:.2f} -> "
              f"{e['adapter-ppl']:.2f} ({change:+.1f}%)")


if __name__ == "__main__":
    main()
