"""Text in, text out: every request decoded in one continuous batch.

The `BatchDecoder` runs one decoding loop on a thread of its own, each
request a row with its own adapter, sampling settings, stop strings and token
budget; new requests join at the next step and finished ones leave. Greedy
decoding unless the request asks for a temperature. Streaming hands text from
the decoding thread to the event loop's own queue, so no thread waits per open
stream. Every generation carries a cancel event: when its client goes away,
streaming or not, its row leaves the batch at the next step instead of
running to `max_tokens`.
"""

from __future__ import annotations

import asyncio
import contextlib
import threading
from collections.abc import AsyncIterator, Callable
from concurrent.futures import Future
from dataclasses import dataclass, replace
from typing import TypeVar, cast

import torch
from jinja2 import TemplateError
from transformers import GenerationConfig, PreTrainedTokenizerBase, TextStreamer

from netgpt.modeling import decode_one
from server.api.adapter_pool import AdapterPool
from server.api.batch_decoder import BatchDecoder, DecodeRequest

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
    public_prefix: int = 0
    """Leading tokens that are the chat template's own text, the same for
    every user (`DecodeRequest.shared_prefix`)."""

    @property
    def tokens(self) -> int:
        return int(self.input_ids.shape[1])


class _StopText:
    """Whether a row's newest tokens hold a stop string.

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

    def __call__(self, input_ids: torch.Tensor) -> bool:
        start = max(self.prompt_tokens, input_ids.shape[1] - self.window)
        tail = self.tokenizer.decode(input_ids[0, start:], skip_special_tokens=True)
        return any(stop in tail for stop in self.stops)


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
        max_batch: int = 16,
    ) -> None:
        self.pool = pool
        self.tokenizer = tokenizer
        self.context_tokens = context_tokens
        """The model's context window: prompt and completion together."""
        self.end_tokens = end_tokens(pool.generation_config(), tokenizer)
        self.preamble = self._preamble()
        self.decoder = BatchDecoder(pool, max_batch, threads)
        if self.preamble:
            self.decoder.prefill_for_every_adapter(torch.tensor([self.preamble]))
            pool.before_serving(self.decoder.prefill_installed)
            pool.on_change(self.decoder.adapters_changed)

    def chat_prompt(self, messages: list[tuple[str, str]]) -> Prompt:
        """Messages through the model's chat template (or plain turns without one)."""
        prompt = self._encode(self._chat_text(messages), special_tokens=False)
        ids = prompt.input_ids[0]
        if len(ids) > len(self.preamble) and tuple(ids[: len(self.preamble)].tolist()) == self.preamble:
            return replace(prompt, public_prefix=len(self.preamble))
        return prompt

    def _chat_text(self, messages: list[tuple[str, str]]) -> str:
        turns = [{"role": "system" if role == "developer" else role, "content": text} for role, text in messages]
        if self.tokenizer.chat_template:
            try:
                text = self.tokenizer.apply_chat_template(turns, add_generation_prompt=True, tokenize=False)
            except TemplateError as error:
                raise UnusablePrompt("the model's chat template refuses these messages") from error
        else:
            text = "".join(f"{t['role']}: {t['content']}\n" for t in turns) + "assistant: "
        return str(text)

    def _preamble(self) -> tuple[int, ...]:
        """The tokens every one-user-message chat prompt starts with: the
        template's own text before the user's (its default system message,
        the user turn's header), found as what prompts with different first
        characters share. Public by construction: no user wrote it."""
        try:
            probes = [
                self._encode(self._chat_text([("user", text)]), special_tokens=False).input_ids[0].tolist()
                for text in ("a", "Z", "7", " x", "\nx", "?", "é")
            ]
        except UnusablePrompt:  # a template with rules of its own: no shared prefix, nothing wrong
            return ()
        shared = 0
        while all(len(p) > shared and p[shared] == probes[0][shared] for p in probes):
            shared += 1
        return tuple(probes[0][:shared])

    def text_prompt(self, text: str) -> Prompt:
        return self._encode(text, special_tokens=True)

    def complete(self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event) -> Future[Generated]:
        """Queue a generation; the future resolves to the whole answer. Setting
        `cancel` ends it at the next token (cancel the future while it waits)."""

        def finish(new: torch.Tensor) -> Generated:
            return self.finish(prompt, new, sampling, decode_one(self.tokenizer, new))

        return self.decoder.submit(self.request(model_id, prompt, sampling, cancel, finish))

    def stream(self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event) -> StreamedGeneration:
        """Start a streamed generation now; call from the event loop that reads it."""
        return StreamedGeneration(self, model_id, prompt, sampling, cancel)

    def close(self) -> None:
        self.pool.detach(self.decoder.prefill_installed, self.decoder.adapters_changed)
        self.decoder.close()

    def _encode(self, text: str, special_tokens: bool) -> Prompt:
        encoded = self.tokenizer(text, return_tensors="pt", add_special_tokens=special_tokens)
        return Prompt(encoded["input_ids"], encoded["attention_mask"])

    def request(
        self, model_id: str, prompt: Prompt, sampling: Sampling, cancel: threading.Event,
        finish: Callable[[torch.Tensor], T], on_token: Callable[[torch.Tensor], None] = lambda token: None,
    ) -> DecodeRequest[T]:
        greedy = sampling.temperature is None or sampling.temperature < MIN_SAMPLING_TEMPERATURE
        return DecodeRequest(
            input_ids=prompt.input_ids, model_id=model_id, max_new_tokens=sampling.max_new_tokens,
            end_tokens=self.end_tokens, cancel=cancel, finish=finish,
            temperature=None if greedy else sampling.temperature, top_p=sampling.top_p,
            should_stop=_StopText(self.tokenizer, prompt.tokens, sampling.stop) if sampling.stop else _never,
            on_token=on_token, shared_prefix=prompt.public_prefix,
        )

    def finish(self, prompt: Prompt, new: torch.Tensor, sampling: Sampling, text: str) -> Generated:
        text, stopped = cut_at_stop(text, sampling.stop)
        ended = len(new) > 0 and int(new[-1]) in self.end_tokens
        reason = "length" if len(new) >= sampling.max_new_tokens and not (stopped or ended) else "stop"
        return Generated(text, prompt.tokens, len(new), reason)


def end_tokens(config: GenerationConfig | None, tokenizer: PreTrainedTokenizerBase) -> frozenset[int]:
    """The tokens that end an answer: the model's generation config may name
    several (a chat model's end-of-turn and end-of-text), `generate` stops at
    any of them, and so does the decoder."""
    found = {tokenizer.eos_token_id}
    configured = config.eos_token_id if config is not None else None
    found.update(configured if isinstance(configured, list) else [configured])
    return frozenset(int(token) for token in found if token is not None)


def _never(input_ids: torch.Tensor) -> bool:
    return False


class StreamedGeneration:
    """A generation started in the decoder's batch, read as text pieces with
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
        # transformers leaves TextStreamer's methods unannotated.
        put = cast(Callable[[torch.Tensor], None], streamer.put)
        end = cast(Callable[[], None], streamer.end)
        put(prompt.input_ids)  # skipped as the prompt: TextStreamer's own rule

        def finish(new: torch.Tensor) -> torch.Tensor:
            end()
            return new

        self.job = generator.decoder.submit(generator.request(model_id, prompt, sampling, cancel, finish, put))
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
        new = await asyncio.wrap_future(self.job)  # re-raises a failure of the generation
        self.result = self.generator.finish(self.prompt, new, self.sampling, produced)
        if len(self.result.text) > len(sent):
            yield self.result.text[len(sent):]
