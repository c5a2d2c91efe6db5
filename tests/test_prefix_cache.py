"""The public-prefix cache hands out copies and forgets the least recently
used entries first."""

from __future__ import annotations

import pytest
import torch
from transformers import DynamicCache

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


def test_the_least_recently_used_entry_goes_first():
    prefixes = PrefixCache(max_entries=2)
    for adapter in ("a", "b"):
        prefixes.put(adapter, torch.tensor([[1]]), _cache(1))
    assert prefixes.get("a", torch.tensor([[1]])) is not None  # "b" is now the oldest
    prefixes.put("c", torch.tensor([[1]]), _cache(1))
    assert len(prefixes) == 2 and prefixes.get("b", torch.tensor([[1]])) is None
    assert prefixes.get("a", torch.tensor([[1]])) is not None


def test_a_cache_that_holds_more_than_the_prefix_is_refused():
    with pytest.raises(ValueError, match="exactly the prefix"):
        PrefixCache().put("a", torch.tensor([[1, 2]]), _cache(3))


def test_the_adapter_pool_never_gives_two_installs_one_name(tmp_path, model_cache):
    """The prefix cache is keyed by adapter name: a round read again (a
    registry rebuilt while serving) must not inherit what the old weights left."""
    from serving import publish_adapters

    from netgpt.modeling import load_base_model
    from server.api.adapter_pool import AdapterPool, published_adapters

    publish_adapters(tmp_path, model_cache, {"global": 1})
    pool = AdapterPool(tmp_path, load_base_model("tiny", model_cache).model)
    source = published_adapters(tmp_path)["global"]
    names = {pool._install(pool._stage("global", source)).peft_name for _ in range(2)}
    assert len(names) == 2
