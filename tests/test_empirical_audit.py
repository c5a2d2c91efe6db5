"""The one-run canary audit: its bound against the paper's theorem and an
attacker's real guesses, canaries that never touch the user's records,
gradient canaries clipped and noised by Opacus like records, and `netgpt
audit --empirical` end to end on the tiny model through the node's own
training."""

from __future__ import annotations

import hashlib
import json
import math
import shutil
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
import torch
import typer
from defaults import dp_config, lora_spec
from opacus.accountants import PRVAccountant
from scipy import stats
from torch.utils.data import TensorDataset
from typer.testing import CliRunner

from client.trainer import train_dp
from netgpt.commands.audit import audit_command
from netgpt.commands.empirical_audit import SCORES, AuditPlan, adapter_weights, draw_for, run_arm, words_of
from netgpt.modeling import build_lora_model, load_base_model, model_path, tokenize
from netgpt.modeling.base_model import MODEL_CACHE_ENV, WEIGHTS_FILE
from netgpt.modeling.memory import MemoryPlan
from netgpt.settings import RunSettings
from netgpt.synthetic import generate_federation_data
from policies import load_policy
from privacy.audit.alignment import alignment_scores, canary_gradients, trainable_vector
from privacy.audit.bound import audit_bound, epsilon_lower_bound, membership_guesses, p_value
from privacy.audit.canaries import Canaries, draw_canaries, with_canaries
from privacy.audit.gradient_canaries import GradientCanaries, draw_gradient_canaries
from privacy.dp.accounting import epsilon

WORDS = [f"word{chr(97 + i)}{chr(97 + j)}" for i in range(26) for j in range(26)]


def _auc(positive: np.ndarray, scores: np.ndarray) -> float:
    """P(a positive's score > a negative's), ties half: the attack's ROC
    AUC, as the Mann–Whitney U of the two groups (scikit-learn is only in
    the bench extras)."""
    positive = np.asarray(positive, dtype=bool)
    result = stats.mannwhitneyu(scores[positive], scores[~positive])
    return float(result.statistic) / (positive.sum() * (~positive).sum())

def _perfect_epsilon(guesses: int, beta: float) -> float:
    """ε̂ for `guesses` right out of `guesses` at δ = 0: e^ε/(1+e^ε) = β^(1/r)."""
    success = beta ** (1 / guesses)
    return math.log(success / (1 - success))


@pytest.mark.parametrize("guesses", [20, 100, 400])
def test_perfect_guesses_give_the_closed_form_epsilon(guesses):
    assert epsilon_lower_bound(1000, guesses, guesses, 0.0, 0.95) == pytest.approx(
        _perfect_epsilon(guesses, 0.05), abs=1e-6
    )


def test_coin_flip_guesses_give_no_epsilon():
    assert epsilon_lower_bound(1000, 200, 100, 1e-5, 0.95) == 0.0
    assert epsilon_lower_bound(1000, 200, 0, 1e-5, 0.95) == 0.0


def test_the_bound_grows_with_right_guesses_and_shrinks_with_delta_and_confidence():
    bounds = [epsilon_lower_bound(1000, 200, correct, 1e-5, 0.95) for correct in range(100, 201, 5)]
    assert bounds == sorted(bounds) and bounds[-1] > 3
    assert epsilon_lower_bound(1000, 200, 180, 1e-3, 0.95) < epsilon_lower_bound(1000, 200, 180, 0.0, 0.95)
    assert epsilon_lower_bound(1000, 200, 180, 1e-5, 0.99) < epsilon_lower_bound(1000, 200, 180, 1e-5, 0.95)


def test_p_value_is_the_theorems_right_hand_side():
    """δ = 0: the binomial tail itself; δ > 0: plus 2mδ times the largest
    P[v − i ≤ W' < v] / i, computed here term by term with SciPy."""
    canaries, guesses, correct, eps, delta = 500, 60, 45, 1.3, 1e-4
    success = math.exp(eps) / (1 + math.exp(eps))
    tail = stats.binom.sf(correct - 1, guesses, success)
    assert p_value(canaries, guesses, correct, eps, 0.0) == pytest.approx(tail, rel=1e-9)
    spread = max(
        (stats.binom.cdf(correct - 1, guesses, success) - stats.binom.cdf(correct - 1 - i, guesses, success)) / i
        for i in range(1, correct + 1)
    )
    assert p_value(canaries, guesses, correct, eps, delta) == pytest.approx(
        tail + 2 * canaries * delta * spread, rel=1e-9
    )


