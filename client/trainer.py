"""DP-SGD training of the node's LoRA adapter with Opacus.

Opacus clips each record's gradient and adds Gaussian noise; Poisson sampling
makes its accountant's guarantee hold. The caller's accountant is charged in
place so that the caller can persist it: ε must be cumulative over the node's
whole life, not per round. The ε reported is `privacy.dp.accounting`'s over
that history, the figure the aggregator recomputes and the ledger records.
"""

from __future__ import annotations

import contextlib
import time
import warnings
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field

import torch
from opacus.accountants.accountant import IAccountant
from opacus.utils.batch_memory_manager import BatchMemoryManager
from peft import PeftModel
from torch.utils.data import DataLoader, TensorDataset

from netgpt.modeling import Precision, autocast
from netgpt.modeling.memory import MemoryPlan, causal_lm, token_losses
from privacy.dp.accounting import REPORTED, epsilon
from privacy.dp.secure_engine import SecurePrivacyEngine


class TrainingIntegrityError(RuntimeError):
    """The adapter weights did not change or stopped being finite after a step.

    Opacus issue #820 reports LoRA weights silently corrupted under PEFT; we
    check after every step instead of trusting it.
    """


@dataclass(frozen=True)
class DPTrainConfig:
    """One round's DP-SGD parameters: σ as planned for this round, the rest from
    the run settings and the policy (`client.node.train_config`)."""

    noise_multiplier: float
    max_grad_norm: float
    delta: float
    batch_size: int
    epochs: int
    learning_rate: float
    max_length: int
    precision: Precision
    memory: MemoryPlan = field(default_factory=MemoryPlan)
    """Where a step spends memory (`netgpt.modeling.memory`); never what it computes."""


@dataclass(frozen=True)
class TrainReport:
    steps: int
    sample_rate: float
    records: int
    samples_seen: int
    epsilon: float
    seconds: float

    @property
    def samples_per_second(self) -> float:
        return self.samples_seen / self.seconds if self.seconds > 0 else 0.0


def per_record_loss(
    model: torch.nn.Module, input_ids: torch.Tensor, attention_mask: torch.Tensor, chunk_tokens: int = 0
) -> torch.Tensor:
    """Mean next-token loss of each record separately.

    Transformers' own loss averages over all tokens of the batch, which mixes
    records; DP-SGD needs the batch loss to be a mean of per-record losses.
    With `chunk_tokens` the logits of at most that many tokens exist at once
    (`netgpt.modeling.memory.token_losses`); the losses are the same.
    """
    token_loss = token_losses(model, input_ids, attention_mask, chunk_tokens)
    mask = attention_mask[:, 1:].to(token_loss.dtype)
    return (token_loss * mask).sum(dim=1) / mask.sum(dim=1).clamp(min=1.0)


GradientRecords = Callable[[torch.Tensor], torch.Tensor]
"""Record indices → their per-sample gradients, one flat row each over the
trainable weights in `parameters()` order: records that are a gradient, not a text."""


