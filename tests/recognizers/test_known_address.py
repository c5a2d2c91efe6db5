"""KnownAddressRecognizer alone: the device's own addresses, each with its city."""

from __future__ import annotations

import pytest
import regex

from privacy.desensitize.recognizers.known_address import KnownAddressRecognizer
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.78, 0.85)  # above the pattern-based address recognizer's 0.75


@pytest.fixture(scope="module")
def recognizer() -> KnownAddressRecognizer:
    return KnownAddressRecognizer(
        {
            regex.compile(r"(?<!\w)Meir\s+148(?!\w)"): "Antwerp",
            regex.compile(r"(?<!\w)Hidden\s+Lane\s+9(?!\w)"): None,
        }
    )


@pytest.mark.parametrize(
    "text, expected, locality",
    [
        ("lunch near Meir 148?", (11, 19, "Meir 148"), "Antwerp"),
        ("back to Hidden Lane 9", (8, 21, "Hidden Lane 9"), None),
    ],
)
def test_known_addresses_carry_their_city(
    recognizer: KnownAddressRecognizer,
    text: str,
    expected: tuple[int, int, str],
    locality: str | None,
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, SCORES)
    assert result.recognition_metadata[LOCALITY_KEY] == locality


def test_every_mention_is_found(recognizer: KnownAddressRecognizer) -> None:
    text = "Meir 148 or Hidden Lane 9, then Meir 148 again"
    results = assert_found(
        recognizer,
        text,
        [(0, 8, "Meir 148"), (12, 25, "Hidden Lane 9"), (32, 40, "Meir 148")],
        ENTITY,
        SCORES,
    )
    assert [r.recognition_metadata[LOCALITY_KEY] for r in results] == ["Antwerp", None, "Antwerp"]


@pytest.mark.parametrize("text", ["Meir 1480", "Meir", "Hidden Lane 19", ""])
def test_other_addresses_are_not(recognizer: KnownAddressRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_no_addresses_find_nothing() -> None:
    assert_nothing(KnownAddressRecognizer({}), "Meir 148")