def test_guesses_take_the_lowest_scores_as_members():
    guesses = membership_guesses([0.5, -3.0, 2.0, 0.1, 9.0, -1.0], per_side=2)
    assert guesses.tolist() == [0, 1, -1, 0, -1, 1]


def _randomized_response(included: np.ndarray, eps: float, rng: np.random.Generator) -> np.ndarray:
    """An ε-DP release of each membership bit: kept with probability e^ε/(1+e^ε)."""
    keep = rng.random(len(included)) < math.exp(eps) / (1 + math.exp(eps))
    return np.where(keep, included, ~included)


def test_an_attacker_on_an_eps_dp_release_is_rarely_credited_with_more_than_eps():
    """Play the attacker against a mechanism that is exactly ε-DP per canary:
    over many runs ε̂ exceeds ε at most about 5% of the time, while the same
    attacker against the bits themselves (no privacy) gets a large ε̂."""
    rng = np.random.default_rng(7)
    eps, runs, over = 1.0, 200, 0
    for _ in range(runs):
        included = rng.random(400) < 0.5
        released = _randomized_response(included, eps, rng)
        scores = -released.astype(float) + rng.random(400) * 0.1  # members low; ties broken at random
        over += audit_bound(scores.tolist(), included.tolist(), (10, 20, 50, 100), 0.0, 0.95).epsilon > eps
    assert over <= 0.05 * runs + 2 * math.sqrt(0.05 * runs)
    included = rng.random(400) < 0.5
    scores = -included.astype(float) + rng.random(400) * 0.1
    leaked = audit_bound(scores.tolist(), included.tolist(), (10, 20, 50, 100), 0.0, 0.95)
    assert leaked.epsilon > 3


def test_canaries_are_distinct_fair_coins_and_repeat_only_with_a_seed():
    drawn = draw_canaries(2000, WORDS, seed=3)
    assert len(set(drawn.texts)) == 2000
    assert abs(sum(drawn.included) - 1000) < 4 * math.sqrt(500)  # Binomial(2000, ½) within 4 sd
    assert draw_canaries(2000, WORDS, seed=3) == drawn
    assert draw_canaries(50, WORDS).texts != draw_canaries(50, WORDS).texts


def test_planting_canaries_leaves_the_records_as_they_were():
    records = [f"record {i}" for i in range(30)]
    before = list(records)
    canaries = Canaries(("c1", "c2", "c3"), (True, False, True))
    training = with_canaries(records, canaries)
    assert records == before
    assert training == [*before, "c1", "c3"] and training is not records


def _tree(root: Path) -> dict[str, str]:
    return {str(p.relative_to(root)): hashlib.sha256(p.read_bytes()).hexdigest() for p in root.rglob("*")
            if p.is_file()}


@pytest.mark.parametrize(("kind", "score", "threat"), [
    (None, "coordinate", "white-box (initial and final adapter), gradient canaries"),
    ("input", "gradient", "white-box (initial and final adapter): the update fitted"),
])
def test_empirical_audit_runs_the_nodes_training_on_a_copy(tmp_path, model_cache, monkeypatch, kind, score, threat):
    """`netgpt audit --empirical` on a node's data directory with the tiny
    model, gradient canaries (the default) or text ones: both arms run
    through the node's DP-SGD (the DP arm's claimed ε is the accountant's for
    the σ, q and steps it reports; the other has σ = 0), and the node's
    directory is byte for byte what it was, nothing added."""
    monkeypatch.setenv(MODEL_CACHE_ENV, str(model_cache))
    # A fixed user: 7% of seeds put more than half of the first 24 records in
    # held-out days, leaving fewer than the 12 training records asked for.
    (node,) = generate_federation_data(tmp_path / "data", 1, seed=0)
    records = node / "records.jsonl"  # a short user: Presidio over all of one costs ~20 s here
    records.write_text("".join(records.read_text().splitlines(keepends=True)[:24]))
    before = _tree(node)
    app = typer.Typer()
    app.command()(audit_command)
    result = CliRunner().invoke(app, [
        "--workdir", str(tmp_path / "work"), "--empirical", "--node-data", str(node), "--model", "tiny",
        "--canaries", "40", "--epochs", "1", "--records", "12", "--seed", "5", "--json",
        *(["--canary-kind", kind] if kind else []),
    ])
    assert result.exit_code == 0, result.output
    arms = {arm["arm"]: arm for arm in json.loads(result.stdout)["arms"]}
    assert _tree(node) == before
    private, open_ = arms["dp"], arms["no-dp"]
    assert private["noise_multiplier"] >= 0.5 and open_["noise_multiplier"] == 0.0
    assert private["claimed_epsilon"] == epsilon(
        [(private["noise_multiplier"], private["sample_rate"], private["steps"])], private["delta"]
    )
    assert open_["claimed_epsilon"] is None  # ∞: no noise, no guarantee
    assert private["epsilon_lower_bound"] <= private["claimed_epsilon"] and private["within_claim"]
    for arm in arms.values():
        assert arm["canaries"] == 40 and arm["inclusion_probability"] == 0.5 and arm["confidence"] == 0.95
        assert arm["canary_kind"] == (kind or "gradient") and arm["score"] == score
        assert arm["threat_model"].startswith(threat)
        assert arm["user_records"] == 12
        if kind is None:  # every gradient canary is a record, whatever its coin
            assert arm["training_records"] == 12 + 40
        else:
            assert 12 < arm["training_records"] < 12 + 40
        assert 0 < arm["guesses"] <= 40 and 0 <= arm["correct"] <= arm["guesses"]


