"""Child processes that are always cleaned up, and the stop signals that end them.

Every process the launcher starts gets its own session so that its whole tree
(SuperLink → ServerApp, SuperNode → ClientApp) can be signalled at once, and its
output goes to a log file under the work directory instead of the terminal.

Stopping is bounded: SIGINT, SIGTERM or SIGHUP (the terminal closed) raises
`Stopped` in the main thread wherever it is (a `flwr` call, a sleep, a model
load), and the cleanup sends
SIGTERM to every process of the tree, waits at most `STOP_GRACE_S` and sends
SIGKILL to what is left, so that a command ends within seconds of the signal
whatever its children do with theirs (Flower's own processes take up to 5 s).
"""

from __future__ import annotations

import collections
import contextlib
import ctypes
import logging
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from types import FrameType
from typing import IO, Any, NoReturn

import psutil

STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM, signal.SIGHUP)
"""SIGHUP too: a closed terminal hangs up only the command itself (every
process it starts runs in a session of its own), so without it the
SuperLink, the SuperNodes and their SuperExecs ran on, unowned."""
STOP_GRACE_S = 5.0
"""From the first SIGTERM to SIGKILL for whatever still runs. Killing is safe:
every file that is read as current (adapters, `latest`, accountants, caches,
bundles) is written to a temporary name and renamed, the ledger is SQLite."""
FIRST_GRACE_S = 1.5
"""Head start of the processes stopped first (SuperNodes sign off in ~0.3 s)."""
REAP_S = 2.0
"""How long to wait for killed processes to disappear."""


class ProcessFailed(RuntimeError):
    """A child process exited while the federation still needed it."""


# -- stop signals -----------------------------------------------------------------------


