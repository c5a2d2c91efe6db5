"""The aggregator's central evaluation (issue 15, point 2): the global adapter
measured on a public held-out set, not on the nodes' records.

The set is built with the real generator and the real desensitizer; the
evaluation runs the real tiny model through the hook Flower calls.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import torch
from flwr.app import ArrayRecord

from netgpt.adapter_record import adapter_record
from netgpt.layout import Workdir
from netgpt.modeling import build_lora_model, load_base_model, mean_token_loss, tokenize, trainable_state
from netgpt.settings import RunSettings, default_run_config
from netgpt.synthetic import REGIONS, generate_user
from server.public_evaluation import PublicEvaluation
from server.public_held_out import PUBLIC_SEED, public_held_out
from server.round_log import RoundLog

SETTINGS = RunSettings.from_run_config(default_run_config() | {"model": "tiny"})


@pytest.fixture(scope="module")
def public(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workdir, list[str]]:
    workdir = Workdir(tmp_path_factory.mktemp("aggregator"))
    return workdir, public_held_out(workdir, "city")


@pytest.fixture(scope="module")
def model(model_cache: Path):
    base = load_base_model("tiny", model_cache)
    return build_lora_model(base.model, SETTINGS.lora.spec("ffa")), base.tokenizer


def test_the_public_set_is_desensitized_text_of_users_outside_the_federation(public) -> None:
    workdir, texts = public
    assert len(texts) == 40 and len(set(texts)) > 30
    assert any("<PERSON_" in text or "<PHONE_" in text for text in texts), "identifiers were replaced"
    # Users of no node (nodes are `node-N`), and none of their own identifiers is left.
    for region in REGIONS:
        profile = generate_user(PUBLIC_SEED, f"public-{region}", region).profile.to_json()
        people = [profile, *profile["contacts"]]
        identifiers = [person[key] for person in people for key in ("name", "email", "phone") if person.get(key)]
        assert identifiers and not [i for i in identifiers if any(i in text for text in texts)]
    # Cached: the same texts from the file, without rebuilding it.
    stored = workdir.public_held_out.stat().st_mtime_ns
    assert public_held_out(workdir, "city") == texts
    assert workdir.public_held_out.stat().st_mtime_ns == stored


def test_the_public_set_follows_the_policys_location_level(public) -> None:
    workdir, texts = public
    coarser = public_held_out(workdir, "country")
    assert coarser != texts and len(coarser) == len(texts)
    assert json.loads(workdir.public_held_out.read_text())["texts"] == coarser


def test_trimming_padding_leaves_the_loss_as_it_was(public, model) -> None:
    """Batches are cut after their last real token: the same loss as the
    full-width computation over every real token."""
    _, texts = public
    lora, tokenizer = model
    data = tokenize(tokenizer, texts, SETTINGS.train.max_length)
    input_ids, attention_mask = data.tensors
    with torch.no_grad():
        logits = lora(input_ids=input_ids, attention_mask=attention_mask).logits
    losses = torch.nn.functional.cross_entropy(logits[:, :-1].transpose(1, 2), input_ids[:, 1:], reduction="none")
    real = attention_mask[:, 1:].bool()
    expected = float(losses[real].sum()) / int(real.sum())
    for batch_size in (1, 7, 16):
        loss, tokens = mean_token_loss(lora, data, "fp32", batch_size)
        assert tokens == int(real.sum()) and loss == pytest.approx(expected, rel=1e-5)


def _record(tensors: dict[str, torch.Tensor]) -> ArrayRecord:
    return adapter_record({key: tensor.numpy() for key, tensor in tensors.items()})


def test_flowers_hook_logs_the_public_perplexity_of_each_rounds_adapter(public, model, tmp_path: Path) -> None:
    _, texts = public
    lora, tokenizer = model
    log = RoundLog(tmp_path)
    evaluate = PublicEvaluation(lora, tokenize(tokenizer, texts, SETTINGS.train.max_length), log)
    initial = trainable_state(lora, "ffa")
    assert evaluate(0, _record(initial)) is None and log.read() == []  # before any training

    first = evaluate(1, _record(initial))
    moved = {key: torch.full_like(tensor, 0.05) for key, tensor in initial.items()}
    second = evaluate(2, _record(moved))
    assert first is not None and second is not None
    assert first["adapter-ppl"] == pytest.approx(first["base-ppl"])  # B = 0: the base model
    assert second["base-ppl"] == first["base-ppl"] and second["adapter-ppl"] != first["adapter-ppl"]
    events = log.read()
    assert [(e["event"], e["round"], e["set"]) for e in events] == [("evaluate", r, "public") for r in (1, 2)]
    assert events[1]["adapter-ppl"] == second["adapter-ppl"] and events[1]["num-tokens"] > 0
