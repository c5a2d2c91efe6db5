"""Flower's Grid, with replies collected as they arrive.

Flower's HTTP grid pulls replies every 3 s (a fixed `time.sleep(3)` in its
`send_and_receive`), so a round's last reply waited 0-3 s for the ServerApp
to look, once for training and once for evaluation (issue 18 counts that as
Flower overhead). This grid does the same with the Grid's public calls,
asking every `poll_s` seconds: a local SuperLink answers such a request in
milliseconds. Everything else is the wrapped grid's own.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

from flwr.app import Message, RecordDict
from flwr.proto.node_pb2 import NodeInfo
from flwr.serverapp import Grid
from flwr.supercore.run import Run

POLL_S = 0.5


class PromptGrid(Grid):
    """Delegates to `grid`; only the wait for replies is its own."""

    def __init__(self, grid: Grid, poll_s: float = POLL_S) -> None:
        self._grid = grid
        self._poll_s = poll_s

    def set_run(self, run: Run) -> None:
        self._grid.set_run(run)

    @property
    def run(self) -> Run:
        return self._grid.run

    def create_message(
        self, content: RecordDict, message_type: str, dst_node_id: int, group_id: str, ttl: float | None = None,
    ) -> Message:
        return self._grid.create_message(content, message_type, dst_node_id, group_id, ttl)

    def get_node_ids(self) -> Iterable[int]:
        return self._grid.get_node_ids()

    def get_nodes(self) -> Iterable[NodeInfo]:
        return self._grid.get_nodes()

    def push_messages(self, messages: Iterable[Message]) -> Iterable[str]:
        return self._grid.push_messages(messages)

    def pull_messages(self, message_ids: Iterable[str]) -> Iterable[Message]:
        return self._grid.pull_messages(message_ids)

    def send_and_receive(self, messages: Iterable[Message], *, timeout: float | None = None) -> Iterable[Message]:
        """As Flower's: push, then pull until every reply is in or `timeout` passes."""
        waiting = {message_id for message_id in self.push_messages(messages) if message_id}
        deadline = None if timeout is None else time.monotonic() + timeout
        replies: list[Message] = []
        while waiting:
            pulled = list(self.pull_messages(waiting))
            replies.extend(pulled)
            waiting.difference_update(reply.metadata.reply_to_message_id for reply in pulled)
            if not waiting or (deadline is not None and time.monotonic() >= deadline):
                break
            time.sleep(self._poll_s if deadline is None else max(0.0, min(self._poll_s, deadline - time.monotonic())))
        return replies
