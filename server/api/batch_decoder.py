"""Continuous batching: one decoding loop for every request in flight.

Batch-1 decoding of a small model on a CPU is bound by overheads and memory
traffic, not arithmetic, so rows decoded together cost little more than one.
A single thread runs the loop: a new request is prefilled alone and joins the
batch at the next step, a finished one leaves at once, and every step feeds
each row's newest token through the model with its own adapter: each row's
LoRA delta is computed with that row's adapter only, exact, not an
approximation (`shared_a_lora` when the adapters share A, as FFA-LoRA's do;
PEFT's mixed batch, `adapter_names`, otherwise).

Ours rather than transformers': its `generate` decodes a fixed batch to the
end (no joining or leaving, one set of sampling settings), and its
continuous-batching API (5.23) packs requests into one row, where PEFT's
per-row adapters cannot apply. What is ours is only the bookkeeping: rows are
left-padded in one `DynamicCache`, each row's attention mask hides its
padding and its position ids count its own tokens, as `generate` does for a
left-padded batch. Sampling uses transformers' temperature and top-p warpers
per row.
"""

from __future__ import annotations

import logging
import threading
from collections import deque
from collections.abc import Callable, Iterator
from concurrent.futures import Future
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from functools import partial
from typing import Any, Generic, Protocol, TypeVar, cast

import torch
from transformers import DynamicCache, LogitsProcessorList, TemperatureLogitsWarper, TopPLogitsWarper

from server.api.adapter_pool import UnknownModel
from server.api.prefix_cache import PrefixCache
from server.api.shared_a_lora import SharedALoRA

log = logging.getLogger("netgpt.serve")

T = TypeVar("T")

@dataclass
class DecodeRequest(Generic[T]):
    """One generation: what to feed, how to pick tokens, when to end."""

    input_ids: torch.Tensor
    """The prompt, shape (1, n)."""
    model_id: str
    max_new_tokens: int
    end_tokens: frozenset[int]
    """Tokens that end the generation (the model's and the tokenizer's)."""
    cancel: threading.Event
    finish: Callable[[torch.Tensor], T]
    """Turns the new token ids into the future's result (on the decoding thread)."""
    temperature: float | None = None
    """None: greedy."""
    top_p: float | None = None
    should_stop: Callable[[torch.Tensor], bool] = lambda ids: False
    """Called with the prompt and new tokens after each token (stop strings)."""
    on_token: Callable[[torch.Tensor], None] = lambda token: None
    """Called with each new token, shape (1,), as it is decoded (streaming)."""
    shared_prefix: int = 0
    """How many leading prompt tokens are public (the chat template's own
    preamble, never user text) and may reuse keys and values computed for
    another request (`PrefixCache`); shorter than the prompt."""
    future: Future[T] = field(default_factory=Future)


@dataclass
class _Row:
    request: DecodeRequest[Any]
    ids: torch.Tensor
    """Prompt and the tokens decoded so far, shape (1, n)."""
    pending: int
    """The newest token, not yet in the cache."""
    warpers: LogitsProcessorList


class Model(Protocol):
    """What the decoder needs of the served model for one step."""

    def step(self) -> AbstractContextManager[tuple[Any, Callable[[str], str | None]]]:
        """The model, held still for one forward pass, and the adapter name of
        a model id (None when it is not served)."""
        ...

    def peft_names(self) -> list[str]:
        """The adapter name of every model id served now; read inside `step`."""
        ...


