"""Recognize full dates far enough back to be a birth date, with no cue needed."""

from __future__ import annotations

import datetime
from collections.abc import Callable

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

# The module, not its function: language.py reads the name particles of this
# package, which imports this module first.
from privacy.desensitize import language
from privacy.desensitize.recognizers.date_of_birth import DAY, MONTH
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.scripts import FIELD_COLONS

# The youngest a person whose birth date is written without a cue is taken to
# be: users and the people they write about are mostly adults, and dates
# closer to today are mostly the appointments, trips and deadlines an
# assistant is for.
MIN_AGE_YEARS = 16
# Earlier dates are history, not anyone's birth date.
FIRST_YEAR = 1900
_NUMBER = r"(?:0?[1-9]|[12]\d|3[01])"
_YEAR = r"(?:19|20)\d{2}"
# Day, month and four-digit year; a two-digit year could be any century.
_DATE = regex.compile(
    r"(?<![\p{L}\p{N}/.:\-])(?:"
    rf"{_NUMBER}(?P<sep>[./\-]){_NUMBER}(?P=sep){_YEAR}"  # 12/03/1985, 3.12.1985, US 10/16/1947
    rf"|{_YEAR}(?P<iso>[./\-]){_NUMBER}(?P=iso){_NUMBER}"  # 1985-03-12
    rf"|{DAY}\.?\s+(?:of\s+|de\s+)?(?i:{MONTH}),?\s+(?:de\s+)?{_YEAR}"  # 4 May 1991, 4 de mayo de 1991
    rf"|(?i:{MONTH})\s+{DAY},?\s+{_YEAR}"  # May 4th, 1991
    r")(?![\p{L}\p{N}]|[./:\-]\d)"
)
# Chinese, Japanese and Korean write the year first, each number with its
# unit ("1985年3月12日", "1990년 5월 12일"), the words after it glued on
# ("…日生"); Thailand counts years from the Buddha, 543 before ours
# ("12/03/2528" is 12 March 1985).
_YEAR_MONTH_DAY_IN_CHARACTERS = regex.compile(
    rf"(?<!\d){_YEAR}[ \t]?(?:年|년)[ \t]?{_NUMBER}[ \t]?(?:月|월)[ \t]?{_NUMBER}[ \t]?(?:日|일)"
)
BUDDHIST_ERA_OFFSET = 543
_BUDDHIST_ERA_DATE = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}/.:\-]){_NUMBER}(?P<sep>[./\-]){_NUMBER}(?P=sep)25\d{{2}}(?![\p{{L}}\p{{N}}]|[./:\-]\d)"
)
# Each pattern with its era's offset, and whether the English test applies: a
# date in characters or in the Buddhist era is itself no English.
_CALENDARS = (
    (_DATE, 0, True),
    (_YEAR_MONTH_DAY_IN_CHARACTERS, 0, False),
    (_BUDDHIST_ERA_DATE, BUDDHIST_ERA_OFFSET, False),
)
# Only a text in Thai counts years so: elsewhere 2540 or 2551 is a part's or
# an invoice's number ("Part no. 12-10-2540").
_THAI_LETTER = regex.compile(r"\p{Thai}")
_FOUR_DIGITS = regex.compile(r"\d{4}")
_NUMBERS = regex.compile(r"\d+")
# A clock time next to a date makes it an event's timestamp ("2003-05-12
# 14:22:11", "14:00 on 12/03/1985"): births are not written so.
_TIME_AFTER = regex.compile(r"[ \t,]*(?:T|at[ \t]+|@[ \t]*)?\d{1,2}:\d{2}")
_TIME_BEFORE = regex.compile(r"\d{1,2}:\d{2}(?::\d{2})?[ \t,]*(?:on[ \t]+)?\Z")
_TIME_BEFORE_WINDOW = 16
# What ties a date to a person in English: a personal pronoun in its
# sentence ("we married on…", "my father, 12/03/1948"), or a reply that
# answers a question asked before ("It's 9/5/1967", "It's like that since…").
_PERSONAL = regex.compile(
    r"(?<![\p{L}\p{N}])(?:I|(?i:me|my|mine|myself|we|us|our|ours|you|your|yours|he|him|his"
    r"|she|her|hers|i['’]m|i['’]ve))(?![\p{L}\p{N}])"
)
_ANSWER = regex.compile(r"\s*(?i:it['’]?s|it\s+is|that['’]?s)(?!\p{L})")
# A sentence ends at a stop followed by a blank, or at a line break.
_SENTENCE_END = regex.compile(r"[.!?](?=\s)|\n")
# A form or list field: the date alone on its line, or after a label and a
# colon (a full-width one in Chinese and Japanese).
_FIELD_BEFORE = regex.compile(rf"(?:^|\n|[{FIELD_COLONS}])[ \t]*\Z")
_FIELD_AFTER = regex.compile(r"[ \t.。]*(?:\n|\Z)")


