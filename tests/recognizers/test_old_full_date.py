"""OldFullDateRecognizer alone: full dates 16 years back or more are birth dates, cue or no cue."""

from __future__ import annotations

import datetime

import pytest

from privacy.desensitize.recognizers import OldFullDateRecognizer

from . import assert_found, assert_nothing

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
        ("since 10/16/1947.", [(6, 16, "10/16/1947")]),  # month first
        ("Geburtsort Leipzig, 12.03.1985.", [(20, 30, "12.03.1985")]),
        ("1985-03-12", [(0, 10, "1985-03-12")]),
        ("on May 4th, 1991 we", [(3, 16, "May 4th, 1991")]),
        ("el 4 de mayo de 1991", [(3, 20, "4 de mayo de 1991")]),
        ("4. Mai 1991", [(0, 11, "4. Mai 1991")]),
        ("last year that counts: 31/12/2010", [(23, 33, "31/12/2010")]),
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
    text = "since 1/2/2011"
    assert_nothing(OldFullDateRecognizer(lambda: datetime.date(2026, 1, 1)), text)
    later = OldFullDateRecognizer(lambda: datetime.date(2027, 1, 1))
    assert_found(later, text, [(6, 14, "1/2/2011")], ENTITY, SCORES)
