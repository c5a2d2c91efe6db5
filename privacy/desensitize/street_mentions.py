"""Other mentions of a street the desensitizer found in a record: "12 Baker Street, London … Baker Street is nice"."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from privacy.desensitize.disjoint_spans import DisjointSpans

# The street line of an address: up to its first comma or line break.
_STREET_LINE = regex.compile(r"[^,\n]+")
# The street's name in that line: without the house number, flat or box
# number before or after it ("12 Baker Street", "Gamle Ravei 157", "Via
# Roma 41/3"), two words or more, with a capital letter from its first
# letter to the line's end (a lowercase name with a flat letter after its
# number, "12 baker street B", passes too).
_NAME = regex.compile(
    r"[\d/\- ]*(?P<name>(?=[^\n]*\p{Lu})\p{L}[\p{L}.'’-]*(?:[ \t]+[\p{L}.'’-]+)+?)[\d/.\- ]*(?:\p{L}\b)?\s*$"
)
# Shorter names are words as often as streets ("St. Ann").
MIN_NAME_CHARACTERS = 8
# No street line is longer; a longer one is not read (the name pattern may
# look at a line once per word).
MAX_LINE_CHARACTERS = 120


def street_name(text: str, start: int, end: int) -> str | None:
    """The name of the street an address span at ``[start, end)`` holds, if it has one."""
    line = _STREET_LINE.match(text, start, end)
    if line is None or len(line.group()) > MAX_LINE_CHARACTERS:
        return None
    name = _NAME.fullmatch(line.group())
    if name is None or len(name["name"]) < MIN_NAME_CHARACTERS:
        return None
    return name["name"]


def street_repeats(
    text: str, streets: Iterable[tuple[int, int]], taken: Iterable[tuple[int, int]]
) -> Iterator[tuple[int, int, int]]:
    """``(start, end, index)`` of every other mention of the name of the
    ``index``-th street, where no ``taken`` span or other mention is.

    An address replaced by its city still names the street wherever the text
    writes it again ("… and Baker Street is nice"): each such mention goes
    the way the address went. A mention is the name as written, whole words,
    case and all. Each name is looked for once, the longest first, so that
    "Baker Street North" is one mention and not "Baker Street" with "North"
    left after it.
    """
    occupied = DisjointSpans(taken)
    names: dict[str, int] = {}
    for index, (start, end) in enumerate(streets):
        name = street_name(text, start, end)
        if name is not None:
            names.setdefault(name, index)
    for name, index in sorted(names.items(), key=lambda item: -len(item[0])):
        pattern = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){regex.escape(name)}(?![\p{{L}}\p{{N}}])")
        for mention in pattern.finditer(text):
            if occupied.take(*mention.span()):
                yield *mention.span(), index
