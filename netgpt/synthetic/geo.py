"""Where a user plausibly is: near home most of the time, sometimes across town,
now and then in another city of the region.

Positions stay close to real city centres so that generalizing a fix to its city
(what the desensitizer does) has a right answer.
"""

from __future__ import annotations

import math
import random

from netgpt.synthetic.countries import City

_KM_PER_DEGREE = 111.32


def jitter(lat: float, lon: float, radius_km: float, rng: random.Random) -> tuple[float, float]:
    """A point uniformly inside a circle of `radius_km` around (lat, lon)."""
    distance = radius_km * math.sqrt(rng.random())
    bearing = rng.uniform(0.0, 2.0 * math.pi)
    dlat = distance * math.cos(bearing) / _KM_PER_DEGREE
    dlon = distance * math.sin(bearing) / (_KM_PER_DEGREE * math.cos(math.radians(lat)))
    return round(lat + dlat, 6), round(lon + dlon, 6)


def somewhere(home: tuple[float, float], city: City, elsewhere: list[City],
              rng: random.Random, *, home_share: float) -> tuple[float, float]:
    """A position: within ~300 m of home with probability `home_share`, otherwise
    mostly across the home city, and one time in ten in another city of the region."""
    roll = rng.random()
    if roll < home_share:
        return jitter(*home, 0.3, rng)
    if roll < home_share + (1.0 - home_share) * 0.9 or not elsewhere:
        return jitter(city.lat, city.lon, 5.0, rng)
    other = rng.choice(elsewhere)
    return jitter(other.lat, other.lon, 2.0, rng)
