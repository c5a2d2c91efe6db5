"""Child processes that are always cleaned up.

Every process the launcher starts gets its own session so that its whole tree
(SuperLink → ServerApp, SuperNode → ClientApp) can be signalled at once, and its
output goes to a log file under the work directory instead of the terminal.
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
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

    def stop_all(self, grace: float = 10.0) -> None:
        """SIGTERM every process and its descendants, SIGKILL what is left.

        Descendants are collected first because Flower starts some helpers
        (flower-superexec) in sessions of their own, out of reach of killpg.
        """
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


def run_foreground(argv: list[str], env: dict[str, str]) -> int:
    """Run one long-lived Flower process with its output on ours (container
    logs read it there) until it exits; SIGTERM or Ctrl-C stops its whole tree.

    Returns its exit status, or 130 when we were asked to stop.
    """
    process = subprocess.Popen(argv, env=env, stdin=subprocess.DEVNULL, start_new_session=True)
    group = ProcessGroup(Path(os.devnull))
    group.children.append(Child("foreground", process, Path(os.devnull)))

    def stop(signum: int, frame: object) -> None:
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGTERM, stop)
    try:
        return process.wait()
    except KeyboardInterrupt:
        with interrupts_deferred():
            group.stop_all()
        return 130
    finally:
        signal.signal(signal.SIGTERM, previous)


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