@pytest.mark.parametrize(("options", "message"), [
    (["--canary-kind", "input", "--score", "exposure"], "--score for input canaries must be gradient or loss"),
    (["--score", "loss"], "--score for gradient canaries must be coordinate"),
    (["--canary-kind", "text"], "--canary-kind must be gradient or input"),
])
def test_an_unknown_kind_or_score_is_a_usage_error_before_any_training(tmp_path, options, message):
    app = typer.Typer()
    app.command()(audit_command)
    result = CliRunner().invoke(app, ["--workdir", str(tmp_path), "--empirical", *options])
    assert result.exit_code == 2 and message in " ".join(result.output.split())


RECORDS = [f"can you book a table near <LOCATION> for {i} people tonight" for i in range(10)]


def test_alignment_scores_credit_each_canary_with_its_own_part_of_the_update():
    """Canaries of one format share a gradient direction, each to its own
    degree, and overlap one another: the update's plain dot product with a
    canary's gradient ranks canaries by how typical they are. Fitting the
    update on every canary's gradients at once leaves each its own part, and
    that ranks the included ones lowest, with gradients that moved between
    the initial and the final adapter as well."""
    rng = np.random.default_rng(0)
    canaries, dimensions = 100, 2000
    included = rng.random(canaries) < 0.5
    common = rng.standard_normal(dimensions)
    common /= np.linalg.norm(common)

    def gradients() -> np.ndarray:
        return rng.uniform(1, 5, (canaries, 1)) * common + rng.standard_normal((canaries, dimensions)) / 10

    initial, final = gradients(), gradients()
    update = -(initial[included] + final[included]).sum(axis=0)
    typical = initial @ update
    assert _auc(~included, typical) < 0.7
    scores = alignment_scores(*(torch.from_numpy(a) for a in (initial, final, update)))
    assert _auc(~included, scores) > 0.99


def test_the_gradient_score_finds_canaries_trained_on_without_noise(model_cache):
    """The white-box score on the tiny model's real DP-SGD (σ = 0, clipping
    only): the update holds the included canaries' clipped gradients and not
    the excluded ones'. AUC 0.78–0.87 over five runs; a random score's is
    0.5 ± 0.075 with 60 canaries, so 0.7 fails it (p ≈ 0.004)."""
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    drawn = draw_canaries(60, words_of(base.tokenizer), seed=1)
    texts = list(drawn.texts)
    config = dp_config(noise_multiplier=0.0, epochs=4, max_length=24, precision="fp32")
    initial = trainable_vector(model)
    at_initial = canary_gradients(model, base.tokenizer, texts, 24, "fp32", config.max_grad_norm)
    assert bool((at_initial.norm(dim=1) <= config.max_grad_norm * (1 + 1e-6)).all())
    train_dp(model, tokenize(base.tokenizer, with_canaries(RECORDS, drawn), 24), config, PRVAccountant())
    at_final = canary_gradients(model, base.tokenizer, texts, 24, "fp32", config.max_grad_norm)
    scores = alignment_scores(at_initial, at_final, trainable_vector(model) - initial)
    assert _auc(~np.array(drawn.included), scores) > 0.7


def test_gradient_canaries_are_distinct_coordinates_scored_against_their_sign():
    drawn = draw_gradient_canaries(500, 600, max_grad_norm=2.0, seed=4)
    assert len(set(drawn.coordinates)) == 500 and set(drawn.signs) == {-1, 1}
    assert abs(sum(drawn.included) - 250) < 4 * math.sqrt(125)
    assert draw_gradient_canaries(500, 600, 2.0, seed=4) == drawn
    inside, outside = drawn.included.index(True), drawn.included.index(False)
    rows = drawn.rows(torch.tensor([inside, outside, inside]))
    assert rows.shape == (3, 600) and int((rows != 0).sum()) == 2
    assert float(rows[0, drawn.coordinates[inside]]) == drawn.signs[inside] * drawn.norm and drawn.norm > 2.0
    assert not rows[1].any()  # an excluded canary is a record whose gradient is zero
    update = torch.zeros(600)
    update[drawn.coordinates[7]] = -drawn.signs[7] * 0.1  # moved against canary 7, as training on it would
    scores = drawn.scores(update)
    assert scores[7] == pytest.approx(-0.1) and np.count_nonzero(scores) == 1
    with pytest.raises(ValueError, match="trainable weights"):
        draw_gradient_canaries(601, 600, 1.0)


