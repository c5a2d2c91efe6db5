"""Numbers written right after a person the desensitizer found: that person's phone.

Contact lines and messages give a number after its owner's name with no word
for phone at all: "handled by Ms. Candy Ho, 9012 7736", "Contact via
neighbour Manana 591 22 08 47". Where no trunk prefix marks a local number
(Hong Kong, Singapore, the Nordics, Georgia), the number's shape alone says
nothing, and the phone recognizers wait for a cue. The person is that cue:
what follows a name, in groups of digits, seven or more, is how one reaches
them.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from privacy.desensitize.disjoint_spans import DisjointSpans

# Fewer digits are an age, a room or a year; more are no phone number.
MIN_DIGITS = 7
MAX_DIGITS = 15
# A comma, "on", "at", a colon or a dash between, then groups of two to four
# digits ("9012 7736", "591 22 08 47", "22 31 40 87"), at most five, with
# nothing glued after: not a decimal, a date, a word or a longer number.
_NUMBER_AFTER = regex.compile(
    r"[ \t]*(?:,|:|[-–])?[ \t]*(?:(?i:on|at|tel\.?)[ \t]+)?"
    r"(?P<number>\+?\d{2,4}(?:[ \-]\d{2,4}){1,4})(?![\p{L}\p{N}]|[.,/:]\d)"
)
# Years from and to, and a year after a number ("1990 2024", "12 2024") are no phone.
_YEAR = regex.compile(r"(?:19|20)\d\d")
# An amount in thousands ("45 000 000", "12 345 678"): one to three digits,
# then groups of three.
_THOUSANDS = regex.compile(r"\d{1,3}(?:[ \-]\d{3})+")


def phones_after_names(
    text: str, people: Iterable[tuple[int, int]], taken: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int]]:
    """``(start, end)`` of each number right after one of ``people`` that no ``taken`` span overlaps."""
    occupied = DisjointSpans(taken)
    for _, end in people:
        match = _NUMBER_AFTER.match(text, end)
        if match is None:
            continue
        number = match.group("number")
        digits = sum(ch.isdigit() for ch in number)
        groups = regex.split(r"[ \-]", number.lstrip("+"))
        if (
            not MIN_DIGITS <= digits <= MAX_DIGITS
            or any(_YEAR.fullmatch(group) for group in groups)
            or _THOUSANDS.fullmatch(number)
        ):
            continue
        start, stop = match.span("number")
        if occupied.take(start, stop):
            yield start, stop
