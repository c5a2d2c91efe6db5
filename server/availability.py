"""Which nodes a round waits for and sends its training requests to.

Nothing a node does may stall the federation, so every wait is bounded by the
policy's deadline (`aggregation.round_timeout_s`): the first round waits that
long at most for the nodes the run expects, then goes with those online; a
later round goes at once with the nodes online, and waits (as long, at most)
only while fewer than the quorum (`min_nodes`) are. A node that was sent a
training request and did not answer by the deadline is dropped, and is sent
nothing more until Flower has heard from it since: Flower counts a silent node
online for two missed heartbeats (about a minute), and a crashed node would
otherwise cost the next round its whole deadline as well.

How Flower shows that it heard from a node: `Grid.get_nodes()` lists the nodes
it counts online, each with `online_until`, which every heartbeat and every
reconnection moves forward (read in flwr 1.41's link state). `get_nodes` is
asked only about dropped nodes; `get_node_ids` answers everything else.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterable
from logging import INFO

from flwr.common import log
from flwr.serverapp import Grid

POLL_S = 1.0  # as Flower's own wait for nodes


class Availability:
    def __init__(self, expected: int, quorum: int, deadline_s: float) -> None:
        self.expected = expected  # nodes the first round waits for
        self.quorum = quorum  # fewer online nodes than this: a later round waits for more
        self.deadline_s = deadline_s
        self.first = True
        self.silent: dict[int, float] = {}  # dropped node id -> its online_until when it dropped
        self.grid: Grid | None = None  # the grid the round's requests went through

    def online(
        self, grid: Grid, counts: Callable[[int], bool] = lambda node: True, possible: int | None = None
    ) -> list[int]:
        """The node ids to sample from, after a wait of at most the deadline
        for enough of them (`expected` before the first round, the quorum
        after it), but never for more than the `possible` nodes that could
        ever count: waiting for nodes that do not exist costs the whole
        deadline and changes nothing. Before the first round every online
        node counts towards `expected`, as every online node was counted in
        it; later, only nodes that `counts`: an online node that will not be
        asked to train (its budget is spent, it was revoked) would otherwise
        cut the wait short and leave the round without its quorum."""
        self.grid = grid
        first, self.first = self.first, False
        wanted = self.quorum if possible is None else min(self.quorum, possible)
        end = time.monotonic() + self.deadline_s
        while True:
            nodes = self._usable(grid)
            counted = sum(1 for node in nodes if counts(node))
            if first:
                # Every node that could count is here, or as many as `expected` counted.
                done = len(nodes) >= self.expected or (possible is not None and counted >= possible)
            else:
                done = counted >= wanted
            if done or time.monotonic() >= end:
                return nodes
            log(INFO, "waiting for nodes: %d online, %d wanted, %.0f s left", len(nodes) if first else counted,
                self.expected if first else wanted, end - time.monotonic())
            time.sleep(POLL_S)

    def dropped(self, asked: Iterable[int], answered: Iterable[int]) -> list[int]:
        """The nodes of `asked` that are not among the senders `answered`, now
        remembered as silent. A node whose own ClientApp failed did answer;
        the error reply the SuperLink makes for a node it found offline comes
        from the SuperLink, so that node is dropped."""
        missing = sorted(set(asked) - set(answered))
        if missing and self.grid is not None:
            heard = self._heard(self.grid)
            self.silent.update({node: heard.get(node, -math.inf) for node in missing})
        return missing

    def reachable(self, grid: Grid) -> list[int]:
        """The nodes a request may go to now, without waiting for any."""
        return self._usable(grid)

    def _usable(self, grid: Grid) -> list[int]:
        """Online nodes, less those silent since they dropped."""
        nodes = list(grid.get_node_ids())
        if self.silent:
            heard = self._heard(grid)
            for node, then in list(self.silent.items()):
                if heard.get(node, then) > then:
                    del self.silent[node]
            nodes = [node for node in nodes if node not in self.silent]
        return nodes

    @staticmethod
    def _heard(grid: Grid) -> dict[int, float]:
        return {info.node_id: info.online_until for info in grid.get_nodes()}
