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
    # `ps` shows it as Flower's ClientApp, and not its token.
    assert seen["title"].startswith("flwr-clientapp --runtime-api-address 127.0.0.1:9")
    assert "secret-token" not in seen["title"]
    assert f"PATH={os.environ['PATH']}" in seen["environ"]  # the title did not overwrite it


def test_children_that_ended_are_reaped(tmp_path, monkeypatch):
    monkeypatch.setattr(CLIENTAPP, "flwr_clientapp", lambda: None)
    executor = ForkingExecutor()
    for token in ("a", "b"):
        executor.launch(spec(token))
    deadline = time.monotonic() + 30
    while executor._children and time.monotonic() < deadline:
        executor.reconcile()
        time.sleep(0.05)
    assert not executor._children


def test_a_supernode_whose_superexec_exits_is_stopped(tmp_path):
    """Run in a process of its own: run_foreground takes over signals and
    adopts orphans, which the test process must not."""
    marker = tmp_path / "pid"
    script = f"""
import json, sys
from netgpt.processes import run_foreground
main = [sys.executable, "-c", "import os, time; open({str(marker)!r}, 'w').write(str(os.getpid())); time.sleep(120)"]
helper = [sys.executable, "-c", "import sys, time; time.sleep(1); sys.exit(3)"]
finished = run_foreground(main, {{}}, companion=lambda pid: helper)
print(json.dumps({{"code": finished.code, "tail": finished.tail}}))
"""
    started = time.monotonic()
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60, check=True)
    assert time.monotonic() - started < 30
    finished = json.loads(done.stdout.strip().splitlines()[-1])
    assert finished["code"] == 1
    assert "its helper process exited with status 3" in finished["tail"]
    with pytest.raises(ProcessLookupError):
        os.kill(int(marker.read_text()), 0)


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
