"""The node's SuperExec forks each ClientApp from a warm process (issue 18).

What must hold: a ClientApp still starts as a process of its own with
Flower's arguments for its task, it loads the project's code afresh from the
app it was sent (none of the parent's project modules survive into it), the
heavy libraries are already there, and every child is reaped. The SuperNode
and its SuperExec live and die together.
"""

from __future__ import annotations

import importlib
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pytest
import torch
from flwr.supercore.constant import TaskType
from flwr.supercore.superexec.executor.types import ExecutionSpec

import netgpt.settings  # noqa: F401  (a project module the parent has loaded)
from netgpt.forking_superexec import PROJECT_PACKAGES, ForkingExecutor
from netgpt.supernode import superexec_argv

CLIENTAPP = importlib.import_module("flwr.supernode.cli.flwr_clientapp")


def spec(token: str, task_type: TaskType = TaskType.CLIENT_APP) -> ExecutionSpec:
    return ExecutionSpec(
        task_type=task_type, runtime_api_address="127.0.0.1:9", token=token, insecure=True,
        root_certificates_path=None, runtime_dependency_install=False, parent_pid=4242,
        suppress_output=False, task_id=1,
    )


def test_a_clientapp_is_forked_with_its_task_and_without_the_parents_project_code(tmp_path, monkeypatch):
    report = tmp_path / "child.json"

    def entry() -> None:  # stands in for Flower's flwr-clientapp main, which would dial the SuperNode
        report.write_text(json.dumps({
            "pid": os.getpid(),
            "argv": sys.argv,
            "project": sorted(m for m in sys.modules if m.partition(".")[0] in PROJECT_PACKAGES),
            "torch": "torch" in sys.modules,
            "title": Path("/proc/self/cmdline").read_text(),
            "environ": Path("/proc/self/environ").read_bytes().decode(errors="replace"),
        }))
        raise SystemExit(7)

    monkeypatch.setattr(CLIENTAPP, "flwr_clientapp", entry)
    assert torch is not None and "netgpt.settings" in sys.modules
    executor = ForkingExecutor()
    assert executor.launch(spec("secret-token")).status == "accepted"
    (child,) = executor._children
    _, status = os.waitpid(child, 0)
    executor._children.clear()
    seen = json.loads(report.read_text())
    assert seen["pid"] == child != os.getpid()
    assert os.waitstatus_to_exitcode(status) == 7
    assert seen["argv"] == ["flwr-clientapp", "--runtime-api-address", "127.0.0.1:9", "--token", "secret-token",
                            "--insecure", "--parent-pid", "4242"]
    assert seen["project"] == []
    assert seen["torch"] is True
    # `ps` shows it as Flower's ClientApp, and not its token; the title is
    # cut to the length of the process's own command line (SPT_NOENV).
    title = seen["title"].split("\0")[0]
    assert title.startswith("flwr-clientapp")
    assert "flwr-clientapp --runtime-api-address 127.0.0.1:9 --insecure --parent-pid 4242 (forked)".startswith(title)
    assert "secret-token" not in seen["title"]
    assert f"PATH={os.environ['PATH']}" in seen["environ"]  # the title did not overwrite it


