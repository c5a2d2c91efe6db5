"""PhonePatternRecognizer alone: numbers by their written shape, local ones after a phone cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import PhonePatternRecognizer

from . import assert_found, assert_nothing

ENTITY = "PHONE_NUMBER"
SCORES = (0.45, 0.55)


@pytest.fixture(scope="module")
def recognizer() -> PhonePatternRecognizer:
    return PhonePatternRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Call me on +44 7700 900345 tonight", [(11, 26, "+44 7700 900345")]),
        ("+33 7 27 75 56 70", [(0, 17, "+33 7 27 75 56 70")]),
        ("my mobile 07700 900812", [(10, 22, "07700 900812")]),
        ("(020) 7946 0958", [(0, 15, "(020) 7946 0958")]),
        ("0152/61940475", [(0, 13, "0152/61940475")]),
        ("call 555-0199", [(5, 13, "555-0199")]),
        ("phone: 2345 6789", [(7, 16, "2345 6789")]),
        # A year written after a number is cut off once the digits are too many.
        ("+33 6 12 34 56 78 2024 10", [(0, 22, "+33 6 12 34 56 78 2024")]),
        # "00" is a country code and also a trunk 0: both shapes report it.
        ("0044 20 7946 0958", [(0, 12, "0044 20 7946"), (0, 17, "0044 20 7946 0958")]),
    ],
)
def test_phone_numbers_are_found(
    recognizer: PhonePatternRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "It costs 0.5 EUR",
        "at 09:00",
        "01.02.2024 1030",
        "postcode 75002",
        "ISBN 978-3-16-148410-0",
        "room 555-0199",  # a local number needs a phone cue
        "ext 1234",
        "order 0123",  # too short
    ],
)
def test_other_numbers_are_not(recognizer: PhonePatternRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
