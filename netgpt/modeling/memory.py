"""Training a LoRA adapter in little memory, with the same per-record gradients.

An edge node must train within a phone-class memory budget. Most of a round's
peak was not the model: it was the full-vocabulary logits of the batch and the
activations every transformer layer saves for the backward pass. Each saving
here changes where memory goes, never what is computed for a record, so
Opacus clips and the accountant charges exactly what they did before:

- the next-token loss is computed a chunk of tokens at a time, and each
  token's gradient is taken while its chunk's logits exist, so none are kept
  for the backward pass (`netgpt.modeling.head_loss`; the output head is
  frozen and carries no Opacus hook);
- a node that trains under bf16 autocast loads the base model's bf16 copy
  (`load_base_model(..., weights="bf16")`): autocast reads every weight in
  bf16 for its products anyway, and the estimate below counts the weights in
  the dtype they are held in; a node in fp32 under a budget holds them in
  bf16 too and widens each as it multiplies (`netgpt.modeling.held_weights`);
- the transformer layers can be checkpointed, re-entrantly: the first forward
  runs without autograd, so Opacus captures each LoRA input once, in the
  recompute that the backward pass then uses;
- the logical batch can be run as smaller physical batches (Opacus's
  BatchMemoryManager), which changes neither q nor the clipped sum.

`plan_memory` picks the fastest combination that an estimate says fits a
budget in MiB; `bench/node_memory.py` measures the real peaks it is tuned on.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import torch
from peft import PeftModel
from transformers import PreTrainedModel

from netgpt.modeling.head_loss import head_losses
from netgpt.modeling.inputs import Precision

# Tokens whose logits exist at once with a chunked loss: 256 × 49,152 × 4 bytes
# is 50 MB for the default model's vocabulary instead of 200 MB per copy.
LOSS_CHUNK_TOKENS = 256
# The leaner plans' chunk: 49 MiB less at the peak than 256 for the default
# model, at 0.98x of its samples/s (checkpointed, one thread, tcmalloc,
# AVX512-BF16 EPYC, docs/BENCHMARKS.md).
SMALL_LOSS_CHUNK_TOKENS = 64


@dataclass(frozen=True)
class MemoryPlan:
    """How a DP-SGD step spends memory; every plan gives the same per-record gradients."""

    physical_batch: int = 0
    """Records per forward/backward pass; 0 = the whole logical batch."""
    loss_chunk_tokens: int = LOSS_CHUNK_TOKENS
    """Tokens whose logits are materialized at once; 0 = the whole batch's."""
    checkpoint_layers: bool = False

    def describe(self) -> str:
        parts = [f"physical batch {self.physical_batch or 'whole'}"]
        parts.append(f"loss chunks of {self.loss_chunk_tokens}" if self.loss_chunk_tokens else "full logits")
        if self.checkpoint_layers:
            parts.append("checkpointed layers")
        return ", ".join(parts)


# The code path of the node before these savings: every byte where it was.
UNPLANNED = MemoryPlan(loss_chunk_tokens=0)


def causal_lm(model: torch.nn.Module) -> PreTrainedModel:
    """The Hugging Face model inside Opacus's GradSampleModule and PEFT's wrapper.

    Opacus's hooks sit on the LoRA layers inside it, so calling its parts
    directly still captures every per-record gradient.
    """
    inner = getattr(model, "_module", model)
    if isinstance(inner, PeftModel):
        inner = inner.get_base_model()
    if not isinstance(inner, PreTrainedModel):
        raise TypeError(f"expected a Hugging Face model, got {type(inner).__name__}")
    return inner


def has_plain_head(model: PreTrainedModel) -> bool:
    """Whether the logits are the output embedding of the last hidden state and
    nothing more, so that a chunked loss computes the model's own logits.
    Heads that scale or soft-cap their logits keep the model's own forward."""
    config = model.config
    return not any(getattr(config, key, None) for key in ("final_logit_softcapping", "logit_scale", "logits_scaling"))


