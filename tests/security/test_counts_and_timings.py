"""A curious aggregator reading a node's record count and the number of
records it sampled out of its training reply (issue 15, point 2, in part).

Before, the reply carried the exact record count twice (the signed report's
`records` and the metrics' `num-examples`), and the training time beside the
samples per second, whose product is the exact number of records Poisson
sampling drew. Now the count is rounded up to whole batches, which the sample
rate (needed for the accounting) reveals anyway, timings are whole seconds and
no rate is sent: two users whose data sets fall in the same batch bucket send
the aggregator the same numbers.

The node is the real ClientApp over the tiny model (`device.Device`).
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import pytest
from flwr.app import Message
from flwr.supercore.task_identity import TaskIdentity

import client.node
from client.budget import poisson_schedule, reported_records
from client.trainer import TrainReport
from netgpt.adapter_record import adapter_tensors
from policies import load_policy
from privacy.dp.report import PrivacyReport
from server.checks import judge

from .device import NODE_ID, Device
from .harness import RUN_ID

BATCH = 8
# Two users whose data sets differ in size but need the same number of batches (3).
SMALL, LARGE = 17, 23
TIMINGS = ("train-seconds", "node-seconds")


TRAIN_DP = client.node.train_dp


class CountingDevice(Device):
    """An edge device holding `records` training records, whose trainer's own
    exact figures the test keeps beside what the reply says."""

    def __init__(self, root: Path, records: int, model_cache: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        texts = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(records)]
        super().__init__(root, texts, model_cache, monkeypatch,
                         {"train.batch-size": BATCH, "train.holdout-fraction": 0.0})
        self.trained: list[TrainReport] = []  # what the trainer itself measured, exact

    def train(self) -> Message:
        """The ClientApp's reply to round 1 of run RUN_ID under the default policy."""

        def spied(*args: Any, **kwargs: Any) -> TrainReport:
            report = TRAIN_DP(*args, **kwargs)
            self.trained.append(report)
            return report

        self.monkeypatch.setattr(client.node, "train_dp", spied)
        return self.ask("train", load_policy())


def _seen(reply: Message) -> tuple[dict[str, Any], dict[str, Any]]:
    """What the aggregator reads in a training reply besides the tensors and
    the signature: the signed report and the metrics."""
    assert "privacy" in reply.content.config_records, f"no update: {sorted(reply.content.keys())}"
    report = dict(reply.content.config_records["privacy"])
    metrics = dict(reply.content.metric_records["metrics"])
    return report, metrics


@pytest.fixture(autouse=True)
def as_run() -> None:
    # Messages are stamped with the identity of the running task; outside a
    # Flower process we play the ClientApp of run RUN_ID.
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = RUN_ID, NODE_ID, 1


@pytest.mark.parametrize("batch", [1, 8, 16, 100])
def test_the_reported_count_says_what_the_sample_rate_says_and_no_more(batch: int) -> None:
    for records in range(1, 300):
        sample_rate, _ = poisson_schedule(records, batch, 1)
        reported = reported_records(records, batch)
        # Every count in the bucket (ceil(N/B) - 1)·B < N <= ceil(N/B)·B reports the same.
        assert reported == math.ceil(records / batch) * batch >= records
        # The aggregator's plausibility check: a Poisson batch expects B >= 1 record.
        assert reported * sample_rate == pytest.approx(batch)


def test_a_curious_aggregator_learns_neither_the_record_count_nor_the_records_sampled(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    small = CountingDevice(tmp_path / "small", SMALL, model_cache, monkeypatch)
    large = CountingDevice(tmp_path / "large", LARGE, model_cache, monkeypatch)
    replies = {device: device.train() for device in (small, large)}
    assert [d.trained[0].records for d in (small, large)] == [SMALL, LARGE], "the nodes know their exact counts"

    views = {device: _seen(reply) for device, reply in replies.items()}
    for device, (report, metrics) in views.items():
        exact = device.trained[0]
        # The record count, in the signed report: that of three full batches, whatever N is in (16, 24].
        assert report["records"] == 3 * BATCH
        assert metrics.get("num-examples", 3 * BATCH) == 3 * BATCH
        # The records sampled: the attacker's product of training time and rate no longer gives them.
        product = float(metrics.get("train-seconds", 0)) * float(metrics.get("samples-per-second", 0))
        assert round(product) != exact.samples_seen > 0
        # Timings come in whole seconds.
        assert all(float(metrics[key]).is_integer() for key in TIMINGS if key in metrics)

    # Beyond the update itself (its digest) and whole-second timings, the two users look the same.
    (small_report, small_metrics), (large_report, large_metrics) = views[small], views[large]
    assert {k: v for k, v in small_report.items() if k != "update_digest"} == {
        k: v for k, v in large_report.items() if k != "update_digest"
    }
    assert {k: v for k, v in small_metrics.items() if k not in TIMINGS} == {
        k: v for k, v in large_metrics.items() if k not in TIMINGS
    }


def test_the_rounded_report_passes_the_aggregators_checks(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reply = CountingDevice(tmp_path, SMALL, model_cache, monkeypatch).train()
    report = PrivacyReport.from_record(dict(reply.content.config_records["privacy"]))
    tensors = adapter_tensors(reply.content.array_records["arrays"])
    verdict = judge(report, tensors, {key: array.shape for key, array in tensors.items()}, [], load_policy())
    assert verdict.accepted, verdict.reason
    assert verdict.mechanism == (report.noise_multiplier, 1 / 3, 3)


def _norm(reply: Message) -> float:
    arrays = adapter_tensors(reply.content.array_records["arrays"])
    return math.sqrt(sum(float((array.astype("float64") ** 2).sum()) for array in arrays.values()))


def test_the_updates_noise_does_not_tell_the_record_count(
    tmp_path: Path, model_cache: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opacus divided the noisy sum by int(N·q): the update's norm, mostly
    noise, was 1.40 for 17 records and 1.00 for 23 (same batch bucket), which
    told N to within a few records. The divisor is now the public batch size."""
    norms = {
        records: [_norm(CountingDevice(tmp_path / f"{records}-{run}", records, model_cache, monkeypatch).train())
                  for run in range(2)]
        for records in (SMALL, LARGE)
    }
    ratio = (sum(norms[SMALL]) / 2) / (sum(norms[LARGE]) / 2)
    assert 0.85 < ratio < 1.15, norms
