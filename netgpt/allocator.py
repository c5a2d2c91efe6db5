"""The memory allocator a node's Flower processes run with.

A DP-SGD step makes and frees many tensors of 1-30 MB (each layer's
activations, recomputed under checkpointing, and the loss's logit chunks).
glibc's malloc raises its mmap threshold after the first such free, serves
the rest from its heap, and the next step's sizes do not fit the holes the
last one left: on the default model a checkpointed node's peak grew by about
170 MiB over nine steps of the same batch (docs/BENCHMARKS.md, issue 18).
tcmalloc and jemalloc reuse those sizes; tcmalloc also made every plan
faster there. Neither has a Python package, so a node uses the system's
copy when one is installed and otherwise runs on glibc as before.

The allocator is loaded with LD_PRELOAD into the SuperNode and its SuperExec:
ClientApps fork from the SuperExec (or start from it), so they inherit it.
"""

from __future__ import annotations

import ctypes.util
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

AllocatorChoice = Literal["auto", "tcmalloc", "jemalloc", "system"]

# In order of preference for "auto"; each with the link names it ships under
# and the Debian package that installs it.
_LIBRARIES: dict[str, tuple[tuple[str, ...], str]] = {
    "tcmalloc": (("tcmalloc_minimal", "tcmalloc"), "libtcmalloc-minimal4"),
    "jemalloc": (("jemalloc",), "libjemalloc2"),
}


class AllocatorError(RuntimeError):
    """An allocator was asked for by name and is not installed."""


@dataclass(frozen=True)
class Allocator:
    name: str
    library: str | None
    """The shared library to preload (a soname the dynamic linker resolves); None: the C library's malloc."""

    def environment(self, env: dict[str, str]) -> dict[str, str]:
        """`env` with this allocator preloaded ahead of anything already there."""
        if self.library is None:
            return env
        preload = " ".join(part for part in (self.library, env.get("LD_PRELOAD", "")) if part)
        return env | {"LD_PRELOAD": preload}


SYSTEM = Allocator("system malloc", None)


def choose_allocator(choice: AllocatorChoice) -> Allocator:
    """The allocator for `choice`: "auto" takes the first installed of
    tcmalloc and jemalloc, else the system's; a named one must be installed."""
    if choice == "system":
        return SYSTEM
    names = list(_LIBRARIES) if choice == "auto" else [choice]
    for name in names:
        links, _ = _LIBRARIES[name]
        for link in links:
            library = ctypes.util.find_library(link)
            if library:
                return Allocator(name, library)
    if choice == "auto":
        return SYSTEM
    raise AllocatorError(
        f"{choice} is not installed on this machine (Debian/Ubuntu: apt install {_LIBRARIES[choice][1]}); "
        "use --allocator auto or system"
    )


def running_allocator(pid: int | str = "self") -> str:
    """The allocator process `pid` (this one by default) runs on: "tcmalloc"
    or "jemalloc" when its library is mapped (preloaded or linked), else
    SYSTEM's name."""
    try:
        maps = Path(f"/proc/{pid}/maps").read_text()
    except OSError:
        return SYSTEM.name
    return next((name for name in _LIBRARIES if f"lib{name}" in maps), SYSTEM.name)
