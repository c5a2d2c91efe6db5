"""Generalize detected locations to the granularity a data policy allows.

Personalization needs to know *where* a user is roughly (a city, a region, a
country), but a GPS fix or a street address pins down a home. Precise locations
are therefore rewritten to the gazetteer place they fall in, written at the
policy's level. When the gazetteer cannot vouch for a place the location is
removed, never guessed: a wrong city would be both useless and misleading.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

from privacy.desensitize.gazetteer import City, Gazetteer

LocationLevel = Literal["city", "region", "country"]
LOCATION_LEVELS: tuple[str, ...] = get_args(LocationLevel)

REMOVED_LOCATION = "<LOCATION>"

# A fix further than this from every gazetteer city is in a place we cannot name
# safely (countryside, sea, a city we do not know); half an hour's drive keeps
# suburbs with their city without reaching the next one.
NEAREST_CITY_MAX_KM = 50.0


_NOT_POSTCODE_CHARACTER = re.compile(r"[^0-9A-Z]")
_LEADING_LETTERS = re.compile(r"[A-Z]+")


class PostcodeCities:
    """The city a postcode's leading characters belong to, where one city owns them.

    From ``privacy/desensitize/data/postcode_cities.json``: the core postcode areas of
    major cities ("SW" London, "M" Toronto, 75001–75020 Paris, 2000–2234
    Sydney). Used only when an address names no known city, or a postcode
    stands alone ("Fitzroy VIC 3065" is Melbourne, "SW1A 1AA" London).
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self._prefixes: dict[str, dict[str, str]] = data["prefixes"]
        self._ranges: dict[str, list[list[str]]] = data["ranges"]

    def city(self, postcode: str, country_code: str | None) -> str | None:
        """The city name for ``postcode`` in ``country_code``, or None."""
        compact = _NOT_POSTCODE_CHARACTER.sub("", postcode.upper())
        if country_code == "GB":
            area = _LEADING_LETTERS.match(compact)
            return self._prefixes["GB"].get(area.group()) if area else None
        if country_code in self._prefixes:
            table = self._prefixes[country_code]
            return next((table[compact[:n]] for n in (3, 2, 1) if compact[:n] in table), None)
        for low, high, city in self._ranges.get(country_code or "", ()):
            key = compact[: len(low)]
            if key.isdigit() and low <= key <= high:
                return city
        return None


@lru_cache(maxsize=1)
def default_postcode_cities() -> PostcodeCities:
    """The table shipped in ``privacy/data``, parsed once."""
    text = resources.files("privacy.desensitize").joinpath("data", "postcode_cities.json").read_text("utf-8")
    return PostcodeCities(json.loads(text))


# Words after a town's name that make the words a street's or a district's
# name instead: "Kumasi Crescent", "Roma Norte", "Lagos Road".
_STREET_OR_COMPASS_WORDS = frozenset(
    """
    street st road rd avenue ave lane ln drive dr boulevard blvd crescent cres close way terrace court
    calle carrera avenida rua rue strasse straße norte sur este oeste north south east west nord sud ost
    """.split()
)


def _join(*parts: str) -> str:
    """Join name parts, dropping repeats ("Singapore, Singapore" -> "Singapore")."""
    unique: list[str] = []
    for part in parts:
        if part not in unique:
            unique.append(part)
    return ", ".join(unique)


