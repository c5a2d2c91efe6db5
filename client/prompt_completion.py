"""Edge prompt completion, NetGPT's split: the device personalizes, the cloud answers.

On the node: the user's short prompt is desensitized with the node's own
address book; the small model with the node's personal adapter expands it,
after a line of generalized context (the city, never the address; tastes the
node's own records show); the whole expanded prompt is desensitized once more
(the model may reproduce what it saw) and only then sent to the cloud API,
for the node's cohort. What is sent is kept byte for byte, so the user can
see exactly what left the device.

Nothing here logs, and no error message quotes the prompt or the profile.
"""

from __future__ import annotations

import json
import warnings
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from client.cohort import node_region, pick_model
from client.corpus import address_book
from client.personal_adapter import personal_adapter_dir
from client.records import RecordsError, load_records
from netgpt.modeling import load_base_model
from policies import policy_in_force
from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.known_identifiers import KnownIdentifiers

DEFAULT_API_URL = "http://127.0.0.1:8000/v1"
MAX_PREFERENCES = 3
MIN_MENTIONS = 2
"""A taste counts once the node's records mention it at least this often."""


class EdgeCompletionError(RuntimeError):
    """The node, its model or the cloud API is unusable; says which, never the prompt."""


@dataclass(frozen=True)
class NodeContext:
    """What the cloud may know about the user: a city-level place and a few tastes."""

    place: str | None
    preferences: tuple[str, ...]

    def sentence(self) -> str:
        parts = []
        if self.place:
            parts.append(f"I live in {self.place}.")
        if self.preferences:
            parts.append(f"I like {', '.join(self.preferences)}.")
        return " ".join(parts)


@dataclass(frozen=True)
class EdgeCompletion:
    node: str
    model: str
    """The cloud model id asked, e.g. `netgpt:region-europe-west`."""
    sent: str
    """The request body exactly as it left the device."""
    answer: str
    adapter: Path
    personal: bool
    """Whether the node's own adapter expanded the prompt (else the global one)."""


def node_dirs(workdir: Path, node: str) -> tuple[Path, Path]:
    """The node's data and state directories under a local work directory."""
    data_dir = Path(workdir) / "data" / node
    if not data_dir.is_dir():
        raise EdgeCompletionError(f"no node named {node!r} in {Path(workdir) / 'data'}")
    return data_dir, Path(workdir) / "state" / node


