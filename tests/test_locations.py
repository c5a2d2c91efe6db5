"""Addresses written as the place the text supports, and never as one it does not."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer, default_gazetteer
from privacy.desensitize.locations import REMOVED_LOCATION, LocationGeneralizer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.fixture(scope="module")
def by_city(gazetteer: Gazetteer) -> LocationGeneralizer:
    return LocationGeneralizer(gazetteer, "city")


@pytest.mark.parametrize(
    "name, expected",
    [
        ("Paris", ("Paris", "FR")),  # 80 times Paris, Texas
        ("Birmingham", ("Birmingham", "GB")),
        ("Porto", ("Porto", "PT")),  # an alternate name of Bordeaux does not make it ambiguous
        ("Springfield", ("Springfield", "US")),  # several, all in one country
        ("Córdoba", None),  # Argentina's is larger than the curated Spanish one
        ("Victoria", None),
        ("Medina", None),
        ("Nowhereville", None),
    ],
)
def test_a_name_resolves_only_where_it_is_plain(
    gazetteer: Gazetteer, name: str, expected: tuple[str, str] | None
) -> None:
    city = gazetteer.resolve_locality(name)
    assert ((city.name, city.country_code) if city else None) == expected


def test_same_named_places_of_one_country_lose_their_region(gazetteer: Gazetteer) -> None:
    springfield = gazetteer.resolve_locality("Springfield")
    assert springfield is not None and springfield.region == ""


@pytest.mark.parametrize(
    "postcode, country, fits",
    [("110 00", "CZ", True), ("SW1A 1AA", "GB", True), ("1100-048", "PT", True), ("1100", "PT", False)],
)
def test_postcode_formats_come_from_geonames(gazetteer: Gazetteer, postcode: str, country: str, fits: bool) -> None:
    assert gazetteer.postcode_fits(postcode, country) is fits


@pytest.mark.parametrize(
    "parts, country, postcodes, postcode_country, expected",
    [
        # A country named in the address picks among same-named cities.
        (("Córdoba", "Argentina"), "AR", (), None, "Córdoba, Argentina"),
        (("Córdoba",), None, (), None, REMOVED_LOCATION),
        # The postcode's format does too: Spain writes five digits, Venezuela four.
        (("Valencia",), None, ("46001",), None, "Valencia, Spain"),
        (("Valencia",), None, ("2001",), None, "Valencia, Venezuela"),
        # A state code before a ZIP says United States, for a town nobody here knows.
        (("Hollowbrook",), None, ("66012",), "US", "United States"),
        # A province code that reads like a US state does not move Milan.
        (("Milano",), None, ("20121",), "US", "Milan, Italy"),
        # A town the gazetteer does not know, in a named country: the country.
        (("Runkelen", "Belgium"), "BE", ("65601",), "BE", "Belgium"),
        # A postcode alone names the big city whose core area it is in.
        ((), None, ("4050-263",), "PT", "Porto, Portugal"),
        ((), None, ("80-834",), "PL", "Gdańsk, Poland"),
        ((), None, ("602 00",), "CZ", "Brno, Czechia"),
        ((), None, ("113 46",), "SE", "Stockholm, Sweden"),
        ((), None, ("620014",), "RU", "Yekaterinburg, Russia"),
        ((), None, ("06690",), "TR", "Ankara, Turkey"),
        # A town's name before a street's or a compass word names a street or a
        # district, and a name of several towns is no shorter one: never elsewhere.
        (("Kumasi Crescent", "Wuse 2", "Abuja"), None, (), None, "Abuja, Nigeria"),
        (("Roma Norte",), None, (), None, REMOVED_LOCATION),
        (("San Fernando",), None, (), None, REMOVED_LOCATION),
        (("san fernando liming",), None, (), None, REMOVED_LOCATION),  # a word after it changes nothing
        (("Dar es Salaam",), None, (), None, "Dar es Salaam, Tanzania"),
        # Words after a town that are neither still leave the town.
        (("Paris Cedex",), None, (), None, "Paris, France"),
        # Nothing to go on: removed, not guessed.
        (("Runkelen",), None, ("65601",), None, REMOVED_LOCATION),
        ((), None, (), None, REMOVED_LOCATION),
    ],
)
def test_addresses_name_only_what_the_text_supports(
    by_city: LocationGeneralizer,
    parts: tuple[str, ...],
    country: str | None,
    postcodes: tuple[str, ...],
    postcode_country: str | None,
    expected: str,
) -> None:
    assert by_city.for_address_parts(parts, country, postcodes, postcode_country) == expected


def test_a_gulf_city_is_never_in_the_united_states(by_city: LocationGeneralizer) -> None:
    assert by_city.for_address_parts(("Dubai Marina", "Dubai"), "AE") == ("Dubai, United Arab Emirates")
    assert by_city.for_address_parts(("Deira", "Dubai"), None) == "Dubai, United Arab Emirates"
    assert by_city.for_address("Medina") == REMOVED_LOCATION


def test_the_rest_of_the_record_only_breaks_ties(by_city: LocationGeneralizer) -> None:
    # An Argentinian phone number in the record tells which Córdoba…
    assert by_city.for_address_parts(("Córdoba",), None, (), None, ("AR",)) == ("Córdoba, Argentina")
    # …but never overrides the address, nor names a place the address lacks.
    assert by_city.for_address_parts(("Córdoba", "Spain"), "ES", (), None, ("AR",)) == ("Córdoba, Spain")
    assert by_city.for_address_parts(("Runkelen",), None, (), None, ("BE",)) == REMOVED_LOCATION


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("東京都", ("Tokyo", "JP")),
        ("渋谷区", ("Shibuya", "JP")),
        ("上海市", ("Shanghai", "CN")),
        ("서울특별시", ("Seoul", "KR")),
        ("กรุงเทพมหานคร", ("Bangkok", "TH")),
        ("القاهرة", ("Cairo", "EG")),
        ("תל אביב", ("Tel Aviv", "IL")),
        ("मुंबई", ("Mumbai", "IN")),
        ("თბილისი", ("Tbilisi", "GE")),
        ("Երևան", ("Yerevan", "AM")),
        ("አዲስ አበባ", ("Addis Ababa", "ET")),
        # A script is read only for the countries that write it: Busan in Chinese characters is no Korean address.
        ("釜山", None),
    ],
)
def test_a_city_is_known_by_its_name_in_its_own_script(
    gazetteer: Gazetteer, name: str, expected: tuple[str, str] | None
) -> None:
    city = gazetteer.find_locality(name)
    assert ((city.name, city.country_code) if city else None) == expected
