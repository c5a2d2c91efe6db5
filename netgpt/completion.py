"""Local completion: the base model and the latest merged adapter, on this machine.

`netgpt complete PROMPT` and the end of `federation up` use it. With a node's
bundle, the prompt is prefixed with that node's generalized context at its
policy's location level (`client.edge_context`), which is what the adapter was
trained to use. NetGPT's edge-to-cloud prompt completion is
`client.edge_completion`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from client.bundle import BundleError, NodeBundle
from client.edge_context import ProfileError, node_context
from client.node_policy import load_node_policy
from netgpt.layout import NodeData, Workdir
from netgpt.modeling import AdaptedModel
from policies import PolicyError
from server.registry import AdapterRegistry


class CompletionError(RuntimeError):
    """No adapter to complete with, or the node's bundle is unusable."""


@dataclass(frozen=True)
class Completion:
    prompt: str
    text: str
    adapter: Path
    model: str


def node_prefix(bundle_dir: Path) -> str:
    """The node's context sentence, as its edge completion would write it."""
    try:
        bundle = NodeBundle.load(bundle_dir)
        level = load_node_policy(bundle.layout).desensitization.location_level
        return node_context(NodeData(Path(bundle.data_dir)), level).sentence() + " "
    except (BundleError, PolicyError, ProfileError) as error:
        raise CompletionError(str(error)) from None


def complete(
    prompt: str,
    workdir: Path,
    model: str | None = None,
    bundle: Path | None = None,
    max_new_tokens: int = 40,
) -> Completion:
    adapter = AdapterRegistry(workdir).latest()
    if adapter is None:
        raise CompletionError(
            f"no merged adapter under {Workdir(workdir).adapters}; run `netgpt federation up` first"
        )
    text = (node_prefix(bundle) if bundle else "") + prompt
    adapted = AdaptedModel.load(adapter, Workdir(workdir).models, model)
    continuation = adapted.continue_text(text, max_new_tokens)
    return Completion(prompt=text, text=continuation.rstrip(), adapter=adapter, model=adapted.base)
