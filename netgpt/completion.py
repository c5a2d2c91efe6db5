"""Completing a prompt with the base model and the latest merged adapter.

This is NetGPT's edge prompt completion in its simplest form: the personalized
model continues the user's short prompt. With `node`, the prompt is prefixed
with that node's generalized location context (city level, never an address),
which is what the adapter was trained to use.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch
from peft import PeftModel

from netgpt.modeling import load_base_model
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
    if model is None:
        config = json.loads((adapter / "adapter_config.json").read_text())
        model = str(config.get("base_model_name_or_path") or "default")
    base = load_base_model(model, workdir / "models")
    with warnings.catch_warnings():
        # PEFT still calls a transformers API that warns about its own rename.
        warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
        personalized = PeftModel.from_pretrained(base.model, adapter)
    personalized.eval()
    text = (node_context(workdir, node) if node else "") + prompt
    inputs = base.tokenizer(text, return_tensors="pt")
    with torch.no_grad():
        output = personalized.generate(
            **inputs,
            max_new_tokens=max_new_tokens,
            do_sample=False,
            repetition_penalty=1.3,
            pad_token_id=base.tokenizer.pad_token_id,
        )
    continuation = base.tokenizer.decode(
        output[0][inputs["input_ids"].shape[1]:], skip_special_tokens=True
    )
    return Completion(prompt=text, text=continuation.rstrip(), adapter=adapter, model=model)
