"""ChatNameRecognizer alone: lowercase given names where a chat typed in lower case places a name."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import ChatNameRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.6, 0.6)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> ChatNameRecognizer:
    return ChatNameRecognizer(gazetteer)


def _at(text: str, *values: str) -> list[tuple[int, int, str]]:
    found, start = [], 0
    for value in values:
        start = text.index(value, start)
        found.append((start, start + len(value), value))
        start += len(value)
    return found


@pytest.mark.parametrize(
    "text, values",
    [
        ("thandiwe and i are bringing the cake at 6, dont be late", ["thandiwe"]),
        ("hey olumide u still coming to the braai tonight?", ["olumide"]),
        ("we're at anjali's place, tell vikram to park outside", ["anjali", "vikram"]),
        ("cant make it today, kemal says the shop is closed anyway", ["kemal"]),
        # After a greeting or a term of address of another language, before one or an emoji.
        ("salam fatemeh how r u? the shop opens tomorrow", ["fatemeh"]),
        ("pak hendra maaf, im the driver, already at the gate", ["hendra"]),
        ("ok so tomorrow farid bhai will bring the chairs", ["farid"]),
        ("thanks so much dewi, see you at the market", ["dewi"]),
        # After an emoji that closes a clause, a verb of meeting, or a term of address of another language.
        ("cant wait 😂 olumide says the braai is on", ["olumide"]),
        ("so excited to see keanu again this weekend", ["keanu"]),
        ("machan chidi tomorrow cricket at the grounds?", ["chidi"]),
        # A lowercase chat that pastes an address with capitals, when it reads as English.
        ("yo keanu u still owe me for the tix lol, meet at Kings Road tonight ok", ["keanu"]),
        # A word no list knows, between a word that joins people and a possessive or a verb of saying.
        ("we're all at bazza's new place tonight, bring ice", ["bazza"]),
        ("the matatu is full. wiremu says we meet at 6", ["wiremu"]),
    ],
)
def test_names_where_a_chat_places_them_are_found(
    recognizer: ChatNameRecognizer, text: str, values: list[str]
) -> None:
    assert_found(recognizer, text, _at(text, *values), ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # A text with capitals is the other recognizers' to read.
        "Thandiwe and I are bringing the cake at 6.",
        # English words, places, greetings and a name in the middle of a clause.
        "will and grace are on tonight, so hope u can make it",
        "going to paris and lagos next week, see u after",
        "ciao ragazzi, habibi come over, yalla we start at 8",
        "the cake from the thandiwe bakery was good but pricey tho",
        # A food or a shop after "that" or before an emoji.
        "lets get that ramen tonight, im starving",
        "omg need chai ☕ so tired today",
        # Unknown words with a person's context on one side only, and a short day.
        "the matatu is full again, zimejaa kabisa",
        "kia ora rangi rangi, see u soon",
        "ok so thu: the shop opens at 9, see you",
        # Another language's chat with capitals: no list here knows its words.
        "gan COD di sini aja ya, nomor udah mati, harus perpanjang di Satpas Daan Mogot hari sabtu",
    ],
)
def test_other_lowercase_words_are_not(recognizer: ChatNameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
