"""What every `netgpt` command shares: consoles, options, exit codes.

Exit codes: 0 success · 1 the federation or a command failed · 2 bad usage or
input · 130 interrupted by SIGINT (Ctrl-C), 143 by SIGTERM, 129 by SIGHUP (a
closed terminal); every process started has been stopped by then (see
`netgpt.cli.NetgptApp`).
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from netgpt.memory_budget import parse_budget
from policies import Policy, PolicyError, load_policy

EXIT_FAILED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = 130

# soft_wrap: messages stay one line each in logs and pipes, whatever the width.
console = Console(stderr=True, soft_wrap=True)
out = Console()

WorkdirOption = Annotated[
    Path, typer.Option("--workdir", help="Where state, data, adapters and logs live.")
]

PolicyOption = Annotated[
    Path | None, typer.Option("--policy", help="Data policy YAML (default: policies/default.yaml).")
]


def checked_memory_budget(value: str) -> str:
    """Typer callback of every `--max-memory-mb`: a value that is neither MiB
    nor auto is refused while the command line is read (exit 2), before
    anything starts; the command then parses it with `parse_budget`."""
    try:
        parse_budget(value)
    except ValueError as error:
        raise typer.BadParameter(str(error)) from None
    return value


def policy_or_exit(path: Path | None) -> Policy:
    """The policy at `path` (or the default); exit 2 naming the bad key when it is invalid."""
    try:
        return load_policy(path)
    except PolicyError as error:
        console.print(f"[red]invalid policy:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None


def ppl_and_change(ppl: float | None, base_ppl: float) -> tuple[str, str]:
    """A held-out perplexity and its change from the base model's, as table cells; dashes for none."""
    if ppl is None:
        return "—", "—"
    return f"{ppl:.2f}", f"{(ppl - base_ppl) / base_ppl * 100:+.1f}%"