class LocationGeneralizer:
    """Writes places at one granularity: "Paris, France", "Île-de-France, France" or "France"."""

    def __init__(self, gazetteer: Gazetteer, level: str) -> None:
        if level not in LOCATION_LEVELS:
            raise ValueError(f"location level must be one of {LOCATION_LEVELS}, got {level!r}")
        self._gazetteer = gazetteer
        self._level = level

    @property
    def level(self) -> str:
        """The granularity places are written at."""
        return self._level

    def describe_city(self, city: City) -> str:
        """A gazetteer city written at this generalizer's level."""
        if self._level == "city":
            return _join(city.name, city.country)
        if self._level == "region":
            return _join(city.region, city.country) if city.region else city.country
        return city.country

    def for_coordinates(self, latitude: float, longitude: float) -> str:
        """Replacement for a GPS fix: its nearest known city, or removal."""
        city = self._gazetteer.nearest_city(latitude, longitude, NEAREST_CITY_MAX_KM)
        return self.describe_city(city) if city else REMOVED_LOCATION

    def for_address(self, locality: str | None) -> str:
        """Replacement for a street address that names ``locality`` (or no locality).

        Localities often carry trailing words the address grammar cannot tell
        from the city name ("Paris Cedex", "Ottawa ON"), so the longest leading
        run of words that names a known city is used.
        """
        return self.for_address_parts((locality,) if locality else (), None)

    def for_address_parts(
        self,
        parts: Sequence[str],
        country_code: str | None,
        postcodes: Sequence[str] = (),
        postcode_country: str | None = None,
        record_countries: Sequence[str] = (),
    ) -> str:
        """Replacement for an address whose tail names ``parts`` (districts, city, state…).

        The city is the most populous place among the parts (each read by its
        longest leading run of words that names one): of "Sumida-ku, Tokyo" or
        "Cuauhtémoc, Ciudad de México" it is Tokyo and Mexico City, of
        "Rosebank, Johannesburg" Johannesburg. Only places in the countries the
        address supports count (:meth:`_countries`), and a name that is a city
        in several of them counts only where the gazetteer can tell which
        (:meth:`~privacy.desensitize.gazetteer.Gazetteer.resolve_locality`).
        When no part is such a city, the postcode may still name one
        (:class:`PostcodeCities`). Failing that, the address is written as the
        one country it supports, if any, and removed otherwise: a place the
        text does not support is never named.
        """
        countries = self._countries(country_code, postcode_country, parts, postcodes, record_countries)
        found = []
        for part in parts:
            city = self._part_city(part.split(), countries)
            if city:
                found.append(city)
        for postcode in postcodes if not found else ():
            name = default_postcode_cities().city(postcode, postcode_country)
            city = self._gazetteer.find_locality(name, postcode_country) if name else None
            if city:
                found.append(city)
        if found:
            return self.describe_city(max(found, key=lambda c: c.population_thousands))
        if countries is not None and len(countries) == 1:
            country = self._gazetteer.country_name(next(iter(countries)))
            return country or REMOVED_LOCATION
        return REMOVED_LOCATION

    def _part_city(self, words: Sequence[str], countries: frozenset[str] | None) -> City | None:
        """The place a part names by its longest leading run of words that names one.

        A run is no guess where the words after it make it another place's or
        a street's name: a run that names places the address cannot tell
        apart ("San Fernando" of Trinidad, Spain or the Philippines, whole or
        before a word the gazetteer lacks: "san fernando liming") is not
        "San" in Mali, and a town before a street's or a compass word is a
        street or a district named after it ("Kumasi Crescent" in Abuja,
        "Roma Norte" in Mexico City).
        """
        for end in range(len(words), 0, -1):
            name = " ".join(words[:end])
            if end < len(words) and words[end].casefold().rstrip(".") in _STREET_OR_COMPASS_WORDS:
                return None
            city = self._gazetteer.resolve_locality(name, countries)
            if city:
                return city
            if self._gazetteer.localities(name):
                return None
        return None

    def _countries(
        self,
        country_code: str | None,
        postcode_country: str | None,
        parts: Sequence[str],
        postcodes: Sequence[str],
        record_countries: Sequence[str] = (),
    ) -> frozenset[str] | None:
        """The countries an address can be in, from the strongest hint it has; None if any.

        A country named in the address or implied by the shape of its postcode
        (``country_code``) comes first, then a state or province code
        (``postcode_country``: "ON" is Canada, "IL 62704" the United States),
        which narrows only to a country where a place of that name is, if the
        address names any known place,
        then the countries, among those with a place of that name, whose
        postcodes are written like the address's: "46001 Valencia" is in
        Spain, whose postcodes have five digits, not in Venezuela (four). A
        postcode no candidate writes so says nothing, and narrows nothing.
        Last, the countries the rest of the record suggests
        (``record_countries``: its phone prefixes, countries it names) pick
        among the candidates still left, and never add one.
        """
        if country_code:
            return frozenset({country_code})
        named = {
            city.country_code
            for part in parts
            for end in range(len(part.split()), 0, -1)
            for city in self._gazetteer.localities(" ".join(part.split()[:end]))
        }
        if postcode_country and (not named or postcode_country in named):
            return frozenset({postcode_country})
        fitting = frozenset(
            code for code in named if any(self._gazetteer.postcode_fits(postcode, code) for postcode in postcodes)
        )
        left = fitting or frozenset(named)
        hinted = left & frozenset(record_countries)
        return hinted or fitting or None

    def for_place_name(self, name: str) -> str | None:
        """Replacement for a place named in prose, or None to keep it as written.

        At city level every named place stays: a city is exactly the allowed
        granularity and a street or landmark named without a number does not
        locate a person. At coarser levels a place is kept only when the
        gazetteer shows it is already coarse enough; anything it cannot place is
        removed rather than guessed.
        """
        if self._level == "city":
            return None
        if self._gazetteer.find_country(name):
            return None
        city = self._gazetteer.find_city(name)
        if city:
            return self.describe_city(city)
        region = self._gazetteer.find_region(name)
        if region:
            return None if self._level == "region" else region.country
        return REMOVED_LOCATION
