"""A local federation: one SuperLink and N SuperNodes as real processes on loopback.

This is the same deployment Flower runs across machines, folded onto one host,
and built from the same role commands: `netgpt superlink`, `netgpt node init`
and `netgpt enroll`, `netgpt node start`, `netgpt train`. TLS on the wire,
SuperNode authentication on, each node with its own key (made in its own
directory), bundle, data directory and state. The launcher owns
every process it starts and stops them all on success, failure and Ctrl-C.
"""

from __future__ import annotations

import os
import shutil
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from client.bundle import NodeBundle
from netgpt.app_signing import write_trusted_entities
from netgpt.enrollment import enroll, init_node
from netgpt.flower_cli import list_nodes
from netgpt.flower_env import flower_env
from netgpt.layout import NodeData, NodeLayout, Workdir
from netgpt.memory_budget import MemoryBudget
from netgpt.modeling import load_base_model
from netgpt.processes import ProcessGroup, free_port, interrupts_deferred, wait_for_port
from netgpt.superlink import operator_env
from netgpt.synthetic import generate_federation_data, region_for_node
from netgpt.training import TrainingRun, sole_trainer
from policies import Policy, load_policy

# Flower marks a silent node offline after two missed 30 s heartbeats.
STALE_SESSION_WAIT = 150.0


class FederationError(RuntimeError):
    """The federation could not be brought up or its run failed."""


@dataclass(frozen=True)
class FederationSpec:
    workdir: Path
    nodes: int = 3
    rounds: int = 2
    model: str = "default"
    seed: int = 0
    policy: Policy = field(default_factory=load_policy)
    run_config: dict[str, Any] = field(default_factory=dict)
    timeout: float = 3600.0
    fresh_clientapps: bool = False
    """Each node starts a fresh ClientApp process per task (Flower's own
    SuperExec) instead of forking it from a warm one (`node start --fresh-clientapps`)."""
    max_memory_mb: MemoryBudget = "auto"
    """Each node's memory budget for a round (`node start --max-memory-mb`)."""


def _netgpt() -> str:
    return str(Path(sys.executable).with_name("netgpt"))


