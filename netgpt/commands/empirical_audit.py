"""`netgpt audit --empirical`: a one-run canary audit of the node's DP-SGD.

Canaries join a copy of one user's training texts, each with probability ½;
the node's own training then runs on that copy as a node's first round would
(`client.node.train_config`, σ planned by `client.budget` under the policy,
`client.trainer.train_dp` with Opacus and a fresh PRV accountant), and the
attacker's guesses about the canaries become a lower bound ε̂ on the ε the
training really has (`privacy.audit.bound`). Two kinds of canary:
- gradient (the default: the only kind with the power the issue asks for):
  records that are a Dirac per-sample gradient (`privacy.audit.gradient_canaries`),
  sampled, clipped and noised by Opacus like any record; the score is the
  update's move at the canary's coordinate. All m canaries are records and
  an excluded one's gradient is zero, so N, q, the steps and σ do not depend
  on the coins;
- input: random text secrets (`privacy.audit.canaries`), only the included
  ones added as records (so q and the steps follow the coins slightly: N is
  the texts plus the included canaries), scored white-box by
  how far the adapter moved along the canary's clipped gradient
  (`privacy.audit.alignment`) or black-box by the canary's loss under the
  trained adapter against the base model's (`privacy.audit.scoring`).
A second arm trains without noise (σ = 0, clipping only) to show that the audit
can see a leak where there is one. Nothing is written to the node: its records
are read, desensitized into a temporary cache and copied; its accountant,
adapter and bundle are never opened.
"""

from __future__ import annotations

import json
import math
import tempfile
import warnings
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Literal, cast

import numpy as np
import torch
import typer
from opacus.accountants import PRVAccountant
from peft import PeftModel
from rich.console import Console
from rich.markup import escape
from rich.progress import BarColumn, MofNCompleteColumn, TaskID, TextColumn, TimeElapsedColumn
from rich.progress import Progress as RichProgress
from rich.table import Table
from torch.utils.data import TensorDataset
from transformers import AutoConfig, AutoModelForCausalLM, AutoTokenizer, PreTrainedTokenizerBase

from client.budget import NodeBudget, plan_round, poisson_schedule, remaining_rounds
from client.corpus import desensitized_records
from client.node import train_config
from client.records import RecordsError, split
from client.trainer import DPTrainConfig, train_dp
from netgpt.commands.common import EXIT_FAILED, EXIT_USAGE, console, out
from netgpt.layout import NodeData, Workdir
from netgpt.modeling import LoraSpec, ModelError, build_lora_model, load_base_model, model_path, tokenize
from netgpt.settings import RunSettings, SettingsError
from netgpt.synthetic import generate_federation_data
from policies import Policy, PolicyError, policy_in_force
from privacy.audit.alignment import alignment_scores, canary_gradients, trainable_vector
from privacy.audit.bound import AuditBound, audit_bound
from privacy.audit.canaries import INCLUSION_PROBABILITY, Canaries, draw_canaries, with_canaries
from privacy.audit.gradient_canaries import GradientCanaries, draw_gradient_canaries
from privacy.audit.scoring import canary_scores

Arm = Literal["dp", "no-dp"]
ARMS: tuple[Arm, ...] = ("dp", "no-dp")
CanaryKind = Literal["gradient", "input"]
CANARY_KINDS: tuple[CanaryKind, ...] = ("gradient", "input")
Score = Literal["coordinate", "gradient", "loss"]
SCORES: dict[CanaryKind, tuple[Score, ...]] = {"gradient": ("coordinate",), "input": ("gradient", "loss")}
"""The scores each kind of canary can have; the first is the kind's default."""
THREAT_MODELS: dict[Score, str] = {
    "coordinate": "white-box (initial and final adapter), gradient canaries: the update at each canary's coordinate",
    "gradient": "white-box (initial and final adapter): the update fitted on every canary's clipped gradients",
    "loss": "black-box loss: adapter loss minus public base-model loss per canary",
}
Progress = Callable[[str, int, int], None]
"""(phase, done, total): what the audit is doing, for a progress display."""
PHASES = {"train": "training (records drawn)", "score": "scoring canaries"}


