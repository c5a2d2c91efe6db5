"""numpy's BLAS held to one thread while the desensitizer runs.

The spaCy pipeline multiplies through numpy's BLAS (``nlp.USE_BLIS``), and
OpenBLAS spreads a large product over every core. On a node or a server those
cores belong to the model's threads too, and BLIS, which the pipeline used
before, ran on one: the desensitizer keeps to one core. The limit is the
process's (OpenBLAS keeps one pool per process): while any call holds it,
every numpy product in the process runs on one thread. Overlapping holders
share it: the first sets it, the last gives the count back, whatever order
they end in (threadpoolctl's own limiter restores what it saw on entry, which
two overlapping limiters would get wrong).

Only numpy's own BLAS is held: the library numpy's wheel bundles (in
``numpy.libs``). Where numpy uses a system BLAS instead, nothing is limited,
which costs cores, not correctness.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from threadpoolctl import ThreadpoolController

NUMPY_LIBRARY_DIRECTORY = "numpy.libs"


class _NumpyBlasThreads:
    """Reference-counted one-thread limit on numpy's BLAS."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._holders = 0
        self._limiter: Any = None
        self._numpy_blas: Any = None

    @contextmanager
    def one(self) -> Iterator[None]:
        """A context in which numpy's BLAS runs on one thread."""
        with self._lock:
            if self._holders == 0:
                self._limiter = self._library().limit(limits=1)
            self._holders += 1
        try:
            yield
        finally:
            with self._lock:
                self._holders -= 1
                if self._holders == 0:
                    self._limiter.restore_original_limits()
                    self._limiter = None

    def _library(self) -> Any:
        """numpy's BLAS, found once numpy is loaded (scanning the libraries takes ~1 ms)."""
        if self._numpy_blas is None:
            controller = ThreadpoolController()
            paths = [
                lib.filepath
                for lib in controller.lib_controllers
                if lib.user_api == "blas" and Path(lib.filepath).parent.name == NUMPY_LIBRARY_DIRECTORY
            ]
            self._numpy_blas = controller.select(filepath=paths)
        return self._numpy_blas


one_numpy_blas_thread = _NumpyBlasThreads().one
