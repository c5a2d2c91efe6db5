"""Publishing a round under faults: the disk fills up mid-publish, the
API reads `latest` while rounds are published (and a round number is
published again, as a second run in the same work directory does), and the
aggregator is killed between publishing a round and recording it.

The full disk is real: a small tmpfs mounted over the work directory's
`adapters`, where the machine lets the test mount one (root with
CAP_SYS_ADMIN, as in the project's containers); elsewhere that test is
skipped, and the strategy's side is still covered with an injected ENOSPC in
tests/test_strategy.py. The merged adapter is written the way the ServerApp
writes it: a real PEFT model saved through the real registry.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import numpy as np
import pytest
import torch
from defaults import lora_spec
from safetensors import safe_open
from security.harness import KEY, POLICY, RUN_ID, SHAPE, Aggregator

from netgpt.modeling import build_lora_model, load_base_model, load_wire_state, trainable_state
from privacy.dp.accounting import epsilon
from privacy.dp.ledger import Ledger
from privacy.identity.signing import load_public_key
from server.api.adapter_pool import published_adapters
from server.enrollment import Enrollments
from server.registry import AdapterRegistry
from server.resume import STOPPED_PUBLISHING, unrecorded_decisions
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

REPO = Path(__file__).resolve().parents[2]
DISK_BYTES = 256 * 1024  # room for a few rounds of the tiny model's adapter (~22 kB each, two cohorts)
MECHANISM = (1.0, 0.1, 10)  # what each honest reply of the harness reports spending


@pytest.fixture
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """`tmp_path/adapters` on a tmpfs of DISK_BYTES, unmounted afterwards."""
    adapters = tmp_path / "adapters"
    adapters.mkdir()
    if shutil.which("mount") is None:
        pytest.skip("no mount command: the injected ENOSPC of tests/test_strategy.py stands in")
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_BYTES},mode=0700", "tmpfs", str(adapters)],
                             capture_output=True, text=True)
    if mounted.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({mounted.stderr.strip()}): the injected ENOSPC of "
                    "tests/test_strategy.py stands in")
    try:
        yield adapters
    finally:
        subprocess.run(["umount", str(adapters)], check=True)


def _fill(disk: Path) -> Path:
    """Take every free byte of `disk` into one file."""
    filler = disk / "filler"
    fd = os.open(filler, os.O_WRONLY | os.O_CREAT, 0o600)
    try:
        while True:
            os.write(fd, b"\0" * 4096)
    except OSError as error:
        assert error.errno == errno.ENOSPC
    finally:
        os.close(fd)
    return filler


def test_a_full_disk_during_publish_keeps_the_previous_round_and_charges_the_nodes(tmp_path, small_disk,
                                                                                     model_cache):
    spec = lora_spec()
    model = build_lora_model(load_base_model("tiny", model_cache).model, spec)
    initial = {key: value.numpy().copy() for key, value in trainable_state(model, spec.strategy).items()}

    def publish(cohort: str, server_round: int, merged: dict[str, np.ndarray]) -> str:
        # What the ServerApp's `publish` does with a merged adapter.
        load_wire_state(model, {key: torch.from_numpy(value) for key, value in merged.items()})
        return str(AdapterRegistry(tmp_path, cohort).publish(server_round, model))

    aggregator = Aggregator(tmp_path)
    strategy = aggregator.strategy
    strategy.on_merged, strategy.sent = publish, initial
    strategy.expected_shapes = {key: value.shape for key, value in initial.items()}

    def round_of(server_round: int):
        replies = []
        for node in (aggregator.nodes[1], aggregator.nodes[2]):
            sent = {key: value + 0.01 * server_round for key, value in initial.items()}
            replies.append(node.reply(sent, node.report(sent, server_round=server_round)))
        return strategy.aggregate_train(server_round, replies)

    assert round_of(1)[0] is not None
    filler = _fill(small_disk)
    arrays, metrics = round_of(2)

    assert arrays is None and metrics is None  # Flower keeps the previous global adapter
    serving = published_adapters(tmp_path)
    assert {cohort: path.name for cohort, path in serving.items()} == {"global": "round-1", "region-north": "round-1"}
    with safe_open(str(serving["global"] / "adapter_model.safetensors"), "pt") as tensors:
        assert tensors.keys()
    for cohort in ("global", "region-north"):
        assert sorted(p.name for p in (small_disk / cohort).iterdir()) == ["latest", "round-1"]  # nothing half-made
    second = [entry for entry in aggregator.ledger.entries() if entry.round == 2]
    assert [(e.node, e.decision) for e in second] == [("node-1", "rejected"), ("node-2", "rejected")]
    assert all(e.reason == "merge failed: OSError ENOSPC (errno 28)" for e in second)
    assert all((e.noise_multiplier, e.sample_rate, e.steps) == MECHANISM for e in second)  # the spend stays charged
    failed = [e for e in aggregator.events("train") if e["round"] == 2]
    assert failed[0]["merged"] is None and failed[0]["error"] == "OSError ENOSPC (errno 28)"

    filler.unlink()  # the operator frees the disk; the run went on
    arrays, _ = round_of(3)
    assert arrays is not None
    assert published_adapters(tmp_path)["global"].name == "round-3"
    third = aggregator.ledger.entries("node-1")[-1]
    assert third.decision == "accepted"
    assert third.epsilon_total == pytest.approx(epsilon([MECHANISM] * 3, POLICY.privacy.delta))


PUBLISHER = """
import sys
from pathlib import Path
from netgpt.modeling import build_lora_model, load_base_model
from server.registry import AdapterRegistry
sys.path.insert(0, "tests")
from defaults import lora_spec

