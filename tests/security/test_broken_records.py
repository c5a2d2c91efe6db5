"""A node whose own records file breaks (issue 12's lone surrogate, a line cut
by a full disk) sits the round out and says so, naming neither the path nor the
record: the aggregator, an outsider to the device, learns only that it refuses.

The device is the real ClientApp over the tiny model (`device.Device`); its
records are read from disk by the real loader.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flwr.app import Message

from client.records import Record, load_records
from netgpt.layout import NodeData
from policies import parse_policy

from .device import Device
from .harness import Aggregator

SECRET = "Ana Souza"


def _refusal(reply: Message) -> str:
    assert set(reply.content.keys()) == {"refused"}, f"the node did not refuse: {sorted(reply.content.keys())}"
    return str(reply.content.config_records["refused"]["reason"])


@pytest.mark.parametrize("kind", ["train", "evaluate"])
def test_a_broken_records_file_is_a_refusal_that_names_no_path_and_no_record(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    Aggregator(tmp_path / "aggregator")  # stamps messages with the run's identity
    device = Device(tmp_path / "device", [], model_cache, monkeypatch)
    good = json.dumps({"id": "r0", "text": f"call {SECRET} at home"})
    device.data.records.write_text(good + '\n{"id": "r1", "text": "' + SECRET + ' \\ud800"}\n', encoding="utf-8")

    def read_from_disk(data: NodeData, cache: Path, level: str, *, in_child: bool = False) -> list[Record]:
        return load_records(data)

    monkeypatch.setattr(device, "_records", read_from_disk)
    reason = _refusal(device.ask(kind, parse_policy("{}")))
    assert "records or profile file is missing or invalid" in reason
    assert str(device.data.root) not in reason and "line" not in reason and SECRET not in reason
    logged = capsys.readouterr().err
    assert f"{device.data.records}: line 2 is not valid Unicode" in logged and SECRET not in logged
