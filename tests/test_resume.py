"""Where a new run picks up: its round numbers, the adapter it starts from,
and what an earlier run decided without getting it into the ledger. Real
ledger, real round log, real PEFT adapters of the tiny model on disk."""

from __future__ import annotations

import json

import pytest
import torch
from defaults import lora_spec
from peft.utils import get_peft_model_state_dict
from safetensors.torch import load_file, save_file
from security.harness import Aggregator

from netgpt.modeling import build_lora_model, load_base_model, trainable_state
from privacy.dp.ledger import Ledger
from server.registry import AdapterRegistry
from server.resume import ResumeError, first_round, start_from_latest, unrecorded_decisions
from server.round_log import RoundLog
from server.strategy import Decision, Outcome, decision_record


def _entry(ledger: Ledger, server_round: int, node: str = "node-1") -> None:
    ledger.append(round=server_round, node=node, noise_multiplier=1.0, sample_rate=0.1, steps=1, delta=1e-5,
                  epsilon_round=0.0, epsilon_total=0.0, decision="accepted", reason="", policy_hash="p")


def test_a_run_numbers_its_rounds_after_every_number_used_before(tmp_path):
    """Two older runs each numbered their rounds 1, 2 in the ledger; the round
    log knows a round 3 that recorded nothing (killed), and an adapter
    directory says 2: the next run's first round is 4."""
    ledger = Ledger.open(tmp_path, writable=True)
    assert first_round(tmp_path, ledger) == 1
    for server_round in (1, 2, 1, 2):
        _entry(ledger, server_round)
    (tmp_path / "adapters" / "global" / "round-2").mkdir(parents=True)
    assert first_round(tmp_path, ledger) == 3
    RoundLog(tmp_path).append("round-start", round=3)
    assert first_round(tmp_path, ledger) == 4
    (tmp_path / "adapters" / "region-north" / "round-9").mkdir(parents=True)
    assert first_round(tmp_path, ledger) == 10


@pytest.fixture
def tiny(model_cache):
    return model_cache


def _model(cache, **changes):
    """A LoRA model of `changes` on a base of its own: PEFT changes the base it wraps."""
    spec = lora_spec(**changes)
    return build_lora_model(load_base_model("tiny", cache).model, spec), spec


def _published(tmp_path, tiny, server_round: int = 1, **changes):
    """A trained-looking global adapter published as `server_round`."""
    model, _ = _model(tiny, **changes)
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if ".lora_B." in name:
                parameter.fill_(0.25)
    return AdapterRegistry(tmp_path).publish(server_round, model)


def test_a_new_run_starts_from_the_latest_global_adapter(tmp_path, tiny):
    """Every run started from a zero adapter, whatever the federation had
    published; now the wire tensors are latest's, and under FFA-LoRA A stays
    the seeded one."""
    round_dir = _published(tmp_path, tiny)
    model, spec = _model(tiny)
    assert start_from_latest(tmp_path, model, spec) == round_dir
    saved = load_file(round_dir / "adapter_model.safetensors")
    state = get_peft_model_state_dict(model)
    assert all(torch.equal(state[key], saved[key]) for key in saved)
    assert all(torch.all(value == 0.25) for value in trainable_state(model, spec.strategy).values())


def test_without_a_published_adapter_the_run_starts_from_the_seeded_one(tmp_path, tiny):
    model, spec = _model(tiny)
    before = {key: value.clone() for key, value in trainable_state(model, spec.strategy).items()}
    assert start_from_latest(tmp_path, model, spec) is None
    assert all(torch.equal(before[key], value) for key, value in trainable_state(model, spec.strategy).items())


@pytest.mark.parametrize(
    "published, fragment",
    [
        ({"rank": 4}, "rank 4"),
        ({"target_modules": ("q_proj",)}, "tensor(s) are in only one of them"),
        ({"seed": 7}, "not the one lora.seed gives under ffa"),
    ],
)
def test_a_latest_adapter_that_does_not_fit_the_run_is_refused_naming_the_file(tmp_path, tiny, published, fragment):
    tensors = _published(tmp_path, tiny, **published) / "adapter_model.safetensors"
    model, spec = _model(tiny)
    with pytest.raises(ResumeError) as refused:
        start_from_latest(tmp_path, model, spec)
    assert fragment in str(refused.value) and str(tensors) in str(refused.value)


def test_a_fedavg_adapter_whose_a_was_trained_cannot_continue_under_ffa(tmp_path, tiny):
    tensors = _published(tmp_path, tiny, strategy="fedavg") / "adapter_model.safetensors"
    save_file({key: value + 0.5 if ".lora_A." in key else value for key, value in load_file(tensors).items()},
              tensors)
    model, spec = _model(tiny, strategy="ffa")
    with pytest.raises(ResumeError, match=r"not the one lora\.seed gives under ffa"):
        start_from_latest(tmp_path, model, spec)
    fedavg, fedavg_spec = _model(tiny, strategy="fedavg")
    assert start_from_latest(tmp_path, fedavg, fedavg_spec) == tensors.parent  # FedAvg trains A: it goes on


def test_an_unreadable_latest_adapter_is_refused_naming_the_file(tmp_path, tiny):
    round_dir = _published(tmp_path, tiny)
    (round_dir / "adapter_model.safetensors").write_bytes(b"\x00" * 40)
    model, spec = _model(tiny)
    with pytest.raises(ResumeError, match="cannot be read") as refused:
        start_from_latest(tmp_path, model, spec)
    assert str(round_dir / "adapter_model.safetensors") in str(refused.value)


def test_decisions_an_earlier_run_did_not_record_are_found_once(tmp_path):
    """A "publishing" journal whose round was published gives accepted
    decisions, one whose round was not gives rejections; an "unrecorded"
    decision counts once, and what the ledger holds is never found again."""
    aggregator = Aggregator(tmp_path)
    log, ledger = aggregator.round_log, aggregator.ledger
    spent = Decision(Outcome.ACCEPTED, "node-1", 1, mechanism=(1.0, 0.1, 10))
    other = Decision(Outcome.ACCEPTED, "node-2", 2, mechanism=(1.0, 0.1, 10))
    log.append("publishing", round=4, decisions=[decision_record(spent), decision_record(other)])
    (tmp_path / "adapters" / "global" / "round-4").mkdir(parents=True)
    log.append("publishing", round=5, decisions=[decision_record(spent)])
    rejected = Decision(Outcome.REJECTED, "node-3", 3, "a reason", (1.0, 0.1, 10))
    log.append("unrecorded", round=5, decision=decision_record(rejected))
    log.append("unrecorded", round=5, decision=decision_record(rejected))
    log.append("publishing", round=6, decisions=[{"node": "node-1"}])  # cut short: skipped
    aggregator.strategy.record(4, other)  # the run recorded node-2 before it stopped
    found = unrecorded_decisions(tmp_path, ledger)
    assert [(number, d.node, d.outcome, d.reason) for number, d in found] == [
        (4, "node-1", Outcome.ACCEPTED, ""),
        (5, "node-1", Outcome.REJECTED, "not merged: the aggregator stopped before the round was published"),
        (5, "node-3", Outcome.REJECTED, "a reason"),
    ]
    for number, decision in found:
        aggregator.strategy.record(number, decision)
    assert unrecorded_decisions(tmp_path, ledger) == []
    assert json.dumps([decision_record(d) for _, d in found])  # what the round log keeps is JSON
