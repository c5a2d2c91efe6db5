"""What the policy's `serving` section demands of each request before it runs.

Limits are checked before any model work, and prompts are desensitized when
the policy says so: defence in depth for clients that call the cloud
directly instead of going through their edge node. Errors name the parameter
and the limit, never the prompt.
"""

from __future__ import annotations

import threading
from typing import TYPE_CHECKING

from policies import Policy
from server.api.errors import ApiError

if TYPE_CHECKING:
    from privacy.desensitize.desensitizer import Desensitizer


class PromptGuard:
    def __init__(self, policy: Policy) -> None:
        self.serving = policy.serving
        self.location_level = policy.desensitization.location_level
        self._lock = threading.Lock()
        """spaCy pipelines are not documented as thread-safe; requests share one."""

    def warm(self) -> None:
        """Load the desensitizer now rather than on the first request (seconds)."""
        if self.serving.desensitize_prompts:
            self._desensitizer().desensitize("warm up")

    def check_size(self, texts: list[str], param: str) -> None:
        size = sum(len(text) for text in texts)
        if size > self.serving.max_prompt_chars:
            raise ApiError(
                400,
                f"The prompt has {size} characters; this server accepts at most "
                f"{self.serving.max_prompt_chars}.",
                param=param,
                code="context_length_exceeded",
            )

    @staticmethod
    def check_not_empty(texts: list[str], param: str) -> None:
        """A prompt with no text at all has nothing to continue from."""
        if not any(texts):
            raise ApiError(400, f"'{param}' holds no text; send a prompt.", param=param, code="invalid_value")

    def max_tokens(self, requested: int | None, param: str) -> int:
        if requested is None:
            return self.serving.default_max_tokens
        if not 1 <= requested <= self.serving.max_tokens:
            raise ApiError(
                400,
                f"'{param}' must be between 1 and {self.serving.max_tokens}.",
                param=param,
                code="invalid_value",
            )
        return requested

    def clean(self, texts: list[str]) -> list[str]:
        """The texts desensitized, or as they came when the policy says not to."""
        if not self.serving.desensitize_prompts:
            return texts
        from privacy.desensitize.desensitizer import DesensitizationError

        desensitizer = self._desensitizer()
        try:
            with self._lock:
                return [desensitizer.desensitize(text).text if text.strip() else text for text in texts]
        except DesensitizationError:
            # Fail closed: a prompt that cannot be desensitized is not used.
            raise ApiError(400, "The prompt could not be desensitized, so it was not used.",
                           code="invalid_value") from None

    def _desensitizer(self) -> Desensitizer:
        from privacy.desensitize.desensitizer import default_desensitizer

        return default_desensitizer(self.location_level)