def token_losses(
    model: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor, chunk_tokens: int
) -> torch.Tensor:
    """Next-token cross-entropy of every position, shape (records, length - 1),
    with at most `chunk_tokens` tokens' logits alive at a time
    (`netgpt.modeling.head_loss`: none kept for the backward pass).

    Falls back to the model's own forward (all logits at once) for a head that
    does more than a linear layer (`has_plain_head`), and for a head with
    trainable parameters (LoRA on `lm_head`): Opacus would see chunks of
    tokens where it needs records, and clip per token."""
    lm = causal_lm(model)
    head = lm.get_output_embeddings()
    frozen_linear = isinstance(head, torch.nn.Linear) and not any(p.requires_grad for p in head.parameters())
    if chunk_tokens <= 0 or not has_plain_head(lm) or not frozen_linear:
        logits = model(input_ids=input_ids, attention_mask=attention_mask).logits
        return torch.nn.functional.cross_entropy(
            logits[:, :-1].float().transpose(1, 2), input_ids[:, 1:], reduction="none"
        )
    hidden = lm.get_decoder()(input_ids=input_ids, attention_mask=attention_mask, use_cache=False).last_hidden_state
    records, length = input_ids.shape
    states = hidden[:, :-1].reshape(-1, hidden.shape[-1])
    return head_losses(head, states, input_ids[:, 1:].reshape(-1), chunk_tokens).view(records, length - 1)


@dataclass(frozen=True)
class _Footprint:
    """The sizes an estimate needs, read from the model's config."""

    layers: int
    hidden: int
    intermediate: int
    vocab: int
    weight_bytes: int


# Fitted to nine same-batch steps on tcmalloc (a scratch script over
# `bench/node_memory.py`'s child, which `--records 16 --epochs 9 --allocators
# tcmalloc` now runs; default model, batch 16, 64 tokens, bf16 autocast, bf16
# weights, 2026-12-01, AVX512-BF16 EPYC; three plans' peaks within 35 MiB): what the
# node's imports hold before a model is loaded (torch, transformers, PEFT,
# Opacus, Flower; not Presidio, `client.corpus`); what Opacus and autograd add
# during a step, fixed and per token of the physical batch whatever is
# checkpointed (in units of the hidden size); bytes a layer keeps per token
# for the backward pass (in units of the hidden and intermediate sizes); and
# bytes per logit alive while the loss is taken: the model's own forward keeps
# a bf16 product, an fp32 copy, the softmax and its gradient; a chunk of
# `netgpt.modeling.head_loss` softmaxes an fp32 copy in place and casts it
# for the gradient's product (5.4 measured: 49 MiB between chunks of 256 and
# 64, checkpointed, 2026-12-02, same CPU). The allocator is tcmalloc or jemalloc, whose
# peaks stay flat from step to step; on glibc's malloc a round's peak grew
# 8-44% above these over nine steps (`netgpt.allocator`). fp32 weights under
# bf16 autocast also keep a bf16 copy of each weight for the backward pass,
# which this leaves out: no node trains that way.
RUNTIME_MIB = 460
STEP_OVERHEAD_MIB = 40
STEP_HIDDEN_BYTES_PER_TOKEN = 76
HIDDEN_BYTES_PER_TOKEN = 13
INTERMEDIATE_BYTES_PER_TOKEN = 7.6
BYTES_PER_LOGIT = 16
BYTES_PER_CHUNKED_LOGIT = 6
# Physical batches split from the expected one without checkpointed layers
# peaked 21-32 MiB above the rest of the estimate (4 and 8 records, one and
# two threads, 2026-12-02); the checkpointed plans' within 8 MiB.
SPLIT_UNCHECKPOINTED_MIB = 32
# What the layers and a step keep in fp32 products (a node without bf16
# arithmetic, `netgpt.modeling.held_weights`) against bf16 autocast: every
# activation twice the bytes. Against five fp32 plans of the default model
# with bf16-held weights (tcmalloc, 2026-12-02, same CPU forced to fp32),
# the estimate was 1-8% above the checkpointed plans' peaks and 4-6% above
# the others'.
FP32_ACTIVATION_SCALE = 2
# The fewest tokens a physical batch without checkpointed layers holds. The
# default model at 256 (4 records of 64) trained at 0.83x the whole batch's
# samples/s, faster than the whole batch checkpointed (0.69x), and at 512 at
# 0.93x (one thread, the CPU above, `bench/node_memory.py`); fewer is unmeasured.
MIN_SPLIT_TOKENS = 256


