"""Where a new run picks up in a work directory: the number of its first
round, the global adapter it starts from, and the decisions an earlier run
made that the ledger does not hold yet.

Round numbers belong to the work directory, not to a run: a run's first
round comes after every number the ledger, the round log or an adapter
directory holds, so a number names one round for good (`first_round`).
Flower still numbers each run's rounds from 1; that is what nodes see and
sign, bound with the run id (`AdapterStrategy.number`). Ledgers and round
logs written before this numbered each run from 1: their numbers repeat,
and the new ones come after all of them.

A run starts from the global adapter `latest` points at, so that a restart
(after a SuperLink crash, or simply a second `netgpt train`) goes on from
what the federation has published. An adapter that cannot be read or does
not fit the run's LoRA settings stops the run with an error naming it,
rather than a silent start from zero: a zero adapter published as the next
round would replace, for every API client, what the federation learnt, and
the nodes' budgets spent on it would buy nothing. There is deliberately no
switch to start afresh beside it: a federation with another adapter shape is
a new federation, in its own work directory.

Publishing and recording, and what a SIGKILL between them leaves. A round's
updates are recorded as accepted only once its global adapter is published,
so the order is: merge, write the updates to be published to the round log
("publishing"), publish (round directory, then `latest`), record them in the
ledger. Killed after the publish and before the ledger took every update, a
run leaves a published adapter whose nodes are not charged in the ledger;
the "publishing" event holds what is needed to charge them, and the next run
records them before its first round (as accepted when the round's directory
exists, else as rejected: the adapter was never published). The same goes
for decisions a ledger that could not be written left in the round log
("unrecorded"). A decision whose round and node the ledger holds is never
recorded twice.
"""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import torch
from peft import PeftModel
from safetensors import SafetensorError
from safetensors.torch import load_file

from netgpt.layout.workdir import LATEST
from netgpt.modeling import LoraSpec, load_wire_state, trainable_state
from privacy.dp.ledger import Ledger
from server.registry import AdapterRegistry, last_published_round
from server.round_log import RoundLog
from server.strategy import Decision, Outcome, decision_from

ADAPTER_FILE = "adapter_model.safetensors"
CONFIG_FILE = "adapter_config.json"
STOPPED_PUBLISHING = "not merged: the aggregator stopped before the round was published"


class ResumeError(RuntimeError):
    """The global adapter a run would start from is unusable; the message names it."""


def first_round(workdir: Path, ledger: Ledger) -> int:
    """The number of a new run's first round: after every number used so far."""
    return 1 + max(last_published_round(workdir), ledger.last_round(), RoundLog(workdir).last_round())


def start_from_latest(workdir: Path, model: PeftModel, spec: LoraSpec) -> Path | None:
    """Load the global adapter `latest` points at into `model` and return its
    round directory; None (and `model` untouched) when nothing was published.
    ResumeError when it cannot be read or does not fit `spec`."""
    registry = AdapterRegistry(workdir)
    link = registry.root / LATEST
    latest = registry.latest()
    if latest is None:
        if link.is_symlink():
            raise ResumeError(f"{link} points at {link.readlink()}, which does not exist: restore that round")
        return None
    tensors = latest / ADAPTER_FILE
    try:
        saved = load_file(tensors)
        config = json.loads((latest / CONFIG_FILE).read_text(encoding="utf-8"))
    except (OSError, ValueError, SafetensorError) as error:
        raise ResumeError(f"the latest global adapter {tensors} cannot be read ({type(error).__name__})") from None
    problem = _misfit(saved, config, model, spec)
    if problem:
        raise ResumeError(
            f"the latest global adapter {tensors} does not fit this run: {problem}. Train with the LoRA "
            "settings it was trained with (lora.rank, lora.alpha, lora.targets, lora.seed, the policy's "
            "aggregation.strategy and the model), or start a new federation in another work directory"
        )
    wire = trainable_state(model, spec.strategy)
    load_wire_state(model, {key: saved[key].to(wire[key].dtype) for key in wire})
    return latest


def _misfit(saved: dict[str, torch.Tensor], config: dict[str, object], model: PeftModel, spec: LoraSpec) -> str:
    """Why a saved adapter cannot continue in `model`, or "" when it can. Under
    FFA-LoRA A is not trained but derived from the seed: a saved A other than
    the one this run derives was trained under another seed or strategy."""
    if (config.get("r"), config.get("lora_alpha")) != (spec.rank, spec.alpha):
        return (f"rank {config.get('r')} and alpha {config.get('lora_alpha')}, this run's are {spec.rank} "
                f"and {spec.alpha}")
    full = trainable_state(model, "fedavg")  # every A and B, trained or not
    if set(saved) != set(full):
        other = sorted(set(saved) ^ set(full))
        return f"{len(other)} tensor(s) are in only one of them (e.g. {other[0]}): other target modules or model"
    for key, tensor in full.items():
        if tuple(saved[key].shape) != tuple(tensor.shape):
            return f"{key} has shape {tuple(saved[key].shape)}, this run's {tuple(tensor.shape)}"
    wire = set(trainable_state(model, spec.strategy))
    for key, tensor in full.items():
        if key not in wire and not torch.equal(saved[key].to(tensor.dtype), tensor):
            return f"its frozen {key} is not the one lora.seed gives under {spec.strategy}"
    return ""


def unrecorded_decisions(workdir: Path, ledger: Ledger) -> list[tuple[int, Decision]]:
    """Decisions earlier runs made and the ledger lacks, with their rounds,
    oldest first: each one kept as "unrecorded", and each update of a
    "publishing" whose node has no entry in that round (accepted when the
    round was published, else rejected). Unreadable events are skipped: the
    round log is the aggregator's own file, and a line cut short by a crash
    is the one being written when it happened."""
    registry = AdapterRegistry(workdir)
    found: list[tuple[int, Decision]] = []
    seen: set[tuple[int, str]] = set()
    for event in RoundLog(workdir).read():
        kind, number = event.get("event"), event.get("round")
        if kind not in ("unrecorded", "publishing") or type(number) is not int:
            continue
        records = [event.get("decision")] if kind == "unrecorded" else event.get("decisions")
        try:
            decisions = [decision_from(record) for record in records or []]
        except (KeyError, TypeError, ValueError):
            continue
        recorded = ledger.nodes_in_round(number)
        for decision in decisions:
            if decision.node in recorded or (number, decision.node) in seen:
                continue
            seen.add((number, decision.node))
            if kind == "publishing" and not registry.round_dir(number).is_dir():
                decision = replace(decision, outcome=Outcome.REJECTED, reason=STOPPED_PUBLISHING)
            found.append((number, decision))
    return found
