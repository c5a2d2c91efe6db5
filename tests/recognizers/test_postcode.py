"""PostcodeRecognizer alone: postcodes next to a known city, unmistakable shapes, or after a cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import PostcodeRecognizer
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
)

from . import assert_found, assert_nothing

ENTITY = "POSTCODE"
WITH_CITY = (0.65, 0.75)
ALONE = (0.55, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> PostcodeRecognizer:
    return PostcodeRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected, cities, postcode, country",
    [
        ("75002 Paris", (0, 11, "75002 Paris"), ("Paris",), "75002", None),
        ("1015 CJ Amsterdam", (0, 17, "1015 CJ Amsterdam"), ("Amsterdam",), "1015 CJ", "NL"),
        ("London NW1 6XE", (0, 14, "London NW1 6XE"), ("London",), "NW1 6XE", "GB"),
        ("Austin, TX 78701", (0, 16, "Austin, TX 78701"), ("Austin",), "78701", None),
        ("Sydney NSW 2000", (0, 15, "Sydney NSW 2000"), ("Sydney",), "2000", None),
        ("Bengaluru - 560001", (0, 18, "Bengaluru - 560001"), ("Bengaluru",), "560001", None),
        # Whatever follows the postcode: the length of a stay.
        ("Sydney NSW 2000 2 nights", (0, 15, "Sydney NSW 2000"), ("Sydney",), "2000", None),
        # The city next to the postcode, after other capitalized words.
        ("Visit Paris 75002 soon", (6, 17, "Paris 75002"), ("Paris",), "75002", None),
        ("in SANDNES 4322", (3, 15, "SANDNES 4322"), ("SANDNES",), "4322", None),
        ("Frankfurt am Main 60311", (0, 23, "Frankfurt am Main 60311"), ("Frankfurt am Main",), "60311", None),
        # A district after the city ("Jakarta Selatan" is South Jakarta).
        ("Jakarta Selatan 12730", (0, 21, "Jakarta Selatan 12730"), ("Jakarta",), "12730", None),
        # A Czech or Slovak town's district number between it and the postcode.
        ("Ostrava 3 703 00", (0, 16, "Ostrava 3 703 00"), ("Ostrava",), "703 00", None),
        ("in Praha 4 140 00 now", (3, 17, "Praha 4 140 00"), ("Praha",), "140 00", None),
        # Three digits where the city's country writes its postcodes so.
        ("101 Reykjavík", (0, 13, "101 Reykjavík"), ("Reykjavík",), "101", None),
        # A country next to the postcode tells the country.
        ("Czech Republic 52241", (0, 20, "Czech Republic 52241"), (), "52241", "CZ"),
        (
            "Tokyo 160-0022 Shinjuku",
            (0, 23, "Tokyo 160-0022 Shinjuku"),
            ("Shinjuku", "Tokyo"),
            "160-0022",
            "JP",
        ),
    ],
)
def test_postcodes_next_to_their_city_carry_it(
    recognizer: PostcodeRecognizer,
    text: str,
    expected: tuple[int, int, str],
    cities: tuple[str, ...],
    postcode: str,
    country: str | None,
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, WITH_CITY)
    metadata = result.recognition_metadata
    assert metadata[LOCALITIES_KEY] == cities
    assert metadata[POSTCODES_KEY] == (postcode,)
    assert metadata[COUNTRY_KEY] == metadata[POSTCODE_COUNTRY_KEY] == country


@pytest.mark.parametrize(
    "text, expected, country",
    [
        ("SW1A 1AA", (0, 8, "SW1A 1AA"), "GB"),
        ("〒100-0005", (0, 9, "〒100-0005"), "JP"),
        ("ZIP: 94103", (5, 10, "94103"), "US"),  # "ZIP" says the United States
        ("postcode 2000", (9, 13, "2000"), None),
        ("CEP 01310-100", (4, 13, "01310-100"), "BR"),
        ("eircode D02 X285", (8, 16, "D02 X285"), "IE"),
        # A cue only one country writes before a postcode of that length.
        ("zip is 10115", (7, 12, "10115"), "US"),
        ("PLZ 80331", (4, 9, "80331"), "DE"),
        ("CAP 20121", (4, 9, "20121"), "IT"),
        ("PIN code 560038", (9, 15, "560038"), "IN"),
        ("code postal : 75002", (14, 19, "75002"), "FR"),
        ("posta kodum 16050", (12, 17, "16050"), "TR"),
        ("kode pos 20152", (9, 14, "20152"), "ID"),
        ("индекс 620014", (7, 13, "620014"), "RU"),
        ("PSČ 602 00", (4, 10, "602 00"), "CZ"),
        ("Postnumret är 113 46", (14, 20, "113 46"), "SE"),
        ("Mój kod pocztowy to 80-834", (20, 26, "80-834"), "PL"),
        # Cues several countries write leave the country open.
        ("CP 28013", (3, 8, "28013"), None),
        ("código postal 28013", (14, 19, "28013"), None),
        ("PLZ 8001", (4, 8, "8001"), None),
        ("PSČ 811 01", (4, 10, "811 01"), None),  # Slovak
        ("postnummer 0159", (11, 15, "0159"), None),  # Norwegian
        ("My zip code is 757", (15, 18, "757"), None),
        # A few words after a postal cue or a parcel, in a chat.
        ("postinumero on nyt 00530", (19, 24, "00530"), None),
        ("le code postal c'est 59800", (21, 26, "59800"), "FR"),
        ("das Päckchen bitte an die Packstation in 50667 schicken", (41, 46, "50667"), None),
        ("i paczkę wysyłaj już na nowy kod, 30-418", (34, 40, "30-418"), "PL"),
        ("het pakket moet naar 3511 LX", (21, 28, "3511 LX"), "NL"),
        ("postcode van de nieuwe flat is 9711", (31, 35, "9711"), None),
        # After "in", a place the gazetteer does not know: the postcode alone.
        ("in Villa Darwin 75000 now", (16, 21, "75000"), None),
        ("in Villar de las Nadas 30400", (23, 28, "30400"), None),
    ],
)
def test_postcodes_alone_or_after_a_cue_carry_no_city(
    recognizer: PostcodeRecognizer,
    text: str,
    expected: tuple[int, int, str],
    country: str | None,
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, ALONE)
    metadata = result.recognition_metadata
    assert metadata[LOCALITIES_KEY] == ()
    assert metadata[POSTCODES_KEY] == (expected[2].lstrip("〒"),)
    assert metadata[COUNTRY_KEY] == metadata[POSTCODE_COUNTRY_KEY] == country


@pytest.mark.parametrize(
    "text",
    [
        "2000 people came",
        "Paris 2024 was great",  # a year, not a postcode
        "1999 Berlin",
        "room 12345",
        "75002 Narnia",  # the gazetteer does not know the city
        "ZIP file",
        "the cp 28013",  # "CP" only in capitals
        "CAPTAIN 20121",
        "Oslo 300",  # Norway writes four digits
        "Paris 500 people",
        "in Room 2301",
        "in Windows 2000",
        "Praha 4 140 people",  # no postcode after the number
        "Oslo 3 703 00",  # Norway writes no postcode so
        "Paket 12345 ist angekommen",  # the parcel's own number
        "colis n° 48213 livré",
        "das Paket wiegt 2500 g",  # a weight
        "la paquete cuesta 12500 €",  # a price
        "postcode changed in 2024",  # a year
        "the parcel arrived. 12345 people",  # a sentence's end between
        "Mobile – 0412 889 301",  # the head of a longer number: a phone
        # Four digits after a dash: as often a count or a time ("Sydney - 1200 sold").
        "Sydney - 1200 sold",
        "Oslo - 1830 departure",
    ],
)
def test_other_numbers_are_not(recognizer: PostcodeRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text, postcode, country",
    [
        ("das Päckchen bitte an die Packstation in 50667 schicken, danke dir", "50667", "DE"),
        ("et pour le colis c'est toujours le 69007, je ne suis pas là", "69007", "FR"),
        # A shape of another country's is that country's.
        ("das Päckchen bitte an die Packstation in 30-418 schicken, danke dir", "30-418", "PL"),
    ],
)
def test_a_postcode_alone_takes_the_country_of_the_texts_language(
    recognizer: PostcodeRecognizer, text: str, postcode: str, country: str | None
) -> None:
    (result,) = recognizer.analyze(text, [ENTITY])
    assert text[result.start : result.end] == postcode
    assert result.recognition_metadata[COUNTRY_KEY] == country
