"""Numbers a record writes the way it wrote an identifier the desensitizer found.

A record that gives one phone number, tax number or passport with its cue often
gives a second without one: "tlf. 482 31 776 eller mor på 905 66 120", "meine
Steuer-ID ist 47158320462, die von Jonas 29047186251". The second has the
first's shape, digit for digit, letter for letter and separator for separator;
within one record a number of that shape is the same kind of identifier.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

import regex

from privacy.desensitize.disjoint_spans import DisjointSpans

# The kinds whose twins are taken: numbers a person has one of, and that a
# record names with a cue once. Cards and IBANs carry check digits that their
# own recognizers test on every number.
TWIN_KINDS = frozenset({"PHONE_NUMBER", "NATIONAL_ID", "US_SSN", "PASSPORT"})
# Fewer digits are a time, a price or a year as often as an identifier.
MIN_DIGITS = 7
# No identifier of these kinds is longer; a longer span is some other thing.
MAX_CHARACTERS = 32


def _shape_pattern(value: str) -> str | None:
    """A pattern for values written as ``value`` is, if it has digits enough to carry one."""
    if len(value) > MAX_CHARACTERS or sum(ch.isdigit() for ch in value) < MIN_DIGITS:
        return None
    pieces = []
    for ch in value:
        if ch.isdigit():
            pieces.append(r"\d")
        elif ch.isupper():
            pieces.append(r"\p{Lu}")
        elif ch.isalpha():
            pieces.append(r"\p{Ll}")
        else:
            pieces.append(regex.escape(ch))
    return "".join(pieces)


def identifier_twins(
    text: str, identifiers: Iterable[tuple[str, int, int]], taken: Iterable[tuple[int, int]]
) -> Iterator[tuple[str, int, int]]:
    """``(kind, start, end)`` of every number shaped as one of the ``identifiers``
    (``(kind, start, end)``), where no ``taken`` span or earlier twin is.

    A twin stands alone: no letter or digit runs on either side of it. Each
    shape is looked for once, for the first kind found with it.
    """
    occupied = DisjointSpans(taken)
    shapes: dict[str, str] = {}
    for kind, start, end in identifiers:
        if kind in TWIN_KINDS and (shape := _shape_pattern(text[start:end])) is not None:
            shapes.setdefault(shape, kind)
    for shape, kind in shapes.items():
        for twin in regex.finditer(rf"(?<![\p{{L}}\p{{N}}]){shape}(?![\p{{L}}\p{{N}}])", text):
            if occupied.take(*twin.span()):
                yield kind, *twin.span()
