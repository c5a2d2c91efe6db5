"""The aggregator's only use of Flower internals, checked against flwr 1.41.0.

Flower changes fast and these names are not part of its public API (neither is
exported by `flwr.serverapp.strategy`), so they are reached here and nowhere
else, and importing this module fails loudly with `FlowerCompatError` when the
installed flwr is another major.minor release than `CHECKED_VERSION`, or when
an internal is gone or takes other parameters. The error names what to re-read
in the installed flwr's source before raising `CHECKED_VERSION`.

Why each internal is used rather than rebuilt from public calls:

- `flwr.serverapp.strategy.strategy_utils.sample_nodes(grid, min_available_nodes,
  sample_size)`: FedAvg's own wait for `min_available_nodes` connected nodes,
  which returns every connected node id. The strategy overrides
  `configure_train` only to leave out nodes whose budget is spent; waiting with
  the same helper keeps "available" meaning the same in training as in the
  evaluation rounds that FedAvg's inherited `configure_evaluate` samples.
- `flwr.serverapp.strategy.FedAvg._construct_messages(record, node_ids,
  message_type)`: how FedAvg turns one payload into one message per node.
  Training messages built by it stay exactly like FedAvg's evaluation messages
  (destination, type, shared content, and whatever Flower adds there later).
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flwr
from flwr.app import Message, MessageType, RecordDict
from flwr.serverapp import Grid
from flwr.serverapp.strategy import FedAvg

# The flwr release whose source the internals below were read in; pyproject pins it.
CHECKED_VERSION = "1.41.0"


class FlowerCompatError(ImportError):
    """The installed flwr is not the release this module's internals were checked against."""


@dataclass(frozen=True)
class Internal:
    """One Flower internal: where it lives, the parameters it was checked
    with, and what must still hold for the strategy to rely on it."""

    module: str
    name: str  # attribute path inside `module`
    parameters: tuple[str, ...]
    recheck: str

    @property
    def where(self) -> str:
        return f"{self.module}.{self.name}"


SAMPLE_NODES = Internal(
    "flwr.serverapp.strategy.strategy_utils", "sample_nodes",
    ("grid", "min_available_nodes", "sample_size"),
    "it still blocks until min_available_nodes are connected and returns (sampled, all connected node ids)",
)
CONSTRUCT_MESSAGES = Internal(
    "flwr.serverapp.strategy.fedavg", "FedAvg._construct_messages",
    ("self", "record", "node_ids", "message_type"),
    "FedAvg.configure_train/configure_evaluate still build their messages with it, one per node id "
    "carrying the same record",
)
INTERNALS = (SAMPLE_NODES, CONSTRUCT_MESSAGES)


def _what_to_recheck(installed: str) -> str:
    items = "; ".join(f"{i.where}{i.parameters}: {i.recheck}" for i in INTERNALS)
    return (
        f"server/flower_compat.py was checked against flwr {CHECKED_VERSION}, flwr {installed} is "
        f"installed. Re-read in the installed flwr's source that {items}; then adapt "
        f"server/flower_compat.py and set CHECKED_VERSION to {installed}."
    )


def _major_minor(version: str) -> list[str]:
    return version.split(".")[:2]


def check_version(installed: str) -> None:
    """Refuse any flwr whose major.minor differs from the checked release."""
    if _major_minor(installed) != _major_minor(CHECKED_VERSION):
        raise FlowerCompatError(_what_to_recheck(installed))


def resolve(internal: Internal, installed: str) -> Callable[..., Any]:
    """The internal itself, if it still exists with the checked parameters."""
    try:
        found: Any = importlib.import_module(internal.module)
        for part in internal.name.split("."):
            found = getattr(found, part)
    except (ImportError, AttributeError):
        raise FlowerCompatError(f"{internal.where} no longer exists. {_what_to_recheck(installed)}") from None
    parameters = tuple(inspect.signature(found).parameters)
    if parameters != internal.parameters:
        raise FlowerCompatError(
            f"{internal.where} now takes {parameters}, not {internal.parameters}. {_what_to_recheck(installed)}"
        )
    function: Callable[..., Any] = found
    return function


check_version(flwr.__version__)
_sample_nodes = resolve(SAMPLE_NODES, flwr.__version__)
_construct_messages = resolve(CONSTRUCT_MESSAGES, flwr.__version__)


def connected_nodes(grid: Grid, min_available_nodes: int) -> list[int]:
    """Every connected node id, once at least `min_available_nodes` are
    connected (it blocks until then, as FedAvg's sampling does)."""
    _, connected = _sample_nodes(grid, min_available_nodes, 0)
    return list(connected)


def train_messages(strategy: FedAvg, record: RecordDict, node_ids: list[int]) -> list[Message]:
    """One training message per node, built as FedAvg builds its own."""
    return list(_construct_messages(strategy, record, node_ids, MessageType.TRAIN))
