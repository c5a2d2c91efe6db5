"""Privacy–utility curve of personalization: held-out perplexity per ε, beside real baselines.

The federation's rounds run in one process on synthetic users (`netgpt.synthetic`),
through the project's own parts: each node's records are split by whole days
(`client.records.split`) and desensitized by the node's own path
(`client.corpus.desensitized_records`: the policy's level, its own address book,
its cache); each node trains
its DP-SGD round (`client.trainer.train_dp`) from the global adapter at the σ its
budget plans for the arm's ε over all rounds (`client.budget.plan_round`); the
server's merge (`server.merging`: each change clipped to `max_update_norm`, then
combined by the policy's rule) makes the global adapter and, where
`server.cohort_release` allows, one per region. The model runs at the precision
the node picks (`--precision auto`): bf16 autocast on a CPU with AVX512-BF16 or
AMX, fp32 elsewhere, where bf16 is emulated (~3× slower on the first bench
machine, 24× on an AVX2-only one; its losses match fp32's: docs/BENCHMARKS.md,
issue 18). Every node and seed then scores,
after the last round (every round with `--every-round`), with
`netgpt.modeling.mean_token_loss`:

- base: the model without adapter;
- global, region: the merged adapters (a node whose region adapter may not be
  published is served the global one);
- personal: the node's own round as it trained it, from the global adapter;
- local: an adapter the node trains on its own records alone, every round, at the
  same ε (its own budget: it is the alternative to federating, not an addition);
- mixed: the mean of the personal and the global adapter: what the node keeps as
  its personal adapter once the merge arrives (`client.personal_adapter`, the same
  weight). Both are outputs of DP-SGD, so mixing them is post-processing and
  spends no ε; the weight ½ was fixed beforehand, not chosen on held-out records;
- mixed-region: the same mean with the node's region adapter instead (the global one
  where the region's may not be published): a node whose text is far from the
  federation's mean may be near its region's. The protocol does not send it today;
  this asks whether it should.

Arms: ε ∈ {1, 2, 4, 8} (record-level, per node, δ of the policy), clipping only
(σ = 0) and plain SGD (σ = 0, no clipping). `--starts global kept` runs each arm twice more
cheaply than two runs: rounds after the first start from the adapter the server sends
(the protocol today), or from the adapter the node kept after the last merge, its
change then measured from there (a node that trained alone keeps more of its own
records; this asks whether the federation can too). The first round and the
local-only adapter are one training for both, and the kept start's arms carry the
suffix " kept-start". Views: the node's held-out records,
the novel ones among them (difflib's ratio < 0.8 to every training record of the
user, so not a near-copy), and the held-out records of a user outside the
federation. Client-level DP of the merge is left off (its own bench is
`bench/client_dp_utility.py`). Writes every figure to a CSV as soon as it is
measured (a cut-off run leaves usable rows: `--summary` prints and draws them).

The summary prints the last round's perplexity, mean ± sd over seeds and nodes, and
then paired figures, because users differ several-fold in base perplexity and that
spread buries the effect: per (seed, node), each adapter's gain over the base model on
the same records (1 − ppl/ppl_base); the share of plain SGD's personal gain each arm
keeps (the ratio of the mean gains, and the mean of per-pair ratios); the personal
gain less the global and the local one, with wins; and issue 16's target at ε = 8 on
novel records, met or not, where "beats" needs the paired difference's one-sided 95%
lower bound above zero, not only its mean. The PNG draws the paired gains with their sd.

Scoring is most of the cost on the default model, so it is trimmed where no figure
changes: a state is scored on a data set once (the unseen user's records under the
global or a region adapter are the same for every node), and only the last round
by default. The defaults (4 nodes, the fewest with two publishable regions; 2 rounds;
3 seeds; every training record of the node, as it trains, and 16 held-out records per
view; 32 tokens, which covers three records in four whole) fit the issue's 60 minutes
on 2 cores of a CPU with AMX (44 min); on one with AVX512-BF16 and no AMX they take
72 min, and `--max-length 24` brings a seed to 0.76 of its time (about 56 min for the
whole bench). `--records N` trims the training records instead: fewer records cost
DP-SGD more than the time they save (docs/BENCHMARKS.md).
`--first-seed` reports on seeds other than the one settings were chosen on.

Usage: `.venv/bin/python bench/privacy_utility.py [--quick] [--seeds 3] [--nodes 4] [--rounds 2]
[--policy FILE] [--run-config KEY=VALUE ...]`. `--policy` lays an operator's policy file over the
default one (the clipping norm C, the merge rule) and `--run-config` sets run settings as `flwr run`
takes them (`train.batch-size=8`): every arm, plain SGD included, trains under them, so a lever is
compared with its own non-private baseline.
`--quick`: the tiny model, three nodes (too few for a region adapter), one seed,
two rounds, the ε = 8 and plain SGD arms, few short records: a check that the
whole path runs, not a figure to publish.
"""

from __future__ import annotations

import argparse
import csv
import math
import platform
import statistics
import tempfile
import time
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from difflib import SequenceMatcher
from pathlib import Path
from typing import TextIO

