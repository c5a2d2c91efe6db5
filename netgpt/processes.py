"""Child processes that are always cleaned up.

Every process the launcher starts gets its own session so that its whole tree
(SuperLink → ServerApp, SuperNode → ClientApp) can be signalled at once, and its
output goes to a log file under the work directory instead of the terminal.
"""

from __future__ import annotations

import collections
import contextlib
import os
import signal
import socket
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import psutil


class ProcessFailed(RuntimeError):
    """A child process exited while the federation still needed it."""


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

    def stop_all(self, grace: float = 10.0, first: tuple[str, ...] = ()) -> None:
        """SIGTERM every process and its descendants, SIGKILL what is left;
        the children named in `first` go before the others (SuperNodes before
        their SuperLink, so they can sign off instead of staying "online").

        Descendants are collected first because Flower starts some helpers
        (flower-superexec) in sessions of their own, out of reach of killpg.
        """
        if first:
            early = [c for c in self.children if c.name in first]
            self.children = [c for c in self.children if c.name not in first]
            ProcessGroup(self.log_dir, early).stop_all(grace)
        tree: list[psutil.Process] = []
        for child in self.children:
            tree.extend(_tree(child.process.pid))
        for proc in tree:
            _send(proc, signal.SIGTERM)
        for child in self.children:
            _send_group(child.process.pid, signal.SIGTERM)
        _, alive = psutil.wait_procs(tree, timeout=grace)
        for proc in alive:
            _send(proc, signal.SIGKILL)
        for child in self.children:
            _send_group(child.process.pid, signal.SIGKILL)
            try:
                child.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                pass
        psutil.wait_procs(alive, timeout=5)
        self.children.clear()


@dataclass(frozen=True)
class Finished:
    code: int
    tail: list[str]


def run_foreground(argv: list[str], env: dict[str, str], keep: int = 40) -> Finished:
    """Run one long-lived Flower process with its output passed on to ours
    (container logs read it there) until it exits; SIGTERM or Ctrl-C stops its
    whole tree. Returns its exit status (130 when we were asked to stop) and
    its last `keep` output lines, which say more than the status: Flower exits
    1 whatever its own exit code was."""
    process = subprocess.Popen(
        argv, env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    tail: collections.deque[str] = collections.deque(maxlen=keep)
    # Helpers it starts (flower-superexec) run in sessions of their own and
    # outlive it; remember them while it runs, so they can be stopped after.
    descendants: dict[int, psutil.Process] = {}

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    def relay() -> None:
        assert process.stdout is not None
        for raw in process.stdout:
            sys.stdout.buffer.write(raw)
            sys.stdout.flush()
            tail.append(raw.decode(errors="replace").rstrip())

    # A thread, because the pipe stays open while any helper the process
    # started (flower-superexec) lives on after it.
    reader = threading.Thread(target=relay, daemon=True)
    reader.start()
    previous = signal.signal(signal.SIGTERM, stop)
    try:
        while True:
            descendants.update((p.pid, p) for p in _tree(process.pid))
            try:
                code = process.wait(timeout=0.5)
                break
            except subprocess.TimeoutExpired:
                continue
    except KeyboardInterrupt:
        code = 130
    finally:
        with interrupts_deferred():
            _stop(list(descendants.values()))
            process.wait()
        signal.signal(signal.SIGTERM, previous)
    reader.join(timeout=5)
    return Finished(code, list(tail))


@contextlib.contextmanager
def interrupts_deferred() -> Iterator[None]:
    """Ignore Ctrl-C and SIGTERM while cleaning up: a second Ctrl-C must not
    leave half the federation running. Only the main thread may do this."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = {sig: signal.signal(sig, signal.SIG_IGN) for sig in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _stop(processes: list[psutil.Process], grace: float = 10.0) -> None:
    for proc in processes:
        _send(proc, signal.SIGTERM)
    _, alive = psutil.wait_procs(processes, timeout=grace)
    for proc in alive:
        _send(proc, signal.SIGKILL)
    psutil.wait_procs(alive, timeout=5)


def _tree(pid: int) -> list[psutil.Process]:
    try:
        root = psutil.Process(pid)
        return [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return []


def _send(proc: psutil.Process, sig: signal.Signals) -> None:
    try:
        proc.send_signal(sig)
    except (psutil.NoSuchProcess, psutil.AccessDenied):
        pass


def _send_group(pid: int, sig: signal.Signals) -> None:
    try:
        os.killpg(pid, sig)
    except (ProcessLookupError, PermissionError):
        pass


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
