"""Base model, LoRA construction, model inputs and held-out loss, shared by the
edge node and the aggregator.

This subpackage is a leaf: it imports nothing else from the project, so that
`client` and `server` can use it without depending on the CLI shell around them.
"""

from netgpt.modeling.adapted import AdaptedModel, decode_one
from netgpt.modeling.base_model import BaseModel, ModelError, load_base_model, model_path
from netgpt.modeling.held_out import HeldOutLoss, base_loss, held_out_loss, mean_token_loss
from netgpt.modeling.inputs import Precision, PrecisionSetting, autocast, native_bf16, resolve_precision, tokenize
from netgpt.modeling.lora import (
    LoraSpec,
    adapter_disabled,
    build_lora_model,
    load_wire_state,
    trainable_state,
    wire_keys,
)

__all__ = [
    "AdaptedModel",
    "BaseModel",
    "HeldOutLoss",
    "LoraSpec",
    "ModelError",
    "Precision",
    "PrecisionSetting",
    "adapter_disabled",
    "autocast",
    "base_loss",
    "build_lora_model",
    "decode_one",
    "held_out_loss",
    "load_base_model",
    "load_wire_state",
    "mean_token_loss",
    "model_path",
    "native_bf16",
    "resolve_precision",
    "tokenize",
    "trainable_state",
    "wire_keys",
]