def _footprint(model: PreTrainedModel) -> _Footprint:
    config = model.config.get_text_config()
    return _Footprint(
        layers=int(config.num_hidden_layers),
        hidden=int(config.hidden_size),
        intermediate=int(getattr(config, "intermediate_size", 4 * config.hidden_size)),
        vocab=int(config.vocab_size),
        weight_bytes=sum(p.numel() * p.element_size() for p in model.parameters()),
    )


def estimated_peak_mib(
    model: torch.nn.Module, plan: MemoryPlan, batch: int, length: int, *, precision: Precision
) -> float:
    """A round's peak resident memory under `plan`, estimated from the model's sizes.

    The weights count whole, in the dtype they are held in: they are mapped
    from the model file and every page is read in the first step. A plan
    without a physical batch is estimated for `batch` records: a larger
    Poisson draw goes above it (`plan_memory` never relies on that).
    `precision` is what the products run in, which sets what the layers
    keep for the backward pass (FP32_ACTIVATION_SCALE).
    """
    size = _footprint(causal_lm(model))
    tokens = min(plan.physical_batch or batch, batch) * length
    scale = FP32_ACTIVATION_SCALE if precision == "fp32" else 1
    per_layer = scale * tokens * (
        HIDDEN_BYTES_PER_TOKEN * size.hidden + INTERMEDIATE_BYTES_PER_TOKEN * size.intermediate
    )
    # Checkpointed: every layer's input, and one layer's activations while it is recomputed.
    kept = size.layers * tokens * size.hidden * 4 + per_layer if plan.checkpoint_layers else size.layers * per_layer
    if plan.loss_chunk_tokens:
        logits = min(plan.loss_chunk_tokens, tokens) * size.vocab * BYTES_PER_CHUNKED_LOGIT
    else:
        logits = tokens * size.vocab * BYTES_PER_LOGIT
    step = scale * tokens * size.hidden * STEP_HIDDEN_BYTES_PER_TOKEN
    split = 0 < plan.physical_batch < batch and not plan.checkpoint_layers
    fixed = RUNTIME_MIB + STEP_OVERHEAD_MIB + (SPLIT_UNCHECKPOINTED_MIB if split else 0)
    return fixed + (size.weight_bytes + step + kept + logits) / 2**20


def plan_memory(
    model: torch.nn.Module, batch: int, length: int, budget_mib: int, *, precision: Precision
) -> MemoryPlan:
    """The fastest plan whose estimated peak fits `budget_mib` (0: no budget)
    for products run in `precision`.

    The chunked loss costs no speed and is always on. Then, from fastest to
    leanest: the expected batch; halved physical batches, the loss in smaller
    chunks, while one holds at least MIN_SPLIT_TOKENS tokens; the expected
    batch with checkpointed layers, then with smaller chunks, then halved
    with both. The first whose estimate fits is taken: a later plan is
    slower, whatever it saves. When none fits, the leanest plan of all: the
    node tries rather than refuses.

    Under a budget no plan runs a Poisson batch whole: the sampler draws more
    records than `batch` in nearly half the steps (four steps of the default
    model peaked 10-42% above one; docs/BENCHMARKS.md, issue 18), and the
    estimate is for `batch`, so a larger draw is split at `batch` records.
    Without a budget the batch runs as drawn, which is fastest.
    """
    if budget_mib <= 0:
        return MemoryPlan()

    def split(records: int, checkpointed: bool) -> MemoryPlan:
        return MemoryPlan(physical_batch=records, loss_chunk_tokens=SMALL_LOSS_CHUNK_TOKENS,
                          checkpoint_layers=checkpointed)

    ladder = [MemoryPlan(physical_batch=batch)]
    records = batch
    while records > 1 and math.ceil(records / 2) * length >= MIN_SPLIT_TOKENS:
        records = math.ceil(records / 2)
        ladder.append(split(records, checkpointed=False))
    ladder += [MemoryPlan(physical_batch=batch, checkpoint_layers=True), split(batch, checkpointed=True)]
    records = batch
    while records > 1:
        records = math.ceil(records / 2)
        ladder.append(split(records, checkpointed=True))
    estimates = [(plan, estimated_peak_mib(model, plan, batch, length, precision=precision)) for plan in ladder]
    leanest = min(estimates, key=lambda planned: planned[1])[0]
    return next((plan for plan, estimate in estimates if estimate <= budget_mib), leanest)