class LocalFederation:
    def __init__(self, spec: FederationSpec, on_event: Callable[[dict[str, Any]], None]) -> None:
        self.spec = spec
        self.workdir = spec.workdir.resolve()
        self.layout = Workdir(self.workdir)
        self.on_event = on_event
        self.group = ProcessGroup(self.layout.logs)

    def _node_names(self) -> list[str]:
        return [f"node-{i}" for i in range(1, self.spec.nodes + 1)]

    def prepare_data(self) -> None:
        names = self._node_names()
        if not all(NodeData(self.layout.node_data(name)).records.exists() for name in names):
            generate_federation_data(self.layout.data, self.spec.nodes, seed=self.spec.seed)

    def bundles(self) -> list[NodeBundle]:
        """Each node's bundle, enrolling the nodes that have none yet."""
        bundles = []
        for index, name in enumerate(self._node_names(), start=1):
            directory = self.layout.node_bundle(name)
            if NodeLayout(directory).manifest.exists():
                bundle = NodeBundle.load(directory)
                self._adopt_legacy_state(bundle)
                self._trust_operator(bundle)
            else:
                bundle = self._enroll(name, region_for_node(index), directory)
                self.on_event({"event": "enrolled", "node": name, "node_id": bundle.node_id})
            bundles.append(bundle)
        return bundles

    def _enroll(self, name: str, region: str, directory: Path) -> NodeBundle:
        """Both sides of enrollment, as on separate machines: the node's key is
        born in its own directory and only its public key is enrolled.

        A directory this call made goes again if enrolling fails or is stopped
        before the bundle is whole: Flower may hold its key by then, and a new
        key enrolls afresh next time. A stop that lands once the manifest is
        written keeps the enrolled node.
        """
        layout = NodeLayout(directory)
        created = not directory.exists()
        try:
            if not layout.key.exists():
                layout = init_node(directory)
            return enroll(self.workdir, name, region, self.layout.node_data(name), layout.public_key)
        except BaseException:
            if created and not layout.manifest.exists():
                with interrupts_deferred():
                    shutil.rmtree(directory, ignore_errors=True)
            raise

    def _trust_operator(self, bundle: NodeBundle) -> None:
        """Bundles enrolled before nodes ran only signed apps lack the trust
        file, and a node refuses to start without it. This launcher is the
        operator of its own local nodes, so it writes the file for them."""
        if not bundle.layout.trusted_entities.exists():
            write_trusted_entities(self.workdir, bundle.layout)
            self.on_event({"event": "trust-written", "node": bundle.name})

    def _adopt_legacy_state(self, bundle: NodeBundle) -> None:
        """Work directories made before node state moved into the bundle keep it
        in `WORKDIR/state/<node>`: move it in, or the node would start again at
        ε = 0 without its accountant."""
        legacy = self.layout.legacy_node_state(bundle.name)
        if legacy.is_dir() and not bundle.layout.state.exists():
            os.replace(legacy, bundle.layout.state)
            self.on_event({"event": "state-moved", "node": bundle.name, "to": str(bundle.layout.state)})

    def _wait_for_stale_sessions(self, bundles: list[NodeBundle]) -> None:
        """Wait until none of our nodes counts as online: none of them runs yet,
        so "online" is a session of an earlier launch that did not sign off.
        The SuperLink refuses to activate such a node, and would send work to
        it, until its heartbeat times out (about a minute)."""
        ours = {bundle.node_id for bundle in bundles}
        env = operator_env(self.workdir)
        deadline = time.monotonic() + STALE_SESSION_WAIT
        while time.monotonic() < deadline:
            stale = [i for i, status in list_nodes(env).items() if i in ours and status == "online"]
            if not stale:
                return
            self.on_event({"event": "stale-sessions", "count": len(stale)})
            time.sleep(5.0)
        raise FederationError("nodes of an earlier launch still count as online; is another launcher running?")

    def up(self) -> dict[str, Any]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        started = time.time()
        self.prepare_data()
        self.on_event({"event": "prepared", "nodes": self._node_names()})
        load_base_model(self.spec.model, self.layout.models)
        self.on_event({"event": "model-ready", "model": self.spec.model})
        try:
            run_id, events = self._run()
        finally:
            with interrupts_deferred():
                self.group.stop_all(first=tuple(self._node_names()))
        merged = any(e.get("event") == "train" and e.get("merged") for e in events)
        exhausted = any(e.get("event") == "exhausted" for e in events)
        if not merged and not exhausted:
            raise FederationError(
                "no round merged any update; the rejections are in "
                f"{self.layout.round_log} and the nodes' logs in {self.group.log_dir}"
            )
        return {"run_id": run_id, "seconds": time.time() - started, "events": events}

    def _run(self) -> tuple[int, list[dict[str, Any]]]:
        # Before anything here is started or rewritten (the SuperLink's
        # address, the operator's Flower connection): another run on this
        # work directory would be repointed at ours.
        with sole_trainer(self.workdir):
            return self._launch()

    def _launch(self) -> tuple[int, list[dict[str, Any]]]:
        port = free_port()
        env = flower_env(self.layout.flwr_home("launcher"))
        self.group.start(
            "superlink",
            [_netgpt(), "superlink", "--workdir", str(self.workdir), "--host", "127.0.0.1", "--port", str(port)],
            env,
        )
        wait_for_port(port, 60, lambda: self.group.check_alive(["superlink"]))
        self.on_event({"event": "superlink", "address": f"127.0.0.1:{port}", "tls": True})
        bundles = self.bundles()
        self._wait_for_stale_sessions(bundles)
        threads = max(1, (os.cpu_count() or 1) // len(bundles))
        for bundle in bundles:
            self.group.start(
                bundle.name,
                [
                    _netgpt(), "node", "start", "--bundle", str(bundle.directory),
                    "--superlink", f"127.0.0.1:{port}",  # a new port each launch
                    "--model-cache", str(self.layout.models),  # one cache for the local nodes
                    "--threads", str(threads),
                    "--runtime-port", str(free_port()),
                    *(["--fresh-clientapps"] if self.spec.fresh_clientapps else []),
                    "--max-memory-mb", str(self.spec.max_memory_mb),
                ],
                env,
            )
        self.on_event({"event": "supernodes", "count": len(bundles)})
        run = TrainingRun(
            workdir=self.workdir, rounds=self.spec.rounds, policy=self.spec.policy,
            model=self.spec.model, expected_nodes=len(bundles), run_config=self.spec.run_config,
            timeout=self.spec.timeout,
        )
        cli_env = operator_env(self.workdir)
        run_id, offset = run.submit(cli_env)
        self.on_event({"event": "submitted", "run_id": run_id})
        return run_id, run.follow(run_id, offset, cli_env, self.on_event, self.group.check_alive)
