"""One base model with every cohort's adapter, reloaded as the registry moves on.

The aggregator publishes `adapters/<cohort>/round-N` and swaps the symlink
`adapters/<cohort>/latest`. All cohorts' LoRA adapters live in one PeftModel
(a rank-8 adapter is ~2 MB beside a 500 MB base). Requests for every cohort
decode together in one batch (`batch_decoder`), each row naming its adapter,
so no request waits for another cohort's turn and none sees another's
adapter. Each decoding step holds the `ModelGate` shared.

Hot reload: a watcher thread notices when a `latest` points elsewhere, reads
and checks the new round's files without the gate (the slow part), and only
then takes the gate alone for the short in-memory install. Until that moment the
previous round keeps serving; a round that fails to load is logged and
skipped, and the previous one stays.
"""

from __future__ import annotations

import itertools
import json
import logging
import threading
import time
import warnings
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Protocol

import torch
from peft import PeftConfig, PeftModel, get_peft_model
from peft.utils import load_peft_weights, set_peft_model_state_dict
from transformers import GenerationConfig, GenerationMixin, PreTrainedModel

from netgpt import cohorts
from netgpt.cohorts import BASE_MODEL as BASE_MODEL_ID
from netgpt.cohorts import MODEL_PREFIX
from netgpt.layout import Workdir
from netgpt.layout.workdir import LATEST
from server.api.model_gate import ModelGate

log = logging.getLogger("netgpt.serve")

DECODING = "decoding"
"""The gate's one shared key: every request decodes in the one mixed batch."""
PEFT_BASE_ROW = "__base__"
"""PEFT's adapter name, in a mixed batch, for a row that uses no adapter."""


class UnknownModel(LookupError):
    """The model id names no served adapter (any more)."""


class CausalLM(Protocol):
    """What a request does with the served model: `generate` (GenerationMixin's
    on the base model, PeftModel's once adapters are loaded)."""

    def generate(self, *args: Any, **kwargs: Any) -> Any: ...


def _nothing() -> None:
    return None


@dataclass(frozen=True)
class ServedAdapter:
    cohort: str
    source: Path
    """The round directory it was read from (the resolved `latest`)."""
    peft_name: str
    loaded_at: float

    @property
    def model_id(self) -> str:
        return cohorts.model_id(self.cohort)


@dataclass(frozen=True)
class _Staged:
    cohort: str
    source: Path
    config: PeftConfig
    weights: dict[str, torch.Tensor]


def published_adapters(workdir: Path) -> dict[str, Path]:
    """Cohort name -> the round directory its `latest` points to now."""
    root = Workdir(workdir).adapters
    found: dict[str, Path] = {}
    if not root.is_dir():
        return found
    for link in sorted(root.glob(f"*/{LATEST}")):
        if link.exists() and (link / "adapter_config.json").is_file():
            found[link.parent.name] = link.resolve()
    return found


def base_model_of(adapter: Path) -> str | None:
    """The base model an adapter was trained on, as its PEFT config names it."""
    try:
        config = json.loads((adapter / "adapter_config.json").read_text())
        return str(config["base_model_name_or_path"]) or None
    except (OSError, ValueError, KeyError, TypeError):
        return None


