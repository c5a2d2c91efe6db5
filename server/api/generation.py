"""Text in, text out: `model.generate` on a few dedicated threads.

Generations run on `parallel` threads of their own, taken in arrival order;
the pool's gate lets requests for the same adapter generate side by side and
makes requests for another adapter wait their turn. Dedicated threads rather
than whichever thread-pool thread took the request, because torch's thread
settings belong to the calling thread. Greedy decoding unless the request
asks for a temperature. Streaming feeds a token queue from a generation
thread; when the client goes away the generation stops at the next token
instead of running to `max_tokens`.
"""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import partial
from typing import Any, TypeVar, cast

import torch
from transformers import PreTrainedTokenizerBase, StoppingCriteria, StoppingCriteriaList, TextIteratorStreamer

from netgpt.modeling import decode_one
from server.api.adapter_pool import AdapterPool

T = TypeVar("T")

STREAM_TOKEN_TIMEOUT_S = 300.0
"""A token must arrive within this time, or the stream ends (a wedged model)."""


@dataclass(frozen=True)
class Sampling:
    max_new_tokens: int
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()

    def generate_kwargs(self) -> dict[str, Any]:
        if self.temperature is None or self.temperature == 0.0:
            return {"do_sample": False}
        return {"do_sample": True, "temperature": self.temperature, "top_p": self.top_p or 1.0}


@dataclass
class Generated:
    text: str = ""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    finish_reason: str = "stop"


@dataclass(frozen=True)
class Prompt:
    """A prompt ready for the model: its token ids and how many there are."""

    input_ids: torch.Tensor
    attention_mask: torch.Tensor

    @property
    def tokens(self) -> int:
        return int(self.input_ids.shape[1])


class _Cancelled(StoppingCriteria):
    def __init__(self, event: threading.Event) -> None:
        self.event = event

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs: Any) -> torch.BoolTensor:
        # transformers annotates the result as the legacy BoolTensor class, which
        # no torch function is typed to return; this is a bool tensor all the same.
        return cast(torch.BoolTensor, torch.full((input_ids.shape[0],), self.event.is_set(), dtype=torch.bool))


def cut_at_stop(text: str, stops: tuple[str, ...]) -> tuple[str, bool]:
    """`text` up to the first stop string, and whether one was found."""
    positions = [text.find(s) for s in stops if s in text]
    return (text[: min(positions)], True) if positions else (text, False)


class Generator:
    def __init__(
        self,
        pool: AdapterPool,
        tokenizer: PreTrainedTokenizerBase,
        context_tokens: int,
        threads: int | None = None,
        parallel: int = 1,
    ) -> None:
        self.pool = pool
        self.tokenizer = tokenizer
        self.context_tokens = context_tokens
        """The model's context window: prompt and completion together."""
        # torch's thread count is per calling thread: set it where generation runs.
        self._threads = ThreadPoolExecutor(
            max_workers=parallel, thread_name_prefix="netgpt-generate",
            initializer=partial(torch.set_num_threads, threads) if threads else None,
        )

    def chat_prompt(self, messages: list[tuple[str, str]]) -> Prompt:
        """Messages through the model's chat template (or plain turns without one)."""
        turns = [{"role": "system" if role == "developer" else role, "content": text} for role, text in messages]
        if self.tokenizer.chat_template:
            text = self.tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=False)
        else:
            text = "".join(f"{t['role']}: {t['content']}\n" for t in turns) + "assistant: "
        return self._encode(str(text), special_tokens=False)

    def text_prompt(self, text: str) -> Prompt:
        return self._encode(text, special_tokens=True)

    def complete(self, model_id: str, prompt: Prompt, sampling: Sampling) -> Future[Generated]:
        """Queue a generation; the future resolves to the whole answer."""
        return self._threads.submit(self._complete, model_id, prompt, sampling)

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Run `job` on a generation thread, after the generations queued before it."""
        return self._threads.submit(job)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _complete(self, model_id: str, prompt: Prompt, sampling: Sampling) -> Generated:
        with self.pool.use(model_id) as model, torch.no_grad():
            output = model.generate(**self.generate_kwargs(prompt, sampling))
        new = output[0][prompt.tokens:]
        return self.finish(prompt, new, sampling, decode_one(self.tokenizer, new))

    def stream(self, model_id: str, prompt: Prompt, sampling: Sampling) -> StreamedGeneration:
        return StreamedGeneration(self, model_id, prompt, sampling)

    def _encode(self, text: str, special_tokens: bool) -> Prompt:
        encoded = self.tokenizer(text, return_tensors="pt", add_special_tokens=special_tokens)
        return Prompt(encoded["input_ids"], encoded["attention_mask"])

    def generate_kwargs(self, prompt: Prompt, sampling: Sampling, **extra: Any) -> dict[str, Any]:
        kwargs: dict[str, Any] = {
            "input_ids": prompt.input_ids,
            "attention_mask": prompt.attention_mask,
            "max_new_tokens": sampling.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
            **sampling.generate_kwargs(),
            **extra,
        }
        if sampling.stop:
            kwargs.update(stop_strings=list(sampling.stop), tokenizer=self.tokenizer)
        return kwargs

    def finish(self, prompt: Prompt, new: torch.Tensor, sampling: Sampling, text: str) -> Generated:
        text, stopped = cut_at_stop(text, sampling.stop)
        ended = len(new) > 0 and int(new[-1]) == self.tokenizer.eos_token_id
        reason = "length" if len(new) >= sampling.max_new_tokens and not (stopped or ended) else "stop"
        return Generated(text, prompt.tokens, len(new), reason)


@dataclass
class StreamedGeneration:
    """Text pieces as the model produces them; `result` holds the totals once
    iteration ends. Closing the iterator early stops the generation."""

    generator: Generator
    model_id: str
    prompt: Prompt
    sampling: Sampling
    result: Generated = field(default_factory=Generated)

    def __iter__(self) -> Iterator[str]:
        tokenizer = self.generator.tokenizer
        streamer = TextIteratorStreamer(
            tokenizer, skip_prompt=True, skip_special_tokens=True, timeout=STREAM_TOKEN_TIMEOUT_S
        )
        cancel = threading.Event()

        def run() -> torch.Tensor:
            try:
                kwargs = self.generator.generate_kwargs(
                    self.prompt, self.sampling, streamer=streamer,
                    stopping_criteria=StoppingCriteriaList([_Cancelled(cancel)]),
                )
                with self.generator.pool.use(self.model_id) as model, torch.no_grad():
                    output: torch.Tensor = model.generate(**kwargs)
                    return output
            except BaseException:
                streamer.end()  # the reader must not wait for tokens that never come
                raise

        job = self.generator.submit(run)
        sent = ""
        produced = ""
        hold = max((len(s) for s in self.sampling.stop), default=1) - 1
        try:
            for piece in streamer:
                produced += piece
                visible, stopped = cut_at_stop(produced, self.sampling.stop)
                # Hold back what could still become the start of a stop string.
                ready = visible if stopped else visible[: max(len(sent), len(visible) - hold)]
                if len(ready) > len(sent):
                    yield ready[len(sent):]
                    sent = ready
                if stopped:
                    break
        finally:
            cancel.set()
        output = job.result()  # re-raises a failure of the generation
        new = output[0][self.prompt.tokens:]
        self.result = self.generator.finish(self.prompt, new, self.sampling, produced)
        if len(self.result.text) > len(sent):
            yield self.result.text[len(sent):]