def train_dp(
    model: PeftModel,
    dataset: TensorDataset,
    config: DPTrainConfig,
    accountant: IAccountant,
    gradient_records: GradientRecords | None = None,
) -> TrainReport:
    """Run `config.epochs` of DP-SGD over `dataset`, charging `accountant`.

    `gradient_records` is for the empirical audit's gradient canaries
    (`privacy.audit.gradient_canaries`) alone: `dataset` then has a third
    tensor, each record's index into it (−1 for a text record). Such records
    are drawn by Opacus's Poisson sampler and counted in q like any other;
    when drawn, their rows join the batch's per-sample gradients before the
    DPOptimizer clips, sums and noises them, so Opacus treats them exactly as
    a text record's gradient. A row may be zero (an excluded canary): it adds
    nothing to the clipped sum, which is divided by the fixed batch size.
    Without it the node's training is as it was.
    """
    records = len(dataset)
    if records == 0:
        raise ValueError("no training records")
    loader = DataLoader(dataset, batch_size=min(config.batch_size, records))
    model.train()  # Opacus refuses a model in eval mode
    plan = config.memory
    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = torch.optim.SGD(params, lr=config.learning_rate, momentum=0.9)
    # Opacus's secure_mode needs torchcsprng, which has no build for this torch
    # and Python. This engine draws the noise from a CSPRNG keyed by the OS
    # instead, in Opacus's secure-mode construction, and the Poisson batches
    # from a generator seeded by the OS: neither follows PyTorch's global RNG.
    # It costs < 0.1% of a step (bench/dp_noise_cost.py), so there is no switch.
    engine = SecurePrivacyEngine(accountant=REPORTED)
    engine.accountant = accountant
    private_model, private_optimizer, private_loader = engine.make_private(
        module=model,
        optimizer=optimizer,
        data_loader=loader,
        noise_multiplier=config.noise_multiplier,
        max_grad_norm=config.max_grad_norm,
        poisson_sampling=True,
    )
    # Opacus divides the noisy sum by int(N·q), a function of the record
    # count N: the update's noise norm would then tell N to within a few
    # records. The configured batch size is public and fixed, as DP-SGD's
    # analysis assumes (q·N never exceeds it).
    private_optimizer.expected_batch_size = config.batch_size
    steps = samples = 0
    started = time.perf_counter()
    try:
        with _layers_checkpointed(model, plan.checkpoint_layers), _physical_batches(
            private_loader, private_optimizer, plan.physical_batch
        ) as batches:
            for _ in range(config.epochs):
                before: list[torch.Tensor] | None = None
                for batch in batches:
                    input_ids, attention_mask, injected = _text_and_gradient_records(batch, gradient_records)
                    if before is None:
                        before = [p.detach().clone() for p in params]
                        moving = False  # whether this logical batch drew a nonzero gradient
                    private_optimizer.zero_grad(set_to_none=True)
                    if len(input_ids) == 0:
                        _no_per_sample_gradients(params)
                    else:
                        with autocast(config.precision):
                            loss = per_record_loss(private_model, input_ids, attention_mask, plan.loss_chunk_tokens)
                        with warnings.catch_warnings():
                            # The frozen embeddings make PyTorch note that no input needs
                            # a gradient; Opacus's hooks only need the LoRA outputs.
                            warnings.filterwarnings("ignore", message="Full backward hook is firing")
                            loss.mean().backward()
                        _per_sample_gradients_in_fp32(params)
                    moving = moving or len(input_ids) > 0
                    if gradient_records is not None and len(injected) > 0:
                        rows = gradient_records(injected)
                        moving = moving or bool(rows.any())
                        _append_per_sample_gradients(params, rows)
                    private_optimizer.step()
                    samples += len(input_ids) + len(injected)
                    # Opacus's own flag: the physical batch was clipped and summed, and
                    # the logical batch goes on; no noise, no step, no charge yet.
                    if private_optimizer._is_last_step_skipped:
                        continue
                    _check_step(params, before, may_stay=not moving)
                    before = None
                    steps += 1
    finally:
        private_model.remove_hooks()
    return TrainReport(
        steps=steps,
        sample_rate=1.0 / len(loader),
        records=records,
        samples_seen=samples,
        epsilon=epsilon(accountant.history, config.delta),
        seconds=time.perf_counter() - started,
    )


@contextlib.contextmanager
def _physical_batches(
    loader: DataLoader[tuple[torch.Tensor, ...]], optimizer: torch.optim.Optimizer, physical_batch: int
) -> Iterator[DataLoader[tuple[torch.Tensor, ...]]]:
    """The Poisson batches as drawn, or split into at most `physical_batch`
    records by Opacus's BatchMemoryManager: the optimizer clips and sums each
    part, and adds noise, steps and charges the accountant once per logical
    batch, so q, σ and the steps are the same either way."""
    if physical_batch <= 0:
        yield loader
        return
    with BatchMemoryManager(
        data_loader=loader, max_physical_batch_size=physical_batch, optimizer=optimizer
    ) as split:
        yield split


