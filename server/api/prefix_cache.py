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
this is not a general prefix cache. Keyed by the PEFT adapter name, which the
adapter pool never reuses (each install gets a new one); the least recently used entries
go first once `max_entries` are held (~2 MB each for the default model).
"""

from __future__ import annotations

from collections import OrderedDict
from typing import Any

import torch
from transformers import DynamicCache


class PrefixCache:
    def __init__(self, max_entries: int = 16) -> None:
        self.max_entries = max_entries
        self._entries: OrderedDict[tuple[str, tuple[int, ...]], list[tuple[torch.Tensor, torch.Tensor]]] = (
            OrderedDict()
        )

    def get(self, adapter: str, prefix: torch.Tensor) -> DynamicCache | None:
        """A new cache holding the prefix's keys and values (copies: the
        caller's cache grows without touching the stored ones), or None."""
        key = (adapter, tuple(prefix[0].tolist()))
        layers = self._entries.get(key)
        if layers is None:
            return None
        self._entries.move_to_end(key)
        return DynamicCache(ddp_cache_data=layers)

    def put(self, adapter: str, prefix: torch.Tensor, cache: DynamicCache) -> None:
        """Keep the keys and values of a cache that holds exactly `prefix`."""
        held: list[Any] = list(cache.layers)  # transformers types them as a union of layer kinds
        layers: list[tuple[torch.Tensor, torch.Tensor]] = [(layer.keys, layer.values) for layer in held]
        if any(keys.shape[-2] != prefix.shape[1] for keys, _ in layers):
            raise ValueError("the cache does not hold exactly the prefix")
        self._entries[(adapter, tuple(prefix[0].tolist()))] = layers
        while len(self._entries) > self.max_entries:
            self._entries.popitem(last=False)

    def __len__(self) -> int:
        return len(self._entries)
