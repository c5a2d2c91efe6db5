"""The policy a node last trained under, kept in its bundle.

The server sends the policy whole every round; the node keeps the last one so
that what it does between rounds (edge completion) follows the same rules,
the location level above all, without asking the aggregator's files.
"""

from __future__ import annotations

from netgpt.files import write_atomic
from netgpt.layout import NodeLayout
from policies import Policy, PolicyError, policy_from_json


def save_node_policy(layout: NodeLayout, policy: Policy) -> None:
    write_atomic(layout.policy, policy.model_dump_json(indent=2), mode=0o644)


def load_node_policy(layout: NodeLayout) -> Policy:
    try:
        text = layout.policy.read_text(encoding="utf-8")
    except OSError:
        raise PolicyError(
            f"{layout.policy} is missing: the node has not trained yet and knows no policy"
        ) from None
    return policy_from_json(text)
