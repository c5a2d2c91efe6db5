"""Continuous batching must not change what any request gets: rows that join
mid-way, leave early, and use different adapters (or none) decode exactly
the tokens each would get alone with `generate`."""

from __future__ import annotations

import threading
import time

import pytest
import torch
from serving import REGION_COHORT, publish_adapters

from netgpt.cohorts import BASE_MODEL, model_id
from netgpt.modeling import load_base_model
from server.api.adapter_pool import AdapterPool, UnknownModel
from server.api.batch_decoder import BatchDecoder, DecodeRequest

PROMPTS = [
    "The weather in Lisbon today is",
    "Once upon a time",
    "A list of three fruits: apple,",
    "Dear team, the meeting on Monday will start at",
    "def add(a, b):",
    "In 1969 the first",
]


@pytest.fixture(scope="module")
def served(tmp_path_factory, model_cache):
    workdir = tmp_path_factory.mktemp("batch")
    publish_adapters(workdir, model_cache, {"global": 1, REGION_COHORT: 1})
    base = load_base_model("tiny", model_cache)
    base.model.eval()
    pool = AdapterPool(workdir, base.model)
    pool.refresh()
    return pool, base.tokenizer


def _alone(pool: AdapterPool, tokenizer, model: str, prompt: str, tokens: int) -> list[int]:
    """What `generate` gives this request by itself, greedy."""
    ids = tokenizer(prompt, return_tensors="pt")["input_ids"]
    with pool.step() as (peft, adapter_of):
        name = adapter_of(model)
        with torch.no_grad():
            if name == "__base__":
                with peft.disable_adapter():
                    out = peft.generate(input_ids=ids, max_new_tokens=tokens, do_sample=False,
                                        pad_token_id=tokenizer.eos_token_id)
            else:
                peft.set_adapter(name)
                out = peft.generate(input_ids=ids, max_new_tokens=tokens, do_sample=False,
                                    pad_token_id=tokenizer.eos_token_id)
    return out[0, ids.shape[1]:].tolist()


def _request(tokenizer, model: str, prompt: str, tokens: int, **fields) -> DecodeRequest[list[int]]:
    return DecodeRequest(
        input_ids=tokenizer(prompt, return_tensors="pt")["input_ids"], model_id=model, max_new_tokens=tokens,
        end_tokens=frozenset({tokenizer.eos_token_id}), cancel=threading.Event(), finish=lambda new: new.tolist(),
        **fields,
    )


def test_rows_that_join_and_leave_mid_batch_get_exactly_their_own_tokens(served):
    pool, tokenizer = served
    models = [model_id("global"), model_id(REGION_COHORT), BASE_MODEL]
    plan = [(models[i % 3], prompt, 6 + 5 * i) for i, prompt in enumerate(PROMPTS)]
    expected = [_alone(pool, tokenizer, *job) for job in plan]
    assert len({tuple(tokens) for tokens in expected}) == len(plan)  # the adapters and prompts differ
    decoder = BatchDecoder(pool, max_rows=4)
    try:
        started = threading.Event()
        first = [decoder.submit(_request(tokenizer, *job, on_token=lambda token: started.set())) for job in plan[:3]]
        assert started.wait(60)
        later = [decoder.submit(_request(tokenizer, *job)) for job in plan[3:]]  # one waits for a free row
        got = [future.result(timeout=120) for future in first + later]
    finally:
        decoder.close()
    assert got == expected


def test_a_cancelled_row_leaves_at_the_next_token_and_the_others_go_on(served):
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=4)
    try:
        long = _request(tokenizer, model_id("global"), PROMPTS[0], 200)
        other = _request(tokenizer, BASE_MODEL, PROMPTS[1], 30)
        seen = threading.Event()
        long.on_token = lambda token: seen.set()
        futures = [decoder.submit(long), decoder.submit(other)]
        assert seen.wait(60)
        long.cancel.set()
        cut = futures[0].result(timeout=60)
        assert 1 <= len(cut) < 200
        assert futures[1].result(timeout=120) == _alone(pool, tokenizer, BASE_MODEL, PROMPTS[1], 30)
    finally:
        decoder.close()


