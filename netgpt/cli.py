"""The `netgpt` command line: the root app and its commands.

Each command or group lives in `netgpt/commands/`; see `commands/common.py` for
the exit codes they share.
"""

from __future__ import annotations

import typer

from netgpt.commands import apikey, audit, complete, data, federation, node, nodes, policy, serve, superlink, train
from netgpt.commands import desensitize

app = typer.Typer(
    help="NetGPT: federated personalization of language models on private edge data.",
    no_args_is_help=True,
    add_completion=False,
    # Tracebacks with locals could print a user's records or address book.
    pretty_exceptions_show_locals=False,
)
app.add_typer(federation.app, name="federation")
app.add_typer(policy.app, name="policy")
app.command("superlink")(superlink.superlink_command)
app.command("enroll")(nodes.enroll_command)
app.command("revoke")(nodes.revoke_command)
app.command("nodes")(nodes.nodes_command)
app.add_typer(node.app, name="node")
app.command("train")(train.train_command)
app.add_typer(data.app, name="data")
app.command("complete")(complete.complete_command)
app.command("audit")(audit.audit_command)
app.command("serve")(serve.serve_command)
app.add_typer(apikey.app, name="apikey")
app.command("desensitize")(desensitize.desensitize_command)
