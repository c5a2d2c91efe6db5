"""A node's memory budget setting, and what "auto" stands for.

Kept apart from `netgpt.modeling.memory` (which plans within a budget) so that
`netgpt node start` can check the setting without importing torch.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from netgpt.modeling import Precision

# The budget of a phone-class device, which a node takes unless told otherwise
# (`default_budget_mib`).
PHONE_CLASS_MIB = 1024

MemoryBudget = int | Literal["auto"]
"""A node's budget setting: MiB (0 = none), or "auto" for `default_budget_mib`."""


def parse_budget(value: object) -> MemoryBudget:
    """A budget setting as written on a command line or in a node config."""
    text = str(value).strip().lower()
    if text == "auto":
        return "auto"
    try:
        budget = int(text)
    except ValueError:
        raise ValueError(f"a memory budget is a number of MiB or auto, not {value!r}") from None
    if budget < 0:
        raise ValueError(f"a memory budget cannot be negative ({budget} MiB); 0 means none")
    return budget


def default_budget_mib(precision: Precision, flat_heap: bool) -> int:
    """The budget "auto" stands for: PHONE_CLASS_MIB where a round keeps to it
    without training slower than the node did before the memory work, else none.

    That is where the weights are held in bf16 (the node trains in bf16) and
    the allocator keeps a round's peak flat from step to step (`flat_heap`:
    tcmalloc or jemalloc, `netgpt.allocator`). There the default model peaked
    at 957-958 MiB at 1.09x the samples/s of the node before (two threads,
    AVX512-BF16 EPYC, docs/BENCHMARKS.md); no budget is faster still (about
    1.4x the budget's speed) at 1.4 GiB, and a device with room to spare says
    so with 0. A node in fp32 (a CPU without bf16 arithmetic) keeps a budget
    it is given by holding its frozen weights in bf16
    (`netgpt.modeling.held_weights`), but 1 GiB then takes checkpointed
    layers, at about 0.7x its speed without one: slower than before, so not
    by default. On glibc's malloc the peak grows past the budget over the
    steps: there a budget would slow the node and still not keep it.
    """
    return PHONE_CLASS_MIB if precision == "bf16" and flat_heap else 0
