"""Text in, text out: `model.generate` on a few dedicated threads.

Generations run on `parallel` threads of their own, taken in arrival order;
the pool's gate lets requests for the same adapter generate side by side and
makes requests for another adapter wait their turn. Dedicated threads rather
than whichever thread-pool thread took the request, because torch's thread
settings belong to the calling thread. Greedy decoding unless the request
asks for a temperature. Streaming hands text from the generation thread to
the event loop's own queue, so no thread waits per open stream. Every
generation carries a cancel event: when its client goes away, streaming or
not, it stops at the next token instead of running to `max_tokens`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from functools import partial
from typing import Any, TypeVar, cast

import torch
from jinja2 import TemplateError
from transformers import PreTrainedTokenizerBase, StoppingCriteria, StoppingCriteriaList, TextStreamer

from netgpt.modeling import decode_one
from server.api.adapter_pool import AdapterPool

T = TypeVar("T")

STREAM_TOKEN_TIMEOUT_S = 300.0
"""A token must arrive within this time, or the stream ends (a wedged model)."""
MIN_SAMPLING_TEMPERATURE = 1e-2
"""Below it, sampling picks the greedy token in all but name, and logits
divided by a temperature near zero overflow into NaN probabilities."""


class UnusablePrompt(ValueError):
    """The model's chat template refuses these messages (its own rules)."""


@dataclass(frozen=True)
class Sampling:
    max_new_tokens: int
    temperature: float | None = None
    top_p: float | None = None
    stop: tuple[str, ...] = ()

    def generate_kwargs(self) -> dict[str, Any]:
        if self.temperature is None or self.temperature < MIN_SAMPLING_TEMPERATURE:
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


class _StopText(StoppingCriteria):
    """Ends a row once the text of its newest tokens holds a stop string.

    Not transformers' `stop_strings`: that precomputes a table over the whole
    vocabulary for every new set of stop strings (9 s for four 60-character
    strings on this machine's CPU), which a client could make the server pay
    on each request. Decoding the last few tokens each step costs microseconds.
    """

    def __init__(self, tokenizer: PreTrainedTokenizerBase, prompt_tokens: int, stops: tuple[str, ...]) -> None:
        self.tokenizer = tokenizer
        self.prompt_tokens = prompt_tokens
        self.stops = stops
        # A character is at most 4 byte-level tokens, so a stop string of n
        # characters lies within the last 4n tokens once it is complete.
        self.window = 4 * max(len(s) for s in stops)

    def __call__(self, input_ids: torch.LongTensor, scores: torch.FloatTensor, **kwargs: Any) -> torch.BoolTensor:
        start = max(self.prompt_tokens, input_ids.shape[1] - self.window)
        tails = self.tokenizer.batch_decode(input_ids[:, start:], skip_special_tokens=True)
        found = [any(stop in tail for stop in self.stops) for tail in tails]
        return cast(torch.BoolTensor, torch.tensor(found, dtype=torch.bool))


