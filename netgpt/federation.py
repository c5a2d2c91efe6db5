"""A local federation: one SuperLink and N SuperNodes as real processes on loopback.

This is the same deployment Flower runs across machines, folded onto one host:
separate processes, TLS on the wire, each node with its own data directory and
state. The launcher owns every process it starts and stops them all on success,
failure and Ctrl-C.
"""

from __future__ import annotations

import os
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from netgpt.flower_cli import run_status, submit_run, write_connection
from netgpt.modeling import load_base_model
from netgpt.processes import ProcessGroup, free_port, interrupts_deferred, wait_for_port
from netgpt.synthetic import generate_federation_data, region_for_node
from policies import Policy
from privacy.tls import ensure_tls
from server.round_log import RoundLog
from server.server_app import POLICY_FILE

APP_DIR = Path(__file__).resolve().parents[1]
STATUS_EVERY = 15.0


class FederationError(RuntimeError):
    """The federation could not be brought up or its run failed."""


@dataclass(frozen=True)
class FederationSpec:
    workdir: Path
    nodes: int = 3
    rounds: int = 2
    model: str = "default"
    insecure: bool = False
    seed: int = 0
    policy: Policy = field(default_factory=Policy)
    run_config: dict[str, Any] = field(default_factory=dict)
    timeout: float = 3600.0


@dataclass
class NodeLayout:
    name: str
    region: str
    data_dir: Path
    state_dir: Path


def policy_run_config(policy: Policy) -> dict[str, Any]:
    """The policy values the nodes enforce on their side, as Flower run config."""
    return {
        "strategy": policy.aggregation.strategy,
        "location-level": policy.desensitization.location_level,
        "delta": policy.privacy.delta,
        "max-epsilon": policy.privacy.max_epsilon,
        "min-noise-multiplier": policy.privacy.min_noise_multiplier,
        "max-grad-norm": policy.privacy.max_grad_norm,
        "policy-hash": policy.content_hash(),
    }


def write_policy(policy: Policy, path: Path) -> None:
    """The aggregator's copy of the policy, read by the ServerApp and the audit."""
    path.write_text(yaml.safe_dump(policy.model_dump(mode="json"), sort_keys=False))


def _bin(name: str) -> str:
    return str(Path(sys.executable).with_name(name))


