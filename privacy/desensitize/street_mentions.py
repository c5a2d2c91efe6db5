"""Other mentions of a street the desensitizer found in a record: "12 Baker Street, London … Baker Street is nice"."""

from __future__ import annotations

import bisect
from collections.abc import Iterable, Iterator

import regex

# The street line of an address: up to its first comma or line break.
_STREET_LINE = regex.compile(r"[^,\n]+")
# The street's name in that line: without the house number, flat or box
# number before or after it ("12 Baker Street", "Gamle Ravei 157", "Via
# Roma 41/3"), two words or more, one of them capitalized.
_NAME = regex.compile(
    r"[\d/\- ]*(?P<name>(?=[^\n]*\p{Lu})\p{L}[\p{L}.'’-]*(?:[ \t]+[\p{L}.'’-]+)+?)[\d/.\- ]*(?:\p{L}\b)?\s*$"
)
# Shorter names are words as often as streets ("St. Ann").
MIN_NAME_CHARACTERS = 8


def street_name(text: str, start: int, end: int) -> str | None:
    """The name of the street an address span at ``[start, end)`` holds, if it has one."""
    line = _STREET_LINE.match(text, start, end)
    if line is None:
        return None
    name = _NAME.fullmatch(line.group())
    if name is None or len(name["name"]) < MIN_NAME_CHARACTERS:
        return None
    return name["name"]


def street_repeats(
    text: str, streets: Iterable[tuple[int, int]], taken: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int, int]]:
    """``(start, end, index)`` of every other mention of the name of the
    ``index``-th street, where no ``taken`` span is.

    An address replaced by its city still names the street wherever the text
    writes it again ("… and Baker Street is nice"): each such mention goes
    the way the address went. A mention is the name as written, whole words,
    case and all.
    """
    occupied = sorted(taken)
    starts = [s for s, _ in occupied]
    for index, (start, end) in enumerate(streets):
        name = street_name(text, start, end)
        if name is None:
            continue
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(name)}(?![\p{{L}}\p{{N}}])")
        for mention in pattern.finditer(text):
            first, last = mention.span()
            before = bisect.bisect_left(starts, last)
            if before == 0 or occupied[before - 1][1] <= first:
                yield first, last, index
