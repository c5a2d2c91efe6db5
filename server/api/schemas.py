"""Request and response shapes of the OpenAI API, as far as NetGPT serves it.

Requests are validated strictly (no "5" for 5, no 1.0 for an integer) so that
a client's type error is reported instead of guessed at. OpenAI parameters we
do not implement (penalties, logit_bias, seed, user...) are accepted and
ignored, as OpenAI-compatible servers commonly do, so that stock clients work;
parameters whose meaning we would silently change (n > 1) are refused.

Two limits keep a single request from costing the server more than its
answer is worth: `stop` takes OpenAI's own 4 strings, each of at most 64
characters (600 long ones once held a server for minutes), and text anywhere
in the body must be valid Unicode: JSON's `\ud800` decodes to an unpaired
surrogate that no tokenizer, desensitizer or UTF-8 response can handle.
"""

from __future__ import annotations

import re
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator
from pydantic_core import PydanticCustomError

from server.api.errors import INVALID_UNICODE

MAX_STOP_STRINGS = 4
MAX_STOP_CHARS = 64
_SURROGATE = re.compile("[\ud800-\udfff]")


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

    @model_validator(mode="before")
    @classmethod
    def _valid_unicode(cls, data: Any) -> Any:
        path = unpaired_surrogate_at(data)
        if path is not None:
            raise PydanticCustomError(
                INVALID_UNICODE, "the text is not valid Unicode (it holds an unpaired surrogate)", {"param": path}
            )
        return data

    @field_validator("stop")
    @classmethod
    def _bounded_stop(cls, stop: str | list[str] | None) -> str | list[str] | None:
        stops = [stop] if isinstance(stop, str) else stop or []
        if len(stops) > MAX_STOP_STRINGS or any(len(s) > MAX_STOP_CHARS for s in stops):
            raise PydanticCustomError(
                "stop_limits", "at most {count} strings of at most {chars} characters each",
                {"count": MAX_STOP_STRINGS, "chars": MAX_STOP_CHARS},
            )
        return stop

    def stop_strings(self) -> list[str]:
        if self.stop is None:
            return []
        stops = [self.stop] if isinstance(self.stop, str) else self.stop
        return [s for s in stops if s]


def unpaired_surrogate_at(data: Any) -> str | None:
    """The dotted path of the first string in parsed JSON (keys included) that
    holds an unpaired surrogate, "body" for the body itself; None when all is
    valid. A loop, not recursion: JSON nests as deep as the parser allows."""
    todo: list[tuple[str, Any]] = [("", data)]
    while todo:
        path, value = todo.pop()
        if isinstance(value, str):
            if _SURROGATE.search(value):
                return path or "body"
        elif isinstance(value, dict):
            for key, item in value.items():
                if _SURROGATE.search(key):
                    return path or "body"
                todo.append((f"{path}.{key}" if path else key, item))
        elif isinstance(value, list):
            todo.extend((f"{path}.{index}" if path else str(index), item) for index, item in enumerate(value))
    return None


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
