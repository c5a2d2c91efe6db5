"""NamedStreetRecognizer alone: a street's name and type word, with no number, after a preposition."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import NamedStreetRecognizer
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.5, 0.6)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> NamedStreetRecognizer:
    return NamedStreetRecognizer(gazetteer)


def _at(text: str, value: str) -> tuple[int, int, str]:
    start = text.index(value)
    return start, start + len(value), value


@pytest.mark.parametrize(
    "text, value",
    [
        ("These early shows on Hutton Bridge Street were important.", "Hutton Bridge Street"),
        ("She grew up on Nansen Crescent.", "Nansen Crescent"),
        ("the bakery along Sørensen Road", "Sørensen Road"),
        ("Turn off Mederico Ave. after the bridge", "Mederico Ave."),
        # After "at", "in" or "from", a word of living or owning before it.
        ("She grew up in Pemberton Mews.", "Pemberton Mews"),
        ("Their flat is in Pemberton Mews.", "Pemberton Mews"),
        # A lowercase word after it, or a headline too short to tell.
        ("A tree fell on Nelson Mandela Avenue in town.", "Nelson Mandela Avenue"),
        ("Protests Erupt on Nansen Avenue", "Nansen Avenue"),
    ],
)
def test_a_named_street_after_a_preposition_is_found(
    recognizer: NamedStreetRecognizer, text: str, value: str
) -> None:
    assert_found(recognizer, text, [_at(text, value)], ENTITY, SCORES)


def test_after_at_a_town_vouches_for_the_street(recognizer: NamedStreetRecognizer) -> None:
    text = "We met at Tardif Lane, Lisbon"
    assert_found(recognizer, text, [_at(text, "Tardif Lane, Lisbon")], ENTITY, SCORES)


def test_the_town_after_it_is_read_as_its_place(recognizer: NamedStreetRecognizer) -> None:
    text = "He lives on Busch Road, Lisbon"
    (result,) = assert_found(recognizer, text, [_at(text, "Busch Road, Lisbon")], ENTITY, SCORES)
    assert result.recognition_metadata[LOCALITIES_KEY] == ("Lisbon",)


@pytest.mark.parametrize(
    "text",
    [
        # Every word of the name is a frequent English word: idioms and titles.
        "A trip down Memory Lane.",
        "Life on Easy Street",
        "We watched it on Coronation Street",
        "She lives on Main Street.",
        # Type words that name other things as often as streets.
        "Saved on Hutton Drive",
        "The case went to Nansen Court",
        # No preposition before it: a name, not a place in the sentence.
        "Hutton Road Ltd. won the contract.",
        # A word that takes a number, or a lowercase type word.
        "at Gate Road",
        "on Hutton street",
        # From an adversarial review: grounds, stations, firms, films and people
        # named after streets. After "at", "in", "from": no town, no home word.
        "We met at Tardif Lane",
        "Norwich were beaten 3-0 at Carrow Road.",
        "Change at Edgware Road for the Circle line.",
        "The train from Euston Road was delayed.",
        # A capitalized word that is no town, or a possessive, after it.
        "Talks stall on Brexit Road Map",
        "The single was released on Hedgerow Lane Records in 2019.",
        "Prices on Hutton Road's market stalls rose.",
        # A function word inside the name: a title.
        "Her essay on If Beale Street could talk.",
        # A headline.
        "Shares Slide Sharply On Cupertino Avenue",
        # A given name and a surname that is also a type word.
        "Keep an eye on Cassidy Lane, she is the new striker.",
        # A famous street (public_names.json).
        "Mods used to shop on Carnaby Street in the sixties.",
    ],
)
def test_other_names_are_not_streets(recognizer: NamedStreetRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