import click
import numpy as np
import torch
from flwr.common.config import parse_config_args
from matplotlib.figure import Figure
from opacus.accountants import RDPAccountant
from peft import PeftModel
from scipy.stats import t as student_t
from torch.utils.data import TensorDataset
from transformers import PreTrainedTokenizerBase

from client.budget import NodeBudget, plan_round, poisson_schedule, remaining_rounds, reported_records
from client.corpus import desensitized_records, release_desensitizer
from client.node import train_config
from client.personal_adapter import mixed as keep_mixed
from client.records import split
from client.trainer import DPTrainConfig, train_dp
from netgpt.layout import NodeData
from netgpt.modeling import (
    adapter_disabled,
    build_lora_model,
    load_base_model,
    load_wire_state,
    mean_token_loss,
    tokenize,
    trainable_state,
)
from netgpt.modeling.inputs import Precision
from netgpt.settings import RunSettings
from netgpt.synthetic import REGIONS, generate_federation_data
from policies import Policy, load_policy
from privacy.dp.accounting import epsilon
from server.cohort_release import publishable
from server.merging import applied, clip, combine, delta, norm

REPO = Path(__file__).resolve().parents[1]
NEAR = 0.8
UNCLIPPED = 1e9  # a clipping norm no per-record gradient reaches: Opacus's path without clipping
ADAPTERS = ("base", "global", "region", "personal", "local", "mixed", "mixed-region")
ROLES = {"personal": "the node's round as trained", "mixed": "what the node keeps as its personal adapter",
         "mixed-region": "its round mixed with its region adapter, not kept today"}
VIEWS = ("held-out", "novel", "unseen")
# Each against the base model on the same records.
PAIRED = ("global", "region", "personal", "local", "mixed", "mixed-region")
CANDIDATES = ("personal", "mixed", "mixed-region")  # what a node could keep, each held to the target
ADAPTER_COLORS = {"global": "tab:blue", "region": "tab:orange", "personal": "tab:red", "local": "tab:green",
                  "mixed": "tab:purple", "mixed-region": "tab:brown"}
# Issue 16's target: at ε = 8 the personal adapter keeps ≥ 80% of plain SGD's gain on novel records.
TARGET_ARM, TARGET_VIEW, TARGET_KEPT, BASELINE = "ε=8", "novel", 0.8, "sgd"
CONFIDENCE = 0.95  # "beats": the one-sided lower bound of the mean difference, over seeds, is above 0
FIELDS = ("seed", "arm", "round", "node", "region", "adapter", "view", "sigma", "epsilon", "loss", "perplexity",
          "tokens")
Tensors = dict[str, np.ndarray]
Pair = tuple[int, str]  # (seed, node)
Cells = dict[Pair, dict[str, float]]  # per (seed, node): adapter → perplexity


@dataclass
class Sink:
    """The CSV, flushed after every row, and progress lines with the time since the start:
    a run cut off at any point leaves every figure it measured."""

    handle: TextIO
    started: float = field(default_factory=time.perf_counter)

    def __post_init__(self) -> None:
        self.writer = csv.DictWriter(self.handle, fieldnames=FIELDS)
        self.writer.writeheader()

    def row(self, **values: object) -> None:
        self.writer.writerow(values)
        self.handle.flush()

    def say(self, message: str) -> None:
        print(f"[{time.perf_counter() - self.started:6.0f} s] {message}", flush=True)


@dataclass(frozen=True)
class Arm:
    name: str
    epsilon: float | None  # None: σ = 0
    clipped: bool


ARMS = (*(Arm(f"ε={e:g}", e, True) for e in (1.0, 2.0, 4.0, 8.0)), Arm("clip-only", None, True),
        Arm("sgd", None, False))
# The non-private baseline and the target arm first: a run cut short still
# answers "does ε = 8 keep the gain", and the seeds after the first add spread.
RUN_ORDER = ("sgd", "ε=8", "clip-only", "ε=4", "ε=2", "ε=1")
STARTS = {"global": "", "kept": " kept-start"}  # where a node's round starts → the suffix of its arms' names


def arm_name(arm: Arm, start: str) -> str:
    return arm.name + STARTS[start]


def under_starts(arms: Sequence[Arm], starts: Sequence[str]) -> list[Arm]:
    """Each arm under each start, as an arm of its own named with the start's suffix: as the CSV has them."""
    return [replace(arm, name=arm_name(arm, start)) for start in starts for arm in arms]


@dataclass(frozen=True)
class User:
    name: str
    region: str
    train: TensorDataset
    views: Mapping[str, TensorDataset]


def near_copy(text: str, pool: list[str]) -> bool:
    """difflib's cheap upper bounds first: most pairs are rejected without `ratio`."""
    for other in pool:
        matcher = SequenceMatcher(None, text, other)
        if matcher.real_quick_ratio() >= NEAR and matcher.quick_ratio() >= NEAR and matcher.ratio() >= NEAR:
            return True
    return False