def _gradient_dataset(texts: list[str], tokenizer, canaries: int) -> TensorDataset:
    """`texts` then `canaries` gradient records (indices 0, 1, …), as `train_dp` takes them."""
    ids, mask = tokenize(tokenizer, texts, 24).tensors
    blank = ids.new_zeros((canaries, ids.shape[1]))
    index = torch.cat([torch.full((len(texts),), -1), torch.arange(canaries)])
    return TensorDataset(torch.cat([ids, blank]), torch.cat([mask, blank]), index)


@pytest.mark.parametrize("physical_batch", [1, 2, 0])
def test_opacus_clips_an_injected_canary_like_a_record(model_cache, physical_batch):
    """Two text records, two included gradient canaries and an excluded one,
    all drawn (q = 1 when the batch holds the whole data set), no noise: the
    included canaries' coordinates move by exactly lr·C/B more than the text
    records alone move them, against each canary's sign, whether its norm is
    100·C (clipped to C) or C/2 (kept); every other weight, the excluded
    canary's coordinate too, moves exactly as without the canaries. The same
    with a memory budget's physical batches of 1 and 2 records (the last ones
    hold canaries only) as with the whole batch (0) at once."""
    config = dp_config(noise_multiplier=0.0, epochs=1, batch_size=5, max_length=24, precision="fp32",
                       memory=MemoryPlan(physical_batch=physical_batch))
    clip = config.max_grad_norm
    texts = RECORDS[:2]

    def update(canaries: GradientCanaries | None) -> torch.Tensor:
        base = load_base_model("tiny", model_cache)
        model = build_lora_model(base.model, lora_spec())
        initial = trainable_vector(model)
        if canaries is None:
            train_dp(model, tokenize(base.tokenizer, texts, 24), config, PRVAccountant())
        else:
            report = train_dp(model, _gradient_dataset(texts, base.tokenizer, len(canaries)), config,
                              PRVAccountant(), canaries.rows)
            assert report.sample_rate == 1.0 and report.steps == 1
            assert report.records == report.samples_seen == 5
        return trainable_vector(model) - initial

    alone = update(None)
    weights = len(alone)
    for norm in (100 * clip, clip / 2):
        canaries = GradientCanaries((5, weights - 3, weights - 7), (1, -1, 1), (True, True, False), weights, norm)
        moved = update(canaries)
        step = config.learning_rate * min(norm, clip) / config.batch_size
        extra = moved - alone
        assert float(extra[5]) == pytest.approx(-step, rel=1e-4)
        assert float(extra[weights - 3]) == pytest.approx(step, rel=1e-4)
        extra[[5, weights - 3]] = 0
        assert float(extra.abs().max()) < 1e-6 * step


@pytest.mark.parametrize("physical_batch", [1, 0])
def test_excluded_canaries_alone_move_nothing_and_are_no_error(model_cache, physical_batch):
    """Without noise, steps that drew only excluded canaries (zero gradients)
    leave the adapter as it was, as an empty batch does, rather than failing
    the check that a step changed the weights."""
    config = dp_config(noise_multiplier=0.0, epochs=2, batch_size=4, max_length=24, precision="fp32",
                       memory=MemoryPlan(physical_batch=physical_batch))
    base = load_base_model("tiny", model_cache)
    model = build_lora_model(base.model, lora_spec())
    initial = trainable_vector(model)
    canaries = GradientCanaries((1, 2, 3, 4), (1, -1, 1, -1), (False,) * 4, len(initial), 10.0)
    padding = torch.zeros((4, 24), dtype=torch.long)  # no text: the token rows are never read
    dataset = TensorDataset(padding, padding, torch.arange(4))
    report = train_dp(model, dataset, config, PRVAccountant(), canaries.rows)
    assert report.steps == 2 and report.samples_seen == 8
    assert torch.equal(trainable_vector(model), initial)