@pytest.mark.parametrize("hangup", ["caught", "ignored"])
def test_a_clientapp_starts_with_the_signal_dispositions_of_a_fresh_process(tmp_path, monkeypatch, hangup):
    """What exec gives a fresh `flwr-clientapp`: every signal the SuperExec
    catches (Flower's SIGINT, SIGTERM, SIGQUIT; a SIGHUP handler, should a
    library install one) back to its default, so none of the parent's handlers
    runs in the child; an ignored one (SIGHUP under `nohup`) still ignored."""
    report = tmp_path / "child.json"
    names = ("SIGINT", "SIGTERM", "SIGQUIT", "SIGHUP")

    def entry() -> None:
        dispositions = {name: signal.getsignal(getattr(signal, name)) for name in names}
        report.write_text(json.dumps({
            name: "default" if handler == signal.SIG_DFL else "ignored" if handler == signal.SIG_IGN else "caught"
            for name, handler in dispositions.items()
        }))

    def parents_handler(signum: int, frame: object) -> None:  # Flower's SuperExec: stop polling, exit
        raise SystemExit(99)

    monkeypatch.setattr(CLIENTAPP, "flwr_clientapp", entry)
    previous = {name: signal.getsignal(getattr(signal, name)) for name in names}
    try:
        for name in names:
            signal.signal(getattr(signal, name), parents_handler)
        if hangup == "ignored":
            signal.signal(signal.SIGHUP, signal.SIG_IGN)
        executor = ForkingExecutor()
        executor.launch(spec("t"))
        (child,) = executor._children
        _, status = os.waitpid(child, 0)
        executor._children.clear()
    finally:
        for name, handler in previous.items():
            signal.signal(getattr(signal, name), handler)
    assert os.waitstatus_to_exitcode(status) == 0
    assert json.loads(report.read_text()) == {
        "SIGINT": "default", "SIGTERM": "default", "SIGQUIT": "default",
        "SIGHUP": "ignored" if hangup == "ignored" else "default",
    }


def test_children_that_ended_are_reaped(tmp_path, monkeypatch):
    monkeypatch.setattr(CLIENTAPP, "flwr_clientapp", lambda: None)
    executor = ForkingExecutor()
    for token in ("a", "b"):
        executor.launch(spec(token))
    children = set(executor._children)
    deadline = time.monotonic() + 30
    while executor._children and time.monotonic() < deadline:
        executor.reconcile()
        time.sleep(0.05)
    assert not executor._children
    for pid in children:  # reaped, not merely forgotten
        with pytest.raises(ChildProcessError):
            os.waitpid(pid, os.WNOHANG)


def test_the_executor_seam_is_still_where_flower_looks_it_up():
    """The warm SuperExec replaces `get_executor` in Flower's run_superexec
    module; if a Flower upgrade stopped looking it up there, the patch would
    do nothing and every ClientApp would quietly start cold again."""
    runner = importlib.import_module("flwr.supercore.superexec.run_superexec")
    assert "get_executor" in runner.run_superexec.__code__.co_names


def test_the_warm_superexec_hands_its_children_brisk_object_pulls(tmp_path):
    """A child forked before its SuperNode holds the whole message must not
    sleep through Flower's 1, 2, 4, 8 s retries: `main` lowers them before it
    forks (run in a process of its own: it freezes the collector)."""
    script = f"""
import importlib, json, os, sys
from flwr.supercore.constant import TaskType
from flwr.supercore.superexec.executor.types import ExecutionSpec
from netgpt import forking_superexec

def entry():
    run_clientapp = importlib.import_module("flwr.supernode.runtime.run_clientapp")
    with open({str(tmp_path / "child.json")!r}, "w") as out:
        json.dump(run_clientapp.pull_and_inflate_object_from_tree.__kwdefaults__["initial_backoff"], out)
    raise SystemExit(0)

def superexec():
    importlib.import_module("flwr.supernode.cli.flwr_clientapp").flwr_clientapp = entry
    executor = forking_superexec.ForkingExecutor()
    executor.launch(ExecutionSpec(task_type=TaskType.CLIENT_APP, runtime_api_address="127.0.0.1:9", token="t",
                                  insecure=True, root_certificates_path=None, runtime_dependency_install=False,
                                  parent_pid=None, suppress_output=False, task_id=1))
    (child,) = executor._children
    os.waitpid(child, 0)

importlib.import_module("flwr.supercore.cli.flower_superexec").flower_superexec = superexec
forking_superexec.main()
"""
    subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=True,
                   cwd=tmp_path)
    assert json.loads((tmp_path / "child.json").read_text()) <= 0.5  # Flower's own: 1 s, doubling to 10 s


def test_fresh_clientapps_use_flowers_superexec_with_the_same_secret(tmp_path):
    secret = tmp_path / "s"
    warm = superexec_argv(9094, secret, False, 7)
    fresh = superexec_argv(9094, secret, True, 7)
    assert warm[1:4] == ["-P", "-m", "netgpt.forking_superexec"]
    assert Path(fresh[0]).name == "flower-superexec"
    for argv in (warm, fresh):
        assert argv[argv.index("--superexec-auth-secret-file") + 1] == str(secret)


