"""PersonCueRecognizer alone: capitalized names that the words around them show to be people."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import PersonCueRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.86, 0.9)  # above the NER model's 0.85
KNOWN = (0.9, 1.0)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> PersonCueRecognizer:
    return PersonCueRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call Noor tomorrow", [(5, 9, "Noor")]),
        ("pay Noor back", [(4, 8, "Noor")]),
        ("whats Priya's number", [(6, 11, "Priya")]),
        ("text Tom Hall and Ann Smith", [(5, 13, "Tom Hall"), (18, 27, "Ann Smith")]),
        # After a verb, a name may start with a city.
        ("call Charlotte Jones", [(5, 20, "Charlotte Jones")]),
        ("my landlord Olumide Adeyemi", [(12, 27, "Olumide Adeyemi")]),
        ("Olumide Adeyemi is my landlord", [(0, 15, "Olumide Adeyemi")]),
        ("Théo Leroy 06 44 97 78 26", [(0, 10, "Théo Leroy")]),
        ("dinner at Sophie's", [(10, 16, "Sophie")]),
        ("ttell Marco", [(6, 11, "Marco")]),  # a typo of a cue word
        ("Meet Anna, then call Anna", [(5, 9, "Anna"), (21, 25, "Anna")]),
    ],
)
def test_cued_names_are_found(recognizer: PersonCueRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "from Lyon",  # a city
        "from Brussels Airport",  # after a preposition, a name starting with a place
        "text Charlotte",  # a person called like a city is caught only when known
        "from Platform 3",  # a numbered thing
        "call Mum",
        "with Monday",
        "call TV",
        "call noor",
    ],
)
def test_places_things_and_roles_are_not(recognizer: PersonCueRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_known_names_are_the_only_ones_and_may_be_places(gazetteer: Gazetteer) -> None:
    recognizer = PersonCueRecognizer(gazetteer, only_names=["charlotte"])
    assert recognizer.name == "KnownPersonCueRecognizer"
    assert_found(recognizer, "text Charlotte now", [(5, 14, "Charlotte")], ENTITY, KNOWN)
    assert_nothing(recognizer, "call Noor")
    assert_nothing(recognizer, "Charlotte is lovely")  # no cue
