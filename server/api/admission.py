"""How many completion requests the API holds at once: a bounded queue and a
share per API key (the policy's `serving` section).

A request takes a slot when its handler starts and gives it back when its
generation has ended, finished, cancelled or never started, not when its
client went away: a slot then counts work the model still does, so that
neither one key nor all keys together can pile up generations. Past either
limit a request is refused at once with 429 and `Retry-After`: an unbounded
queue only grows answers that their clients have stopped waiting for.
"""

from __future__ import annotations

import threading
from collections import Counter

from policies.model import ServingPolicy
from server.api.errors import RATE_LIMIT, ApiError


class Slot:
    """One admitted request; `release` may be called from any thread, any number of times."""

    def __init__(self, admission: Admission, key: str) -> None:
        self._admission = admission
        self._key = key
        self._released = False
        self._lock = threading.Lock()

    def release(self) -> None:
        with self._lock:
            if self._released:
                return
            self._released = True
        self._admission._leave(self._key)


class Admission:
    def __init__(self, serving: ServingPolicy) -> None:
        self.max_pending = serving.max_pending_requests
        self.per_key = serving.max_requests_per_key
        self.retry_after_s = serving.retry_after_s
        self._lock = threading.Lock()
        self._held: Counter[str] = Counter()

    @property
    def pending(self) -> int:
        with self._lock:
            return sum(self._held.values())

    def admit(self, key: str) -> Slot:
        """A slot for a request made with API key `key`; raises ApiError(429) when full."""
        with self._lock:
            if self._held[key] >= self.per_key:
                raise self._refusal(
                    f"This API key has {self.per_key} requests in progress already; retry when one has ended.",
                    "too_many_concurrent_requests",
                )
            if sum(self._held.values()) >= self.max_pending:
                raise self._refusal("The server is busy; retry shortly.", "server_busy")
            self._held[key] += 1
        return Slot(self, key)

    def _leave(self, key: str) -> None:
        with self._lock:
            self._held[key] -= 1
            if self._held[key] <= 0:
                del self._held[key]

    def _refusal(self, message: str, code: str) -> ApiError:
        return ApiError(429, message, type=RATE_LIMIT, code=code, headers={"Retry-After": str(self.retry_after_s)})
