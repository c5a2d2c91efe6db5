"""CapitalsSurnameRecognizer alone: a surname in capitals beside a given name of the lexicon."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import CapitalsSurnameRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.8, 0.8)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> CapitalsSurnameRecognizer:
    return CapitalsSurnameRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, value",
    [
        # Surname first, as registers write it, with or without a comma; one the lexicon lacks.
        ("Familiare: ROSSETTI Chiara, F, nata il 3/4/1990", "ROSSETTI Chiara"),
        ("the money went to OKELLO, Moses instead", "OKELLO, Moses"),
        ("The person who received is called NSUBUGA Moses per the SMS.", "NSUBUGA Moses"),
        # Given name first, and a second given name.
        ("full name Haruka SATO as on the passport", "Haruka SATO"),
        ("Capofamiglia: DELL'ACQUA Francesca Maria, F", "DELL'ACQUA Francesca Maria"),
    ],
)
def test_a_surname_in_capitals_beside_a_given_name_is_found(
    recognizer: CapitalsSurnameRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Acronyms, English words in capitals, and a given name that is an English word.
        "NASA Ames and IKEA Malmo",
        "PIZZA Mario is on the menu, HSBC Holdings too",
        "the BMW Mario drove",
        "GRACE Will be late",
        # Places in capitals before a station's or a place's name.
        "Departure: PARIS Charles de Gaulle (CDG)",
        "From: LONDON Victoria To: BRIGHTON",
        # Two columns of a table.
        "SURNAME  Given",
    ],
)
def test_other_capitals_are_not(recognizer: CapitalsSurnameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
