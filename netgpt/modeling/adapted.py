"""A base model with one PEFT adapter on top, ready to generate.

Local completion on the aggregator's host and edge completion on a node both
load an adapter this way, so it sits with the other model code in this leaf
package.
"""

from __future__ import annotations

import json
import warnings
from dataclasses import dataclass
from pathlib import Path

import torch
from peft import PeftModel
from transformers import PreTrainedTokenizerBase

from netgpt.modeling.base_model import load_base_model


@dataclass(frozen=True)
class AdaptedModel:
    model: PeftModel
    tokenizer: PreTrainedTokenizerBase
    base: str
    """The base model as named: 'default', 'tiny' or a directory."""

    @classmethod
    def load(cls, adapter: Path, model_cache: Path, base: str | None = None) -> AdaptedModel:
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
        return decode_one(self.tokenizer, output[0][inputs["input_ids"].shape[1]:])


def decode_one(tokenizer: PreTrainedTokenizerBase, ids: torch.Tensor) -> str:
    """One sequence of token ids as text, special tokens left out.

    `decode` is typed to return a list of strings too, which it does only for a batch.
    """
    text = tokenizer.decode(ids, skip_special_tokens=True)
    if not isinstance(text, str):
        raise TypeError("expected one sequence of token ids, got a batch")
    return text
