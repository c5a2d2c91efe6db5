"""Who may use the shared model now: any number of requests for one adapter,
or one change to the model.

The active adapter is state of the whole PeftModel, so requests for
different adapters must take turns, but requests for the same adapter can
generate side by side (a forward pass only reads the weights): on two cores
two such generations finish sooner than one after the other. Turns are fair:
once anybody waits for another adapter (or for a change, such as a hot
reload), newcomers for the active adapter queue behind them instead of
keeping it forever.
"""

from __future__ import annotations

import threading
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager

EXCLUSIVE = "\0exclusive"


class ModelGate:
    def __init__(self) -> None:
        self._cond = threading.Condition()
        self._active: str | None = None
        self._users = 0
        self._waiting: Counter[str] = Counter()

    @contextmanager
    def shared(self, key: str, activate: Callable[[], None], deactivate: Callable[[], None]) -> Iterator[None]:
        """Enter with `key` active; `activate` runs for the first user of a
        turn and `deactivate` after its last, both under the gate."""
        with self._cond:
            self._wait_for_turn(key)
            if self._users == 0:
                activate()  # may raise: nobody has entered yet
                self._active = key
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                if self._users == 0:
                    self._active = None
                    deactivate()
                self._cond.notify_all()

    @contextmanager
    def exclusive(self) -> Iterator[None]:
        """Enter alone, once the users of the current turn have left."""
        with self._cond:
            self._wait_for_turn(EXCLUSIVE)
            self._active = EXCLUSIVE
            self._users += 1
        try:
            yield
        finally:
            with self._cond:
                self._users -= 1
                self._active = None
                self._cond.notify_all()

    def _wait_for_turn(self, key: str) -> None:
        self._waiting[key] += 1
        try:
            while not self._may_enter(key):
                self._cond.wait()
        finally:
            self._waiting[key] -= 1

    def _may_enter(self, key: str) -> bool:
        if self._users == 0:
            return True
        if key == EXCLUSIVE or self._active != key:
            return False
        return not any(count for other, count in self._waiting.items() if other != key)
