"""What the cloud may know about the user: a generalized place and a few tastes.

Edge completion prefixes the user's prompt with this context so that the
cloud's answer fits the user, at the policy's location level (the city, never
the address; only the country at coarser levels, since the profile names no
region of a country).

No error message here quotes the profile: it is the user's address book.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass
from typing import Any

from client.records import RecordsError, load_records
from netgpt.layout import NodeData

MAX_PREFERENCES = 3
MIN_MENTIONS = 2
"""A taste counts once the node's records mention it at least this often."""


class ProfileError(RuntimeError):
    """The node's profile is missing or unreadable; says where, never what."""


@dataclass(frozen=True)
class NodeContext:
    place: str | None
    preferences: tuple[str, ...]

    def sentence(self) -> str:
        parts = []
        if self.place:
            parts.append(f"I live in {self.place}.")
        if self.preferences:
            parts.append(f"I like {', '.join(self.preferences)}.")
        return " ".join(parts)


def node_context(data: NodeData, level: str) -> NodeContext:
    try:
        profile = json.loads(data.profile.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raise ProfileError(f"{data.root} has no readable {data.profile.name}") from None
    if not isinstance(profile, dict):
        raise ProfileError(f"{data.profile} is not a JSON object")
    city, country = profile.get("home_city"), profile.get("country_name")
    place = f"{city}, {country}" if level == "city" and city and country else country
    return NodeContext(place if isinstance(place, str) else None, learned_preferences(data, profile))


def learned_preferences(data: NodeData, profile: dict[str, Any]) -> tuple[str, ...]:
    """The profile's tastes that the node's own records mention most."""
    candidates = [
        value for values in (profile.get("preferences") or {}).values() if isinstance(values, list)
        for value in values if isinstance(value, str) and value.strip()
    ]
    try:
        text = "\n".join(r.text for r in load_records(data)).casefold()
    except RecordsError:
        return ()
    mentions = Counter({value: text.count(value.casefold()) for value in candidates})
    return tuple(v for v, n in mentions.most_common(MAX_PREFERENCES) if n >= MIN_MENTIONS)
