"""`generate_user`: one node's synthetic user, profile and records together.

The random stream is seeded from (seed, node name, region) as a string, which
`random.Random` hashes with SHA-512: stable across processes and Python runs
(unlike `hash()`), so the same inputs always give byte-identical data.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from netgpt.synthetic.messages import PlantedPII, Record, generate_records
from netgpt.synthetic.profile import Profile, make_profile
from netgpt.synthetic.regions import REGIONS, region_for_node

_NODE_NAME = re.compile(r"node-([1-9][0-9]*)")


@dataclass(frozen=True)
class SyntheticUser:
    seed: int
    profile: Profile
    records: list[Record]
    planted_pii: list[PlantedPII]

    @property
    def node_name(self) -> str:
        return self.profile.node_name

    @property
    def region(self) -> str:
        return self.profile.region.name


def _default_region(node_name: str, seed: int) -> str:
    """`node-<i>` follows `region_for_node(i)`; any other name gets a seeded pick."""
    match = _NODE_NAME.fullmatch(node_name)
    if match:
        return region_for_node(int(match.group(1)))
    return random.Random(f"netgpt-synthetic-region/{seed}/{node_name}").choice(list(REGIONS))


def generate_user(seed: int, node_name: str, region: str | None = None) -> SyntheticUser:
    """The user living on `node_name`; `region` overrides the default assignment."""
    region = region or _default_region(node_name, seed)
    if region not in REGIONS:
        raise ValueError(f"unknown region {region!r}; known: {', '.join(REGIONS)}")
    rng = random.Random(f"netgpt-synthetic/{seed}/{node_name}/{region}")
    profile = make_profile(rng, node_name, REGIONS[region])
    records, planted = generate_records(profile, rng)
    return SyntheticUser(seed, profile, records, planted)
