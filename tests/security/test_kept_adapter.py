"""The adapter a node keeps for itself after a round (`client.personal_adapter`):
its own round mixed with the merge the evaluation request carries.

The aggregator chooses what an evaluation request carries. Played here: a merge
of the round the node trained in (kept as the mix, again the same mix when the
request is repeated), the adapter the round started from (a round that was not
merged), a request for a round the node did not train in, arrays no honest
merge holds (NaN, infinity), and a kept round the node can no longer read.
The node is the real ClientApp over the tiny model (`device.Device`).
"""

from __future__ import annotations

import errno
import json
from dataclasses import dataclass
from pathlib import Path

import pytest
import torch
from flwr.app import Message
from flwr.supercore.task_identity import TaskIdentity
from safetensors.torch import load_file

import client.node
from client.evaluation import last_evaluations
from client.personal_adapter import OWN_SHARE, own_round
from netgpt.adapter_record import adapter_state
from policies import Policy, parse_policy

from .device import NODE_ID, Device, initial_adapter, wire_record
from .harness import RUN_ID
from .test_evaluation_oracle import TEXTS

POLICY = parse_policy(json.dumps({}))
FEDAVG = parse_policy(json.dumps({"aggregation": {"strategy": "fedavg"}}))


@dataclass(frozen=True)
class Trained:
    device: Device
    initial: dict[str, torch.Tensor]
    """The adapter round 1 started from."""
    sent: dict[str, torch.Tensor]
    """What the node sent after round 1."""


@pytest.fixture
def trained(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Trained:
    """A device that trained round 1 from the initial adapter, and the tensors it sent."""
    return _trained(tmp_path, model_cache, monkeypatch, POLICY)


def _trained(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch, policy: Policy) -> Trained:
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, NODE_ID, 1
    initial = initial_adapter(model_cache, policy.aggregation.strategy)
    device = Device(tmp_path, TEXTS, model_cache, monkeypatch)
    reply = device.ask("train", policy, 1, wire_record(initial))
    assert "arrays" in reply.content, reply.content.keys()
    return Trained(device, initial, adapter_state(reply.content.array_records["arrays"]))


def _kept(device: Device, keys: list[str]) -> dict[str, torch.Tensor]:
    saved = load_file(str(device.bundle.personal_adapter / "adapter_model.safetensors"))
    return {key: saved[key] for key in keys}


def _acknowledged(reply: Message) -> None:
    assert dict(reply.content.config_records["evaluated"]) == {"status": "kept-on-node"}


def test_the_node_keeps_its_round_mixed_with_the_merge_and_mixes_the_same_round_again(trained: Trained) -> None:
    device, sent = trained.device, trained.sent
    keys = sorted(sent)
    assert all(torch.equal(_kept(device, keys)[key], sent[key]) for key in keys), "after training: its own round"
    assert device.bundle.own_round.stat().st_mode & 0o777 == 0o600
    generator = torch.Generator().manual_seed(3)
    merge = {key: value + torch.randn(value.shape, generator=generator) * 0.01 for key, value in sent.items()}

    for _ in range(2):  # a repeated request mixes the round again, not the mix
        _acknowledged(device.ask("evaluate", POLICY, 1, wire_record(merge)))
        kept = _kept(device, keys)
        for key in keys:
            expected = OWN_SHARE * sent[key] + (1 - OWN_SHARE) * merge[key]
            torch.testing.assert_close(kept[key], expected)
    evaluation = last_evaluations(device.bundle.evaluations, 1)[0]
    assert evaluation.kept_ppl is not None and evaluation.kept_ppl != evaluation.adapter_ppl


def test_a_round_the_node_did_not_train_in_leaves_its_adapter_as_it_is(trained: Trained) -> None:
    device, sent = trained.device, trained.sent
    before = (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes()
    _acknowledged(device.ask("evaluate", POLICY, 2, wire_record({k: v * 3 for k, v in sent.items()})))
    assert (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes() == before
    assert last_evaluations(device.bundle.evaluations, 1)[0].kept_ppl is None
    assert own_round(device.bundle.own_round, RUN_ID, 1) is not None, "the kept round is not consumed"


@pytest.mark.parametrize("bad", [float("nan"), float("inf")])
def test_a_merge_no_honest_aggregator_sends_is_measured_but_never_kept(trained: Trained, bad: float) -> None:
    device, sent = trained.device, trained.sent
    before = (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes()
    hostile = {key: value.clone() for key, value in sent.items()}
    next(iter(hostile.values()))[0, 0] = bad
    _acknowledged(device.ask("evaluate", POLICY, 1, wire_record(hostile)))
    assert (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes() == before
    assert last_evaluations(device.bundle.evaluations, 1)[0].kept_ppl is None


def _unchanged_after(device: Device, policy: Policy, arrays: dict[str, torch.Tensor]) -> None:
    before = (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes()
    _acknowledged(device.ask("evaluate", policy, 1, wire_record(arrays)))
    assert (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes() == before
    assert last_evaluations(device.bundle.evaluations, 1)[0].kept_ppl is None


def test_a_round_that_was_not_merged_is_kept_as_trained(trained: Trained) -> None:
    """Too few updates, a spent federation budget or a failed publish: the
    evaluation request then carries the adapter the round started from."""
    _unchanged_after(trained.device, POLICY, trained.initial)


def test_an_unreadable_kept_round_leaves_the_adapter_and_the_evaluation_stands(trained: Trained) -> None:
    device, sent = trained.device, trained.sent
    device.bundle.own_round.write_bytes(b"\x00" * 64)
    _unchanged_after(device, POLICY, {key: value * 0.5 for key, value in sent.items()})


def test_under_fedavg_the_node_keeps_its_round_as_trained(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A and B averaged apart are not the mean of two adapters: no mix."""
    trained = _trained(tmp_path, model_cache, monkeypatch, FEDAVG)
    _unchanged_after(trained.device, FEDAVG, {key: value * 0.5 for key, value in trained.sent.items()})


def test_a_full_disk_keeps_the_old_adapter_and_the_evaluation(
    trained: Trained, monkeypatch: pytest.MonkeyPatch, capfd: pytest.CaptureFixture[str]
) -> None:
    """A disk that fills while the mix is written (a fault not caused here for
    real, hence the patched writer): the adapter stays, the evaluation is kept
    and the log names the error's kind, never a path."""
    device, sent = trained.device, trained.sent
    before = (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes()

    def full_disk(model: object, target: Path) -> Path:
        raise OSError(errno.ENOSPC, "No space left on device", str(target))

    monkeypatch.setattr(client.node, "save_personal_adapter", full_disk)
    _acknowledged(device.ask("evaluate", POLICY, 1, wire_record({k: v * 0.5 for k, v in sent.items()})))
    assert (device.bundle.personal_adapter / "adapter_model.safetensors").read_bytes() == before
    evaluation = last_evaluations(device.bundle.evaluations, 1)[0]
    assert evaluation.round == 1 and evaluation.kept_ppl is None
    log = capfd.readouterr().err
    assert "personal adapter not updated: OSError 28" in log and str(device.bundle.root) not in log
