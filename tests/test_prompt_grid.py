"""The ServerApp's grid collects replies as they arrive (issue 18).

The grid underneath stands in for Flower's HTTP grid: its replies land at
set times, which no real SuperLink would let a test choose. The real grid is
exercised by every federation test, which would pass as well, only slower,
without this grid or the brisk object pulls: the ServerApp's own set-up is
checked here.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import pytest
from flwr.app import Context, Message, RecordDict
from flwr.proto.node_pb2 import NodeInfo
from flwr.serverapp import Grid
from flwr.supercore.inflatable import inflatable_utils
from flwr.supercore.task_identity import TaskIdentity

from netgpt.settings import SettingsError
from server import server_app
from server.flower_compat import BRISK_PULL_RETRIES
from server.prompt_grid import PromptGrid

OBJECT_PULLS = (inflatable_utils.pull_objects, inflatable_utils.pull_and_inflate_object_from_tree)
FLOWERS_OWN_RETRIES = {"initial_backoff": 1, "backoff_cap": 10, "max_tries_per_object": 500}


@pytest.fixture(autouse=True)
def serverapp_identity():
    """Messages are stamped with the running task's identity: the ServerApp of run 1."""
    TaskIdentity.run_id, TaskIdentity.node_id, TaskIdentity.task_id = 1, 1, 1


class _Replies:
    """Push gives each message an id (None for one it could not push); each
    reply can be pulled from its landing time on."""

    def __init__(self, lands_after: dict[int, float], unpushable: frozenset[int] = frozenset()) -> None:
        self.lands_after = lands_after
        self.unpushable = unpushable
        self.pulls = 0
        self._pushed_at = 0.0
        self._sent: dict[str, Message] = {}

    def push_messages(self, messages: Iterable[Message]) -> list[str | None]:
        self._pushed_at = time.monotonic()
        ids: list[str | None] = []
        for message in messages:
            node = message.metadata.dst_node_id
            message.metadata.__dict__["_message_id"] = f"m{node}"  # as Flower's grid stamps it on push
            ids.append(None if node in self.unpushable else f"m{node}")
            self._sent[f"m{node}"] = message
        return ids

    def pull_messages(self, message_ids: Iterable[str]) -> list[Message]:
        self.pulls += 1
        now = time.monotonic() - self._pushed_at
        return [Message(RecordDict(), reply_to=self._sent[i]) for i in message_ids
                if now >= self.lands_after[self._sent[i].metadata.dst_node_id]]


class _Nodes:
    """A grid that knows one node, online until a time no other grid would say."""

    def get_nodes(self) -> list[NodeInfo]:
        return [NodeInfo(node_id=7, online_until=1234.5)]


@pytest.fixture
def flowers_own_pull_retries():
    """Flower's own object-pull retries for the test (another test of this
    process may have lowered them: they are process-wide), the process's
    put back after it."""
    saved = [dict(function.__kwdefaults__ or {}) for function in OBJECT_PULLS]
    for function, defaults in zip(OBJECT_PULLS, saved, strict=True):
        function.__kwdefaults__ = defaults | FLOWERS_OWN_RETRIES
    yield
    for function, defaults in zip(OBJECT_PULLS, saved, strict=True):
        function.__kwdefaults__ = defaults


def _pull_retries() -> list[dict[str, object]]:
    return [{key: (function.__kwdefaults__ or {})[key] for key in BRISK_PULL_RETRIES} for function in OBJECT_PULLS]


def _messages(nodes: Iterable[int]) -> list[Message]:
    return [Message(RecordDict(), dst_node_id=node, message_type="train") for node in nodes]


def _send(replies: _Replies, nodes: Iterable[int], timeout: float | None) -> tuple[list[Message], float]:
    grid = PromptGrid(replies, poll_s=0.05)  # type: ignore[arg-type]  # the two calls it makes
    started = time.monotonic()
    got = list(grid.send_and_receive(_messages(nodes), timeout=timeout))
    return got, time.monotonic() - started


def test_the_last_reply_is_taken_soon_after_it_lands():
    """Flower's own loop looks every 3 s: the last of three replies landing
    at 0.3 s was taken at 3 s."""
    replies = _Replies({1: 0.0, 2: 0.1, 3: 0.3})
    got, took = _send(replies, [1, 2, 3], timeout=60)
    assert sorted(m.metadata.reply_to_message_id for m in got) == ["m1", "m2", "m3"]
    assert 0.3 <= took < 2.0


def test_the_timeout_still_ends_the_wait():
    replies = _Replies({1: 0.0, 2: 3600.0})
    got, took = _send(replies, [1, 2], timeout=0.5)
    assert [m.metadata.reply_to_message_id for m in got] == ["m1"]
    assert 0.5 <= took < 2.0


def test_a_message_that_could_not_be_pushed_is_not_waited_for():
    """Flower's loop would wait for its reply until the timeout."""
    replies = _Replies({1: 0.0, 2: 0.0}, unpushable=frozenset({2}))
    got, took = _send(replies, [1, 2], timeout=60)
    assert [m.metadata.reply_to_message_id for m in got] == ["m1"]
    assert took < 2.0


def test_every_grid_call_is_the_wrapped_grids_own():
    """Flower's base class answers some calls itself (`get_nodes` builds node
    infos without the online deadline the availability check reads): a call
    left to it would quietly differ from the real grid's."""
    public = {name for name in dir(Grid) if not name.startswith("_")}
    assert public <= set(vars(PromptGrid)), sorted(public - set(vars(PromptGrid)))

    (node,) = PromptGrid(_Nodes()).get_nodes()  # type: ignore[arg-type]
    assert node.online_until == 1234.5


def test_the_serverapps_rounds_go_through_a_prompt_grid_with_brisk_object_pulls(flowers_own_pull_retries):
    """Flower's own waits after a reply lands: up to 3 s for its grid to
    look, then 1–15 s of object-pull retries (issue 18)."""
    assert _pull_retries() == [FLOWERS_OWN_RETRIES] * 2
    grid = server_app.rounds_grid(_Nodes())  # type: ignore[arg-type]
    assert isinstance(grid, PromptGrid)
    (node,) = grid.get_nodes()
    assert node.online_until == 1234.5  # the grid it was given, underneath
    assert _pull_retries() == [BRISK_PULL_RETRIES] * 2


def test_the_serverapp_sets_its_grid_up_before_anything_else(flowers_own_pull_retries, monkeypatch):
    """`main` stops at a run config it cannot use (here: none at all), which
    it reads first, and by then it has handed its grid to `rounds_grid` and
    this process already pulls briskly. (That the strategy then gets the
    grid `rounds_grid` returned needs a run that reaches `strategy.start`.)"""
    handed = []

    def rounds_grid(grid):
        handed.append(grid)
        return real(grid)

    real = server_app.rounds_grid
    monkeypatch.setattr(server_app, "rounds_grid", rounds_grid)
    nodes = _Nodes()
    context = Context(run_id=1, node_id=0, node_config={}, state=RecordDict(), run_config={})
    with pytest.raises(SettingsError):
        server_app.main(nodes, context)  # type: ignore[arg-type]
    assert handed == [nodes]
    assert _pull_retries() == [BRISK_PULL_RETRIES] * 2
