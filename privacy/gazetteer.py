"""Offline gazetteer of major world cities, their regions and countries.

Location generalization must work on an edge node with no network, so the place
data ships with the package (``privacy/data/*.json``) instead of coming from a
geocoding service. Names are matched after folding case, accents and punctuation,
so "Sao Paulo", "São Paulo" and "SÃO PAULO" are the same place.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

EARTH_RADIUS_KM = 6371.0088

_NON_ALNUM = re.compile(r"[\W_]+")


def normalize_place_name(name: str) -> str:
    """Fold a place name to the key used for lookups.

    Accents, case and punctuation vary freely in user text ("Saint-Étienne",
    "saint etienne", "St. Louis" / "St Louis"), while the gazetteer stores one
    spelling, so both sides are folded the same way.
    """
    decomposed = unicodedata.normalize("NFKD", name)
    without_accents = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", without_accents.casefold()).strip()


@dataclass(frozen=True)
class City:
    """One gazetteer city; ``population_thousands`` only ranks same-named cities."""

    name: str
    country: str
    country_code: str
    region: str
    latitude: float
    longitude: float
    population_thousands: int


@dataclass(frozen=True)
class Region:
    """An administrative region (state, province, region) of one country."""

    name: str
    country: str
    country_code: str


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres between two WGS84 points."""
    phi1, phi2 = math.radians(lat1), math.radians(lat2)
    d_phi = phi2 - phi1
    d_lambda = math.radians(lon2 - lon1)
    a = math.sin(d_phi / 2) ** 2 + math.cos(phi1) * math.cos(phi2) * math.sin(d_lambda / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))


class Gazetteer:
    """Looks up cities, regions and countries by name, and cities by position."""

    def __init__(
        self,
        cities: Sequence[City],
        city_aliases: dict[str, City],
        country_names: dict[str, str],
    ) -> None:
        self._cities = tuple(cities)
        self._cities_by_key: dict[str, City] = {}
        for city in sorted(self._cities, key=lambda c: c.population_thousands, reverse=True):
            # Most populous first: a bare "San Jose" means the larger city.
            self._cities_by_key.setdefault(normalize_place_name(city.name), city)
        for alias, city in city_aliases.items():
            self._cities_by_key.setdefault(normalize_place_name(alias), city)
        self._regions_by_key: dict[str, Region] = {}
        for city in sorted(self._cities, key=lambda c: c.population_thousands, reverse=True):
            region = Region(city.region, city.country, city.country_code)
            self._regions_by_key.setdefault(normalize_place_name(city.region), region)
        self._countries_by_key = {normalize_place_name(k): v for k, v in country_names.items()}

    @property
    def cities(self) -> tuple[City, ...]:
        """Every city, in file order."""
        return self._cities

    def city_and_region_keys(self) -> frozenset[str]:
        """Normalized names of all cities (aliases included) and regions."""
        return frozenset(self._cities_by_key) | frozenset(self._regions_by_key)

    def find_city(self, name: str) -> City | None:
        """The city called ``name`` (any alias, any accents), or None."""
        return self._cities_by_key.get(normalize_place_name(name))

    def find_region(self, name: str) -> Region | None:
        """The region called ``name``, or None."""
        return self._regions_by_key.get(normalize_place_name(name))

    def find_country(self, name: str) -> str | None:
        """The English country name for a country name or alias, or None."""
        return self._countries_by_key.get(normalize_place_name(name))

    def nearest_city(self, latitude: float, longitude: float, max_km: float) -> City | None:
        """The closest city within ``max_km`` of the point, or None if there is none.

        A linear scan is enough: a few hundred cities cost microseconds, and a
        spatial index would be another dependency for no measurable gain.
        """
        best: City | None = None
        best_km = max_km
        for city in self._cities:
            km = haversine_km(latitude, longitude, city.latitude, city.longitude)
            if km <= best_km:
                best, best_km = city, km
        return best


def _read_rows(filename: str) -> Iterable[dict[str, str]]:
    """Rows of a data file. JSON rather than CSV because Flower packs only a few
    file types (.py, .json, .toml, …) into the app bundle the nodes run."""
    text = resources.files("privacy").joinpath("data", filename).read_text(encoding="utf-8")
    return list(json.loads(text))


def _aliases(field: str) -> list[str]:
    return [alias for alias in field.split("|") if alias]


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The gazetteer shipped in ``privacy/data``, parsed once per process."""
    country_names: dict[str, str] = {}
    names_by_code: dict[str, str] = {}
    for row in _read_rows("countries.json"):
        names_by_code[row["code"]] = row["name"]
        for name in [row["name"], *_aliases(row["aliases"])]:
            country_names[name] = row["name"]

    cities: list[City] = []
    city_aliases: dict[str, City] = {}
    for row in _read_rows("cities.json"):
        city = City(
            name=row["name"],
            country=names_by_code[row["country_code"]],
            country_code=row["country_code"],
            region=row["region"],
            latitude=float(row["latitude"]),
            longitude=float(row["longitude"]),
            population_thousands=int(row["population_thousands"]),
        )
        cities.append(city)
        for alias in _aliases(row["aliases"]):
            city_aliases[alias] = city
    return Gazetteer(cities, city_aliases, country_names)
