"""The aggregator's own held-out set: text of users outside the federation.

Nodes keep their evaluations to themselves (`client.evaluation`), so the
aggregator measures the global adapter on text that is nobody's: records of
synthetic users that the project's generator makes from a fixed public seed,
one per region, none of them a node. They are desensitized the way a node
desensitizes its own records (at the policy's location level, with the user's
address book), so the adapter is judged on text shaped like what it was
trained on. A few dozen records: enough to see the adapter move, cheap enough
for every round on the base model.

Desensitizing means loading Presidio, seconds of a ServerApp's start, so the
result is cached in the work directory under a key over the generated text,
the location level and the desensitizer's own code and data
(`privacy.desensitize.fingerprint`): a change to any of them builds it again.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence

from netgpt.files import write_atomic
from netgpt.layout import Workdir
from netgpt.synthetic import REGIONS, SyntheticUser, generate_user
from privacy.desensitize.fingerprint import desensitizer_fingerprint

PUBLIC_SEED = 20261129  # published, so anyone can rebuild the set and check a reported perplexity
RECORDS_PER_USER = 10


def _picked(user: SyntheticUser) -> list[str]:
    """`RECORDS_PER_USER` of the user's records, spread over their whole history."""
    step = max(len(user.records) // RECORDS_PER_USER, 1)
    return [record.text for record in user.records[::step][:RECORDS_PER_USER]]


def _users() -> list[SyntheticUser]:
    # Named after their region, never `node-N`: no node of a synthetic federation is one of them.
    return [generate_user(PUBLIC_SEED, f"public-{region}", region) for region in REGIONS]


def public_held_out(workdir: Workdir, location_level: str) -> list[str]:
    """The desensitized texts of the public held-out set, from the cache when
    it is current, else built and cached."""
    users = _users()
    raw = [_picked(user) for user in users]
    key = hashlib.sha256(
        json.dumps(raw).encode() + location_level.encode() + desensitizer_fingerprint()
    ).hexdigest()
    cached = _read(workdir, key)
    if cached is not None:
        return cached
    texts = _desensitized(users, raw, location_level)
    write_atomic(workdir.public_held_out, json.dumps({"key": key, "texts": texts}))
    return texts


def _desensitized(users: Sequence[SyntheticUser], raw: Sequence[list[str]], location_level: str) -> list[str]:
    # Imported here: Presidio and spaCy take seconds to import, needed only
    # when the cached set is stale.
    from privacy.desensitize.desensitizer import default_desensitizer
    from privacy.desensitize.known_identifiers import KnownIdentifiers

    desensitizer = default_desensitizer(location_level)
    texts: list[str] = []
    for user, records in zip(users, raw, strict=True):
        known = KnownIdentifiers.from_profile(user.profile.to_json())
        texts += [result.text for result in desensitizer.desensitize_batch(records, known=known)]
    return texts


def _read(workdir: Workdir, key: str) -> list[str] | None:
    try:
        stored = json.loads(workdir.public_held_out.read_text(encoding="utf-8"))
        if stored["key"] != key:
            return None
        return [str(text) for text in stored["texts"]]
    except (OSError, ValueError, KeyError, TypeError):
        return None
