"""The aggregator's Flower ServerApp: run the rounds under the policy, merge,
publish adapters, keep the privacy ledger."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp

from netgpt.modeling import build_lora_model, load_base_model, load_wire_state, spec_from_config, trainable_state
from policies import policy_in_force
from privacy.dp.ledger import Ledger
from server.enrollment import Enrollments
from server.registry import AdapterRegistry
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    config = context.run_config
    workdir = Path(str(config["workdir"]))
    policy = policy_in_force(workdir)
    spec = spec_from_config(config)
    if spec.strategy != policy.aggregation.strategy:
        raise ValueError(
            f"run config asks for strategy {spec.strategy!r}, the policy for "
            f"{policy.aggregation.strategy!r}"
        )
    base = load_base_model(str(config.get("model", "default")), workdir / "models")
    model = build_lora_model(base.model, spec)
    initial = trainable_state(model, spec.strategy)
    round_log = RoundLog(workdir)

    def publish(cohort: str, server_round: int, merged: dict[str, np.ndarray]) -> str:
        load_wire_state(model, {k: torch.from_numpy(v) for k, v in merged.items()})
        return str(AdapterRegistry(workdir, cohort).publish(server_round, model))

    strategy = AdapterStrategy(
        expected_shapes={key: tuple(t.shape) for key, t in initial.items()},
        on_merged=publish,
        round_log=round_log,
        ledger=Ledger.open(workdir, writable=True),
        policy=policy,
        expected_nodes=int(config.get("expected-nodes", 2)),
        enrollments=Enrollments(workdir),
    )
    rounds = int(config["num-server-rounds"])
    round_log.append(
        "start", rounds=rounds, strategy=spec.strategy, model=base.name,
        policy_hash=policy.content_hash(),
    )
    strategy.start(
        grid=grid,
        initial_arrays=ArrayRecord(initial),
        num_rounds=rounds,
        timeout=float(config.get("round-timeout", 3600)),
    )
    round_log.append("finish", rounds=rounds, latest=str(AdapterRegistry(workdir).latest()))