class _QueueStreamer(TextStreamer):
    """TextStreamer's incremental decoding, its text put on an asyncio queue
    from the generation thread."""

    def __init__(self, tokenizer: PreTrainedTokenizerBase, post: Callable[[str | None], None]) -> None:
        super().__init__(tokenizer, skip_prompt=True, skip_special_tokens=True)
        self.post = post

    def on_finalized_text(self, text: str, stream_end: bool = False) -> None:
        if text:
            self.post(text)


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
            try:
                text = self.tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=False)
            except TemplateError as error:
                raise UnusablePrompt("the model's chat template refuses these messages") from error
        else:
            text = "".join(f"{t['role']}: {t['content']}\n" for t in turns) + "assistant: "
        return self._encode(str(text), special_tokens=False)

    def text_prompt(self, text: str) -> Prompt:
        return self._encode(text, special_tokens=True)

    def complete(self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event) -> Future[Generated]:
        """Queue a generation; the future resolves to the whole answer. Setting
        `cancel` ends it at the next token (cancel the future while it waits)."""
        return self._threads.submit(self._complete, model_id, prompt, sampling, cancel)

    def submit(self, job: Callable[[], T]) -> Future[T]:
        """Run `job` on a generation thread, after the generations queued before it."""
        return self._threads.submit(job)

    def close(self) -> None:
        self._threads.shutdown(wait=False, cancel_futures=True)

    def _complete(self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event) -> Generated:
        with self.pool.use(model_id) as model, torch.no_grad():
            output = model.generate(**self.generate_kwargs(prompt, sampling, cancel))
        new = output[0][prompt.tokens:]
        return self.finish(prompt, new, sampling, decode_one(self.tokenizer, new))

    def stream(self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event) -> StreamedGeneration:
        """Start a streamed generation now; call from the event loop that reads it."""
        return StreamedGeneration(self, model_id, prompt, sampling, cancel)

    def _encode(self, text: str, special_tokens: bool) -> Prompt:
        encoded = self.tokenizer(text, return_tensors="pt", add_special_tokens=special_tokens)
        return Prompt(encoded["input_ids"], encoded["attention_mask"])

    def generate_kwargs(
        self, prompt: Prompt, sampling: Sampling, cancel: threading.Event, **extra: Any
    ) -> dict[str, Any]:
        criteria: list[StoppingCriteria] = [_Cancelled(cancel)]
        if sampling.stop:
            criteria.append(_StopText(self.tokenizer, prompt.tokens, sampling.stop))
        return {
            "input_ids": prompt.input_ids,
            "attention_mask": prompt.attention_mask,
            "max_new_tokens": sampling.max_new_tokens,
            "pad_token_id": self.tokenizer.pad_token_id,
            "stopping_criteria": StoppingCriteriaList(criteria),
            **sampling.generate_kwargs(),
            **extra,
        }

    def finish(self, prompt: Prompt, new: torch.Tensor, sampling: Sampling, text: str) -> Generated:
        text, stopped = cut_at_stop(text, sampling.stop)
        ended = len(new) > 0 and int(new[-1]) == self.tokenizer.eos_token_id
        reason = "length" if len(new) >= sampling.max_new_tokens and not (stopped or ended) else "stop"
        return Generated(text, prompt.tokens, len(new), reason)


class StreamedGeneration:
    """A generation started on a generation thread, read as text pieces with
    `pieces()`; `result` holds the totals once they are all read. The
    generation stops at the next token when `cancel` is set."""

    def __init__(
        self, generator: Generator, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event
    ) -> None:
        self.generator = generator
        self.prompt = prompt
        self.sampling = sampling
        self.cancel = cancel
        self.result = Generated()
        loop = asyncio.get_running_loop()
        self._queue: asyncio.Queue[str | None] = asyncio.Queue()

        def post(item: str | None) -> None:
            with contextlib.suppress(RuntimeError):  # the loop closed: nobody reads any more
                loop.call_soon_threadsafe(self._queue.put_nowait, item)

        streamer = _QueueStreamer(generator.tokenizer, post)

        def run() -> torch.Tensor:
            kwargs = generator.generate_kwargs(prompt, sampling, cancel, streamer=streamer)
            with generator.pool.use(model_id) as model, torch.no_grad():
                output: torch.Tensor = model.generate(**kwargs)
                return output

        self.job = generator.submit(run)
        # None ends the pieces however the job ends: done, failed or cancelled before it ran.
        self.job.add_done_callback(lambda _: post(None))

    async def pieces(self) -> AsyncIterator[str]:
        sent = ""
        produced = ""
        stopped = False
        hold = max((len(s) for s in self.sampling.stop), default=1) - 1
        while not stopped:
            piece = await asyncio.wait_for(self._queue.get(), STREAM_TOKEN_TIMEOUT_S)
            if piece is None:
                break
            produced += piece
            visible, stopped = cut_at_stop(produced, self.sampling.stop)
            # Hold back what could still become the start of a stop string.
            ready = visible if stopped else visible[: max(len(sent), len(visible) - hold)]
            if len(ready) > len(sent):
                yield ready[len(sent):]
                sent = ready
        self.cancel.set()  # ended, or a stop string came: nothing more is wanted
        output = await asyncio.wrap_future(self.job)  # re-raises a failure of the generation
        new = output[0][self.prompt.tokens:]
        self.result = self.generator.finish(self.prompt, new, self.sampling, produced)
        if len(self.result.text) > len(sent):
            yield self.result.text[len(sent):]