@pytest.mark.parametrize("model", ["tiny", "default"])
def test_the_adapters_trainable_weights_are_counted_from_the_models_config(model_cache, model):
    """What the gradient canaries' coordinates are drawn over, counted
    without the model's weights, is what the loaded model trains."""
    for strategy in ("ffa", "fedavg"):  # B only; A and B
        spec = lora_spec(strategy=strategy)
        loaded = trainable_vector(build_lora_model(load_base_model(model, model_cache).model, spec)).numel()
        assert adapter_weights(model_path(model, model_cache), spec) == loaded


@pytest.mark.parametrize("kind", ["gradient", "input"])
def test_canaries_are_drawn_without_the_models_weights(tmp_path, model_cache, kind):
    """Each arm loads the model to train it; drawing the canaries loaded it
    once more. Here the model directory has no weights at all, and the
    canaries are the ones drawn over the loaded model."""
    weightless = tmp_path / "tiny-without-weights"
    shutil.copytree(model_path("tiny", model_cache), weightless, ignore=shutil.ignore_patterns(WEIGHTS_FILE))
    plan = AuditPlan(50, 1, 24, len(RECORDS), 0.95, seed=5, kind=kind, score=SCORES[kind][0])
    policy = load_policy()
    drawn = draw_for(plan, RunSettings.defaults({"model": str(weightless)}), policy, model_cache)
    base = load_base_model("tiny", model_cache)
    if kind == "input":
        assert drawn == draw_canaries(plan.canaries, words_of(base.tokenizer), plan.seed)
    else:
        loaded = trainable_vector(build_lora_model(base.model, lora_spec())).numel()
        assert drawn == draw_gradient_canaries(plan.canaries, loaded, policy.privacy.max_grad_norm, plan.seed)


def _gradient_arm(arm: str, model_cache: Path, seed: int):
    plan = AuditPlan(200, 4, 24, len(RECORDS), 0.95, seed)
    run = RunSettings.defaults({"model": "tiny"})
    policy = load_policy()
    canaries = draw_for(plan, run, policy, model_cache)
    assert isinstance(canaries, GradientCanaries)
    return canaries, run_arm(arm, RECORDS, canaries, plan, run, policy, model_cache)


def test_gradient_canaries_without_noise_give_a_clearly_positive_epsilon(model_cache):
    """σ = 0 (clipping only), tiny model, 200 canaries among 10 records, the
    node's lr, C and batch: each included canary moves its coordinate by
    lr·C/B per draw (more with momentum), which no other record's gradient
    hides. Seeds 0–4 when written (every canary a record: 210, q = 1/14, 56
    steps): 78–80 of 80 right, ε̂ 2.22–2.87 (the issue's bar is 2). A miss is
    mostly an included canary that Poisson sampling (from the OS, whatever
    the seed) never drew; 1.5 allows five. q counts every canary, included or not."""
    canaries, result = _gradient_arm("no-dp", model_cache, seed=1)
    assert result.records == len(RECORDS) + len(canaries)
    assert result.sample_rate == 1 / math.ceil(result.records / dp_config().batch_size)
    assert result.bound.epsilon > 1.5


def test_gradient_canaries_under_the_default_policy_stay_within_the_claimed_epsilon(model_cache):
    """The default policy's σ on the same audit: ε̂ at most the claimed ε,
    which is the accountant's for the run's own q (canaries counted) and
    steps. Seeds 0–4 when written: ε̂ 0.05–0.89 against claimed 3.92."""
    _, result = _gradient_arm("dp", model_cache, seed=1)
    assert result.noise_multiplier >= 0.5
    assert result.claimed_epsilon == epsilon([(result.noise_multiplier, result.sample_rate, result.steps)],
                                             result.delta)
    assert result.bound.epsilon <= result.claimed_epsilon


def test_the_coins_change_neither_q_nor_the_steps_nor_sigma(model_cache):
    """The same 40 gradient canaries among the same records, all included in
    one run and none in the other: the DP arm samples the same N records at
    the same q for the same steps, with the same planned σ and claimed ε (the
    one-run theorem needs one mechanism; only each canary's part may differ)."""
    plan = AuditPlan(40, 1, 24, len(RECORDS), 0.95, 3)
    run = RunSettings.defaults({"model": "tiny"})
    policy = load_policy()
    drawn = draw_for(plan, run, policy, model_cache)
    assert isinstance(drawn, GradientCanaries)
    results = [
        run_arm("dp", RECORDS, replace(drawn, included=(inside,) * len(drawn)), plan, run, policy, model_cache)
        for inside in (True, False)
    ]
    facts = {(r.records, r.sample_rate, r.steps, r.noise_multiplier, r.claimed_epsilon) for r in results}
    assert len(facts) == 1
    assert results[0].records == len(RECORDS) + 40
