"""The `netgpt` command line: the root app and its commands.

Each command or group lives in `netgpt/commands/`; see `commands/common.py` for
the exit codes they share.
"""

from __future__ import annotations

import contextlib
import signal
import traceback
from typing import Any

import typer

from netgpt.commands import (
    apikey,
    audit,
    complete,
    data,
    desensitize,
    federation,
    node,
    nodes,
    policy,
    serve,
    superlink,
    train,
)
from netgpt.processes import STOP_SIGNALS, exit_now, stop_on_signals, stop_signal


class NetgptApp(typer.Typer):
    """The root app, which owns SIGINT, SIGTERM and SIGHUP for every command.

    Each raises `Stopped` (a KeyboardInterrupt) from the moment a command
    starts, whatever the disposition we inherited; commands clean up on the
    way out. Once a stop signal was received the process exits at once with
    128 + the signal (130 for Ctrl-C, 143 for SIGTERM, 129 for a closed
    terminal's SIGHUP; one ignored under `nohup` stays ignored), without interpreter
    teardown, which took seconds with torch loaded on a busy machine.
    """

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        stop_on_signals()
        try:
            return super().__call__(*args, **kwargs)
        except BaseException as error:
            signum = stop_signal()
            if signum is None:
                raise
            # The signal is redelivered until we exit: one landing in what
            # follows would turn the exit status into another signal's.
            signal.pthread_sigmask(signal.SIG_BLOCK, STOP_SIGNALS)
            if not isinstance(error, (SystemExit, KeyboardInterrupt)):
                # After a hang-up the terminal is gone: writing to it fails
                # with EIO, which is likely what `error` itself is.
                with contextlib.suppress(OSError):
                    traceback.print_exc()
            exit_now(128 + signum)


app = NetgptApp(
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
