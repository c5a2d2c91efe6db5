"""StreetAddressRecognizer alone: FR, BE, NL, DE, GB, IE, US and CA street grammars."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import StreetAddressRecognizer
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
WITH_LOCALITY = (0.7, 0.8)
STREET_ONLY = (0.55, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> StreetAddressRecognizer:
    return StreetAddressRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected, locality",
    [
        (
            "I live at 221B Baker Street, London NW1 6XE.",
            (10, 43, "221B Baker Street, London NW1 6XE"),
            "London",
        ),
        (
            "350 Fifth Avenue, New York, NY 10118",
            (0, 36, "350 Fifth Avenue, New York, NY 10118"),
            "New York",
        ),
        ("12 rue de la Paix, 75002 Paris", (0, 30, "12 rue de la Paix, 75002 Paris"), "Paris"),
        (
            "Rue de la Loi 16, 1000 Bruxelles",
            (0, 32, "Rue de la Loi 16, 1000 Bruxelles"),
            "Bruxelles",
        ),
        ("Hauptstraße 5, 10115 Berlin", (0, 27, "Hauptstraße 5, 10115 Berlin"), "Berlin"),
        (
            "Keizersgracht 123, 1015 CJ Amsterdam",
            (0, 36, "Keizersgracht 123, 1015 CJ Amsterdam"),
            "Amsterdam",
        ),
        ("795 Broadway, Chicago, IL 60610", (0, 31, "795 Broadway, Chicago, IL 60610"), "Chicago"),
        # A town stays on its line: a form's next field and a count are no part of it.
        ("221B Baker Street, London\n1\n2\nTotal 3450", (0, 25, "221B Baker Street, London"), "London"),
        ("Hauptstraße 5, 10115 Berlin\nQty\n3", (0, 27, "Hauptstraße 5, 10115 Berlin"), "Berlin"),
        # A person's initial in the name, with a town after it.
        ("He lives on 184 G. Seferi Street, Nicosia", (12, 41, "184 G. Seferi Street, Nicosia"), "Nicosia"),
    ],
)
def test_addresses_with_a_locality_carry_it(
    recognizer: StreetAddressRecognizer,
    text: str,
    expected: tuple[int, int, str],
    locality: str,
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, WITH_LOCALITY)
    assert result.recognition_metadata[LOCALITY_KEY] == locality


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12 Main St", (0, 10, "12 Main St")),
        ("near Meir 148", (5, 13, "Meir 148")),  # a one-word street after a preposition
        ("op Kouter 55 vandaag", (3, 12, "Kouter 55")),
        # An initial with its dot inside the name: a compass point's.
        ("The bus station is on 104 N. Nikodimou Street", (22, 45, "104 N. Nikodimou Street")),
        # A person's initial in the name after an address word.
        ("He lives on 184 G. Seferi Street with his dog", (12, 32, "184 G. Seferi Street")),
        ("The restaurant is at 166 K. Giamboudaki Street", (21, 46, "166 K. Giamboudaki Street")),
        # "Str." for a street, as Greek and German writers shorten it in English.
        ("Pedestrians must enter on 12 Liktou Str. first", (26, 40, "12 Liktou Str.")),
        # Saint, Mount and Fort shortened in the name.
        ("The bus drops you off at 2558 St. John Street", (25, 45, "2558 St. John Street")),
        # A street's name stays on its line: the next one is a field label.
        ("76 Avenue Mohamed Salah Gafsia\nMobile: +1 555 0100", (0, 30, "76 Avenue Mohamed Salah Gafsia")),
    ],
)
def test_streets_without_a_locality_have_none(
    recognizer: StreetAddressRecognizer, text: str, expected: tuple[int, int, str]
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, STREET_ONLY)
    assert result.recognition_metadata[LOCALITY_KEY] is None


@pytest.mark.parametrize(
    "text",
    [
        "in Lyon 3",  # an arrondissement: the city must survive
        "from Platform 3",
        "at Gate 12",
        "on Windows 11",
        "Meir 148",  # a one-word street needs a preposition
        "12 Angry Men",
        "Our 3 J. Crew Court shoes sold out.",  # a person's initial and no town
        "He scored 3 G. Bale Way goals.",
        "Seeds: 1 M. Court, 2 B. King",  # an initial right before the type word
        "In 1999 J. Lo Street style was everywhere",
        "Strength 12 Str 14 Dex",  # "Str" without its dot
        "The amulet gives +3 Bonus Str. to warriors",  # "Str." after an English word: a stat
    ],
)
def test_numbered_things_are_not_streets(recognizer: StreetAddressRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
