"""The aggregator's only use of Flower internals, checked against flwr 1.41.0.

Flower changes fast and the name below is not part of its public API (it is not
exported by `flwr.serverapp.strategy`), so it is reached here and nowhere
else, and importing this module fails loudly with `FlowerCompatError` when the
installed flwr is another major.minor release than `CHECKED_VERSION`, or when
an internal is gone or takes other parameters. The error names what to re-read
in the installed flwr's source before raising `CHECKED_VERSION`.

Why each internal is used rather than rebuilt from public calls (which nodes
are online is asked with the public `Grid` calls, in `server.availability`:
Flower's own wait for nodes, `strategy_utils.sample_nodes`, has no deadline):

- `flwr.serverapp.strategy.FedAvg._construct_messages(record, node_ids,
  message_type)`: how FedAvg turns one payload into one message per node.
  Training messages built by it stay exactly like FedAvg's evaluation messages
  (destination, type, shared content, and whatever Flower adds there later).
- `flwr.supercore.inflatable.inflatable_utils.pull_objects` and
  `pull_and_inflate_object_from_tree`: how a ClientApp pulls its message's
  objects from its SuperNode, and the ServerApp its replies' objects from the
  SuperLink. An object not there yet is asked for again after 1, 2, 4, 8 s:
  a ClientApp started while its SuperNode is still receiving the message
  slept 7–15 s of every round on the default model (issue 18). Their retry
  defaults are lowered for this process (`poll_objects_briskly`); no
  parameter of Flower's reaches them.
- `flwr.common.constant.SUPERLINK_NODE_ID`: the sender of the error replies the
  SuperLink makes itself, for a request whose node it found offline (its link
  state's `create_message_error_unavailable_res_message`); nothing public tells
  them from a node's own error reply.
"""

from __future__ import annotations

import importlib
import inspect
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import flwr
from flwr.app import Message, MessageType, RecordDict
from flwr.common.constant import SUPERLINK_NODE_ID
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


CONSTRUCT_MESSAGES = Internal(
    "flwr.serverapp.strategy.fedavg", "FedAvg._construct_messages",
    ("self", "record", "node_ids", "message_type"),
    "FedAvg.configure_train/configure_evaluate still build their messages with it, one per node id "
    "carrying the same record",
)
_PULL_RETRIES = ("max_concurrent_pulls", "max_time", "max_tries_per_object", "initial_backoff", "backoff_cap")
PULL_OBJECTS = Internal(
    "flwr.supercore.inflatable.inflatable_utils", "pull_objects",
    ("object_ids", "pull_object_fn", *_PULL_RETRIES),
    "pull_objects still retries an unavailable object after `initial_backoff` seconds, doubling up to "
    "`backoff_cap`, at most `max_tries_per_object` times within `max_time`",
)
PULL_AND_INFLATE = Internal(
    "flwr.supercore.inflatable.inflatable_utils", "pull_and_inflate_object_from_tree",
    ("object_tree", "pull_object_fn", "confirm_object_received_fn", "return_type", *_PULL_RETRIES),
    "run_clientapp still pulls its message with it, relying on its default retry parameters",
)
INTERNALS = (CONSTRUCT_MESSAGES, PULL_OBJECTS, PULL_AND_INFLATE)

BRISK_PULL_RETRIES: dict[str, float] = {"initial_backoff": 0.1, "backoff_cap": 0.5, "max_tries_per_object": 10_000}
"""A store asked every 0.1–0.5 s costs nothing next to a round. 10,000 tries
at 0.5 s give up after ~83 min, as Flower's 500 tries backing off to 10 s did."""


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
_construct_messages = resolve(CONSTRUCT_MESSAGES, flwr.__version__)
_object_pulls = (resolve(PULL_OBJECTS, flwr.__version__), resolve(PULL_AND_INFLATE, flwr.__version__))
for _pull, _internal in zip(_object_pulls, (PULL_OBJECTS, PULL_AND_INFLATE), strict=True):
    if not BRISK_PULL_RETRIES.keys() <= (_pull.__kwdefaults__ or {}).keys():
        raise FlowerCompatError(
            f"{_internal.where} no longer takes its retry settings as keyword defaults. "
            f"{_what_to_recheck(flwr.__version__)}"
        )


def poll_objects_briskly() -> None:
    """Make this process's pulls of Flower message objects retry within half a
    second, not after 1, 2, 4, 8 s (see the module docstring)."""
    for function in _object_pulls:
        defaults = function.__kwdefaults__
        if defaults is not None:  # checked at import
            defaults.update(BRISK_PULL_RETRIES)


def train_messages(strategy: FedAvg, record: RecordDict, node_ids: list[int]) -> list[Message]:
    """One training message per node, built as FedAvg builds its own."""
    return list(_construct_messages(strategy, record, node_ids, MessageType.TRAIN))


def evaluate_messages(strategy: FedAvg, record: RecordDict, node_ids: list[int]) -> list[Message]:
    """One evaluation message per node, built as FedAvg builds its own."""
    return list(_construct_messages(strategy, record, node_ids, MessageType.EVALUATE))


def made_by_superlink(reply: Message) -> bool:
    """Whether `reply` is an error the SuperLink made for a node it found
    offline, rather than anything the node sent."""
    return reply.has_error() and reply.metadata.src_node_id == SUPERLINK_NODE_ID