def node_context(data_dir: Path, level: str) -> NodeContext:
    """The place at the policy's level (region level shows only the country:
    the profile names no region of a country) and the tastes learned from records."""
    try:
        profile = json.loads((Path(data_dir) / "profile.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise EdgeCompletionError(f"{data_dir} has no readable profile.json") from None
    if not isinstance(profile, dict):
        raise EdgeCompletionError(f"{data_dir / 'profile.json'} is not a JSON object")
    city, country = profile.get("home_city"), profile.get("country_name")
    place = f"{city}, {country}" if level == "city" and city and country else country
    return NodeContext(place if isinstance(place, str) else None, learned_preferences(data_dir, profile))


def learned_preferences(data_dir: Path, profile: dict[str, Any]) -> tuple[str, ...]:
    """The profile's tastes that the node's own records mention most."""
    candidates = [
        value for values in (profile.get("preferences") or {}).values() if isinstance(values, list)
        for value in values if isinstance(value, str) and value.strip()
    ]
    try:
        text = "\n".join(r.text for r in load_records(data_dir)).casefold()
    except RecordsError:
        return ()
    mentions = Counter({value: text.count(value.casefold()) for value in candidates})
    return tuple(v for v, n in mentions.most_common(MAX_PREFERENCES) if n >= MIN_MENTIONS)


@dataclass(frozen=True)
class AdaptedModel:
    """A base model with one PEFT adapter on top, ready to generate."""

    model: PeftModel
    tokenizer: PreTrainedTokenizerBase
    base: str
    """The base model as named: 'default', 'tiny' or a directory."""

    @classmethod
    def load(cls, adapter: Path, model_cache: Path, base: str | None = None) -> "AdaptedModel":
        """`adapter` on `base`, by default the base it was trained on."""
        if base is None:
            config = json.loads((Path(adapter) / "adapter_config.json").read_text())
            base = str(config.get("base_model_name_or_path") or "default")
        loaded = load_base_model(base, model_cache)
        with warnings.catch_warnings():
            # PEFT still calls a transformers API that warns about its own rename.
            warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
            model = PeftModel.from_pretrained(loaded.model, adapter)
        model.eval()
        return cls(model, loaded.tokenizer, base)

    def continue_text(self, text: str, max_new_tokens: int) -> str:
        """Greedy continuation of `text` (without `text`)."""
        inputs = self.tokenizer(text, return_tensors="pt")
        with torch.no_grad():
            output = self.model.generate(
                **inputs, max_new_tokens=max_new_tokens, do_sample=False,
                repetition_penalty=1.3, pad_token_id=self.tokenizer.pad_token_id,
            )
        return self.tokenizer.decode(output[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True)


class EdgeModel:
    """The small model with the node's personal adapter, or the global one
    while the node has not trained yet."""

    def __init__(self, workdir: Path, state_dir: Path, model: str | None = None) -> None:
        personal = personal_adapter_dir(state_dir)
        fallback = Path(workdir) / "adapters" / "global" / "latest"
        self.personal = (personal / "adapter_config.json").is_file()
        adapter = personal if self.personal else fallback
        if not (adapter / "adapter_config.json").is_file():
            raise EdgeCompletionError(
                f"no personal adapter in {personal} and no global adapter in {fallback}; "
                "the node needs a federation round first"
            )
        self.adapter = adapter.resolve()
        self.adapted = AdaptedModel.load(self.adapter, Path(workdir) / "models", model)

    def expand(self, text: str, max_new_tokens: int) -> str:
        """`text` continued to the end of its line, the way this user writes."""
        continuation = self.adapted.continue_text(text, max_new_tokens)
        return text + continuation.split("\n", 1)[0].rstrip()


def complete_at_edge(
    workdir: Path,
    node: str,
    prompt: str,
    api_url: str,
    api_key: str,
    *,
    model: str | None = None,
    expand_tokens: int = 24,
    max_tokens: int = 128,
    timeout_s: float = 300.0,
) -> EdgeCompletion:
    """Personalize `prompt` on the node, send it for the node's cohort, return the answer."""
    data_dir, state_dir = node_dirs(workdir, node)
    level = _location_level(workdir)
    try:
        known, _ = address_book(data_dir)
    except RecordsError as error:
        raise EdgeCompletionError(str(error)) from None
    context = node_context(data_dir, level)
    with _api(api_url, api_key, timeout_s) as api:
        # Ask the cloud first: a wrong URL or key fails before the model loads.
        chosen = pick_model(node_region(workdir, node), _served_models(api))
        if chosen is None:
            raise EdgeCompletionError(f"the API at {api_url} serves no NetGPT model")
        edge = EdgeModel(workdir, state_dir, model)
        clean_prompt = _desensitize(prompt, level, known)
        expanded = edge.expand(f"{context.sentence()} {clean_prompt}".strip(), expand_tokens)
        outgoing = _desensitize(expanded, level, known)
        body = json.dumps(
            {"model": chosen, "messages": [{"role": "user", "content": outgoing}], "max_tokens": max_tokens},
            ensure_ascii=False,
        )
        reply = _call(api, "POST", "/chat/completions", content=body.encode())
    try:
        answer = str(reply["choices"][0]["message"]["content"])
    except (KeyError, IndexError, TypeError):
        raise EdgeCompletionError(f"the API at {api_url} answered in an unexpected shape") from None
    return EdgeCompletion(node, chosen, body, answer, edge.adapter, edge.personal)


def _location_level(workdir: Path) -> str:
    return policy_in_force(workdir).desensitization.location_level


def _desensitize(text: str, level: str, known: KnownIdentifiers | None) -> str:
    return default_desensitizer(level).desensitize(text, known=known).text


def _api(api_url: str, api_key: str, timeout_s: float) -> httpx.Client:
    return httpx.Client(
        base_url=api_url.rstrip("/"),
        headers={"Authorization": f"Bearer {api_key}", "Content-Type": "application/json"},
        timeout=timeout_s,
    )


def _served_models(api: httpx.Client) -> list[str]:
    listing = _call(api, "GET", "/models")
    try:
        return [str(item["id"]) for item in listing["data"]]
    except (KeyError, TypeError):
        raise EdgeCompletionError(f"{api.base_url}/models answered in an unexpected shape") from None


def _call(api: httpx.Client, method: str, path: str, content: bytes | None = None) -> Any:
    try:
        response = api.request(method, path, content=content)
    except httpx.TransportError as error:
        raise EdgeCompletionError(f"cannot reach the completion API at {api.base_url} ({type(error).__name__})") from None
    if response.status_code == 401:
        raise EdgeCompletionError("the API refused the key (401); create one with `netgpt apikey create NAME`")
    try:
        payload = response.json()
    except ValueError:
        raise EdgeCompletionError(f"{api.base_url}{path} answered {response.status_code} without JSON") from None
    if response.status_code >= 400:
        message = (payload.get("error") or {}).get("message") if isinstance(payload, dict) else None
        raise EdgeCompletionError(f"the API answered {response.status_code}: {message or 'no reason given'}")
    return payload