workdir, cache, rounds = Path(sys.argv[1]), Path(sys.argv[2]), int(sys.argv[3])
model = build_lora_model(load_base_model("tiny", cache).model, lora_spec())
registry = AdapterRegistry(workdir)
registry.publish(1, model)
print("published", flush=True)
for server_round in range(2, rounds + 1):
    registry.publish(server_round, model)
    for _ in range(10):  # a second run reaching a round number already published
        try:
            registry.publish(server_round, model)
        except FileExistsError:
            pass
"""


def test_the_api_reading_latest_during_publishes_never_misses_an_adapter(tmp_path, model_cache):
    """Re-publishing round-1 left `latest` dangling in 5,295 of 8,531 polls;
    the API's scan (`published_adapters`, which drops a cohort whose `latest`
    leads nowhere) must find the global adapter, whole, in every poll."""
    rounds = 30
    log = tmp_path / "publisher.log"
    with log.open("wb") as sink:
        publisher = subprocess.Popen([sys.executable, "-c", PUBLISHER, str(tmp_path), str(model_cache), str(rounds)],
                                     stdout=sink, stderr=subprocess.STDOUT, cwd=REPO)
    polls, misses = 0, 0
    try:
        deadline = time.monotonic() + 300
        while "published" not in log.read_text() and publisher.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert "published" in log.read_text(), log.read_text()
        while publisher.poll() is None and time.monotonic() < deadline:
            polls += 1
            found = published_adapters(tmp_path).get("global")
            if found is None or not (found / "adapter_model.safetensors").is_file():
                misses += 1
    finally:
        publisher.kill()
        publisher.wait(timeout=30)
    assert publisher.returncode == 0, log.read_text()
    assert polls > 1000 and misses == 0, f"{misses} of {polls} polls found no global adapter"
    assert published_adapters(tmp_path)["global"].name == f"round-{rounds}"


def test_a_published_round_is_never_rewritten(tmp_path, model_cache):
    """A second run reusing round numbers replaced round-1 by two renames
    (nothing in between) and the API, which knows an adapter by its round
    directory, kept serving the old weights; now the round stays as it was."""
    model = build_lora_model(load_base_model("tiny", model_cache).model, lora_spec())
    registry = AdapterRegistry(tmp_path)
    first = registry.publish(1, model)
    weights = (first / "adapter_model.safetensors").read_bytes()
    with torch.no_grad():
        for name, parameter in model.named_parameters():
            if ".lora_B." in name:
                parameter.add_(1.0)
    with pytest.raises(FileExistsError):
        registry.publish(1, model)
    assert registry.latest() == first and (first / "adapter_model.safetensors").read_bytes() == weights
    assert sorted(p.name for p in registry.root.iterdir()) == ["latest", "round-1"]


KILLED_WHILE_PUBLISHING = """
import os
import signal
import sys
from pathlib import Path
sys.path.insert(0, "tests")
from security.harness import Aggregator
from server.registry import AdapterRegistry

workdir, published = Path(sys.argv[1]), sys.argv[2] == "published"
aggregator = Aggregator(workdir)

def publish_and_die(cohort, server_round, merged):
    if published:
        AdapterRegistry(workdir, cohort).round_dir(server_round).mkdir(parents=True)
    os.kill(os.getpid(), signal.SIGKILL)

aggregator.strategy.on_merged = publish_and_die
aggregator.strategy.aggregate_train(1, [aggregator.nodes[1].honest(0.1), aggregator.nodes[2].honest(0.2)])
"""


@pytest.mark.parametrize("published", [True, False])
def test_a_run_killed_between_publishing_and_recording_is_charged_by_the_next(tmp_path, published):
    """SIGKILL after the round's adapter was published and before the ledger
    took its updates left an adapter built from two nodes' updates that the
    ledger never charged them for. The next run records them: accepted when
    the round's directory exists, rejected when the kill came first."""
    killed = subprocess.run([sys.executable, "-c", KILLED_WHILE_PUBLISHING, str(tmp_path),
                             "published" if published else "not"], cwd=REPO, capture_output=True, timeout=300)
    assert killed.returncode == -9, killed.stderr.decode()[-2000:]
    ledger = Ledger.open(tmp_path, writable=True)
    assert ledger.entries() == []  # what the kill left
    strategy = AdapterStrategy({KEY: SHAPE}, lambda *publish: "", RoundLog(tmp_path), ledger, POLICY,
                               expected_nodes=1, enrollments=Enrollments(tmp_path), run_id=RUN_ID + 1)
    for number, decision in unrecorded_decisions(tmp_path, ledger):
        strategy.record(number, decision)
    expected = ("accepted", "") if published else ("rejected", STOPPED_PUBLISHING)
    assert [(e.round, e.node, e.decision, e.reason) for e in ledger.entries()] == [
        (1, "node-1", *expected), (1, "node-2", *expected)]
    assert ledger.entries("node-1")[0].epsilon_total == pytest.approx(epsilon([MECHANISM], POLICY.privacy.delta))
    assert ledger.verify(load_public_key(tmp_path / "keys" / "aggregator.pub")).ok
    assert unrecorded_decisions(tmp_path, ledger) == []  # charged once
