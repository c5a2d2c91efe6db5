"""A curious aggregator using evaluation as an oracle on a node's held-out
records (issue 15, point 2).

Before, a node evaluated whatever arrays an evaluation request carried on its
held-out records and sent back the exact base and adapter losses and the
number of held-out tokens: any arrays, as often as the aggregator liked, of a
node whose budget was spent too, all outside the privacy accounting. Now the
node keeps those figures in its own bundle (`state/evaluations.jsonl`, 0600,
shown by `netgpt node status`) and answers with an acknowledgement only.

The node is the real ClientApp over the tiny model (`device.Device`).
"""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest
import torch
from flwr.app import Array, ArrayRecord, Message
from flwr.supercore.task_identity import TaskIdentity

from cli import NETGPT
from client.evaluation import last_evaluations
from netgpt.adapter_record import ADAPTER_KEY, AdapterRecordError
from policies import parse_policy

from .device import NODE_ID, Device, initial_adapter, wire_record
from .harness import RUN_ID

# Forty distinct records: the hash split holds some of them out.
TEXTS = [f"can you book a table near <LOCATION> for {i} people at {i + 6}pm tonight" for i in range(40)]
POLICY = parse_policy(json.dumps({}))
SPENT = parse_policy(json.dumps({"privacy": {"max_epsilon": 0.01}}))  # not even one round fits


@pytest.fixture
def device(tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> Device:
    # Messages are stamped with the identity of the running task: play a ClientApp of run RUN_ID.
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, NODE_ID, 1
    return Device(tmp_path, TEXTS, model_cache, monkeypatch)


@pytest.fixture(scope="module")
def wire(model_cache: Path) -> dict[str, torch.Tensor]:
    """The global adapter as the ServerApp sends it before round 1."""
    return initial_adapter(model_cache, POLICY.aggregation.strategy)


def _probes(wire: dict[str, torch.Tensor]) -> list[ArrayRecord]:
    """What a curious aggregator sends instead of a published adapter: the
    base model, arrays of its own making, and no arrays at all."""
    generator = torch.Generator().manual_seed(7)
    made_up = {key: torch.randn(tensor.shape, generator=generator) * 0.5 for key, tensor in wire.items()}
    huge = {key: torch.full_like(tensor, 1e4) for key, tensor in wire.items()}
    return [wire_record(wire), wire_record(made_up), wire_record(huge), ArrayRecord()]


def _acknowledgement_only(reply: Message) -> None:
    content = reply.content
    assert not reply.has_error()
    assert list(content.keys()) == ["evaluated"], f"the reply carries {sorted(content.keys())}"
    assert dict(content.config_records["evaluated"]) == {"status": "kept-on-node"}


def test_a_curious_aggregator_gets_an_acknowledgement_whatever_arrays_it_sends(device: Device, wire) -> None:
    probes = _probes(wire)
    for server_round, arrays in enumerate(probes, start=1):
        _acknowledgement_only(device.ask("evaluate", POLICY, server_round, arrays))

    # The node did measure each probe: the figures exist, on the device only.
    kept = last_evaluations(device.bundle.evaluations, len(probes))
    assert [e.round for e in kept] == [1, 2, 3, 4] and {e.run_id for e in kept} == {RUN_ID}
    assert all(e.tokens > 0 for e in kept)
    assert len({round(e.adapter_loss, 6) for e in kept[:3]}) == 3, "different arrays, different losses"
    assert kept[0].adapter_loss == pytest.approx(kept[0].base_loss)  # the initial adapter changes nothing
    assert device.bundle.evaluations.stat().st_mode & 0o777 == 0o600


def test_an_exhausted_node_answers_an_evaluation_request_with_an_acknowledgement_only(device: Device, wire) -> None:
    exhausted = device.ask("train", SPENT, arrays=wire_record(wire))
    assert exhausted.content.config_records["budget"]["status"] == "budget-exhausted"
    _acknowledgement_only(device.ask("evaluate", SPENT, arrays=_probes(wire)[1]))


def test_the_node_keeps_its_evaluations_append_only_and_shows_them_to_its_owner(device: Device, wire) -> None:
    device.ask("evaluate", POLICY, 1, wire_record(wire))
    first = device.bundle.evaluations.read_bytes()
    device.ask("evaluate", POLICY, 2, _probes(wire)[1])
    assert device.bundle.evaluations.read_bytes().startswith(first), "earlier lines are never rewritten"

    shown = subprocess.run([NETGPT, "node", "status", "--bundle", str(device.bundle.root), "--json"],
                           capture_output=True, text=True, timeout=120)
    assert shown.returncode == 0, shown.stderr
    evaluations = json.loads(shown.stdout)["evaluations"]
    assert [e["round"] for e in evaluations] == [1, 2]
    assert all(e["base_ppl"] > 1 and e["tokens"] > 0 for e in evaluations)
    table = subprocess.run([NETGPT, "node", "status", "--bundle", str(device.bundle.root)],
                           capture_output=True, text=True, timeout=120)
    assert table.returncode == 0 and "kept on the device" in table.stdout


@pytest.mark.parametrize("kind", ["train", "evaluate"])
def test_a_malformed_adapter_from_the_aggregator_ends_the_request_before_the_node_trains(
    device: Device, kind: str
) -> None:
    """A hostile aggregator's record that is no packed adapter: the ClientApp
    fails before it loads a model or a record (Flower sends the aggregator an
    error reply), spends no budget and quotes none of the bytes it got."""
    secret = b"\x93NUMPY aggregator-chosen bytes"
    record = ArrayRecord({ADAPTER_KEY: Array(dtype="uint8", shape=(len(secret),), stype="numpy.ndarray", data=secret)})
    with pytest.raises(AdapterRecordError) as raised:
        device.ask(kind, POLICY, 1, record)
    assert "aggregator-chosen" not in str(raised.value)
    assert not device.bundle.accountant.exists() and not device.bundle.evaluations.exists()
    assert device.corpus_reads == []
