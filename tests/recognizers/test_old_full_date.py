"""OldFullDateRecognizer alone: full dates 16 years back or more are birth dates, cue or no cue."""

from __future__ import annotations

import datetime

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers import OldFullDateRecognizer

from . import artifacts_of, assert_found, assert_nothing

ENTITY = "DATE_OF_BIRTH"
SCORES = (0.45, 0.55)
TODAY = datetime.date(2026, 11, 30)


@pytest.fixture(scope="module")
def recognizer() -> OldFullDateRecognizer:
    return OldFullDateRecognizer(lambda: TODAY)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("It's like that since 9/5/1967", [(21, 29, "9/5/1967")]),
        ("my knee since 10/16/1947.", [(14, 24, "10/16/1947")]),  # month first
        # Not English: no pronoun needed.
        ("Er ist am 12.03.1985 in Leipzig zur Welt gekommen", [(10, 20, "12.03.1985")]),
        ("1985-03-12", [(0, 10, "1985-03-12")]),
        ("on May 4th, 1991 we", [(3, 16, "May 4th, 1991")]),
        ("el 4 de mayo de 1991", [(3, 20, "4 de mayo de 1991")]),
        ("4. Mai 1991", [(0, 11, "4. Mai 1991")]),
        ("last year that counts: 31/12/2010", [(23, 33, "31/12/2010")]),
        # The year first with its units, the words after it glued on; the Buddhist era (2528 is 1985).
        ("生年月日：1990年5月12日生まれ", [(5, 15, "1990年5月12日")]),
        ("생년월일 1990년 5월 12일", [(5, 17, "1990년 5월 12일")]),
        ("เกิดวันที่ 12/03/2528 ที่กรุงเทพ", [(11, 21, "12/03/2528")]),
    ],
)
def test_old_full_dates_are_found(
    recognizer: OldFullDateRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "Meeting on 12/03/2026",  # recent: an appointment
        "会议时间：2025年3月12日",  # recent, in characters
        "รอบฉาย 12/03/2568",  # recent, in the Buddhist era (2025)
        "2528年3月12日",  # no year of ours in characters
        "Part no. 12-10-2540 is out of stock.",  # the Buddhist era only in a Thai text
        "2011-03-04",  # fifteen years back
        "When: 2003-05-12 14:22:11.123456",  # a timestamp
        "14:00 on 12/03/1985",
        "since 1967",  # a year alone
        "born in March 1985",  # no day: the cue recognizer's job
        "the 4th of July 1776",  # history
        "31/02/1985",  # no such day
        "https://example.org/2003/05/12/story",
        "build v1.2.1990",
        "12/03/85",  # a two-digit year could be any century
    ],
)
def test_other_dates_are_not(recognizer: OldFullDateRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_the_threshold_moves_with_the_clock() -> None:
    text = "It's since 1/2/2011"
    assert_nothing(OldFullDateRecognizer(lambda: datetime.date(2026, 1, 1)), text)
    later = OldFullDateRecognizer(lambda: datetime.date(2027, 1, 1))
    assert_found(later, text, [(11, 19, "1/2/2011")], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("We married on 12/06/2004.", [(14, 24, "12/06/2004")]),  # a pronoun
        ("My grandpa came home on 3 May 1948.", [(24, 34, "3 May 1948")]),
        ("Date: 12.03.1985\nPlace: Leipzig", [(6, 16, "12.03.1985")]),  # a field of its own
        ("Your date of birth?\nIt's 6/16/1967.", [(25, 34, "6/16/1967")]),  # an answer
    ],
)
def test_in_english_a_date_tied_to_a_person_is_found(
    recognizer: OldFullDateRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "The Berlin Wall fell on 9 November 1989.",
        "Apollo 11 landed on the Moon on July 20, 1969, a Sunday.",
        "The euro coins came out on 01/01/2002. The rest followed.",
        # A name is no tie: the model takes things for people, and public figures' dates are public.
        "Neil Armstrong flew it, and Apollo 11 landed on the Moon on 20/07/1969.",
    ],
)
def test_in_english_a_public_date_in_history_is_not_a_birth_date(
    recognizer: OldFullDateRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text, _with_person(text, "Neil Armstrong"))


def _with_person(text: str, name: str) -> NlpArtifacts:
    """Blank-tokenizer artifacts with ``name``, where it occurs, as the NER model's PERSON."""
    doc = spacy.blank("en")(text)
    start = text.find(name)
    if start != -1:
        doc.ents = [doc.char_span(start, start + len(name), label="PERSON")]
    return artifacts_of(doc)
