"""The aggregator's Flower ServerApp: run the rounds under the policy, merge,
publish adapters, keep the privacy ledger, measure the global adapter on the
public held-out set (`public_evaluation`).

The ledger is opened with its anchor outside the work directory
(`$NETGPT_LEDGER_ANCHOR`, else the XDG state directory: see
`netgpt.layout.anchor`), taken from the environment the SuperLink started the
ServerApp in, so a ledger cut short or re-made stops the run before a round.

A run goes on from the work directory's state (`resume`): its rounds are
numbered after every round before it, it starts from the `latest` global
adapter, and it first records in the ledger what an earlier run decided and
did not get there. An unusable `latest` stops it before a round, with an
"abort" event in the round log saying why (`netgpt train` shows it).
"""

from __future__ import annotations

import os
from pathlib import Path

import numpy as np
import torch
from flwr.app import ArrayRecord, ConfigRecord, Context, MetricRecord
from flwr.serverapp import Grid, ServerApp

from netgpt.adapter_record import adapter_record
from netgpt.layout import Workdir, default_anchor_dir
from netgpt.modeling import build_lora_model, load_base_model, load_wire_state, tokenize, trainable_state
from netgpt.settings import POLICY_HASH_KEY, POLICY_KEY, RunSettings
from policies import Policy, policy_in_force
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import Ledger
from server.enrollment import Enrollments
from server.flower_compat import poll_objects_briskly
from server.prompt_grid import PromptGrid
from server.public_evaluation import PublicEvaluation
from server.public_held_out import public_held_out
from server.registry import AdapterRegistry
from server.resume import ResumeError, first_round, start_from_latest, unrecorded_decisions
from server.round_log import RoundLog
from server.strategy import AdapterStrategy

app = ServerApp()


def policy_record(policy: Policy) -> ConfigRecord:
    """The policy as it travels to the nodes: whole, with its hash."""
    return ConfigRecord({POLICY_KEY: policy.model_dump_json(), POLICY_HASH_KEY: policy.content_hash()})


def rounds_grid(grid: Grid) -> Grid:
    """The grid this process's rounds go through, with Flower's waits cut
    (issue 18): replies taken as they land (`PromptGrid`), not up to 3 s
    later, and their objects fetched as they land (`poll_objects_briskly`),
    not 1–15 s later."""
    poll_objects_briskly()
    return PromptGrid(grid)


@app.main()
def main(grid: Grid, context: Context) -> None:
    grid = rounds_grid(grid)  # first: it sets up this process for every reply to come
    settings = RunSettings.from_run_config(context.run_config)
    workdir = Workdir(Path(settings.workdir))
    policy = policy_in_force(workdir.root)
    # First: a ledger that disagrees with its anchor stops the run before anything is loaded.
    ledger = Ledger.open(workdir.root, writable=True, anchor=LedgerAnchor(default_anchor_dir(workdir.root, os.environ)))
    spec = settings.lora.spec(policy.aggregation.strategy)
    base = load_base_model(settings.model, workdir.models)
    model = build_lora_model(base.model, spec)
    round_log = RoundLog(workdir.root)
    try:
        started_from = start_from_latest(workdir.root, model, spec)
    except ResumeError as error:
        round_log.append("abort", error=str(error))
        raise
    initial = trainable_state(model, spec.strategy)
    public = tokenize(base.tokenizer, public_held_out(workdir, policy.desensitization.location_level),
                      settings.train.max_length)

    first = first_round(workdir.root, ledger)

    def publish(cohort: str, server_round: int, merged: dict[str, np.ndarray]) -> str:
        """Write the merged adapter as the cohort's round, or raise (a full
        disk, a round number already published) with the previous round still
        `latest`: the strategy records the failure and keeps the previous
        global adapter. Leaving other weights in `model` is harmless, since
        `PublicEvaluation` loads the arrays it measures."""
        load_wire_state(model, {k: torch.from_numpy(v) for k, v in merged.items()})
        return str(AdapterRegistry(workdir.root, cohort).publish(server_round, model))

    strategy = AdapterStrategy(
        expected_shapes={key: tuple(t.shape) for key, t in initial.items()},
        on_merged=publish,
        round_log=round_log,
        ledger=ledger,
        policy=policy,
        expected_nodes=settings.expected_nodes,
        enrollments=Enrollments(workdir.root),
        run_id=context.run_id,
        first_round=first,
    )
    recovered = unrecorded_decisions(workdir.root, ledger)
    round_log.append(
        "start", rounds=settings.num_server_rounds, strategy=spec.strategy, model=base.name,
        policy_hash=policy.content_hash(), first_round=first, run_id=context.run_id,
        adapter=None if started_from is None else str(started_from),
        recovered=[{"round": number, "node": d.node, "decision": d.outcome.value} for number, d in recovered],
    )
    for number, decision in recovered:
        strategy.record(number, decision)
    evaluation = PublicEvaluation(model, public, round_log)

    def evaluate(server_round: int, arrays: ArrayRecord) -> MetricRecord | None:
        """The public evaluation, under the work directory's round number."""
        return evaluation(strategy.number(server_round) if server_round else 0, arrays)

    strategy.start(
        grid=grid,
        initial_arrays=adapter_record({key: tensor.numpy() for key, tensor in initial.items()}),
        num_rounds=settings.num_server_rounds,
        timeout=policy.aggregation.round_timeout_s,  # for training and evaluation replies alike
        train_config=policy_record(policy),
        evaluate_config=policy_record(policy),
        evaluate_fn=evaluate,
    )
    round_log.append(
        "finish", rounds=settings.num_server_rounds, last_round=strategy.number(settings.num_server_rounds),
        latest=str(AdapterRegistry(workdir.root).latest()), unrecorded=len(strategy.unrecorded),
    )