def test_a_request_for_a_model_that_is_not_served_fails_alone(served):
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=4)
    try:
        bad = decoder.submit(_request(tokenizer, model_id("nowhere"), PROMPTS[0], 5))
        good = decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[2], 5))
        with pytest.raises(UnknownModel):
            bad.result(timeout=60)
        assert good.result(timeout=60) == _alone(pool, tokenizer, BASE_MODEL, PROMPTS[2], 5)
    finally:
        decoder.close()


def test_sampled_rows_follow_their_own_settings(served):
    """A temperature row samples (two runs differ), while a greedy row beside
    it stays exactly greedy."""
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=4)
    try:
        sampled = [decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[1], 24, temperature=5.0, top_p=0.99))
                   for _ in range(2)]
        greedy = decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[1], 24))
        draws = [future.result(timeout=120) for future in sampled]
        assert draws[0] != draws[1]
        assert greedy.result(timeout=120) == _alone(pool, tokenizer, BASE_MODEL, PROMPTS[1], 24)
    finally:
        decoder.close()


def test_closing_fails_what_is_still_queued_instead_of_leaving_it_waiting(served):
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=1)
    futures = [decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[0], 500)) for _ in range(3)]
    time.sleep(0.5)
    decoder.close()
    for future in futures:
        assert future.done()


def test_one_rows_failure_ends_that_row_only(served):
    """A row whose stop check raises (any per-row fault) fails alone; the row
    decoding beside it finishes exactly as it would alone."""
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=4)

    def broken(ids):
        raise ValueError("a broken stop check")

    try:
        other = decoder.submit(_request(tokenizer, model_id("global"), PROMPTS[3], 20))
        bad = decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[0], 20, should_stop=broken))
        with pytest.raises(ValueError, match="broken stop check"):
            bad.result(timeout=60)
        assert other.result(timeout=120) == _alone(pool, tokenizer, model_id("global"), PROMPTS[3], 20)
    finally:
        decoder.close()


def test_a_request_whose_client_left_while_queued_is_never_prefilled(served):
    pool, tokenizer = served
    decoder = BatchDecoder(pool, max_rows=1)
    try:
        busy = decoder.submit(_request(tokenizer, BASE_MODEL, PROMPTS[1], 40))
        gone = _request(tokenizer, BASE_MODEL, PROMPTS[2] * 50, 40)
        prefilled = threading.Event()
        gone.on_token = lambda token: prefilled.set()
        queued = decoder.submit(gone)
        gone.cancel.set()
        assert queued.result(timeout=120) == []
        assert not prefilled.is_set()
        busy.result(timeout=120)
    finally:
        decoder.close()


def test_a_shared_prefix_is_prefilled_once_per_adapter_and_changes_no_token(served):
    """Requests that declare a common public prefix get exactly `generate`'s
    tokens, whether the prefix's keys and values are computed for them or
    reused from an earlier request, and each adapter keeps its own copy
    (LoRA changes the projections, so another adapter's would be wrong)."""
    pool, tokenizer = served
    preamble = "System: you are a helpful assistant. User:"
    shared = len(tokenizer(preamble)["input_ids"])
    jobs = [(m, f"{preamble} {p}", 12) for m in (model_id("global"), model_id(REGION_COHORT), BASE_MODEL)
            for p in PROMPTS[:2]]
    assert all(tokenizer(p)["input_ids"][:shared] == tokenizer(preamble)["input_ids"] for _, p, _ in jobs)
    expected = [_alone(pool, tokenizer, *job) for job in jobs]
    decoder = BatchDecoder(pool, max_rows=4)
    try:
        got = [decoder.submit(_request(tokenizer, *job, shared_prefix=shared)).result(timeout=120) for job in jobs]
        cached = len(decoder._prefixes)
        # A prompt that is all prefix still prefills its last token for the logits.
        whole = decoder.submit(_request(tokenizer, model_id("global"), preamble, 6, shared_prefix=shared))
        assert whole.result(timeout=120) == _alone(pool, tokenizer, model_id("global"), preamble, 6)
    finally:
        decoder.close()
    assert got == expected
    assert cached == 3  # one entry per adapter: the second prompt of each reused the first's
