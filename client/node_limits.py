"""The node's own limits: the least protection it accepts, whatever the server asks.

The server's policy arrives with every message, so a lying or careless server
could ask for a higher ε cap, a larger δ, a lower σ floor, a finer location
level or another merge strategy than the node's owner agreed to. The node's
bundle may carry `limits.yaml`; the stricter of the node's limits and the
server's policy applies. The node does not tighten a looser policy silently:
it refuses the run, because the aggregator accounts and checks every report
against the policy it sent (its δ, its σ floor, its hash), and a node training
under other numbers would be rejected or, worse, accounted with the wrong δ.
So when a run is accepted, the server's policy is at least as strict as the
node's limits on every point, i.e. it is the stricter of both, and is applied
as it is.

Without `limits.yaml` the node applies only the server's policy (as nodes did
before the file existed); every key of the file is optional and an absent key
limits nothing. Unknown keys are errors: a misspelt `max_epsilon` silently
limiting nothing would spend privacy the owner never agreed to.

The node also refuses to train when its privacy accountant is missing but its
bundle shows that it has trained before (see `check_accountant`): starting again
at ε = 0 would reset its own guard.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from netgpt.files import write_atomic
from netgpt.layout import NodeLayout
from policies import Policy

LocationLevel = Literal["city", "region", "country"]
# Finest first: a level later in this tuple generalizes more.
LOCATION_LEVELS: tuple[LocationLevel, ...] = ("city", "region", "country")


class NodeLimitsError(ValueError):
    """The node's limits file is unreadable or invalid; the message names the file and key."""


class NodeRefuses(RuntimeError):
    """The node will not train in this run or round. The message says why, in
    words the aggregator may log: it names no record and no path outside the bundle."""


class PolicyRefused(NodeRefuses):
    """The run's policy asks for less protection than the node's limits allow."""

    def __init__(self, node: str, shortfalls: list[str]) -> None:
        super().__init__(f"{node} refuses the run's policy: " + "; ".join(shortfalls))
        self.shortfalls = tuple(shortfalls)


class LimitsUnreadable(NodeRefuses):
    """The node's own limits file is broken: it refuses every run until its
    owner fixes it. The aggregator learns only that, not the path or value."""

    def __init__(self, node: str) -> None:
        super().__init__(f"{node} refuses: its own limits file is invalid; see the node's log")


class AccountantMissing(NodeRefuses):
    """The node has trained before but its privacy accountant file is gone."""


class NodeLimits(BaseModel):
    """The least protection this node accepts; None limits nothing."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    max_epsilon: float | None = Field(default=None, gt=0, description="the highest ε cap the node accepts")
    delta: float | None = Field(default=None, gt=0, lt=1, description="the largest δ the node accepts")
    min_noise_multiplier: float | None = Field(
        default=None, gt=0, description="the lowest σ floor the node accepts"
    )
    location_level: LocationLevel | None = Field(
        default=None, description="the finest location level the node lets its records keep"
    )
    strategies: tuple[Literal["ffa", "fedavg"], ...] | None = Field(
        default=None, min_length=1, description="the merge strategies the node takes part in"
    )

    def shortfalls(self, policy: Policy) -> list[str]:
        """Every way `policy` protects less than these limits require."""
        found = []
        privacy = policy.privacy
        if self.max_epsilon is not None and privacy.max_epsilon > self.max_epsilon:
            found.append(f"ε cap {privacy.max_epsilon:g} is above the node's limit {self.max_epsilon:g}")
        if self.delta is not None and privacy.delta > self.delta:
            found.append(f"δ {privacy.delta:g} is above the node's limit {self.delta:g}")
        if self.min_noise_multiplier is not None and privacy.min_noise_multiplier < self.min_noise_multiplier:
            found.append(
                f"σ floor {privacy.min_noise_multiplier:g} is below the node's minimum {self.min_noise_multiplier:g}"
            )
        level = policy.desensitization.location_level
        if self.location_level is not None and LOCATION_LEVELS.index(level) < LOCATION_LEVELS.index(
            self.location_level
        ):
            found.append(f"location level {level!r} is finer than the node's limit {self.location_level!r}")
        strategy = policy.aggregation.strategy
        if self.strategies is not None and strategy not in self.strategies:
            found.append(f"merge strategy {strategy!r} is not one the node allows ({', '.join(self.strategies)})")
        return found

    def check(self, node: str, policy: Policy) -> None:
        """PolicyRefused unless `policy` is at least as strict as these limits."""
        shortfalls = self.shortfalls(policy)
        if shortfalls:
            raise PolicyRefused(node, shortfalls)

    def is_empty(self) -> bool:
        return all(value is None for value in self.model_dump().values())


def load_node_limits(layout: NodeLayout) -> NodeLimits:
    """The bundle's limits; no limits of the node's own when the file is absent."""
    path = layout.limits
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return NodeLimits()
    except OSError as error:
        raise NodeLimitsError(f"{path}: cannot read ({error.strerror or error})") from None
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError:
        raise NodeLimitsError(f"{path}: not valid YAML") from None
    if data is None:
        return NodeLimits()
    if not isinstance(data, dict):
        raise NodeLimitsError(f"{path}: expected a mapping of limits at the top level")
    return parse_node_limits(data, str(path))


def parse_node_limits(data: Mapping[str, object], source: str) -> NodeLimits:
    """Validated limits; NodeLimitsError naming `source` and every bad key."""
    try:
        return NodeLimits.model_validate(dict(data))
    except ValidationError as error:
        problems = []
        for problem in error.errors():
            key = ".".join(str(part) for part in problem["loc"])
            if problem["type"] == "extra_forbidden":
                problems.append(f"{key}: unknown key (known: {', '.join(NodeLimits.model_fields)})")
            else:
                problems.append(f"{key}: {problem['msg'].lower()} (got {problem.get('input')!r})")
        raise NodeLimitsError(f"{source}: " + "; ".join(problems)) from None


def save_node_limits(layout: NodeLayout, limits: NodeLimits) -> None:
    """Write only the limits that are set, so the file reads as what was asked."""
    values = limits.model_dump(mode="json", exclude_none=True)
    text = "# This node's own privacy limits: it refuses any run whose policy protects less.\n"
    write_atomic(layout.limits, text + yaml.safe_dump(values, sort_keys=False), mode=0o644)


def check_accountant(layout: NodeLayout, node: str) -> None:
    """AccountantMissing when the accountant file is gone but the node has
    trained before: it keeps the policy it trained under, its personal
    adapter and its last round sent beside the accountant (written first), and the aggregator's
    receipts outside the state directory, so that deleting all of `state/`
    does not pass for a node that never trained."""
    if layout.accountant.exists():
        return
    traces = [path for path in (layout.policy, layout.personal_adapter, layout.own_round, layout.receipts)
              if path.exists()]
    if not traces:
        return
    state = layout.state
    found = " and ".join(path.relative_to(layout.root).as_posix() for path in traces)
    missing = layout.accountant.relative_to(layout.root).as_posix()
    raise AccountantMissing(
        f"{node} refuses to train: its privacy accountant {missing} is missing although it has trained "
        f"before ({found} exist), and starting again at ε = 0 would forget the budget it spent. "
        f"The node's operator must restore {missing} from a backup of {state.name}/"
    )
