"""CuePatternRecognizer and ``cued``: the shared loop from a match to its value to a result."""

from __future__ import annotations

from collections.abc import Mapping

import pytest
import regex
from presidio_analyzer import RecognizerResult

from privacy.desensitize.recognizers.cue_pattern import (
    CuePatternRecognizer,
    cued,
    sorted_unique,
    value,
)

from . import assert_found, assert_nothing

TICKET = cued(r"(?i:ticket)", r"[A-Z]{2}\d{2,6}", filler=r"(?:\s*(?:no\.|:))*\s*")


class TicketRecognizer(CuePatternRecognizer):
    ENTITY = "TICKET"
    SCORE = 0.6
    EXPLANATION = "Ticket number after a ticket cue"
    PATTERN_NAME = "cued"
    PATTERNS = (TICKET,)
    CHARACTERS = range(4, 7)

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        return {"cue": match["cue"]}


@pytest.fixture(scope="module")
def recognizer() -> TicketRecognizer:
    return TicketRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Ticket no. AB1234 please", [(11, 17, "AB1234")]),
        ("ticket: AB12, ticket AB1234", [(8, 12, "AB12"), (21, 27, "AB1234")]),
    ],
)
def test_the_result_covers_the_value_only(
    recognizer: TicketRecognizer, text: str, expected: list
) -> None:
    results = assert_found(recognizer, text, expected, "TICKET", (0.6, 0.6))
    for result in results:
        assert result.analysis_explanation.pattern_name == "cued"
        assert result.analysis_explanation.textual_explanation == "Ticket number after a ticket cue"
        assert result.recognition_metadata["cue"].casefold() == "ticket"


@pytest.mark.parametrize(
    "text",
    [
        "AB1234",  # no cue
        "ticketAB1234",  # the cue must end as a word
        "eticket AB1234",  # ... and start as one
        "ticket AB1234567",  # longer than CHARACTERS
        "ticket AB1",  # no value shape
    ],
)
def test_values_without_their_cue_or_length_are_not(
    recognizer: TicketRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


def test_cued_names_the_cue_and_the_value() -> None:
    match = TICKET.search("see Ticket: XY99")
    assert match is not None
    assert (match["cue"], match["value"], value(match)) == ("Ticket", "XY99", "XY99")


def test_a_pattern_without_a_value_group_reports_its_whole_match() -> None:
    class Shout(CuePatternRecognizer):
        ENTITY = "SHOUT"
        SCORE = 0.5
        EXPLANATION = "Shouted word"

    recognizer = Shout(patterns=[regex.compile(r"\b[A-Z]{3,}\b")], score=0.7, name="Loud")
    assert recognizer.name == "Loud"
    assert recognizer.supported_entities == ["SHOUT"]
    assert_found(recognizer, "hey YOU there", [(4, 7, "YOU")], "SHOUT", (0.7, 0.7))
    assert value(regex.compile(r"[A-Z]+").search("hey YOU")) == "YOU"


def test_sorted_unique_keeps_one_result_per_span_and_score() -> None:
    def result(start: int, end: int, score: float) -> RecognizerResult:
        return RecognizerResult("X", start, end, score)

    results = sorted_unique(
        [result(5, 9, 0.5), result(0, 3, 0.5), result(5, 9, 0.5), result(5, 9, 0.9)]
    )
    assert [(r.start, r.end, r.score) for r in results] == [(0, 3, 0.5), (5, 9, 0.5), (5, 9, 0.9)]
