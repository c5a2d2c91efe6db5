"""One edge device as the aggregator's messages reach it: its bundle, its data
directory and the real ClientApp (`client.client_app`) over the tiny model.

Only desensitization is replaced, by texts that are desensitized already:
Presidio is not what these attacks test, and it would cost each test seconds.
`corpus_reads` keeps the location level of every read of the records, so a
test can tell that a refused request read none.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from pathlib import Path

import pytest
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, Message, RecordDict

import client.node
from client.client_app import evaluate, train
from client.records import Record
from netgpt.adapter_record import adapter_record
from netgpt.layout import NodeData, NodeLayout
from netgpt.modeling import build_lora_model, load_base_model, trainable_state
from netgpt.modeling.lora import Strategy
from netgpt.settings import POLICY_HASH_KEY, POLICY_KEY, RunSettings, default_run_config
from policies import Policy

from .harness import RUN_ID

NODE_ID = 1  # node-1 of the harness's aggregator
RUN_CONFIG = default_run_config() | {"model": "tiny", "train.precision": "fp32", "train.batch-size": 8}


def initial_adapter(model_cache: Path, strategy: Strategy) -> dict[str, torch.Tensor]:
    """The global adapter as the ServerApp sends it before round 1, for RUN_CONFIG's model."""
    spec = RunSettings.from_run_config(RUN_CONFIG).lora.spec(strategy)
    model = build_lora_model(load_base_model("tiny", model_cache).model, spec)
    return {key: tensor.clone() for key, tensor in trainable_state(model, spec.strategy).items()}


def wire_record(tensors: Mapping[str, torch.Tensor]) -> ArrayRecord:
    """`tensors` packed as an aggregator's request carries them."""
    return adapter_record({key: tensor.numpy() for key, tensor in tensors.items()})


class Device:
    """An edge device holding `texts` as its (desensitized) records."""

    def __init__(
        self, root: Path, texts: Sequence[str], model_cache: Path, monkeypatch: pytest.MonkeyPatch,
        run_config: Mapping[str, bool | float | int | str] | None = None,
    ) -> None:
        self.bundle = NodeLayout(root / "bundle")
        self.data = NodeData(root / "data")
        self.bundle.root.mkdir(parents=True)
        self.data.root.mkdir(parents=True)
        self.texts = list(texts)
        self.model_cache = model_cache
        self.monkeypatch = monkeypatch
        self.run_config = RUN_CONFIG | dict(run_config or {})
        self.corpus_reads: list[str] = []
        self.in_child: list[bool] = []
        """Whether each read asked for the records to be desensitized in a child process."""

    def _records(self, data: NodeData, cache: Path, level: str, *, in_child: bool = False) -> list[Record]:
        self.corpus_reads.append(level)
        self.in_child.append(in_child)
        return [Record(id=f"r{i}", text=text) for i, text in enumerate(self.texts)]

    def ask(
        self, kind: str, policy: Policy, server_round: int = 1, arrays: ArrayRecord | None = None,
        policy_json: str | None = None,
    ) -> Message:
        """The ClientApp's reply to a `kind` ("train" or "evaluate") request of
        run RUN_ID under `policy` (or, with `policy_json`, that text sent with
        `policy`'s hash, as a man in the middle would)."""
        # Patched per request: with two devices in one test, each reads its own records.
        self.monkeypatch.setattr(client.node, "desensitized_records", self._records)
        text = policy.model_dump_json() if policy_json is None else policy_json
        config = ConfigRecord({POLICY_KEY: text, POLICY_HASH_KEY: policy.content_hash(), "server-round": server_round})
        request = Message(
            RecordDict({"arrays": arrays or ArrayRecord(), "config": config}), dst_node_id=NODE_ID, message_type=kind
        )
        node_config: dict[str, bool | float | int | str] = {
            "bundle-dir": str(self.bundle.root), "data-dir": str(self.data.root), "node-name": f"node-{NODE_ID}",
            "region": "north", "model-cache": str(self.model_cache),
        }
        handler = train if kind == "train" else evaluate
        return handler(request, Context(RUN_ID, NODE_ID, node_config, RecordDict(), self.run_config))
