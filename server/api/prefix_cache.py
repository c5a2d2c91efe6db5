"""The attention keys and values of a public prompt prefix, per adapter.

Every chat prompt the served model sees starts with the same tokens: its chat
template's preamble (SmolLM2's default system message and the user turn's
header, about half of a short prompt). Prefilling them again for each request
took a fifth of the decoding thread's time at 8 clients, while the batch
waited. Their keys and values depend only on the tokens and on the adapter
(LoRA changes the projections), so one prefill per adapter serves them all.

Only a prefix the caller declares public is cached (`DecodeRequest.shared_prefix`,
the template's own text). Caching users' text across requests would let one
client time another's prompts (a cache hit answers faster), which is why
this is not a general prefix cache. For the same reason nothing is evicted
by use: a miss would tell a client that nobody had asked that cohort
anything lately. The decoder prefills every served adapter's entry when the
adapter is installed and drops it when the adapter goes (`retain`), so the
entries are bounded by the adapters served (~1 MB each for the default
model). Keyed by the PEFT adapter name, which the adapter pool never reuses
(each install gets a new one).
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import torch
from transformers import DynamicCache


class PrefixCache:
    def __init__(self) -> None:
        self._entries: dict[tuple[str, tuple[int, ...]], list[tuple[torch.Tensor, torch.Tensor]]] = {}

    def get(self, adapter: str, prefix: torch.Tensor) -> DynamicCache | None:
        """A new cache holding the prefix's keys and values (copies: the
        caller's cache grows without touching the stored ones), or None."""
        key = (adapter, tuple(prefix[0].tolist()))
        layers = self._entries.get(key)
        if layers is None:
            return None
        return DynamicCache(ddp_cache_data=layers)

    def put(self, adapter: str, prefix: torch.Tensor, cache: DynamicCache) -> None:
        """Keep the keys and values of a cache that holds exactly `prefix`."""
        held: list[Any] = list(cache.layers)  # transformers types them as a union of layer kinds
        layers: list[tuple[torch.Tensor, torch.Tensor]] = [(layer.keys, layer.values) for layer in held]
        if any(keys.shape[-2] != prefix.shape[1] for keys, _ in layers):
            raise ValueError("the cache does not hold exactly the prefix")
        self._entries[(adapter, tuple(prefix[0].tolist()))] = layers

    def retain(self, adapters: Collection[str]) -> None:
        """Forget every entry of an adapter not in `adapters` (one no longer served)."""
        for key in [key for key in self._entries if key[0] not in adapters]:
            del self._entries[key]

    def __len__(self) -> int:
        return len(self._entries)
