"""The public-prefix cache hands out copies, holds every served adapter's
preamble from its install on, and forgets adapters that are gone."""

from __future__ import annotations

import time

import pytest
import torch
from serving import publish_adapters
from transformers import DynamicCache

from netgpt.layout import Workdir
from netgpt.layout.workdir import LATEST
from netgpt.modeling import load_base_model
from server.api.adapter_pool import AdapterPool, published_adapters
from server.api.generation import Generator
from server.api.prefix_cache import PrefixCache


def _cache(tokens: int, layers: int = 2, fill: float = 1.0) -> DynamicCache:
    return DynamicCache(ddp_cache_data=[(torch.full((1, 1, tokens, 4), fill), torch.full((1, 1, tokens, 4), -fill))
                                        for _ in range(layers)])


def test_a_cache_handed_out_grows_without_touching_the_stored_prefix():
    prefixes = PrefixCache()
    prefix = torch.tensor([[5, 6, 7]])
    prefixes.put("a", prefix, _cache(3))
    copy = prefixes.get("a", prefix)
    assert copy is not None and copy.get_seq_length() == 3
    copy.update(torch.zeros((1, 1, 2, 4)), torch.zeros((1, 1, 2, 4)), layer_idx=0)
    copy.layers[1].keys.fill_(9.0)
    again = prefixes.get("a", prefix)
    assert again is not None and again.get_seq_length() == 3
    assert all(bool((layer.keys == 1.0).all()) for layer in again.layers)


def test_entries_are_per_adapter_and_per_token_sequence():
    prefixes = PrefixCache()
    prefixes.put("a", torch.tensor([[1, 2]]), _cache(2))
    assert prefixes.get("b", torch.tensor([[1, 2]])) is None
    assert prefixes.get("a", torch.tensor([[1, 3]])) is None


def test_only_the_adapters_retained_keep_their_entries():
    prefixes = PrefixCache()
    for adapter in ("a", "b", "c"):
        prefixes.put(adapter, torch.tensor([[1]]), _cache(1))
    prefixes.retain({"a", "c"})
    assert len(prefixes) == 2 and prefixes.get("b", torch.tensor([[1]])) is None
    assert prefixes.get("a", torch.tensor([[1]])) is not None


def test_a_cache_that_holds_more_than_the_prefix_is_refused():
    with pytest.raises(ValueError, match="exactly the prefix"):
        PrefixCache().put("a", torch.tensor([[1, 2]]), _cache(3))


def test_the_adapter_pool_never_gives_two_installs_one_name(tmp_path, model_cache):
    """The prefix cache is keyed by adapter name: a round read again (a
    registry rebuilt while serving) must not inherit what the old weights left."""
    publish_adapters(tmp_path, model_cache, {"global": 1})
    pool = AdapterPool(tmp_path, load_base_model("tiny", model_cache).model)
    source = published_adapters(tmp_path)["global"]
    names = {pool._install(pool._stage("global", source)).peft_name for _ in range(2)}
    assert len(names) == 2


def _cached_adapters(generator: Generator, expected: set[str]) -> set[str]:
    """The adapters holding the preamble once they are `expected` (the decoding
    thread prefills them) or 60 s have passed."""
    deadline = time.monotonic() + 60
    held: set[str] = set()
    while time.monotonic() < deadline:
        held = {name for name, prefix in list(generator.decoder._prefixes._entries)
                if prefix == generator.preamble}
        if held == expected:
            break
        time.sleep(0.05)
    return held


def test_every_served_adapter_holds_the_preamble_before_any_request(tmp_path, model_cache):
    """The attacker is an API client timing its first request to a cohort: a
    preamble missing from the cache (a slower answer) would tell it that nobody
    had used that cohort lately. Each adapter is prefilled when it is installed,
    before a request can reach it, and forgotten when its cohort moves on or goes."""
    publish_adapters(tmp_path, model_cache, {"global": 1, "eu": 1})
    pool = AdapterPool(tmp_path, load_base_model("tiny", model_cache).model)
    pool.refresh()
    generator = Generator(pool, load_base_model("tiny", model_cache).tokenizer, 512)
    try:
        assert generator.preamble
        assert _cached_adapters(generator, set(pool.peft_names())) == set(pool.peft_names())
        first = set(pool.peft_names())

        publish_adapters(tmp_path, model_cache, {"global": 2}, seed=1)
        (installed,) = pool.refresh()
        # Prefilled before the adapter could be reached, not by the decoding thread later.
        assert (installed.peft_name, generator.preamble) in generator.decoder._prefixes._entries
        now = set(pool.peft_names())
        assert now != first and installed.cohort == "global"
        assert _cached_adapters(generator, now) == now  # the old round's entry is gone

        (Workdir(tmp_path).adapters / "eu" / LATEST).unlink()
        pool.refresh()
        gone = set(pool.peft_names())
        assert len(gone) == len(now) - 1
        assert _cached_adapters(generator, gone) == gone
    finally:
        generator.close()


def test_a_closed_generator_leaves_the_pool(tmp_path, model_cache):
    """The pool outlives a generator (the server builds one per start):
    a closed one must not be asked to prefill or retain again."""
    publish_adapters(tmp_path, model_cache, {"global": 1})
    pool = AdapterPool(tmp_path, load_base_model("tiny", model_cache).model)
    pool.refresh()
    generator = Generator(pool, load_base_model("tiny", model_cache).tokenizer, 512)
    generator.close()
    entries = set(generator.decoder._prefixes._entries)

    publish_adapters(tmp_path, model_cache, {"global": 2}, seed=1)
    (installed,) = pool.refresh()
    assert set(generator.decoder._prefixes._entries) == entries
    assert all(name != installed.peft_name for name, _ in entries)