def _exists(year: int, month: int, day: int) -> bool:
    try:
        datetime.date(year, month, day)
    except ValueError:
        return False
    return True


def _is_calendar_date(date: str, offset: int = 0) -> bool:
    """Whether a numeric date names a real day, read day-first or month-first,
    its year ``offset`` years after ours."""
    numbers = [int(n) for n in _NUMBERS.findall(date)]
    if len(numbers) != 3:
        return True  # the month is a word, and the grammar bounds the day
    if numbers[0] >= FIRST_YEAR:
        year, month, day = numbers
        return _exists(year - offset, month, day)
    day_or_month, month_or_day, year = numbers
    year -= offset
    return _exists(year, month_or_day, day_or_month) or _exists(year, day_or_month, month_or_day)


def _sentence(text: str, start: int, end: int) -> tuple[int, int]:
    """The bounds of the sentence around ``[start, end)``."""
    begin = 0
    for stop in _SENTENCE_END.finditer(text, 0, start):
        begin = stop.end()
    after = _SENTENCE_END.search(text, end)
    return begin, after.start() if after else len(text)


def _tied_to_a_person(text: str, start: int, end: int) -> bool:
    """Whether a date in English text is tied to a person: a personal pronoun or an
    answer in its sentence, or a field of its own in a form.

    A name in the sentence is not enough: the NER model takes things for
    people ("landed on the Moon"), and a named public figure's dates are
    the public ones.
    """
    if _FIELD_BEFORE.search(text[max(0, start - 40) : start]) and _FIELD_AFTER.match(text, end):
        return True
    begin, finish = _sentence(text, start, end)
    return bool(_ANSWER.match(text, begin) or _PERSONAL.search(text, begin, finish))


class OldFullDateRecognizer(LocalRecognizer):
    """Marks a full date (day, month and four-digit year) at least
    :data:`MIN_AGE_YEARS` years back as a date of birth, cue or no cue.

    A birth date is often written with no cue at all: "It's like that since
    9/5/1967", a form's bare "12.03.1985", a date given as the answer to a
    question asked in an earlier message. The rule follows HIPAA's Safe
    Harbor, which counts every date more precise than a year that is tied to a
    person as an identifier: an old full date in a personal record is most
    often someone's birth date, and when it is a wedding or a first day at
    work it still narrows a person down. Dates with a clock time are event
    timestamps and stay, and so do years alone and dates before 1900.

    In English text the date must also be tied to a person: a personal
    pronoun in its sentence, a reply ("It's 9/5/1967"), or a field
    of its own in a form ("12.03.1985" alone on a line, "Date: …"). A public
    date in history ("The Berlin Wall fell on 9 November 1989") then stays.
    Text in other languages keeps the rule without that test: the pronouns
    of a dozen languages are not listed here, so a public date there is
    still replaced. So does a date written in Chinese, Japanese or Korean
    characters or in Thailand's Buddhist era, which is itself no English.
    """

    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.5

    def __init__(self, today: Callable[[], datetime.date] = datetime.date.today) -> None:
        self._today = today
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """Nothing to load: the pattern is compiled already."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per old full date that has no clock time next to it."""
        last_year = self._today().year - MIN_AGE_YEARS
        english = language.is_english(text)
        results = []
        for pattern, offset, english_test in _CALENDARS:
            if offset and not _THAI_LETTER.search(text):
                continue
            for match in pattern.finditer(text):
                year_match = _FOUR_DIGITS.search(match.group())
                year = int(year_match.group()) - offset if year_match else 0
                before = text[max(0, match.start() - _TIME_BEFORE_WINDOW) : match.start()]
                if (
                    FIRST_YEAR <= year <= last_year
                    and _is_calendar_date(match.group(), offset)
                    and not _TIME_AFTER.match(text, match.end())
                    and not _TIME_BEFORE.search(before)
                    and (not (english and english_test) or _tied_to_a_person(text, match.start(), match.end()))
                ):
                    results.append(
                        recognizer_result(
                            self,
                            self.ENTITY,
                            match.start(),
                            match.end(),
                            self.SCORE,
                            f"Full date at least {MIN_AGE_YEARS} years back",
                        )
                    )
        return results
