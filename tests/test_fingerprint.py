"""The desensitization cache key covers the desensitizer's own code and data only."""

from __future__ import annotations

from pathlib import Path

import privacy.desensitize.fingerprint as fingerprint


def test_the_fingerprint_reads_only_the_desensitize_package(monkeypatch):
    read: list[Path] = []
    real = Path.read_bytes

    def spy(path: Path) -> bytes:
        read.append(path.resolve())
        return real(path)

    monkeypatch.setattr(Path, "read_bytes", spy)
    fingerprint.desensitizer_fingerprint.cache_clear()
    fingerprint.desensitizer_fingerprint()
    root = Path(fingerprint.__file__).resolve().parent
    assert read, "the fingerprint hashed nothing"
    assert all(root in path.parents for path in read)
    assert any(path.suffix == ".json" for path in read) and any(path.name == "desensitizer.py" for path in read)