class Stopped(KeyboardInterrupt):
    """A stop signal (SIGINT, SIGTERM, SIGHUP) arrived. A KeyboardInterrupt,
    so that it unwinds through `except Exception` and every `finally` does
    its cleanup."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum

    @property
    def exit_code(self) -> int:
        return exit_code_for(self.signum)


_received: list[int] = []
_redeliverer: threading.Thread | None = None
REDELIVER_S = 2.0
"""A stop signal is delivered again this often until the process has exited."""


def exit_code_for(signum: int) -> int:
    """The shell's convention: 128 + the signal (130 for SIGINT, 143 for
    SIGTERM, 129 for SIGHUP)."""
    return 128 + int(signum)


def _record(signum: int) -> None:
    """Remember a stop signal, and make sure it is delivered again until we exit.

    Raising from a signal handler is not enough on its own: Python runs the
    handler wherever the main thread is, and an exception raised while it is
    inside a `__del__` method or a weakref callback is printed ("Exception
    ignored in: …") and dropped. That happened in this test suite: SIGTERM
    during the model load landed in `regex`'s `Group.__del__`, and the
    launcher went on to run the whole federation. So the signal comes back
    every REDELIVER_S (to the main thread, interrupting what it waits on)
    until the process exits, and at once when the drop is seen (`_unraisable`);
    inside `interrupts_deferred` it is only noted.
    """
    global _redeliverer
    _received.append(signum)
    if _redeliverer is None:
        _redeliverer = threading.Thread(target=_redeliver, args=(signum,), name="stop-redeliver", daemon=True)
        _redeliverer.start()


def _redeliver(signum: int) -> None:
    main = threading.main_thread()
    while main.is_alive():
        time.sleep(REDELIVER_S)
        _signal_main(signum)


def _signal_main(signum: int) -> None:
    main = threading.main_thread()
    if main.ident is not None:
        with contextlib.suppress(OSError, ValueError):
            signal.pthread_kill(main.ident, signum)


def _unraisable(unraisable: sys.UnraisableHookArgs) -> None:
    """A `Stopped` dropped in a finalizer: say nothing (it is not an error),
    deliver the signal again at once rather than after REDELIVER_S."""
    if isinstance(unraisable.exc_value, Stopped):
        threading.Timer(0.05, _signal_main, args=(unraisable.exc_value.signum,)).start()
        return
    sys.__unraisablehook__(unraisable)


def _raise_stopped(signum: int, frame: FrameType | None) -> None:
    _record(signum)
    raise Stopped(signum)


def stop_on_signals() -> None:
    """From now on SIGINT, SIGTERM and SIGHUP raise `Stopped` in the main thread.

    Installed explicitly, not left to Python's default: a process started as
    a background job by a shell without job control (`make test &`, many CI
    runners) inherits SIGINT *ignored*; Python then installs no handler, so
    Ctrl-C did nothing, and every child inherited the ignore too. SIGHUP
    inherited ignored is different: nobody gets it by accident, it is what
    `nohup` asks for (keep running when the terminal closes), so it stays
    ignored. Only the main thread may install handlers; elsewhere this does
    nothing.
    """
    if threading.current_thread() is not threading.main_thread():
        return
    for sig in STOP_SIGNALS:
        if _taken_over(sig):
            signal.signal(sig, _raise_stopped)
    sys.unraisablehook = _unraisable


def _taken_over(sig: signal.Signals) -> bool:
    """Whether `sig` is ours to handle: all but a SIGHUP that is ignored (`nohup`)."""
    return not (sig == signal.SIGHUP and signal.getsignal(sig) is signal.SIG_IGN)


def stop_signal() -> int | None:
    """The first stop signal this process received (also while deferred), if any."""
    return _received[0] if _received else None


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Hold the stop signals while cleaning up (or doing two things that
    must happen together): a second Ctrl-C must not leave half the federation
    running. A signal that arrives meanwhile is remembered and raised as
    `Stopped` when the block ends (unless the block is already unwinding with
    an exception), so it is never lost. The work inside must be bounded; every
    use here is. Main thread only."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    pending: list[int] = []

    def remember(signum: int, frame: FrameType | None) -> None:
        _record(signum)
        pending.append(signum)

    previous = {sig: signal.signal(sig, remember) for sig in STOP_SIGNALS if _taken_over(sig)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)
    if pending:
        raise Stopped(pending[0])


def exit_now(code: int) -> NoReturn:
    """Flush what we printed and end the process without interpreter teardown.

    Used once a stop signal has been handled and every child is gone: tearing
    down torch and transformers took 1-3 s on a loaded 2-core machine, and a
    non-daemon thread (a generation in `serve`) would hold the exit until it
    finished, so the time to exit would depend on what the process had loaded.
    """
    with contextlib.suppress(Exception):
        logging.shutdown()
    for stream in (sys.stdout, sys.stderr):
        with contextlib.suppress(Exception):
            stream.flush()
    os._exit(code)


# -- process trees ----------------------------------------------------------------------

_PR_SET_CHILD_SUBREAPER = 36
_subreaper = False


def become_subreaper() -> None:
    """Adopt our orphaned descendants (Linux): a helper whose parent died
    before it (a ClientApp whose SuperNode was stopped first) becomes our
    child instead of init's, so it can still be found and stopped. Nothing
    happens where the call is not available."""
    global _subreaper
    if _subreaper or not sys.platform.startswith("linux"):
        return
    with contextlib.suppress(OSError, AttributeError):
        libc = ctypes.CDLL(None, use_errno=True)
        if libc.prctl(_PR_SET_CHILD_SUBREAPER, 1, 0, 0, 0) == 0:
            _subreaper = True


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.Error:
        return []


def _adopted(known: Iterable[int]) -> list[psutil.Process]:
    """Our children that are not in `known`, with theirs: orphans we adopted as
    subreaper, or a child whose start a signal interrupted before we kept it."""
    if not _subreaper:
        return []
    skip = set(known)
    found: list[psutil.Process] = []
    with contextlib.suppress(psutil.Error):
        for proc in psutil.Process().children():
            if proc.pid not in skip:
                found.extend(_tree(proc.pid))
    return found


def _unique(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    """One entry per process (gone ones too: waiting for them reaps our zombies)."""
    unique: dict[int, psutil.Process] = {}
    for proc in processes:
        unique.setdefault(proc.pid, proc)
    return list(unique.values())


def _with_descendants(processes: Iterable[psutil.Process]) -> list[psutil.Process]:
    everything: dict[int, psutil.Process] = {}
    for proc in processes:
        everything.setdefault(proc.pid, proc)
        with contextlib.suppress(psutil.Error):
            for child in proc.children(recursive=True):
                everything.setdefault(child.pid, child)
    return list(everything.values())


def _send(proc: psutil.Process, sig: signal.Signals) -> None:
    with contextlib.suppress(psutil.NoSuchProcess, psutil.AccessDenied):
        proc.send_signal(sig)


def _send_group(pid: int, sig: signal.Signals) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(pid, sig)


def _wait(processes: list[psutil.Process], until: float) -> list[psutil.Process]:
    """Wait until every process is gone or `until` (monotonic); return the living."""
    if not processes:
        return []
    _, alive = psutil.wait_procs(processes, timeout=max(0.0, until - time.monotonic()))
    return alive


def terminate(
    processes: Iterable[psutil.Process],
    grace: float = STOP_GRACE_S,
    groups: Iterable[int] = (),
) -> None:
    """SIGTERM the processes (their descendants too) and the process groups,
    SIGKILL what still runs after `grace` seconds, then reap; bounded by
    grace + REAP_S whatever the processes do."""
    deadline = time.monotonic() + grace
    groups = list(groups)
    targets = _unique(_with_descendants(processes))
    for proc in targets:
        _send(proc, signal.SIGTERM)
    for pgid in groups:
        _send_group(pgid, signal.SIGTERM)
    _kill_rest(targets, groups, deadline)


def _kill_rest(targets: list[psutil.Process], groups: list[int], deadline: float) -> None:
    alive = _wait(targets, deadline)
    # Whatever they started meanwhile, and orphans of those that exited.
    alive = _unique([*_with_descendants(alive), *_adopted(p.pid for p in targets)])
    for proc in alive:
        _send(proc, signal.SIGKILL)
    for pgid in groups:
        _send_group(pgid, signal.SIGKILL)
    _wait(alive, time.monotonic() + REAP_S)


@dataclass
class Child:
    name: str
    process: subprocess.Popen[bytes]
    log: Path

    def tail(self, lines: int = 15) -> str:
        try:
            return "\n".join(self.log.read_text(errors="replace").splitlines()[-lines:])
        except OSError:
            return ""


@dataclass
class ProcessGroup:
    log_dir: Path
    children: list[Child] = field(default_factory=list)

    def start(self, name: str, argv: list[str], env: dict[str, str]) -> Child:
        become_subreaper()
        self.log_dir.mkdir(parents=True, exist_ok=True)
        log = self.log_dir / f"{name}.log"
        with log.open("wb") as handle:
            process = subprocess.Popen(
                argv,
                stdout=handle,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                env=env,
                start_new_session=True,
            )
        child = Child(name, process, log)
        self.children.append(child)
        return child

    def check_alive(self, names: list[str] | None = None) -> None:
        for child in self.children:
            if names is not None and child.name not in names:
                continue
            code = child.process.poll()
            if code is not None:
                raise ProcessFailed(
                    f"{child.name} exited with status {code}; last lines of {child.log}:\n"
                    f"{child.tail()}"
                )

    def stop_all(self, grace: float = STOP_GRACE_S, first: tuple[str, ...] = ()) -> None:
        """SIGTERM every process and its descendants, SIGKILL what is left
        `grace` seconds later; the children named in `first` get a head start
        of FIRST_GRACE_S (SuperNodes before their SuperLink, so they can sign
        off instead of staying "online"). Returns within grace + REAP_S + ~1 s.

        Descendants are collected before signalling because Flower starts some
        helpers (flower-superexec) in sessions of their own, out of reach of
        killpg, and a helper whose parent exits first is no longer below it.
        """
        deadline = time.monotonic() + grace
        early = [c for c in self.children if c.name in first]
        rest = [c for c in self.children if c.name not in first]
        signalled: list[psutil.Process] = []
        for batch, wait_until in ((early, min(deadline, time.monotonic() + FIRST_GRACE_S)), (rest, deadline)):
            if not batch:
                continue
            targets = _unique(_with_descendants(p for c in batch for p in _tree(c.process.pid)))
            for proc in targets:
                _send(proc, signal.SIGTERM)
            for child in batch:
                _send_group(child.process.pid, signal.SIGTERM)
            signalled.extend(targets)
            if batch is early:
                _wait(targets, wait_until)
        known = [*signalled, *(p for c in self.children for p in _tree(c.process.pid))]
        _kill_rest(_unique(known), [c.process.pid for c in self.children], deadline)
        for child in self.children:
            with contextlib.suppress(subprocess.TimeoutExpired):
                child.process.wait(timeout=0.5)
        self.children.clear()


@dataclass(frozen=True)
class Finished:
    code: int
    tail: list[str]


def run_foreground(
    argv: list[str],
    env: dict[str, str],
    keep: int = 40,
    alive: Callable[[], None] = lambda: None,
    companion: Callable[[int], list[str]] | None = None,
) -> Finished:
    """Run one long-lived Flower process with its output passed on to ours
    (container logs read it there) until it exits. Returns its exit status and
    its last `keep` output lines, which say more than the status: Flower exits
    1 whatever its own exit code was. `alive` is called twice a second and may
    raise to stop the process (a helper it depends on died).

    `companion`, given the process's pid, is the command of a helper it needs
    beside it (the SuperExec of a SuperNode in `process` isolation): started
    after it, its output relayed too, stopped with it; if the helper exits
    first, the process is stopped and the status is 1.

    A stop signal raises `Stopped` out of this call once the process and
    every helper it started are gone (within STOP_GRACE_S + REAP_S)."""
    stop_on_signals()
    become_subreaper()
    tail: collections.deque[str] = collections.deque(maxlen=keep)
    # Helpers it starts (flower-superexec) run in sessions of their own and
    # outlive it; remember them while it runs, so they can be stopped after.
    descendants: dict[int, psutil.Process] = {}
    started: list[subprocess.Popen[bytes]] = []
    readers: list[threading.Thread] = []

    def relay(stdout: IO[bytes]) -> None:
        with contextlib.suppress(OSError, ValueError):
            for raw in stdout:
                sys.stdout.buffer.write(raw)
                sys.stdout.flush()
                tail.append(raw.decode(errors="replace").rstrip())

    def start(command: list[str]) -> subprocess.Popen[bytes]:
        child = subprocess.Popen(
            command, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        started.append(child)
        # A thread, because the pipe stays open while any helper the process
        # started (flower-superexec) lives on after it.
        assert child.stdout is not None
        readers.append(threading.Thread(target=relay, args=(child.stdout,), daemon=True))
        readers[-1].start()
        return child

    try:
        process = start(argv)
        helper = start(companion(process.pid)) if companion is not None else None
        while True:
            for child in started:
                descendants.update((p.pid, p) for p in _tree(child.pid))
            try:
                code = process.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                alive()
            if helper is not None and helper.poll() is not None:
                line = f"{_program(helper.args)}, which it needs beside it, exited with status {helper.returncode}"
                sys.stdout.write(line + "\n")
                tail.append(line)
                code = 1
                break
    finally:
        with interrupts_deferred():
            for child in started:
                descendants.update((p.pid, p) for p in _tree(child.pid))
            terminate(descendants.values(), groups=[child.pid for child in started])
            for child in started:
                with contextlib.suppress(subprocess.TimeoutExpired):
                    child.wait(timeout=0.5)
            for reader in readers:
                reader.join(timeout=1.0)
    return Finished(code, list(tail))


def _program(argv: Any) -> str:
    """What a command runs: the module of `python -m MODULE`, else the program's name."""
    args = [str(arg) for arg in argv]
    return args[args.index("-m") + 1] if "-m" in args[:-1] else Path(args[0]).name


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_for_port(port: int, timeout: float, alive: Callable[[], None]) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        alive()
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
            sock.settimeout(0.5)
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"nothing listened on 127.0.0.1:{port} within {timeout:.0f} s")
