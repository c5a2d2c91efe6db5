"""Reading a policy file with errors that name the bad key and value."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import yaml
from pydantic import ValidationError

from policies.model import Policy

DEFAULT_POLICY = "default.yaml"


class PolicyError(ValueError):
    """The policy file is missing, not YAML, or not a valid policy."""


def load_policy(path: Path | None = None) -> Policy:
    """Load and validate a policy file; None loads the packaged default."""
    if path is None:
        text = resources.files("policies").joinpath(DEFAULT_POLICY).read_text(encoding="utf-8")
        source = f"policies/{DEFAULT_POLICY}"
    else:
        try:
            text = Path(path).read_text(encoding="utf-8")
        except OSError as error:
            raise PolicyError(f"{path}: cannot read ({error.strerror or error})") from None
        source = str(path)
    return parse_policy(text, source)


def parse_policy(text: str, source: str = "<policy>") -> Policy:
    try:
        data = yaml.safe_load(text)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f" at line {mark.line + 1}, column {mark.column + 1}" if mark else ""
        raise PolicyError(f"{source}: not valid YAML{where}") from None
    if not isinstance(data, dict):
        raise PolicyError(f"{source}: expected a mapping of policy sections at the top level")
    try:
        return Policy.model_validate(data)
    except ValidationError as error:
        raise PolicyError(f"{source}: " + "; ".join(_describe(e) for e in error.errors())) from None


def _describe(error: dict) -> str:  # type: ignore[type-arg]
    key = ".".join(str(part) for part in error["loc"])
    if error["type"] == "extra_forbidden":
        return f"{key}: unknown key"
    return f"{key}: {error['msg'].lower()} (got {error.get('input')!r})"


# The federation's copy of the policy in force, in the aggregator's work directory.
POLICY_FILE = "policy.yaml"


def policy_in_force(workdir: Path) -> Policy:
    """The work directory's copy of the policy, else the packaged default a
    federation started without one runs under."""
    path = Path(workdir) / POLICY_FILE
    return load_policy(path if path.exists() else None)
