"""Data policies: the typed model, its loader, and the default policy file."""

from policies.loader import PolicyError, load_policy, parse_policy, policy_from_json, policy_in_force
from policies.model import Policy

__all__ = ["Policy", "PolicyError", "load_policy", "parse_policy", "policy_from_json", "policy_in_force"]