def _run_foreground(tmp_path: Path, main: str, helper: str) -> dict:
    """run_foreground in a process of its own: it takes over signals and
    adopts orphans, which the test process must not."""
    script = f"""
import json, sys
from netgpt.processes import run_foreground
main = [sys.executable, "-c", {main!r}]
helper = [sys.executable, "-c", {helper!r}]
finished = run_foreground(main, {{}}, companion=lambda pid: helper)
print(json.dumps({{"code": finished.code, "tail": finished.tail}}))
"""
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True,
                          cwd=tmp_path)
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_a_supernode_whose_superexec_exits_is_stopped(tmp_path):
    started = time.monotonic()
    finished = _run_foreground(
        tmp_path,
        "import os, time; open('main.pid', 'w').write(str(os.getpid())); time.sleep(120)",
        "import os, sys, time\nwhile not os.path.exists('main.pid'): time.sleep(0.05)\nsys.exit(3)",
    )
    assert time.monotonic() - started < 30
    assert finished["code"] == 1
    assert any(line.endswith("which it needs beside it, exited with status 3") for line in finished["tail"])
    with pytest.raises(ProcessLookupError):
        os.kill(int((tmp_path / "main.pid").read_text()), 0)


def test_a_superexec_is_stopped_with_its_supernode(tmp_path):
    finished = _run_foreground(
        tmp_path,
        "import os, sys, time\nwhile not os.path.exists('helper.pid'): time.sleep(0.05)\nsys.exit(5)",
        "import os, time; open('helper.pid', 'w').write(str(os.getpid())); time.sleep(120)",
    )
    assert finished["code"] == 5
    with pytest.raises(ProcessLookupError):
        os.kill(int((tmp_path / "helper.pid").read_text()), 0)


def test_a_local_process_without_the_secret_cannot_claim_a_clientapps_task(tmp_path):
    """The attacker: another local process that finds the SuperNode's Runtime
    API port and asks for the next ClientApp task (its token, then the
    round's message). With the node's SuperExec secret it is let in."""
    from flwr.proto.runtime_pb2 import AcquireTaskRequest
    from flwr.supercore.interceptors import RuntimeVersionHttpInterceptor, SuperExecAuthHttpInterceptor
    from flwr.supercore.runtime import RuntimeHttpClient

    from netgpt.flower_env import flower_bin
    from netgpt.layout import NodeLayout
    from netgpt.processes import free_port, wait_for_port
    from netgpt.supernode import superexec_secret

    secret = superexec_secret(NodeLayout(tmp_path / "node"))
    assert secret.stat().st_mode & 0o077 == 0
    port = free_port()
    supernode = subprocess.Popen(
        [flower_bin("flower-supernode"), "--insecure", "--superlink", f"127.0.0.1:{free_port()}",
         "--port", str(port), "--isolation", "process", "--superexec-auth-secret-file", str(secret)],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, start_new_session=True,
    )
    try:
        wait_for_port(port, 60, lambda: None)

        def acquire(key: bytes | None) -> object:
            interceptors: list = [RuntimeVersionHttpInterceptor(component_name="SuperExec")]
            if key is not None:
                interceptors.append(SuperExecAuthHttpInterceptor(
                    master_secret=key, protected_methods=frozenset({"/flwr.proto.Runtime/AcquireTask"})))
            client = RuntimeHttpClient.from_server_address(
                server_address=f"127.0.0.1:{port}", insecure=True, root_certificates=None,
                interceptors=interceptors)
            try:
                return client.AcquireTask(AcquireTaskRequest())
            finally:
                client.close()

        assert not acquire(secret.read_bytes()).token  # let in; no task is pending
        for wrong in (None, b"a guess of the right length..!!"):
            with pytest.raises(httpx.HTTPStatusError, match="401 Unauthorized"):
                acquire(wrong)
    finally:
        os.killpg(supernode.pid, 15)
        supernode.wait(timeout=30)
