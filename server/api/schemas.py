"""Request and response shapes of the OpenAI API, as far as NetGPT serves it.

Requests are validated strictly (no "5" for 5, no 1.0 for an integer) so that
a client's type error is reported instead of guessed at. OpenAI parameters we
do not implement (penalties, logit_bias, seed, user...) are accepted and
ignored, as OpenAI-compatible servers commonly do, so that stock clients work;
parameters whose meaning we would silently change (n > 1) are refused.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field


class _Request(BaseModel):
    model_config = ConfigDict(strict=True, extra="ignore")


class TextPart(_Request):
    type: Literal["text"]
    text: str


class ChatMessage(_Request):
    role: Literal["system", "developer", "user", "assistant"]
    content: str | list[TextPart]

    def text(self) -> str:
        if isinstance(self.content, str):
            return self.content
        return "".join(part.text for part in self.content)


class StreamOptions(_Request):
    include_usage: bool = False


class _Sampling(_Request):
    model: str
    max_tokens: int | None = None
    temperature: float | None = Field(None, ge=0.0, le=2.0)
    top_p: float | None = Field(None, gt=0.0, le=1.0)
    n: Literal[1] = 1
    stream: bool = False
    stream_options: StreamOptions | None = None
    stop: str | list[str] | None = None

    def stop_strings(self) -> list[str]:
        if self.stop is None:
            return []
        stops = [self.stop] if isinstance(self.stop, str) else self.stop
        return [s for s in stops if s]


class ChatCompletionRequest(_Sampling):
    messages: list[ChatMessage] = Field(min_length=1)
    max_completion_tokens: int | None = None

    def requested_max_tokens(self) -> tuple[int | None, str]:
        """The token budget asked for and the parameter that asked (newer
        clients send `max_completion_tokens`, older ones `max_tokens`)."""
        if self.max_completion_tokens is not None:
            return self.max_completion_tokens, "max_completion_tokens"
        return self.max_tokens, "max_tokens"


class CompletionRequest(_Sampling):
    prompt: str | list[str]

    def prompt_text(self) -> str | None:
        """The single prompt, or None for a batch (not served)."""
        if isinstance(self.prompt, str):
            return self.prompt
        return self.prompt[0] if len(self.prompt) == 1 else None

    def requested_max_tokens(self) -> tuple[int | None, str]:
        return self.max_tokens, "max_tokens"


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ModelCard(BaseModel):
    id: str
    object: Literal["model"] = "model"
    created: int
    owned_by: str = "netgpt"
    adapter_round: str | None = None
    """Which published round serves this id (e.g. "round-3"); None for the base model."""


class ModelList(BaseModel):
    object: Literal["list"] = "list"
    data: list[ModelCard]