@contextlib.contextmanager
def _layers_checkpointed(model: torch.nn.Module, enabled: bool) -> Iterator[None]:
    """Checkpoint the transformer layers for the duration, re-entrantly.

    Re-entrant checkpointing runs the first forward without autograd, where
    Opacus's forward hook captures nothing; the backward pass recomputes each
    layer with autograd, the hook captures the LoRA inputs then, once, and the
    backward hook consumes exactly those. The non-re-entrant kind would run the
    hook twice and leave Opacus's per-module counters unbalanced.
    """
    if not enabled:
        yield
        return
    lm = causal_lm(model)
    lm.activation_checkpointing_enable(activation_checkpointing_kwargs={"use_reentrant": True})
    try:
        yield
    finally:
        lm.activation_checkpointing_disable()
        lm.disable_input_require_grads()


def _per_sample_gradients_in_fp32(params: list[torch.nn.Parameter]) -> None:
    """Cast each record's gradient to at least fp32 before Opacus clips it.

    Opacus computes the per-record norms in the per-sample gradients' own
    dtype, bf16 under bf16 autocast: with its 8-bit mantissa a norm can come
    out ~0.5% low, and the "clipped" contribution then exceeds C, which the
    accounting assumes it never does. Widening is exact (every bf16 is an
    fp32), so only the norms and the clipped sum change, and they become right.
    """
    for param in params:
        sample = getattr(param, "grad_sample", None)
        if isinstance(sample, torch.Tensor):
            param.grad_sample = sample.to(torch.promote_types(sample.dtype, torch.float32))  # type: ignore[attr-defined]


def _text_and_gradient_records(
    batch: Sequence[torch.Tensor], gradient_records: GradientRecords | None
) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """A drawn batch's text records (token ids, attention mask) and the
    indices of its gradient records (none unless `gradient_records` is given)."""
    if len(batch) == 2:
        input_ids, attention_mask = batch
        return input_ids, attention_mask, input_ids.new_zeros(0)
    if gradient_records is None:
        raise ValueError("a dataset with gradient records needs `gradient_records`")
    input_ids, attention_mask, index = batch
    text = index < 0
    return input_ids[text], attention_mask[text], index[~text]


def _append_per_sample_gradients(params: list[torch.nn.Parameter], rows: torch.Tensor) -> None:
    """Add `rows` (flat, one per record) to each parameter's per-sample
    gradients, where Opacus's DPOptimizer reads them to clip."""
    sizes = [param.numel() for param in params]
    for param, part in zip(params, torch.split(rows, sizes, dim=1), strict=True):
        sample: torch.Tensor = param.grad_sample  # type: ignore[attr-defined]
        extra = part.reshape(len(rows), *param.shape).to(sample.dtype)
        param.grad_sample = torch.cat([sample, extra])  # type: ignore[attr-defined]


def _no_per_sample_gradients(params: list[torch.nn.Parameter]) -> None:
    """Give each parameter an empty per-sample gradient, for a batch that drew no record.

    Poisson sampling draws an empty batch now and then, and DP-SGD's analysis
    counts it as a step that adds noise alone (the sum of no clipped gradients
    is zero). The model cannot run on zero rows, so there is no backward pass
    to fill these in; Opacus's optimizer clips an empty set, adds the noise,
    divides by the expected batch size and charges the accountant as usual.
    """
    for param in params:
        param.grad_sample = torch.zeros((0, *param.shape), dtype=param.dtype, device=param.device)  # type: ignore[attr-defined]


def _check_step(
    params: list[torch.nn.Parameter], before: list[torch.Tensor], may_stay: bool = False
) -> None:
    """Refuse non-finite weights, and a step that changed nothing unless ``may_stay``
    (without noise, e.g. clipping-only training, a batch that drew no record,
    or only zero gradient records, moves nothing)."""
    for now in params:
        if not torch.isfinite(now).all():
            raise TrainingIntegrityError("adapter weights became non-finite")
    if may_stay:
        return
    if all(torch.equal(now, then) for now, then in zip(params, before, strict=True)):
        raise TrainingIntegrityError("a DP-SGD step left the adapter unchanged")
