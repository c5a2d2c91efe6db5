"""Reading a policy file with errors that name the bad key and value."""

from __future__ import annotations

from importlib import resources
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from netgpt.layout import Workdir
from policies.model import Policy

DEFAULT_POLICY = "default.yaml"


class PolicyError(ValueError):
    """The policy file is missing, not YAML, or not a valid policy."""


def load_policy(path: Path | None = None) -> Policy:
    """Load and validate a policy file; None loads the packaged default.

    An operator's file names only what it changes: it is laid over the
    packaged default key by key, so each default is written in one place.
    """
    if path is None:
        return parse_policy(_default_text(), f"policies/{DEFAULT_POLICY}")
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as error:
        raise PolicyError(f"{path}: cannot read ({error.strerror or error})") from None
    return parse_policy(text, str(path))


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    data = _mapping(text, source)
    if source != f"policies/{DEFAULT_POLICY}":
        data = _overlay(_mapping(_default_text(), DEFAULT_POLICY), data)
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(f"{source}: " + "; ".join(_describe(e) for e in error.errors())) from None


def policy_from_json(text: str) -> Policy:
    """A policy as it travels in a message: complete, nothing laid over it."""
    try:
        return Policy.model_validate_json(text)
    except ValidationError as error:
        raise PolicyError("policy in message: " + "; ".join(_describe(e) for e in error.errors())) from None


def _default_text() -> str:
    return resources.files("policies").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")


def _mapping(text: str, source: str) -> dict[str, Any]:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PolicyError(f"{source}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: expected a mapping of policy sections at the top level")
    return data


def _overlay(base: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    """`changes` over `base`, section by section; unknown keys pass through so
    that validation names them."""
    merged = dict(base)
    for key, value in changes.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merged[key] = _overlay(base[key], value)
        else:
            merged[key] = value
    return merged


def _describe(error: Any) -> str:
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    return f"{key}: {error['msg'].lower()} (got {error.get('input')!r})"


def policy_in_force(workdir: Path) -> Policy:
    """The work directory's copy of the policy, else the packaged default a
    federation started without one runs under."""
    path = Workdir(workdir).policy
    return load_policy(path if path.exists() else None)
