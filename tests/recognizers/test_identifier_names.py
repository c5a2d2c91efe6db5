"""IdentifierNamesRecognizer alone: mentions of the names an identifier of the record spells."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import IdentifierNamesRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.89, 0.95)  # above the NER model (0.85) and the cue recognizer (0.88)


@pytest.fixture(scope="module")
def recognizer() -> IdentifierNamesRecognizer:
    return IdentifierNamesRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        (
            "customer Lena Ortiz (lena.ortiz@example.com); ORTIZ called",
            [(9, 19, "Lena Ortiz"), (46, 51, "ORTIZ")],
        ),
        ("Çağla Demir, linkedin.com/in/cagla-demir-7b1", [(0, 11, "Çağla Demir")]),
        ("thanks okeke, from chidi_okeke@mail.ng", [(7, 12, "okeke")]),
        ("ping @lenaortiz, Lena knows", [(17, 21, "Lena")]),  # joined pieces split
        ("grace.okeke@x.com: ask Grace now", [(23, 28, "Grace")]),
        ("venmo.com/u/Chidi-Okeke paid. Chidi is happy.", [(30, 35, "Chidi")]),
    ],
)
def test_named_mentions_are_found(
    recognizer: IdentifierNamesRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "Lena Ortiz wrote",  # no identifier
        "contact info@shop.com for more info",  # role words are no names
        "Will you mail will.smith@example.com?",  # only common words
        "Grace period: grace.okeke@x.com",  # a common word at a sentence start
        "sj@x.com: Sj said",  # initials
    ],
)
def test_other_words_are_not(recognizer: IdentifierNamesRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
