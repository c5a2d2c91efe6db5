"""Edge prompt completion, NetGPT's split: the device personalizes, the cloud answers.

Run from the node's bundle, as on the device: the user's short prompt is
desensitized with the node's own address book; the small model with the
node's personal adapter expands it, after a line of generalized context
(`client.edge_context`); the whole expanded prompt is desensitized once more
(the model may reproduce what it saw) and only then sent to the cloud API
(`client.cloud_api`) for the node's cohort. The location level is the one of
the policy the node last trained under. What is sent is kept byte for byte,
so the user can see exactly what left the device.

Nothing here logs, and no error message quotes the prompt or the profile.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from client.bundle import NodeBundle
from client.cloud_api import CloudApi
from client.corpus import address_book
from client.edge_context import node_context
from client.node_limits import LOCATION_LEVELS, load_node_limits
from client.node_policy import load_node_policy
from client.records import RecordsError
from netgpt.cohorts import pick_model
from netgpt.layout import NodeData
from netgpt.modeling import AdaptedModel
from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.known_identifiers import KnownIdentifiers


class EdgeCompletionError(RuntimeError):
    """The node cannot complete: no personal adapter yet, no model served, bad records."""


@dataclass(frozen=True)
class EdgeCompletion:
    node: str
    model: str
    """The cloud model id asked, e.g. `netgpt:region-europe-west`."""
    sent: str
    """The request body exactly as it left the device."""
    answer: str
    adapter: Path


def personal_model(bundle: NodeBundle, model_cache: Path | None, base: str | None) -> AdaptedModel:
    """The small model with this node's own adapter (it exists once the node trained)."""
    adapter = bundle.layout.personal_adapter
    if not (adapter / "adapter_config.json").is_file():
        raise EdgeCompletionError(
            f"node {bundle.name!r} has no personal adapter in {adapter}; it needs a federation round first"
        )
    return AdaptedModel.load(adapter, model_cache or bundle.layout.models, base)


def complete_at_edge(
    bundle: NodeBundle,
    prompt: str,
    api: CloudApi,
    *,
    model_cache: Path | None = None,
    model: str | None = None,
    expand_tokens: int = 24,
    max_tokens: int = 128,
) -> EdgeCompletion:
    """Personalize `prompt` on the node, send it for the node's cohort, return the answer."""
    level = load_node_policy(bundle.layout).desensitization.location_level
    limit = load_node_limits(bundle.layout).location_level
    if limit is not None and LOCATION_LEVELS.index(limit) > LOCATION_LEVELS.index(level):
        level = limit  # the owner tightened the node's limits since its last round
    data = NodeData(Path(bundle.data_dir))
    try:
        known, _ = address_book(data)
    except RecordsError as error:
        raise EdgeCompletionError(str(error)) from None
    context = node_context(data, level)
    # Ask the cloud first: a wrong URL or key fails before the model loads.
    chosen = pick_model(bundle.region, api.served_models())
    if chosen is None:
        raise EdgeCompletionError("the completion API serves no NetGPT model")
    edge = personal_model(bundle, model_cache, model)
    clean_prompt = _desensitize(prompt, level, known)
    expanded = _expand(edge, f"{context.sentence()} {clean_prompt}".strip(), expand_tokens)
    outgoing = _desensitize(expanded, level, known)
    body = json.dumps(
        {"model": chosen, "messages": [{"role": "user", "content": outgoing}], "max_tokens": max_tokens},
        ensure_ascii=False,
    )
    answer = api.chat(body.encode())
    return EdgeCompletion(bundle.name, chosen, body, answer, bundle.layout.personal_adapter.resolve())


def _expand(edge: AdaptedModel, text: str, max_new_tokens: int) -> str:
    """`text` continued to the end of its line, the way this user writes."""
    continuation = edge.continue_text(text, max_new_tokens)
    return text + continuation.split("\n", 1)[0].rstrip()


def _desensitize(text: str, level: str, known: KnownIdentifiers | None) -> str:
    return default_desensitizer(level).desensitize(text, known=known).text