class LocalFederation:
    def __init__(self, spec: FederationSpec, on_event: Callable[[dict[str, Any]], None]) -> None:
        self.spec = spec
        self.workdir = spec.workdir.resolve()
        self.on_event = on_event
        self.group = ProcessGroup(self.workdir / "logs")
        self.round_log = RoundLog(self.workdir)

    # -- preparation -------------------------------------------------------------
    def prepare_nodes(self) -> list[NodeLayout]:
        data_root = self.workdir / "data"
        existing = all((data_root / f"node-{i}" / "records.jsonl").exists() for i in range(1, self.spec.nodes + 1))
        if not existing:
            generate_federation_data(data_root, self.spec.nodes, seed=self.spec.seed)
        return [
            NodeLayout(
                name=f"node-{i}",
                region=region_for_node(i),
                data_dir=data_root / f"node-{i}",
                state_dir=self.workdir / "state" / f"node-{i}",
            )
            for i in range(1, self.spec.nodes + 1)
        ]

    def _env(self, role: str) -> dict[str, str]:
        env = dict(os.environ)
        env["FLWR_HOME"] = str(self.workdir / "flwr" / role)
        env["HF_HUB_OFFLINE"] = "1"
        env["TRANSFORMERS_OFFLINE"] = "1"
        env["PYTHONUNBUFFERED"] = "1"
        # Flower phones home for telemetry and update checks; nothing leaves the host.
        env["FLWR_TELEMETRY_ENABLED"] = "0"
        env["FLWR_DISABLE_UPDATE_CHECK"] = "1"
        # Flower starts helpers (flower-superexec, flwr-clientapp) by name.
        env["PATH"] = os.pathsep.join([str(Path(sys.executable).parent), env.get("PATH", "")])
        return env

    # -- the run -------------------------------------------------------------------
    def up(self) -> dict[str, Any]:
        self.workdir.mkdir(parents=True, exist_ok=True)
        started = time.time()
        write_policy(self.spec.policy, self.workdir / POLICY_FILE)
        nodes = self.prepare_nodes()
        self.on_event({"event": "prepared", "nodes": [n.name for n in nodes]})
        load_base_model(self.spec.model, self.workdir / "models")
        self.on_event({"event": "model-ready", "model": self.spec.model})
        offset = len(self.round_log.read())
        try:
            run_id = self._run(nodes, offset)
        finally:
            with interrupts_deferred():
                self.group.stop_all()
        events = self.round_log.read()[offset:]
        merged = any(e.get("event") == "train" and e.get("merged") for e in events)
        exhausted = any(e.get("event") == "exhausted" for e in events)
        if not merged and not exhausted:
            raise FederationError(
                "no round merged any update; the rejections are in "
                f"{self.round_log.path} and the nodes' logs in {self.group.log_dir}"
            )
        return {"run_id": run_id, "seconds": time.time() - started, "events": events}

    def _run(self, nodes: list[NodeLayout], log_offset: int) -> int:
        tls = None if self.spec.insecure else ensure_tls(self.workdir / "certs")
        # A fresh SuperLink state per launch: nodes registered by an earlier
        # launch are gone, and Flower would keep sending them work. What must
        # persist (ledger, accountants, adapters) lives outside it.
        for stale in self.workdir.glob("superlink.db*"):
            stale.unlink()
        port = free_port()
        superlink = [
            _bin("flower-superlink"),
            "--port", str(port),
            "--database", str(self.workdir / "superlink.db"),
            "--disable-runtime-dependency-installation",
        ]
        if tls is None:
            superlink.append("--insecure")
        else:
            superlink += [
                "--ssl-ca-certfile", str(tls.ca_cert),
                "--ssl-certfile", str(tls.server_cert),
                "--ssl-keyfile", str(tls.server_key),
            ]
        self.group.start("superlink", superlink, self._env("superlink"))
        wait_for_port(port, 60, lambda: self.group.check_alive(["superlink"]))
        self.on_event({"event": "superlink", "address": f"127.0.0.1:{port}", "tls": tls is not None})
        threads = max(1, (os.cpu_count() or 1) // len(nodes))
        for node in nodes:
            node.state_dir.mkdir(parents=True, exist_ok=True)
            node_config = " ".join(
                [
                    f'node-name="{node.name}"',
                    f'region="{node.region}"',
                    f'data-dir="{node.data_dir}"',
                    f'state-dir="{node.state_dir}"',
                    f'model-cache="{self.workdir / "models"}"',
                    f"threads={threads}",
                ]
            )
            argv = [
                _bin("flower-supernode"),
                "--superlink", f"127.0.0.1:{port}",
                "--port", str(free_port()),
                "--node-config", node_config,
            ]
            argv += ["--insecure"] if tls is None else ["--root-certificates", str(tls.ca_cert)]
            self.group.start(node.name, argv, self._env(node.name))
        self.on_event({"event": "supernodes", "count": len(nodes)})
        cli_env = self._env("cli")
        write_connection(
            Path(cli_env["FLWR_HOME"]), f"127.0.0.1:{port}", None if tls is None else tls.ca_cert
        )
        overrides = {
            **self.spec.run_config,
            **policy_run_config(self.spec.policy),
            "num-server-rounds": self.spec.rounds,
            "model": self.spec.model,
            "workdir": str(self.workdir),
            "expected-nodes": len(nodes),
        }
        run_id = submit_run(APP_DIR, overrides, cli_env)
        self.on_event({"event": "submitted", "run_id": run_id})
        self._follow(run_id, cli_env, log_offset)
        return run_id

    def _follow(self, run_id: int, env: dict[str, str], seen: int) -> None:
        """Stream round events; ask the SuperLink for the run's status only
        every STATUS_EVERY seconds or once the ServerApp logged its finish,
        because each ask starts a `flwr` process that competes with training."""
        log_start = seen
        deadline = time.monotonic() + self.spec.timeout
        next_status = time.monotonic() + STATUS_EVERY
        while time.monotonic() < deadline:
            self.group.check_alive()
            events = self.round_log.read()
            for event in events[seen:]:
                self.on_event(event)
            seen = len(events)
            finished = any(e.get("event") == "finish" for e in events[log_start:])
            if not finished and time.monotonic() < next_status:
                time.sleep(1.0)
                continue
            next_status = time.monotonic() + STATUS_EVERY
            status = run_status(run_id, env)
            if status.startswith("finished"):
                for event in self.round_log.read()[seen:]:
                    self.on_event(event)
                if status != "finished:completed":
                    raise FederationError(
                        f"run {run_id} ended as {status}; see {self.group.log_dir}/superlink.log"
                    )
                return
            time.sleep(1.0)
        raise FederationError(f"run {run_id} did not finish within {self.spec.timeout:.0f} s")
