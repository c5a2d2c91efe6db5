"""The documented dependency direction (docs/ARCHITECTURE.md), kept by a test.

`netgpt` shell → `client`, `server` → `privacy`, `policies` → leaf modules
(`netgpt.layout`, `netgpt.files`, `netgpt.cohorts`, `netgpt.settings`,
`netgpt.modeling`, `netgpt.synthetic`, `netgpt.adapter_record`,
`netgpt.allocator`, `netgpt.memory_budget`, `netgpt.forked`). `client` and
`server` never import each other; inside `privacy`, `desensitize`, `identity`
and `audit` import no other subsystem and `dp` only `identity` (the ledger is
signed). Imports inside functions count too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGES = ("client", "server", "privacy", "policies", "netgpt")
LEAVES = (
    "netgpt.layout", "netgpt.files", "netgpt.cohorts", "netgpt.settings", "netgpt.modeling", "netgpt.synthetic",
    "netgpt.adapter_record", "netgpt.allocator", "netgpt.memory_budget", "netgpt.forked",
)


def _layer(module: str) -> str:
    """The layer a project module belongs to: a leaf, a privacy subsystem, or its package."""
    if any(module == leaf or module.startswith(leaf + ".") for leaf in LEAVES):
        return "leaf"
    parts = module.split(".")
    if parts[0] == "privacy" and len(parts) > 1:
        return "privacy." + parts[1]
    return parts[0]


ALLOWED: dict[str, set[str]] = {
    "leaf": {"leaf"},
    "privacy": {"leaf"},
    "policies": {"policies", "leaf"},
    "privacy.desensitize": {"privacy.desensitize", "leaf"},
    "privacy.identity": {"privacy.identity", "leaf"},
    "privacy.dp": {"privacy.dp", "privacy.identity", "leaf"},
    "privacy.audit": {"privacy.audit", "leaf"},
    "client": {"client", "privacy.desensitize", "privacy.dp", "privacy.identity", "policies", "leaf"},
    "server": {"server", "privacy.desensitize", "privacy.dp", "privacy.identity", "policies", "leaf"},
    "netgpt": {"netgpt", "client", "server", "privacy.desensitize", "privacy.dp", "privacy.identity",
               "privacy.audit", "policies", "leaf"},
}


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            # `from netgpt import cohorts` imports the module netgpt.cohorts.
            for alias in node.names:
                submodule = ROOT.joinpath(*node.module.split("."), alias.name)
                is_module = submodule.with_suffix(".py").is_file() or submodule.is_dir()
                found.append((node.lineno, f"{node.module}.{alias.name}" if is_module else node.module))
    return [(line, name) for line, name in found if name.split(".")[0] in PACKAGES]


def _sources() -> list[Path]:
    return sorted(p for package in PACKAGES for p in (ROOT / package).rglob("*.py"))


def test_every_source_file_has_a_layer():
    layers = {_layer(_module_name(path)) for path in _sources()}
    assert layers <= set(ALLOWED), layers - set(ALLOWED)


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(ROOT)))
def test_imports_follow_the_documented_direction(path: Path):
    layer = _layer(_module_name(path))
    wrong = [
        f"line {line}: {name} ({_layer(name)})"
        for line, name in _imports(path)
        if _layer(name) not in ALLOWED[layer]
    ]
    assert not wrong, f"{layer} may not import: " + "; ".join(wrong)


def test_the_rule_catches_a_wrong_import(tmp_path: Path):
    """The check itself works: a server module importing the client is caught."""
    offender = tmp_path / "offender.py"
    offender.write_text("from client.node import EdgeNode\n")
    names = [name for _, name in _imports(offender)]
    assert names == ["client.node"]
    assert _layer(names[0]) not in ALLOWED["server"]
