"""PublicNameRecognizer alone: brands, characters and landmarks shaped like names."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import PublicNameRecognizer
from privacy.desensitize.recognizers.public_name import PUBLIC_NAME

from . import assert_found, assert_nothing

SCORES = (1.0, 1.0)


@pytest.fixture(scope="module")
def recognizer() -> PublicNameRecognizer:
    return PublicNameRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("a glass of Jack Daniel's tonight", [(11, 24, "Jack Daniel's")]),
        ("ask Siri to call", [(4, 8, "Siri")]),
        ("I read Sherlock Holmes", [(7, 22, "Sherlock Holmes")]),
        ("I love Big Ben.", [(7, 14, "Big Ben")]),
    ],
)
def test_public_names_are_found(
    recognizer: PublicNameRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, PUBLIC_NAME, SCORES)


@pytest.mark.parametrize("text", ["Jack Daniels called", "Big Bend park", "Siris", "call Ann"])
def test_other_names_are_not(recognizer: PublicNameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_the_names_can_be_given() -> None:
    recognizer = PublicNameRecognizer(["Acme Rocket"])
    expected = [(3, 16, "Acme Rocket's")]
    assert_found(recognizer, "an Acme Rocket's fuel", expected, PUBLIC_NAME, SCORES)
    assert_nothing(recognizer, "ask Siri")