def _texts(seed: int, args: argparse.Namespace, policy: Policy,
           fraction: float) -> list[tuple[str, list[str], list[str]]]:
    """(region, training texts, all held-out texts) of `nodes` + 1 users, the last the
    outsider, desensitized as the node does it. Regions go in pairs, so that
    region adapters may be published. The node's cache lives under `--out`,
    keyed by the records' digest: a rerun with the same seeds skips Presidio."""
    names = list(REGIONS)
    regions = {f"node-{i}": names[((i - 1) // 2) % len(names)] for i in range(1, args.nodes + 2)}
    users = []
    with tempfile.TemporaryDirectory() as tmp:
        for directory in generate_federation_data(Path(tmp), args.nodes + 1, seed=seed, regions=regions):
            cache = args.out / "desensitized" / f"seed-{seed}-{directory.name}.json"
            records = desensitized_records(NodeData(directory), cache, policy.desensitization.location_level)
            train, held = split(records, fraction)
            users.append((regions[directory.name], [r.text for r in train[: args.records]],
                          [r.text for r in held]))
    release_desensitizer()
    return users


def federation(seed: int, args: argparse.Namespace, policy: Policy, run: RunSettings,
               tokenizer: PreTrainedTokenizerBase) -> tuple[list[User], dict[str, int]]:
    """The nodes with their tokenized records and non-empty views, and the view sizes."""
    *members, (_, _, outsider) = _texts(seed, args, policy, run.train.holdout_fraction)
    outsider = outsider[: args.held]
    users, sizes = [], {"unseen": len(outsider)}
    # One data set shared by every node, so that its scores are shared too (`Scores`).
    unseen = {"unseen": tokenize(tokenizer, outsider, run.train.max_length)} if outsider else {}
    for index, (region, train, held) in enumerate(members, start=1):
        # Novel records are drawn from all the held-out ones, so the view is as large as the others.
        novel = [text for text in held if not near_copy(text, train)][: args.held]
        texts = {"held-out": held[: args.held], "novel": novel}
        sizes[f"node-{index} held-out"], sizes[f"node-{index} novel"] = len(texts["held-out"]), len(novel)
        views = {view: tokenize(tokenizer, batch, run.train.max_length) for view, batch in texts.items() if batch}
        users.append(User(f"node-{index}", region, tokenize(tokenizer, train, run.train.max_length),
                          views | unseen))
    return users, sizes


class Scores:
    """`mean_token_loss` of an adapter state on a data set, each pair measured once.

    Keyed by identity: the global and region states and the unseen user's records
    are the same objects for every node, and all of them outlive one scoring pass."""

    def __init__(self, model: PeftModel, precision: Precision) -> None:
        self.model, self.precision = model, precision
        self.known: dict[tuple[int, int], tuple[float, int]] = {}

    def __call__(self, state: Mapping[str, torch.Tensor], data: TensorDataset) -> tuple[float, int]:
        key = (id(state), id(data))
        if key not in self.known:
            load_wire_state(self.model, dict(state))
            self.known[key] = mean_token_loss(self.model, data, self.precision)
        return self.known[key]


class Trainer:
    """One node's DP-SGD round through `train_dp`, σ planned as the node plans it."""

    def __init__(self, model: PeftModel, cfg: DPTrainConfig, budget: NodeBudget, policy: Policy, rounds: int) -> None:
        self.model, self.cfg, self.budget, self.rounds = model, cfg, budget, rounds
        self.strategy = policy.aggregation.strategy

    def __call__(self, start: Mapping[str, torch.Tensor], data: TensorDataset, arm: Arm,
                 accountant: RDPAccountant, server_round: int) -> tuple[dict[str, torch.Tensor], float]:
        """The trained state and σ."""
        load_wire_state(self.model, dict(start))
        sample_rate, steps = poisson_schedule(len(data), self.cfg.batch_size, self.cfg.epochs)
        sigma = 0.0
        if arm.epsilon is not None:
            # Configured at the policy's floor, so the plan spends the arm's ε over the run.
            sigma = plan_round(accountant.history, self.budget.min_noise, sample_rate, steps,
                               replace(self.budget, max_epsilon=arm.epsilon),
                               remaining_rounds(server_round, self.rounds))
        norm = self.cfg.max_grad_norm if arm.clipped else UNCLIPPED
        train_dp(self.model, data, replace(self.cfg, noise_multiplier=sigma, max_grad_norm=norm), accountant)
        return self.state(), sigma

    def state(self) -> dict[str, torch.Tensor]:
        return {key: value.detach().clone() for key, value in trainable_state(self.model, self.strategy).items()}


def numpy_state(state: Mapping[str, torch.Tensor]) -> Tensors:
    return {key: value.float().numpy() for key, value in state.items()}


def merged(sent: Mapping[str, torch.Tensor], origins: Sequence[Mapping[str, torch.Tensor]],
           updates: Sequence[Mapping[str, torch.Tensor]], counts: list[int], policy: Policy) -> dict[str, torch.Tensor]:
    """The server's merge (`server.strategy`): each node's change from where its round
    started, clipped, combined by the policy's rule and weighting, applied to `sent`."""
    aggregation = policy.aggregation
    changes = [clip(delta(numpy_state(update), numpy_state(origin)), aggregation.max_update_norm)
               for origin, update in zip(origins, updates, strict=True)]
    weights = [min(c, aggregation.max_records) for c in counts] if aggregation.weighting == "records" \
        else [1] * len(updates)
    result: Tensors = applied(numpy_state(sent), combine(changes, weights, aggregation.robust,
                                                         aggregation.hostile_fraction))
    return {key: torch.from_numpy(result[key]).to(sent[key].dtype) for key in sent}


def mixed(personal: Mapping[str, torch.Tensor], merged_state: Mapping[str, torch.Tensor]) -> dict[str, torch.Tensor]:
    """What the node keeps (`client.personal_adapter.mixed`): less of its own noise than its
    round, more of its own records than the merge; its round where the mean is not finite."""
    return keep_mixed(personal, merged_state) or dict(personal)


@dataclass
class Track:
    """One way the nodes start their rounds, through the whole run: the adapter the
    server sends, each node's accountant, and what each node keeps after a merge."""

    start: str
    sent: dict[str, torch.Tensor]
    world: dict[str, RDPAccountant]
    kept: dict[str, dict[str, torch.Tensor]] = field(default_factory=dict)

    def origin(self, user: User) -> dict[str, torch.Tensor]:
        """Where the node's round starts: the adapter sent, or under "kept" the adapter the
        node kept after the last merge (the mix of its round with that merge, which is
        the adapter sent now)."""
        return self.kept.get(user.name, self.sent) if self.start == "kept" else self.sent


def run_arm(seed: int, arm: Arm, users: list[User], trainer: Trainer, policy: Policy, rounds: int,
            every_round: bool, sink: Sink, starts: Sequence[str] = ("global",)) -> None:
    """The arm under each start in `starts`. Their first rounds start from the same zero
    adapter and are one training; so is the local-only adapter, which no start changes."""
    zero = trainer.state()
    tracks = [Track(start, zero, {u.name: RDPAccountant() for u in users}) for start in starts]
    alone = {u.name: RDPAccountant() for u in users}
    local: dict[str, dict[str, torch.Tensor]] = {}
    batch = trainer.cfg.batch_size
    counts = [reported_records(len(u.train), batch) for u in users]
    for server_round in range(1, rounds + 1):
        if server_round > 1:
            for user in users:
                local[user.name], _ = trainer(local[user.name], user.train, arm, alone[user.name], server_round)
        first: tuple[dict[str, dict[str, torch.Tensor]], dict[str, float], dict[str, list[object]]] | None = None
        score = Scores(trainer.model, trainer.cfg.precision)
        for track in tracks:
            personal: dict[str, dict[str, torch.Tensor]] = {}
            sigmas: dict[str, float] = {}
            if server_round == 1 and first is not None:
                personal, sigmas, history = first
                for user in users:
                    track.world[user.name].history = list(history[user.name])
            else:
                for user in users:
                    personal[user.name], sigmas[user.name] = trainer(track.origin(user), user.train, arm,
                                                                     track.world[user.name], server_round)
            if server_round == 1:
                first = personal, sigmas, {u.name: list(track.world[u.name].history) for u in users}
                for user in users:
                    # From the same zero adapter, on the same records, at the same σ:
                    # the local-only adapter's first round is the personal one.
                    local[user.name] = personal[user.name]
                    alone[user.name].history = list(track.world[user.name].history)
            origins = [track.origin(u) for u in users]
            new_global = merged(track.sent, origins, [personal[u.name] for u in users], counts, policy)
            members = {region: [u for u in users if u.region == region]
                       for region in sorted({u.region for u in users})}
            allowed = publishable(members, len(users), policy.aggregation.min_nodes)
            regional = {
                region: merged(track.sent, [origins[users.index(u)] for u in group], [personal[u.name] for u in group],
                               [counts[users.index(u)] for u in group], policy)
                for region, group in members.items() if region in allowed
            }
            # Against the policy's max_update_norm: an honest change above it is clipped by the merge.
            norms = [norm(delta(numpy_state(personal[u.name]), numpy_state(origin)))
                     for u, origin in zip(users, origins, strict=True)]
            track.sent = new_global
            track.kept = {u.name: mixed(personal[u.name], new_global) for u in users}
            name = arm_name(arm, track.start)
            sink.say(f"seed {seed} {name} round {server_round}: trained; change norms "
                     f"{min(norms):.1f}–{max(norms):.1f} (max_update_norm {policy.aggregation.max_update_norm:g})")
            if not every_round and server_round < rounds:
                continue
            for user in users:
                states = {"global": new_global, "region": regional.get(user.region, new_global),
                          "personal": personal[user.name], "local": local[user.name], "mixed": track.kept[user.name],
                          "mixed-region": mixed(personal[user.name], regional.get(user.region, new_global))}
                history = track.world[user.name].history
                spent = epsilon(history, policy.privacy.delta) if arm.epsilon is not None else math.inf
                for view, data in user.views.items():
                    for adapter, state in states.items():
                        loss, tokens = score(state, data)
                        sink.row(seed=seed, arm=name, round=server_round, node=user.name, region=user.region,
                                 adapter=adapter, view=view, sigma=f"{sigmas[user.name]:.4f}", epsilon=f"{spent:.3f}",
                                 loss=f"{loss:.5f}", perplexity=f"{math.exp(loss):.3f}", tokens=tokens)
            sink.say(f"seed {seed} {name} round {server_round}: scored")
    load_wire_state(trainer.model, zero)


def base_rows(seed: int, users: list[User], arms: list[Arm], model: PeftModel, precision: Precision, rounds: int,
              sink: Sink) -> None:
    """The base model's figures, once per seed: no arm or round changes them."""
    measured: dict[int, tuple[float, int]] = {}  # the unseen user's records are shared: see `Scores`
    with adapter_disabled(model):
        for user in users:
            for view, data in user.views.items():
                if id(data) not in measured:
                    measured[id(data)] = mean_token_loss(model, data, precision)
                loss, tokens = measured[id(data)]
                for arm in arms:
                    sink.row(seed=seed, arm=arm.name, round=rounds, node=user.name, region=user.region,
                             adapter="base", view=view, sigma="", epsilon="", loss=f"{loss:.5f}",
                             perplexity=f"{math.exp(loss):.3f}", tokens=tokens)


@dataclass(frozen=True)
class Spread:
    """Mean, sample sd (nan below two values) and count of a set of figures."""

    mean: float
    sd: float
    n: int

    @classmethod
    def of(cls, values: Sequence[float]) -> Spread:
        if not values:
            return cls(math.nan, math.nan, 0)
        return cls(statistics.mean(values), statistics.stdev(values) if len(values) > 1 else math.nan, len(values))

    def percent(self) -> str:
        return f"{100 * self.mean:+6.2f} ± {100 * self.sd:5.2f} (n {self.n})"


@dataclass(frozen=True)
class Kept:
    """The share of plain SGD's personal gain an arm keeps, over the (seed, node) pairs both measured.

    Two readings, because they part when a node gains little: `of_means` is the share
    of the mean gain (the target's reading: robust to a node whose SGD gain is near 0);
    `per_pair` averages each pair's own share, over the pairs where plain SGD gained."""

    of_means: float
    per_pair: Spread
    pairs: int


@dataclass(frozen=True)
class Versus:
    """The personal adapter's gain less another adapter's, pair by pair (> 0: personal has
    the lower perplexity), and in how many pairs it wins.

    "Beats" is read as the issue means it, an effect and not a draw: the one-sided
    lower confidence bound of the mean difference is above zero. A mean of +0.47 pp
    with an sd of 1.86 over 24 pairs is a tie, and the bench once printed it as met.
    The bound is Student's t over the seeds' means, not over the pairs: the nodes of
    one seed share its federation run (the same global adapter, the same draws), so
    they are not independent, and a bound over pairs claims more than they hold."""

    difference: Spread
    wins: int
    by_seed: Spread  # the mean difference of each seed's nodes

    @property
    def lower_bound(self) -> float:
        """The mean of seed means less t(CONFIDENCE, seeds − 1) standard errors; nan below 2 seeds."""
        n = self.by_seed.n
        if n < 2:
            return math.nan
        return self.by_seed.mean - float(student_t.ppf(CONFIDENCE, n - 1)) * self.by_seed.sd / math.sqrt(n)

    @property
    def beats(self) -> bool:
        return self.lower_bound > 0  # nan compares False: not beaten


@dataclass(frozen=True)
class Target:
    """Issue 16's utility target at ε = 8 on novel records."""

    kept: Kept
    over_global: Versus
    over_local: Versus

    @property
    def met(self) -> bool:
        # nan (no gain to keep, no pairs) compares False: not met.
        return self.kept.of_means >= TARGET_KEPT and self.over_global.beats and self.over_local.beats


def read_cells(path: Path, rounds: int) -> dict[tuple[str, str], Cells]:
    """The CSV's perplexities of one round, by (arm, view), then (seed, node), then adapter."""
    table: dict[tuple[str, str], Cells] = {}
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if int(row["round"]) == rounds:
                cells = table.setdefault((row["arm"], row["view"]), {})
                cells.setdefault((int(row["seed"]), row["node"]), {})[row["adapter"]] = float(row["perplexity"])
    return table


def gains(cells: Cells, adapter: str) -> dict[Pair, float]:
    """1 − ppl_adapter / ppl_base per (seed, node), on the same records: users differ
    several-fold in base perplexity, so only a paired figure shows what the adapter adds."""
    return {pair: 1 - by[adapter] / by["base"] for pair, by in cells.items() if adapter in by and "base" in by}


def kept(arm: Mapping[Pair, float], baseline: Mapping[Pair, float]) -> Kept:
    common = sorted(arm.keys() & baseline.keys())
    # A pair where plain SGD did not gain has no share to keep: its ratio would flip sign.
    shares = [arm[pair] / baseline[pair] for pair in common if baseline[pair] > 0]
    baseline_mean = statistics.mean(baseline[pair] for pair in common) if common else math.nan
    of_means = statistics.mean(arm[pair] for pair in common) / baseline_mean if baseline_mean > 0 else math.nan
    return Kept(of_means, Spread.of(shares), len(common))


def versus(personal: Mapping[Pair, float], other: Mapping[Pair, float]) -> Versus:
    differences = {pair: personal[pair] - other[pair] for pair in sorted(personal.keys() & other.keys())}
    seeds: dict[int, list[float]] = {}
    for (seed, _), difference in differences.items():
        seeds.setdefault(seed, []).append(difference)
    return Versus(Spread.of(list(differences.values())), sum(difference > 0 for difference in differences.values()),
                  Spread.of([statistics.mean(values) for values in seeds.values()]))


def target(table: Mapping[tuple[str, str], Cells], adapter: str = "personal", start: str = "global") -> Target | None:
    """None when the CSV lacks the ε = 8 arm's figures of ``adapter`` or plain SGD's personal
    figures on novel records, both under `start`. The share is always of plain SGD's personal gain."""
    cells = table.get((TARGET_ARM + STARTS[start], TARGET_VIEW), {})
    baseline = table.get((BASELINE + STARTS[start], TARGET_VIEW), {})
    personal, reference = gains(cells, adapter), gains(baseline, "personal")
    if not personal or not reference:
        return None
    return Target(kept(personal, reference), versus(personal, gains(cells, "global")),
                  versus(personal, gains(cells, "local")))


def target_line(result: Target | None, adapter: str = "personal", start: str = "global") -> str:
    name = f"issue 16 target ({TARGET_ARM}{STARTS[start]}, {TARGET_VIEW} records, the {adapter} adapter)"
    if result is None:
        return (f"{name}: not measured (no {adapter} figures of {TARGET_ARM} or no personal ones of {BASELINE} "
                f"on {TARGET_VIEW} records)")
    share, over_global, over_local = result.kept, result.over_global, result.over_local

    def verdict(ok: bool) -> str:
        return "yes" if ok else "no"

    return (f"{name}: {'MET' if result.met else 'NOT MET'}: {adapter} keeps {share.of_means:.2f} of plain SGD's "
            f"personal gain (ratio of means over {share.pairs} pairs; ≥ {TARGET_KEPT:.2f}: "
            f"{verdict(share.of_means >= TARGET_KEPT)}; mean of per-pair ratios {share.per_pair.mean:.2f}); "
            f"{adapter} − global {_versus_text(over_global)}; {adapter} − local {_versus_text(over_local)}; "
            f"{adapter}: {ROLES[adapter]}")


def _versus_text(result: Versus) -> str:
    return (f"{100 * result.difference.mean:+.2f} pp, wins {result.wins}/{result.difference.n}, "
            f"{CONFIDENCE:.0%} lower bound over {result.by_seed.n} seed means {100 * result.lower_bound:+.2f} pp (> 0: "
            f"{'yes' if result.beats else 'no'})")


def print_perplexities(table: Mapping[tuple[str, str], Cells], arms: list[Arm], rounds: int) -> None:
    def cell(arm: str, adapter: str, view: str) -> str:
        spread = Spread.of([by[adapter] for by in table.get((arm, view), {}).values() if adapter in by])
        return f"{spread.mean:9.2f} ± {spread.sd:6.2f}"

    for view in VIEWS:
        print(f"\nheld-out perplexity, view {view!r}, round {rounds} (mean ± sd over seeds and nodes)")
        print(f"{'arm':>10} " + " ".join(f"{a:>18}" for a in ADAPTERS))
        for arm in arms:
            print(f"{arm.name:>10} " + " ".join(cell(arm.name, a, view) for a in ADAPTERS))


def print_paired(table: Mapping[tuple[str, str], Cells], arms: list[Arm], rounds: int) -> None:
    print(f"\ngain over the base model on the same records, 1 − ppl/ppl_base in %, round {rounds}: "
          "mean ± sd over (seed, node) pairs")
    for view in VIEWS:
        print(f"view {view!r}\n{'arm':>10} " + " ".join(f"{a:>22}" for a in PAIRED))
        for arm in arms:
            cells = table.get((arm.name, view), {})
            print(f"{arm.name:>10} " + " ".join(f"{Spread.of(list(gains(cells, a).values())).percent():>22}"
                                                   for a in PAIRED))
    print(f"\nshare of plain SGD's personal gain the personal adapter keeps, paired by seed and node: ratio of "
          f"means = mean gain(arm) / mean gain({BASELINE}); per pair = mean ± sd of gain(arm) / gain({BASELINE}) "
          f"over the pairs where {BASELINE} gained")
    for view in VIEWS:
        reference = gains(table.get((BASELINE, view), {}), "personal")
        print(f"view {view!r}\n{'arm':>10} {'ratio of means':>15} {'per pair':>24}")
        for arm in arms:
            share = kept(gains(table.get((arm.name, view), {}), "personal"), reference)
            per_pair = share.per_pair
            print(f"{arm.name:>10} {share.of_means:15.2f} {per_pair.mean:10.2f} ± {per_pair.sd:4.2f} "
                  f"(n {per_pair.n}/{share.pairs})")
    for candidate in CANDIDATES:
        print(f"\n{candidate} gain less the global and the local adapter's, pp, paired by seed and node "
              f"(> 0: {candidate} better; wins: pairs where {candidate} has the lower perplexity)")
        for view in VIEWS:
            print(f"view {view!r}\n{'arm':>10} {f'{candidate} − global':>22} {'wins':>5} "
                  f"{f'{candidate} − local':>22} {'wins':>5}")
            for arm in arms:
                cells = table.get((arm.name, view), {})
                own = gains(cells, candidate)
                columns = (versus(own, gains(cells, other)) for other in ("global", "local"))
                print(f"{arm.name:>10} " + " ".join(
                    f"{v.difference.percent():>22} {f'{v.wins}/{v.difference.n}':>5}" for v in columns))


def draw(table: Mapping[tuple[str, str], Cells], arms: list[Arm], rounds: int, png: Path) -> None:
    """The paired gains per arm and view, error bars the paired sd: the figures the claim is about
    (raw perplexities differ several-fold between users and bury the effect)."""
    # Figure, not pyplot: no display and no global figure state on a bench machine.
    figure = Figure(figsize=(5 * len(VIEWS), 4.8))
    axes = figure.subplots(1, len(VIEWS), sharey=True)
    positions = np.arange(len(arms))
    for axis, view in zip(axes, VIEWS, strict=True):
        pairs = 0
        for index, adapter in enumerate(PAIRED):
            spreads = [Spread.of(list(gains(table.get((arm.name, view), {}), adapter).values())) for arm in arms]
            pairs = max([pairs, *(s.n for s in spreads)])
            offset = (index - (len(PAIRED) - 1) / 2) * 0.15
            axis.errorbar(positions + offset, [100 * s.mean for s in spreads],
                          yerr=[0.0 if math.isnan(s.sd) else 100 * s.sd for s in spreads], fmt="o", capsize=3,
                          markersize=8 if adapter == "personal" else 5, color=ADAPTER_COLORS[adapter],
                          label=adapter if axis is axes[0] else None)
        axis.axhline(0, color="grey", linewidth=0.8)
        reference = list(gains(table.get((BASELINE, view), {}), "personal").values())
        if view == TARGET_VIEW and reference:
            axis.axhline(100 * TARGET_KEPT * statistics.mean(reference), color=ADAPTER_COLORS["personal"],
                         linestyle="--", linewidth=1, label=f"target: {TARGET_KEPT:.0%} of {BASELINE} personal gain")
        axis.set_xticks(list(positions), [arm.name for arm in arms])
        axis.set_title(f"{view} records (n ≤ {pairs} pairs)")
    axes[0].set_ylabel("gain over base model, 1 − ppl/ppl_base (%)")
    figure.suptitle(f"Gain of each adapter over the base model on the same records, round {rounds}; "
                    "mean and sd over seed × node pairs")
    figure.legend(loc="lower center", ncol=len(PAIRED) + 1, frameon=False)
    figure.tight_layout(rect=(0, 0.07, 1, 1))
    figure.savefig(png, dpi=120)


def summarize(path: Path, arms: list[Arm], rounds: int, png: Path, starts: Sequence[str] = ("global",)) -> None:
    """Perplexity per arm, adapter and view; the paired gains; the target check; the PNG.
    An arm under each start is an arm of its own here, named with the start's suffix."""
    table = read_cells(path, rounds)
    arms = under_starts(arms, starts)
    print_perplexities(table, arms, rounds)
    measured = [arm for arm in arms if any(gains(table.get((arm.name, view), {}), "personal") for view in VIEWS)]
    if missing := [arm.name for arm in arms if arm not in measured]:
        print(f"\nno adapter figures in the CSV for {', '.join(missing)}: left out below")
    print_paired(table, measured, rounds)
    print()
    for start in starts:
        for adapter in CANDIDATES:
            print(target_line(target(table, adapter, start), adapter, start))
    draw(table, measured, rounds, png)
    print(f"\ndrew {png} from {path}")


def run_config_override(text: str) -> dict[str, object]:
    """One `--run-config` argument, read by Flower's own parser as `flwr run` reads it.

    Flower returns nothing for a text without a key and a value ("=8",
    "train.batch-size"); that is refused here rather than ignored.
    """
    try:
        values: dict[str, object] = parse_config_args([text])
    except click.ClickException as error:
        raise argparse.ArgumentTypeError(error.message) from None
    if not values:
        raise argparse.ArgumentTypeError(f"{text!r} sets nothing: KEY=VALUE, a string value in quotes")
    return values


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="tiny model, 1 seed, 2 rounds, few short records")
    parser.add_argument("--model", default="default", help="'default', 'tiny' or a local model directory")
    parser.add_argument("--seeds", type=int, default=3)
    parser.add_argument("--first-seed", type=int, default=0,
                        help="seeds run from here: settings chosen on one seed are reported on others")
    parser.add_argument("--nodes", type=int, default=4, help="at least 3; regions go in pairs")
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--records", type=int, help="training records per node, at most (default: all of them, "
                        "as the node trains; a trim for a slow machine)")
    parser.add_argument("--held", type=int, default=16, help="records per held-out view, at most")
    parser.add_argument("--max-length", type=int, default=32, help="tokens per record")
    parser.add_argument("--arms", nargs="+", choices=[arm.name for arm in ARMS], default=[arm.name for arm in ARMS])
    parser.add_argument("--precision", choices=["auto", "fp32", "bf16"], default="auto",
                        help="auto: what the node picks, bf16 only where the CPU computes it natively")
    parser.add_argument("--starts", nargs="+", choices=list(STARTS), default=["global"],
                        help="where a node's rounds after the first start: 'global', the adapter the server "
                             "sends; 'kept', the adapter the node kept after the last merge (each start's arms "
                             "are named with its suffix; their first rounds are one training)")
    parser.add_argument("--every-round", action="store_true", help="score after every round, not only the last")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--out", type=Path, default=REPO / "work" / "privacy-utility")
    parser.add_argument("--summary", action="store_true", help="only print and draw the CSV already in --out")
    parser.add_argument("--policy", type=Path, help="an operator's policy file (what it names is laid over the "
                        "default policy): the clipping norm, the merge rule")
    parser.add_argument("--run-config", nargs="+", default=[], metavar="KEY=VALUE", type=run_config_override,
                        help="run settings as `flwr run --run-config` takes them, e.g. train.batch-size=4 "
                             "or 'model=\"tiny\"'; every arm trains under them")
    args = parser.parse_args()
    if args.quick:
        args.model, args.nodes, args.seeds, args.rounds = "tiny", 3, 1, 2
        args.records, args.held, args.max_length, args.arms = 16, 8, 24, ["ε=8", "sgd"]
    if args.nodes < 3:
        parser.error("--nodes must be at least 3")
    arms = [arm for arm in ARMS if arm.name in args.arms]
    csv_path, png = args.out / "privacy_utility.csv", args.out / "privacy_utility.png"
    if args.summary:
        summarize(csv_path, arms, args.rounds, png, args.starts)
        return
    torch.set_num_threads(args.threads)
    args.out.mkdir(parents=True, exist_ok=True)
    policy = load_policy(args.policy)
    overrides = {key: value for values in args.run_config for key, value in values.items()}
    run = RunSettings.defaults({"model": args.model, "train.max-length": args.max_length,
                                "train.precision": args.precision, "num-server-rounds": args.rounds,
                                **overrides})
    cfg = train_config(run.train, policy)
    budget = replace(NodeBudget.of(policy, run.train), max_noise=100.0)  # ε = 1 on ~100 records needs σ past 5
    # As the node loads it: bf16 weights when it trains and evaluates under bf16 autocast.
    base = load_base_model(args.model, REPO / "work" / "test-models", weights=cfg.precision)
    model = build_lora_model(base.model, run.lora.spec(policy.aggregation.strategy))
    trainer = Trainer(model, cfg, budget, policy, args.rounds)
    with csv_path.open("w", newline="", encoding="utf-8") as handle:
        sink = Sink(handle)
        for seed in range(args.first_seed, args.first_seed + args.seeds):
            users, sizes = federation(seed, args, policy, run, base.tokenizer)
            sink.say(f"seed {seed}: " + ", ".join(f"{k} {v}" for k, v in sizes.items()))
            base_rows(seed, users, under_starts(arms, args.starts), model, cfg.precision, args.rounds, sink)
            for arm in sorted(arms, key=lambda arm: RUN_ORDER.index(arm.name)):
                arm_started = time.perf_counter()
                run_arm(seed, arm, users, trainer, policy, args.rounds, args.every_round, sink, args.starts)
                sink.say(f"seed {seed} {arm.name}: {time.perf_counter() - arm_started:.0f} s")
        wall = time.perf_counter() - sink.started
    summarize(csv_path, arms, args.rounds, png, args.starts)
    settings = "".join(f", {key}={value}" for key, value in overrides.items())
    settings += f", policy {args.policy}" if args.policy else ""
    last = args.first_seed + args.seeds - 1
    seeds = f"seed {last}" if args.seeds == 1 else f"seeds {args.first_seed}-{last}"
    records = "all" if args.records is None else f"at most {args.records}"
    print(f"model {args.model} ({cfg.precision}), {args.nodes} nodes, {args.rounds} rounds, {seeds}, "
          f"{records} training records, {args.held} held out, {args.max_length} tokens, "
          f"{args.threads} threads on {platform.machine()}{settings}: {wall:.0f} s")


if __name__ == "__main__":
    main()