class BatchDecoder:
    def __init__(self, model: Model, max_rows: int, threads: int | None = None) -> None:
        self.model = model
        self.max_rows = max_rows
        self._threads = threads
        self._queue: deque[DecodeRequest[Any]] = deque()
        self._wake = threading.Condition()
        self._closed = False
        self._rows: list[_Row] = []
        self._cache: DynamicCache | None = None
        self._mask = torch.zeros((0, 0), dtype=torch.long)
        self._prefixes = PrefixCache()
        self._public_prefix: torch.Tensor | None = None
        self._adapters_changed = False
        self._lora = SharedALoRA()
        self._thread = threading.Thread(target=self._loop, name="netgpt-decode", daemon=True)
        self._thread.start()

    def submit(self, request: DecodeRequest[T]) -> Future[T]:
        """Queue a generation; it joins the batch at the next step with room.
        Cancelling the future before then drops it."""
        with self._wake:
            if self._closed:
                raise RuntimeError("the decoder is closed")
            self._queue.append(request)
            self._wake.notify()
        return request.future

    def prefill_for_every_adapter(self, prefix: torch.Tensor) -> None:
        """Keep `prefix` (public, shape (1, n)) prefilled for every adapter
        served, from its install on: requests never find it missing, so their
        timing cannot tell whether another client used a cohort lately."""
        with self._wake:
            self._public_prefix = prefix
            self._adapters_changed = True
            self._wake.notify()

    def prefill_installed(self, model: Any, name: str) -> None:
        """The adapter pool's install hook: the new adapter's preamble is
        prefilled before any request can reach the adapter (the pool holds
        every decoding step off meanwhile), so even the first request after
        an install finds it. A failure is logged; the entry then fills on
        first use."""
        prefix = self._public_prefix
        if prefix is None:
            return
        try:
            with torch.inference_mode():
                self._prefill(model, name, prefix)
        except Exception as error:
            log.error("cannot prefill the preamble of a new adapter (%s)", type(error).__name__)

    def adapters_changed(self) -> None:
        """The served adapters changed: prefill the new, forget the gone."""
        with self._wake:
            self._adapters_changed = True
            self._wake.notify()

    def close(self) -> None:
        with self._wake:
            self._closed = True
            self._wake.notify()
        self._thread.join(timeout=30)
        if not self._thread.is_alive():
            self._lora.close()

    # ---- the loop --------------------------------------------------------

    def _loop(self) -> None:
        if self._threads:
            torch.set_num_threads(self._threads)  # per thread in torch: set where decoding runs
        with torch.inference_mode():
            while True:
                with self._wake:
                    while not (self._closed or self._queue or self._rows or self._adapters_changed):
                        self._wake.wait()
                    if self._closed:
                        break
                    prefix = self._public_prefix if self._adapters_changed else None
                    self._adapters_changed = False
                    joining: list[DecodeRequest[Any]] = []
                    while self._queue and len(self._rows) + len(joining) < self.max_rows:
                        request = self._queue.popleft()
                        if not request.future.cancelled():  # its client left while it waited
                            joining.append(request)
                if prefix is not None:
                    self._guarded([], partial(self._prefill_served, prefix))
                for request in joining:
                    if not request.future.set_running_or_notify_cancel():
                        continue
                    if request.cancel.is_set():  # no prefill for a client that has gone
                        _settle(request, torch.empty(0, dtype=torch.long))
                        continue
                    self._guarded([request], partial(self._join, request))
                if self._rows:
                    self._guarded([row.request for row in self._rows], self._step)
        self._fail_all(RuntimeError("the server is shutting down"))

    def _guarded(self, requests: list[DecodeRequest[Any]], work: Callable[[], None]) -> None:
        """Run `work`; if it fails, its requests fail with the error and leave
        the batch, and the loop goes on for everybody else."""
        try:
            work()
        except Exception as error:
            log.error("generation failed (%s)", type(error).__name__)
            failed = {id(request) for request in requests}
            for request in requests:
                if not request.future.done():
                    request.future.set_exception(error)
            self._keep([i for i, row in enumerate(self._rows) if id(row.request) not in failed])

    def _fail_all(self, error: Exception) -> None:
        for row in self._rows:
            if not row.request.future.done():
                row.request.future.set_exception(error)
        while self._queue:
            request = self._queue.popleft()
            if request.future.set_running_or_notify_cancel():
                request.future.set_exception(error)
        self._rows = []

    def _prefill_served(self, prefix: torch.Tensor) -> None:
        """Fill what is missing (the base row, adapters installed before the
        decoder existed) and forget adapters that are gone; inside a step,
        as everything that touches the cache, so an install waits for it."""
        with self.model.step() as (model, _):
            names = self.model.peft_names()
            for name in names:
                if self._prefixes.get(name, prefix) is None:
                    self._prefill(model, name, prefix)
            self._prefixes.retain(names)

    def _prefill(self, model: Any, name: str, prefix: torch.Tensor) -> DynamicCache:
        """Compute and keep `prefix`'s keys and values under adapter `name`;
        a copy for the caller to extend."""
        cache = DynamicCache()
        with self._lora.batch(model, [name]) as adapters:
            model(input_ids=prefix, past_key_values=cache, use_cache=True, logits_to_keep=1, **adapters)
        self._prefixes.put(name, prefix, cache)
        return cast(DynamicCache, self._prefixes.get(name, prefix))

    def _join(self, request: DecodeRequest[Any]) -> None:
        """Prefill the prompt alone (its public prefix from the cache) and add
        the row to the batch. Only the last position's logits are computed:
        the others would cost a vocabulary-wide projection per prompt token."""
        with self.model.step() as (model, adapter_of):
            name = _adapter(adapter_of, request.model_id)
            shared = request.input_ids[:, : min(request.shared_prefix, request.input_ids.shape[1] - 1)]
            cache = self._prefixes.get(name, shared) if shared.shape[1] else None
            if shared.shape[1] and cache is None:  # a prefix nobody asked to keep, or a race with an install
                cache = self._prefill(model, name, shared)
            with self._lora.batch(model, [name]) as adapters:
                output = model(input_ids=request.input_ids[:, shared.shape[1]:],
                               past_key_values=cache or DynamicCache(), use_cache=True, logits_to_keep=1, **adapters)
        warpers = LogitsProcessorList()
        if request.temperature is not None:
            warpers.append(TemperatureLogitsWarper(request.temperature))
            if request.top_p is not None and request.top_p < 1.0:
                warpers.append(TopPLogitsWarper(request.top_p))
        row = _Row(request, request.input_ids, 0, warpers)
        row.pending = self._pick(row, output.logits[:, -1, :])
        if self._emit(row):
            return
        self._add(row, output.past_key_values)

    def _step(self) -> None:
        """One token for every row."""
        assert self._cache is not None
        tokens = torch.tensor([[row.pending] for row in self._rows], dtype=torch.long)
        positions = self._mask.sum(dim=1, keepdim=True)  # each row's own next position
        mask = torch.cat([self._mask, torch.ones((len(self._rows), 1), dtype=torch.long)], dim=1)
        with self.model.step() as (model, adapter_of):
            found = [adapter_of(row.request.model_id) for row in self._rows]
            names = [name for name in found if name is not None]
            if len(names) < len(found):  # a cohort retired while its rows were decoding
                self._retire_unknown(found)
                return
            with self._lora.batch(model, names) as adapters:
                output = model(input_ids=tokens, attention_mask=mask, position_ids=positions,
                               past_key_values=self._cache, use_cache=True, **adapters)
        self._mask = mask
        logits = output.logits[:, -1, :]
        keep = []
        for index, row in enumerate(self._rows):
            try:
                row.pending = self._pick(row, logits[index : index + 1])
                if not self._emit(row):
                    keep.append(index)
            except Exception as error:  # this row's sampling or stop check: it alone fails
                log.error("generation failed (%s)", type(error).__name__)
                if not row.request.future.done():
                    row.request.future.set_exception(error)
        self._keep(keep)

    def _retire_unknown(self, names: list[str | None]) -> None:
        for row, name in zip(self._rows, names, strict=True):
            if name is None:
                row.request.future.set_exception(UnknownModel(row.request.model_id))
        self._keep([i for i, name in enumerate(names) if name is not None])

    def _pick(self, row: _Row, logits: torch.Tensor) -> int:
        if not row.warpers:
            return int(logits.argmax(dim=-1))
        scores = row.warpers(cast(torch.LongTensor, row.ids), cast(torch.FloatTensor, logits.float()))
        return int(torch.multinomial(torch.softmax(scores, dim=-1), 1))

    def _emit(self, row: _Row) -> bool:
        """Hand the row's newest token on; True when the row is finished."""
        request = row.request
        token = torch.tensor([row.pending], dtype=torch.long)
        row.ids = torch.cat([row.ids, token[None]], dim=1)
        new = row.ids[0, request.input_ids.shape[1]:]
        request.on_token(token)
        done = (
            request.cancel.is_set()
            or row.pending in request.end_tokens
            or len(new) >= request.max_new_tokens
            or request.should_stop(row.ids)
        )
        if done:
            _settle(request, new)
        return done

    # ---- the batch's cache -------------------------------------------------

    def _add(self, row: _Row, cache: DynamicCache) -> None:
        """Join a prefilled row, left-padding it or the batch to one length."""
        length = row.ids.shape[1] - 1  # the pending token is not in the cache yet
        if self._cache is None or not self._rows:
            self._cache, self._mask, self._rows = cache, torch.ones((1, length), dtype=torch.long), [row]
            return
        width = max(self._mask.shape[1], length)
        # Built aside and swapped in at the end: a failure half-way (memory)
        # must leave the batch as it was, not some layers a row longer.
        joined = [
            tuple(torch.cat([_left_pad(getattr(mine, name), width), _left_pad(getattr(theirs, name), width)])
                  for name in ("keys", "values"))
            for mine, theirs in zip(_layers(self._cache), _layers(cache), strict=True)
        ]
        row_mask = torch.ones((1, length), dtype=torch.long)
        mask = torch.cat([_left_pad(self._mask, width, dim=1), _left_pad(row_mask, width, dim=1)], dim=0)
        for layer, (keys, values) in zip(_layers(self._cache), joined, strict=True):
            layer.keys, layer.values = keys, values
        self._mask = mask
        self._rows.append(row)

    def _keep(self, indices: list[int]) -> None:
        """Keep only these rows; drop the columns that are padding in all of them."""
        if len(indices) == len(self._rows):
            return
        self._rows = [self._rows[i] for i in indices]
        if not self._rows or self._cache is None:
            self._cache, self._mask = None, torch.zeros((0, 0), dtype=torch.long)
            return
        index = torch.tensor(indices, dtype=torch.long)
        self._mask = self._mask[index]
        start = int((self._mask.sum(dim=0) > 0).nonzero()[0])
        self._mask = self._mask[:, start:]
        for layer in _layers(self._cache):
            layer.keys = layer.keys[index, :, start:]
            layer.values = layer.values[index, :, start:]


def _settle(request: DecodeRequest[Any], new: torch.Tensor) -> None:
    """Resolve the request's future with its result, or with why there is none."""
    try:
        request.future.set_result(request.finish(new))
    except Exception as error:
        request.future.set_exception(error)


def _adapter(adapter_of: Callable[[str], str | None], model_id: str) -> str:
    name = adapter_of(model_id)
    if name is None:
        raise UnknownModel(model_id)
    return name


def _layers(cache: DynamicCache) -> Iterator[Any]:
    return iter(cache.layers)


def _left_pad(tensor: torch.Tensor, width: int, dim: int = 2) -> torch.Tensor:
    missing = width - tensor.shape[dim]
    if missing <= 0:
        return tensor
    shape = list(tensor.shape)
    shape[dim] = missing
    return torch.cat([torch.zeros(shape, dtype=tensor.dtype), tensor], dim=dim)
