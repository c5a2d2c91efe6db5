"""The aggregator's Flower ServerApp: run the rounds, merge, publish adapters."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import torch
from flwr.app import ArrayRecord, Context
from flwr.serverapp import Grid, ServerApp

from netgpt.modeling import build_lora_model, load_base_model, load_wire_state, spec_from_config, trainable_state
from server.registry import AdapterRegistry
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

app = ServerApp()


@app.main()
def main(grid: Grid, context: Context) -> None:
    config = context.run_config
    workdir = Path(str(config["workdir"]))
    spec = spec_from_config(config)
    base = load_base_model(str(config.get("model", "default")), workdir / "models")
    model = build_lora_model(base.model, spec)
    initial = trainable_state(model, spec.strategy)
    registry = AdapterRegistry(workdir)
    round_log = RoundLog(workdir)

    def publish(server_round: int, merged: dict[str, np.ndarray]) -> str:
        load_wire_state(model, {k: torch.from_numpy(v) for k, v in merged.items()})
        return str(registry.publish(server_round, model))

    strategy = AdapterStrategy(
        expected_shapes={key: tuple(t.shape) for key, t in initial.items()},
        on_merged=publish,
        round_log=round_log,
        min_nodes=int(config.get("min-nodes", 2)),
    )
    rounds = int(config["num-server-rounds"])
    round_log.append("start", rounds=rounds, strategy=spec.strategy, model=base.name)
    strategy.start(
        grid=grid,
        initial_arrays=ArrayRecord(initial),
        num_rounds=rounds,
        timeout=float(config.get("round-timeout", 3600)),
    )
    round_log.append("finish", rounds=rounds, latest=str(registry.latest()))
