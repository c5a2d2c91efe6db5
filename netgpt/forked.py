"""What a process forked from one of Flower's does first.

Both the warm SuperExec's ClientApps (`netgpt.forking_superexec`) and the
child a ClientApp desensitizes in (`client.corpus`) are forks of a process
whose signal handlers are Flower's; neither may run them.
"""

from __future__ import annotations

import contextlib
import signal


def reset_caught_signals() -> None:
    """Every signal the parent catches back to its default, every ignored one
    left ignored: what exec does for a fresh process.

    For the warm SuperExec's ClientApps, the parent's handlers are Flower's
    SuperExec's (SIGINT, SIGTERM, SIGQUIT: stop polling, exit): run in a
    child, they would stop the ClientApp as if it were the SuperExec, and
    Flower's own handlers, which the ClientApp installs next, would keep them
    as the defaults to fall back on. SIGHUP is caught by nobody today and so
    stays as the node's command inherited it: default, or ignored under
    `nohup`, as in a fresh process. A terminal's
    hang-up never reaches a ClientApp anyway (its SuperNode and SuperExec run
    in sessions of their own); the node's command stops the whole tree. Any
    handler a later Flower installs (SIGHUP included) is reset the same way.
    For the child that desensitizes a ClientApp's records, they are the
    ClientApp's: run there, they would report the task's status over the
    parent's connection and exit into the parent's code.
    """
    for number in signal.valid_signals():
        with contextlib.suppress(OSError, ValueError):  # SIGKILL, SIGSTOP, libc's own
            if callable(signal.getsignal(number)):
                signal.signal(number, signal.SIG_DFL)
