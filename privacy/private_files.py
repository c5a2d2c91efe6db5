"""Creating files that hold secrets: mode 0600 from the first byte, never half-written."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path


def create_private_file(path: Path, data: bytes) -> None:
    """Write `data` to a new file at `path` readable by its owner only.

    The bytes go to a private temporary file first, which is then hard-linked
    into place: nobody ever reads a partial key, and the link fails with
    FileExistsError when the path exists (another process got there first, or
    a key would be overwritten), which callers turn into their own answer.
    """
    fd, temporary = tempfile.mkstemp(dir=Path(path).parent, prefix=".key-")
    try:
        os.fchmod(fd, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.link(temporary, path)
    finally:
        os.unlink(temporary)