@dataclass(frozen=True)
class AuditPlan:
    """What one audit measures; `seed` None draws canaries and coins from the OS."""

    canaries: int
    epochs: int
    max_length: int
    records: int
    confidence: float
    seed: int | None
    kind: CanaryKind = "gradient"
    score: Score = "coordinate"

    def __post_init__(self) -> None:
        if self.score not in SCORES[self.kind]:
            raise ValueError(f"{self.kind} canaries are scored by {' or '.join(SCORES[self.kind])}, not {self.score}")

    @property
    def per_side(self) -> tuple[int, ...]:
        """Abstention levels tried: guesses on 5–40% of the canaries, fixed in advance."""
        return tuple(sorted({max(1, self.canaries * share // 40) for share in (1, 2, 4, 8)}))


@dataclass(frozen=True)
class ArmResult:
    arm: Arm
    noise_multiplier: float
    max_grad_norm: float
    claimed_epsilon: float
    """Of this training alone, from the node's accountant; ∞ without noise."""
    delta: float
    sample_rate: float
    steps: int
    records: int
    seconds: float
    bound: AuditBound


def words_of(tokenizer: PreTrainedTokenizerBase) -> list[str]:
    """Lower-case words the tokenizer holds as one token: each secret word
    is then one token for the model to learn, which keeps canaries short."""
    words: set[str] = set()
    for text in tokenizer.batch_decode([[index] for index in range(len(tokenizer))]):
        word = text[1:]
        if text.startswith(" ") and 4 <= len(word) <= 10 and word.isascii() and word.isalpha() and word.islower():
            words.add(word)
    return sorted(words)


def node_texts(data: NodeData, policy: Policy, run: RunSettings, limit: int) -> list[str]:
    """The user's training texts as the node trains on them (desensitized at
    the policy's level, held-out records split off), at most `limit`. The
    desensitization cache goes to a temporary directory, not the node's bundle."""
    with tempfile.TemporaryDirectory(prefix="netgpt-audit-") as tmp:
        records = desensitized_records(data, Path(tmp) / "cache.json", policy.desensitization.location_level)
    train, _ = split(records, run.train.holdout_fraction)
    return [record.text for record in train[:limit]]


def synthetic_texts(policy: Policy, run: RunSettings, limit: int, seed: int) -> list[str]:
    """One synthetic user's training texts, through the same path as a node's."""
    with tempfile.TemporaryDirectory(prefix="netgpt-audit-") as tmp:
        (data,) = generate_federation_data(Path(tmp), 1, seed=seed)
        return node_texts(NodeData(data), policy, run, limit)


class _Counted(TensorDataset):
    """Reports every record the trainer draws, so that a display can follow
    training that `train_dp` runs without callbacks."""

    def __init__(self, dataset: TensorDataset, on_record: Callable[[], None]) -> None:
        super().__init__(*dataset.tensors)
        self.on_record = on_record

    def __getitem__(self, index: int) -> tuple[torch.Tensor, ...]:
        self.on_record()
        return tuple(tensor[index] for tensor in self.tensors)


def _scorer(
    score: Score, model: PeftModel, tokenizer: PreTrainedTokenizerBase, texts: list[str], cfg: DPTrainConfig
) -> Callable[[], np.ndarray]:
    """What the attacker keeps of the model before training, as the function
    that scores the canaries after it: for the white-box score the initial
    adapter and each canary's clipped gradient there (the gradients at the
    final adapter are taken after training); nothing for the loss."""
    if score == "loss":
        return lambda: canary_scores(model, tokenizer, texts, cfg.max_length, cfg.precision)

    def gradients() -> torch.Tensor:
        return canary_gradients(model, tokenizer, texts, cfg.max_length, cfg.precision, cfg.max_grad_norm)

    initial, at_initial = trainable_vector(model), gradients()
    return lambda: alignment_scores(at_initial, gradients(), trainable_vector(model) - initial)


def _with_gradient_records(dataset: TensorDataset, canaries: GradientCanaries) -> TensorDataset:
    """`dataset`'s text records, then one record per gradient canary, included
    or not (an excluded one's gradient is zero: `GradientCanaries.rows`), in
    `client.trainer.train_dp`'s layout: a third tensor holds each record's
    canary, −1 for a text. The canary rows' token ids are padding, never read."""
    input_ids, mask = dataset.tensors
    blank = input_ids.new_zeros((len(canaries), input_ids.shape[1]))
    return TensorDataset(
        torch.cat([input_ids, blank]),
        torch.cat([mask, blank]),
        torch.cat([torch.full((len(input_ids),), -1, dtype=torch.long), torch.arange(len(canaries))]),
    )


def training_records(texts: list[str], canaries: Canaries | GradientCanaries) -> int:
    """N, the records DP-SGD samples from: every gradient canary (an excluded
    one is a zero gradient), whatever the coins; only the included text canaries."""
    if isinstance(canaries, GradientCanaries):
        return len(texts) + len(canaries)
    return len(texts) + len(canaries.planted)


def run_arm(
    arm: Arm,
    texts: list[str],
    canaries: Canaries | GradientCanaries,
    plan: AuditPlan,
    run: RunSettings,
    policy: Policy,
    model_cache: Path,
    progress: Progress | None = None,
) -> ArmResult:
    """Train on `texts` with the planted canaries the node's way, then guess."""
    report_progress = progress or (lambda phase, done, total: None)
    cfg = replace(train_config(run.train, policy), epochs=plan.epochs, max_length=plan.max_length)
    training = training_records(texts, canaries)
    if arm == "dp":
        rate, steps = poisson_schedule(training, cfg.batch_size, cfg.epochs)
        sigma = plan_round(
            [], cfg.noise_multiplier, rate, steps, NodeBudget.of(policy, run.train),
            remaining_rounds(1, run.num_server_rounds),
        )
    else:
        sigma = 0.0
    base = load_base_model(run.model, model_cache)
    model = build_lora_model(base.model, run.lora.spec(policy.aggregation.strategy))
    expected = cfg.epochs * training
    drawn = 0

    def on_record() -> None:
        nonlocal drawn
        drawn += 1
        report_progress("train", min(drawn, expected), expected)

    report_progress("score", 0, len(canaries))
    trained = replace(cfg, noise_multiplier=sigma)
    if isinstance(canaries, GradientCanaries):
        initial = trainable_vector(model)
        dataset = _Counted(_with_gradient_records(tokenize(base.tokenizer, texts, cfg.max_length), canaries), on_record)
        report = train_dp(model, dataset, trained, PRVAccountant(), canaries.rows)
        update = trainable_vector(model) - initial

        def score_trained() -> np.ndarray:
            return canaries.scores(update)
    else:
        score_trained = _scorer(plan.score, model, base.tokenizer, list(canaries.texts), cfg)
        dataset = _Counted(tokenize(base.tokenizer, with_canaries(texts, canaries), cfg.max_length), on_record)
        report = train_dp(model, dataset, trained, PRVAccountant())
    report_progress("train", expected, expected)
    scores = score_trained()
    report_progress("score", len(canaries), len(canaries))
    bound = audit_bound(scores.tolist(), canaries.included, plan.per_side, cfg.delta, plan.confidence)
    return ArmResult(
        arm=arm, noise_multiplier=sigma, max_grad_norm=cfg.max_grad_norm, claimed_epsilon=report.epsilon,
        delta=cfg.delta, sample_rate=report.sample_rate, steps=report.steps, records=report.records,
        seconds=report.seconds, bound=bound,
    )


def result_document(result: ArmResult, plan: AuditPlan, records: int) -> dict[str, object]:
    """One arm as JSON: ε̂ beside the claimed ε (null when it is infinite)."""
    best = result.bound.best
    return {
        "arm": result.arm,
        "canaries": plan.canaries,
        "inclusion_probability": INCLUSION_PROBABILITY,
        "canary_kind": plan.kind,
        "score": plan.score,
        "threat_model": THREAT_MODELS[plan.score],
        "confidence": plan.confidence,
        "user_records": records,
        "training_records": result.records,
        "epochs": plan.epochs,
        "max_length": plan.max_length,
        "noise_multiplier": result.noise_multiplier,
        "max_grad_norm": result.max_grad_norm,
        "sample_rate": result.sample_rate,
        "steps": result.steps,
        "train_seconds": round(result.seconds, 1),
        "delta": result.delta,
        "claimed_epsilon": result.claimed_epsilon if math.isfinite(result.claimed_epsilon) else None,
        "epsilon_lower_bound": best.epsilon,
        "guesses": best.guesses,
        "correct": best.correct,
        "per_side_tried": [
            {"per_side": o.per_side, "guesses": o.guesses, "correct": o.correct, "epsilon": o.epsilon}
            for o in result.bound.outcomes
        ],
        "within_claim": best.epsilon <= result.claimed_epsilon,
    }


def adapter_weights(model: Path, spec: LoraSpec) -> int:
    """How many weights the adapter `spec` trains on the model in directory
    `model`: counted on the model built from its config on the meta device,
    where no weight is read or held (the arms load the model for training)."""
    config = AutoConfig.from_pretrained(model, local_files_only=True)
    with torch.device("meta"):
        skeleton = AutoModelForCausalLM.from_config(config)
    with warnings.catch_warnings():
        # The adapter's seeded A matrices land on the meta device as no-ops: only shapes count here.
        warnings.filterwarnings("ignore", message=".*copying from a non-meta parameter.*")
        return trainable_vector(build_lora_model(skeleton, spec)).numel()


def draw_for(
    plan: AuditPlan, run: RunSettings, policy: Policy, model_cache: Path
) -> Canaries | GradientCanaries:
    """The plan's canaries and coins: text secrets of one-token words, or
    Dirac gradients over the adapter's trainable weights at the policy's C.
    Neither needs the model's weights: only its tokenizer, or its config."""
    model = model_path(run.model, model_cache)
    if plan.kind == "input":
        return draw_canaries(plan.canaries, words_of(AutoTokenizer.from_pretrained(model, local_files_only=True)),
                             plan.seed)
    weights = adapter_weights(model, run.lora.spec(policy.aggregation.strategy))
    return draw_gradient_canaries(plan.canaries, weights, policy.privacy.max_grad_norm, plan.seed)


def run_audit(
    arms: tuple[Arm, ...],
    texts: list[str],
    plan: AuditPlan,
    run: RunSettings,
    policy: Policy,
    model_cache: Path,
    console: Console,
) -> list[ArmResult]:
    """Every arm on the same canaries and coins, with a Rich progress display on `console`."""
    canaries = draw_for(plan, run, policy, model_cache)
    results = []
    columns = (TextColumn("{task.description}"), BarColumn(), MofNCompleteColumn(), TimeElapsedColumn())
    with RichProgress(*columns, console=console, transient=True) as display:
        for arm in arms:
            tasks: dict[str, TaskID] = {}

            def show(phase: str, done: int, total: int, arm: Arm = arm, tasks: dict[str, TaskID] = tasks) -> None:
                if phase not in tasks:
                    tasks[phase] = display.add_task(f"{arm}: {PHASES[phase]}", total=total)
                display.update(tasks[phase], completed=done, total=total)

            results.append(run_arm(arm, texts, canaries, plan, run, policy, model_cache, show))
    return results


def print_results(results: list[ArmResult], plan: AuditPlan, records: int, console: Console) -> None:
    table = Table(title="Empirical privacy audit (one run, Steinke et al. 2023)", show_edge=False)
    for column in ("arm", "σ", "C", "steps", "claimed ε", "guesses", "correct", "ε̂ (lower bound)"):
        table.add_column(column, justify="left" if column == "arm" else "right")
    for result in results:
        best = result.bound.best
        claimed = f"{result.claimed_epsilon:.2f}" if math.isfinite(result.claimed_epsilon) else "∞"
        table.add_row(
            result.arm, f"{result.noise_multiplier:g}", f"{result.max_grad_norm:g}", str(result.steps), claimed,
            str(best.guesses), str(best.correct), f"{best.epsilon:.2f}",
        )
    console.print(table)
    delta = results[0].delta if results else 0.0
    console.print(
        f"{plan.canaries} {plan.kind} canaries, each planted with probability {INCLUSION_PROBABILITY:g}, among"
        f" {records} user records; {plan.epochs} epoch(s) at {plan.max_length} tokens. Score: {plan.score};"
        f" threat model: {THREAT_MODELS[plan.score]}. ε̂ holds at {plan.confidence:.0%} confidence at δ = {delta:g},"
        f" over the {len(plan.per_side)} guess counts tried ({', '.join(str(2 * k) for k in plan.per_side)};"
        " union bound). Claimed ε: this training alone.",
        highlight=False,
    )


def empirical_command(
    workdir: Path,
    plan: AuditPlan,
    arm: str,
    kind: str,
    score: str | None,
    node_data: Path | None,
    model: str,
    as_json: bool,
) -> None:
    """The audit under the work directory's policy, `kind` and `score` (None:
    the kind's default) replacing the plan's; exit 1 when an arm's ε̂ exceeds
    its claimed ε (the training leaks more than its accounting says), 2 on bad input."""
    if arm not in (*ARMS, "both"):
        console.print(f"[red]--arm must be dp, no-dp or both, not {escape(arm)}[/]")
        raise typer.Exit(EXIT_USAGE)
    if kind not in CANARY_KINDS:
        console.print(f"[red]--canary-kind must be {' or '.join(CANARY_KINDS)}, not {escape(kind)}[/]")
        raise typer.Exit(EXIT_USAGE)
    scores = SCORES[cast(CanaryKind, kind)]
    score = score or scores[0]
    if score not in scores:
        console.print(f"[red]--score for {kind} canaries must be {' or '.join(scores)}, not {escape(score)}[/]")
        raise typer.Exit(EXIT_USAGE)
    arms = ARMS if arm == "both" else (cast(Arm, arm),)
    plan = replace(plan, kind=cast(CanaryKind, kind), score=cast(Score, score))
    try:
        policy = policy_in_force(workdir)
        run = RunSettings.defaults({"model": model})
        if node_data is None:
            texts = synthetic_texts(policy, run, plan.records, plan.seed or 0)
        else:
            texts = node_texts(NodeData(node_data), policy, run, plan.records)
        results = run_audit(arms, texts, plan, run, policy, Workdir(workdir).models, console)
    except (PolicyError, RecordsError, ModelError, SettingsError, ValueError, OSError) as error:
        console.print(f"[red]empirical audit failed:[/] {escape(str(error))}")
        raise typer.Exit(EXIT_USAGE) from None
    if as_json:
        out.print_json(json.dumps({"arms": [result_document(r, plan, len(texts)) for r in results]}))
    else:
        print_results(results, plan, len(texts), out)
    refuted = [r.arm for r in results if r.bound.epsilon > r.claimed_epsilon]
    if refuted:
        console.print(f"[red]ε̂ exceeds the claimed ε[/] in {', '.join(refuted)}: the accounting understates the leak")
        raise typer.Exit(EXIT_FAILED)
