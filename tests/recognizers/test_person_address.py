"""Names a text addresses or gives lines to, through PersonLexiconRecognizer:
vocatives ("Satsita, can I …") and the speaker labels of a dialogue."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import PersonLexiconRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
LONE = (0.55, 0.65)  # a lone word of the lexicon recognizer
FULL = (0.75, 0.84)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> PersonLexiconRecognizer:
    return PersonLexiconRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        # Names neither the lexicon nor an English word list knows.
        ("Satsita, can I please speak to your boss?", [(0, 7, "Satsita", LONE)]),
        ("Fine. Pinabel, you said so.", [(6, 13, "Pinabel", LONE)]),
        ("Don't go to town, Amleto!", [(18, 24, "Amleto", LONE)]),
        ("Remember me, Noa? I talked like this!", [(13, 16, "Noa", LONE)]),
        (
            'Thilda: "Who are you?"\nThilda:"I\'m his daughter".',
            [(0, 6, "Thilda", LONE), (23, 29, "Thilda", LONE)],
        ),
        (
            "Marija Cvetka: What a wife.\nOla: Remember me?",
            [(0, 13, "Marija Cvetka", FULL), (28, 31, "Ola", LONE)],
        ),
        # An English word beside the name does not take the name down with it.
        ("Zorbek Rose, can you help?", [(0, 6, "Zorbek", LONE)]),
        # Outside ASCII a word without a Latin vowel is no abbreviation.
        ("Don't go to town, Сергей!", [(18, 24, "Сергей", LONE)]),
    ],
)
def test_addressed_names_are_found(
    recognizer: PersonLexiconRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, LONE)


@pytest.mark.parametrize(
    "text",
    [
        "Name: Ola\nAddress: High Street",  # field labels are English words
        "Note: see below\nSubject: the invoice",
        "Hello, world",
        "Thanks, Team!",
        "Yes, Sir",
        "Dear Customer,",
        "Netflix, which raised its prices",  # a subject set off by a comma
        "Acme, based in Leeds, is hiring",
        "Is it Canon, Nikon?",  # a list item
        "I love Paris, Texas!",  # a place
        "Attn: the board\nEncl: two forms",  # abbreviations of labels
        "Zorvik: who?",  # one labelled line is no dialogue (a word the lexicon lacks)
    ],
)
def test_greetings_labels_and_subjects_are_not(
    recognizer: PersonLexiconRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)
