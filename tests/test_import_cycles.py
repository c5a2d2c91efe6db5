"""Every project module imports first, on its own: no import cycle hides behind the order others load in."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("client", "server", "privacy", "policies", "netgpt")

# One interpreter for all: third-party packages stay loaded, the project's are
# dropped before each module is imported first. The project compiles some 560
# regular expressions at import, more than the `regex` module's cache of 500
# holds: each module that imports the recognizers first would compile them all
# again (4 s, 230 s over the modules). A cache that holds them all keeps them
# from one import to the next; `regex` offers no public setting for its size.
_SCRIPT = """
import importlib, sys
import regex._main
regex._main._MAXCACHE = 1_000_000
failed = []
for name in sys.argv[1:]:
    for loaded in [m for m in sys.modules if m.split(".")[0] in {packages!r}]:
        del sys.modules[loaded]
    try:
        importlib.import_module(name)
    except ImportError as error:
        failed.append(f"{{name}}: {{error}}")
print("\\n".join(failed))
"""


def _modules() -> list[str]:
    names = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__main__":
                continue
            names.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return names


def test_every_module_imports_first() -> None:
    script = _SCRIPT.format(packages=set(PACKAGES))
    done = subprocess.run(
        [sys.executable, "-c", script, *_modules()], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip() == ""
