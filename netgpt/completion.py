"""Local completion: the base model and the latest merged adapter, on this machine.

`netgpt complete PROMPT` and the end of `federation up` use it. With `node`, the
prompt is prefixed with that node's generalized location context (city level,
never an address), which is what the adapter was trained to use. NetGPT's
edge-to-cloud prompt completion is `client.prompt_completion`.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from client.prompt_completion import AdaptedModel
from server.registry import AdapterRegistry


class CompletionError(RuntimeError):
    """No adapter to complete with, or the node named does not exist."""


@dataclass(frozen=True)
class Completion:
    prompt: str
    text: str
    adapter: Path
    model: str


def node_context(workdir: Path, node: str) -> str:
    profile_path = workdir / "data" / node / "profile.json"
    if not profile_path.is_file():
        raise CompletionError(f"no node named {node!r} in {workdir / 'data'}")
    try:
        profile = json.loads(profile_path.read_text())
        return f"(I live in {profile['home_city']}, {profile['country_name']}.) "
    except (ValueError, KeyError, TypeError):
        # Never repeat the profile's content: it is the user's address book.
        raise CompletionError(f"{profile_path} has no readable home city and country") from None


def complete(
    prompt: str,
    workdir: Path,
    model: str | None = None,
    node: str | None = None,
    max_new_tokens: int = 40,
) -> Completion:
    adapter = AdapterRegistry(workdir).latest()
    if adapter is None:
        raise CompletionError(
            f"no merged adapter under {workdir / 'adapters'}; run `netgpt federation up` first"
        )
    adapted = AdaptedModel.load(adapter, workdir / "models", model)
    text = (node_context(workdir, node) if node else "") + prompt
    continuation = adapted.continue_text(text, max_new_tokens)
    return Completion(prompt=text, text=continuation.rstrip(), adapter=adapter, model=adapted.base)