class AdapterPool:
    """The served model: a base model and the latest adapter of each cohort."""

    def __init__(self, workdir: Path, base: PreTrainedModel, base_created: int | None = None) -> None:
        if not isinstance(base, GenerationMixin):
            raise TypeError(f"{type(base).__name__} cannot generate; serve a causal language model")
        self.workdir = Path(workdir)
        self._gate = ModelGate()
        self._base: PreTrainedModel = base
        self._model: CausalLM | PeftModel = base
        self._served: dict[str, ServedAdapter] = {}
        self._failed: dict[str, Path] = {}
        self._stop = threading.Event()
        self._watcher: threading.Thread | None = None
        self._installs = itertools.count(1)
        self._listeners: list[Callable[[], None]] = []
        self._install_hooks: list[Callable[[Any, str], None]] = []
        self.created = base_created or int(time.time())

    # ---- what is served -------------------------------------------------

    def served(self) -> list[ServedAdapter]:
        return sorted(self._served.values(), key=lambda a: a.cohort)

    def model_ids(self) -> list[str]:
        return [BASE_MODEL_ID, *(a.model_id for a in self.served())]

    def knows(self, model_id: str) -> bool:
        return model_id == BASE_MODEL_ID or self._cohort_of(model_id) in self._served

    @contextmanager
    def step(self) -> Iterator[tuple[CausalLM | PeftModel, Callable[[str], str | None]]]:
        """The model for one decoding step of a mixed batch, and the PEFT name
        of each model id's adapter; a reload waits for the step to end."""
        with self._gate.shared(DECODING, _nothing, _nothing):
            yield self._model, self._peft_name

    def generation_config(self) -> GenerationConfig | None:
        """The base model's generation defaults (its end tokens, among others)."""
        config = getattr(self._base, "generation_config", None)
        return config if isinstance(config, GenerationConfig) else None

    def peft_names(self) -> list[str]:
        """The PEFT name of every model id served (the base row's included)."""
        return [PEFT_BASE_ROW, *(adapter.peft_name for adapter in self._served.values())]

    def before_serving(self, hook: Callable[[Any, str], None]) -> None:
        """Call `hook(model, peft_name)` for every adapter installed from now
        on, while no request can run and before any can reach the adapter."""
        self._install_hooks.append(hook)

    def on_change(self, listener: Callable[[], None]) -> None:
        """Call `listener` after a refresh installs or retires an adapter."""
        self._listeners.append(listener)

    def detach(self, *callbacks: Callable[..., None]) -> None:
        """Stop calling these install hooks and listeners: their owner has closed."""
        self._install_hooks = [hook for hook in self._install_hooks if hook not in callbacks]
        self._listeners = [listener for listener in self._listeners if listener not in callbacks]

    def _peft_name(self, model_id: str) -> str | None:
        if model_id == BASE_MODEL_ID:
            return PEFT_BASE_ROW
        adapter = self._served.get(self._cohort_of(model_id))
        return adapter.peft_name if adapter else None

    # ---- reloading -------------------------------------------------------

    def refresh(self) -> list[ServedAdapter]:
        """Load every cohort whose `latest` moved; drop cohorts that vanished.

        Returns the adapters newly installed. Safe to call while requests run.
        """
        published = published_adapters(self.workdir)
        installed = []
        for cohort, source in published.items():
            current = self._served.get(cohort)
            if (current and current.source == source) or self._failed.get(cohort) == source:
                continue
            started = time.perf_counter()
            try:
                staged = self._stage(cohort, source)
                adapter = self._install(staged)
            except Exception as error:
                self._failed[cohort] = source
                log.error("cannot load %s from %s (%s: %s); still serving the previous round",
                          MODEL_PREFIX + cohort, source, type(error).__name__, error)
                continue
            self._failed.pop(cohort, None)
            installed.append(adapter)
            log.info("serving %s from %s (loaded in %.2f s)", adapter.model_id, source.name,
                     time.perf_counter() - started)
        gone = set(self._served) - set(published)
        for cohort in gone:
            self._retire(cohort)
        if installed or gone:
            for listener in self._listeners:
                listener()
        return installed

    def start_watching(self, interval: float) -> None:
        """Poll the registry every `interval` seconds in a daemon thread."""
        if self._watcher is not None:
            return
        self._stop.clear()
        self._watcher = threading.Thread(target=self._watch, args=(interval,), name="adapter-watcher", daemon=True)
        self._watcher.start()

    def stop_watching(self) -> None:
        self._stop.set()
        if self._watcher is not None:
            self._watcher.join(timeout=30)
            self._watcher = None

    def _watch(self, interval: float) -> None:
        while not self._stop.wait(interval):
            try:
                self.refresh()
            except Exception as error:
                log.error("adapter scan failed (%s: %s)", type(error).__name__, error)

    @staticmethod
    def _cohort_of(model_id: str) -> str:
        return model_id[len(MODEL_PREFIX):] if model_id.startswith(MODEL_PREFIX) else "\0"

    @staticmethod
    def _stage(cohort: str, source: Path) -> _Staged:
        """Read and check a round's files; no lock needed, nothing served changes."""
        config = PeftConfig.from_pretrained(str(source))
        config.inference_mode = True
        weights = load_peft_weights(str(source), device="cpu")
        if not weights:
            raise ValueError("the adapter holds no tensors")
        return _Staged(cohort, source, config, weights)

    def _install(self, staged: _Staged) -> ServedAdapter:
        """Add the staged adapter, then point the cohort at it: a short critical section."""
        # Never the same name twice, even for a round directory read again
        # (a registry rebuilt while serving): what is cached per adapter
        # name (the decoder's prefix keys and values) must not outlive its weights.
        name = f"{staged.cohort}__{staged.source.name}__{next(self._installs)}"
        with self._gate.exclusive():
            with warnings.catch_warnings():
                # PEFT still calls a transformers API that warns about its own rename.
                warnings.filterwarnings("ignore", message=".*is_gradient_checkpointing.*")
                if isinstance(self._model, PeftModel):
                    self._model.add_adapter(name, staged.config)
                else:
                    self._model = get_peft_model(self._base, staged.config, adapter_name=name)
            try:
                result = set_peft_model_state_dict(self._model, staged.weights, adapter_name=name)
                unexpected = list(getattr(result, "unexpected_keys", []))
                if unexpected:
                    raise ValueError(f"{len(unexpected)} tensor(s) do not fit the base model, e.g. {unexpected[0]}")
            except Exception:
                self._discard(name)
                raise
            self._model.eval()
            for hook in self._install_hooks:
                hook(self._model, name)
            previous = self._served.get(staged.cohort)
            adapter = ServedAdapter(staged.cohort, staged.source, name, time.time())
            self._served[staged.cohort] = adapter
            if previous is not None and previous.peft_name != name:
                self._discard(previous.peft_name)
        return adapter

    def _retire(self, cohort: str) -> None:
        with self._gate.exclusive():
            adapter = self._served.pop(cohort)
            self._discard(adapter.peft_name)
        log.info("stopped serving %s: its registry entry is gone", adapter.model_id)

    def _discard(self, name: str) -> None:
        """Free an adapter no cohort points to. PEFT cannot delete a model's
        last adapter; that one stays loaded but unreachable."""
        if isinstance(self._model, PeftModel) and len(self._model.peft_config) > 1:
            self._model.delete_adapter(name)
