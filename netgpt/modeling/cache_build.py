"""Build a model's cache directory: `python -m netgpt.modeling.cache_build SPEC CACHE_ROOT WEIGHTS`.

`netgpt.modeling.base_model` runs this in a process of its own, so that the
conversion's memory ends with it and never stays in the process that goes on
to train or serve.
"""

from __future__ import annotations

import signal
import sys
from pathlib import Path
from typing import cast, get_args

from netgpt.modeling.base_model import CACHE_DIRECTORIES, ModelError, build_cache
from netgpt.modeling.inputs import Precision


def main(argv: list[str]) -> int:
    """Exit 0 built (or found built), 1 when the model cannot be built (the
    reason is the last line on stderr), 2 on wrong arguments."""
    if len(argv) != 3 or argv[0] not in CACHE_DIRECTORIES or argv[2] not in get_args(Precision):
        print(f"usage: cache_build {{{','.join(CACHE_DIRECTORIES)}}} CACHE_ROOT "
              f"{{{','.join(get_args(Precision))}}}", file=sys.stderr)
        return 2
    # Stopped by the caller: unwind, so that the half-built directory is removed.
    signal.signal(signal.SIGTERM, lambda _signum, _frame: sys.exit(128 + signal.SIGTERM))
    spec, root, weights = argv
    try:
        build_cache(spec, Path(root), cast(Precision, weights))
    except ModelError as error:
        print(error, file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
