"""Flower's SuperExec, with each ClientApp forked from a warm process.

A SuperNode in Flower's default (`subprocess`) isolation starts a fresh
`flwr-clientapp` process for every message, and that process imports torch,
transformers, PEFT and Opacus again: 6–13 s of each round on a 2-core node,
more than the round's own model load (issue 18). Flower's `process` isolation
leaves starting those processes to a SuperExec of our choosing. This one is
Flower's own (`flower-superexec`: its task polling, plugin, TLS and auth)
with one part replaced, the executor: it imports the heavy libraries once,
runs no computation, and forks a child per ClientApp task, which then runs
Flower's `flwr-clientapp` entry point with the task's token.

The isolation the zero-trust design relies on stays as it was: every
ClientApp is still a process of its own, with nothing from an earlier round
(the parent never runs an app, loads a model or reads a record), and it runs
the code of the signed app it was sent, not a copy loaded before: the
project's packages are dropped from the child's modules before the app is
loaded, as a fresh process would not have them. What the child inherits is
third-party library code, the same files a fresh process would import, with
one setting changed: Flower's object-pull retries, lowered so that a child
forked before its message has fully arrived does not sleep seconds
(`server.flower_compat.poll_objects_briskly`).

Why fork and not a pool of pre-started processes: a forked child shares the
parent's imported pages copy-on-write (no extra memory per waiting process)
and starts in milliseconds. The parent must never run a torch operation, or
its OpenMP threads would not exist in the child; the two OpenBLAS pools
that numpy and scipy start at import reset themselves in a child (their own
fork handlers). A fork that fails (it must reserve the parent's memory) falls
back to a fresh process.
"""

from __future__ import annotations

import contextlib
import gc
import importlib
import os
import sys
from typing import Any

from setproctitle import setproctitle

from netgpt.forked import reset_caught_signals

WARM_MODULES = (
    "torch",
    "transformers",
    "transformers.models.llama.modeling_llama",
    "peft",
    "opacus",
    "opacus.accountants",
    "safetensors.torch",
    "scipy.stats",
    "flwr.app",
    "flwr.clientapp",
    "flwr.supernode.cli.flwr_clientapp",
)
"""What a ClientApp imports that costs seconds: third-party code only."""

PROJECT_PACKAGES = frozenset({"client", "server", "privacy", "policies", "netgpt"})
"""Loaded by each child from the app it was sent, never from the parent."""


class ForkingExecutor:
    """Flower's executor protocol: ClientApps forked, any other task as Flower does it."""

    def __init__(self) -> None:
        from flwr.supercore.superexec.executor import SubprocessExecutor

        self._subprocess = SubprocessExecutor()
        self._children: set[int] = set()

    def get_eligible_capacity(self, supported_task_types: set[Any], **tls: Any) -> tuple[set[Any], set[str]]:
        return self._subprocess.get_eligible_capacity(supported_task_types, **tls)

    def wait_for_capacity(self, task_type: Any = None, **options: Any) -> None:
        self._subprocess.wait_for_capacity(task_type, **options)

    def launch(self, spec: Any) -> Any:
        from flwr.supercore.constant import TASK_TYPE_TO_APPIO_API_ADDRESS_ARG, TaskType
        from flwr.supercore.superexec.executor import LaunchResult

        if spec.task_type != TaskType.CLIENT_APP:
            return self._subprocess.launch(spec)
        argv = ["flwr-clientapp", TASK_TYPE_TO_APPIO_API_ADDRESS_ARG[spec.task_type], spec.runtime_api_address,
                "--token", spec.token]
        if spec.insecure:
            argv.append("--insecure")
        elif spec.root_certificates_path is not None:
            argv += ["--root-certificates", spec.root_certificates_path]
        if spec.parent_pid is not None:
            argv += ["--parent-pid", str(spec.parent_pid)]
        if spec.runtime_dependency_install:
            argv.append("--allow-runtime-dependency-installation")
        sys.stdout.flush()  # or the child would print what is still buffered a second time
        sys.stderr.flush()
        try:
            pid = os.fork()
        except OSError:  # fork must reserve the parent's memory; a fresh process may still fit
            return self._subprocess.launch(spec)
        if pid == 0:
            try:
                _run_clientapp(argv)
            finally:
                os._exit(1)
        self._children.add(pid)
        return LaunchResult.accepted()

    def reconcile(self) -> None:
        """Reap the children that ended, so none is left a zombie."""
        for pid in list(self._children):
            with contextlib.suppress(ChildProcessError):
                done, _ = os.waitpid(pid, os.WNOHANG)
                if not done:
                    continue
            self._children.discard(pid)

    def close(self) -> None:
        self._subprocess.close()


def _run_clientapp(argv: list[str]) -> None:
    """In the forked child: become a fresh `flwr-clientapp` and never return."""
    code = 1
    try:
        reset_caught_signals()
        # The parent's Flower exit handlers (its Runtime API client) are not the child's to run.
        importlib.import_module("flwr.supercore.exit.exit_handler").registered_exit_handlers.clear()
        for name in [m for m in sys.modules if m.partition(".")[0] in PROJECT_PACKAGES]:
            del sys.modules[name]
        # Named as Flower names it, so `ps` and process checks find it; the
        # token is left out of what every local user can read. SPT_NOENV: the
        # title stays within the parent's command line, so /proc/PID/environ
        # (FLWR_HOME: which federation a process belongs to) is not overwritten.
        os.environ["SPT_NOENV"] = "1"
        shown = [arg for i, arg in enumerate(argv) if "--token" not in (arg, argv[i - 1])]
        setproctitle(" ".join(shown) + " (forked)")
        from flwr.supernode.cli.flwr_clientapp import flwr_clientapp

        sys.argv = argv
        flwr_clientapp()
        code = 0
    except SystemExit as stop:
        if stop.code is None or isinstance(stop.code, int):
            code = stop.code or 0
        else:  # a message, printed as Python prints it on the way out
            print(stop.code, file=sys.stderr)
    except BaseException:  # a traceback on stderr, as a fresh process would print it
        import traceback

        traceback.print_exc()
    finally:
        for stream in (sys.stdout, sys.stderr):
            with contextlib.suppress(BaseException):  # nobody may read the pipe any more
                stream.flush()
        os._exit(code)


def main() -> None:
    """`python -m netgpt.forking_superexec` takes `flower-superexec`'s arguments."""
    for module in WARM_MODULES:
        importlib.import_module(module)
    from server.flower_compat import poll_objects_briskly

    # Inherited by every child: forked in milliseconds, a ClientApp often asks
    # before its SuperNode holds the whole message, and Flower's retry would
    # then sleep 7–15 s. (The children drop this module; the setting stays.)
    poll_objects_briskly()
    # What the imports allocated stays out of the collector's reach, so that
    # collections in a child do not write to (and so copy) the shared pages.
    gc.freeze()
    from flwr.supercore.cli.flower_superexec import flower_superexec

    # Flower's run_superexec picks its executor by name from a fixed list
    # (subprocess, kubernetes); replacing the lookup is the one seam that
    # keeps the rest of it (polling, plugin, TLS, auth, signals) Flower's own.
    runner = importlib.import_module("flwr.supercore.superexec.run_superexec")
    runner.get_executor = lambda *args, **kwargs: ForkingExecutor()  # type: ignore[attr-defined]
    flower_superexec()


if __name__ == "__main__":
    main()
