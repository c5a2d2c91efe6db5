"""Spans of a record asked "does any overlap or hold this stretch?" in log time,
so that a record with thousands of spans is not compared span by span (the
crafted-input tests): the spans its resolved entities take, to place further
mentions between them, and the people and names a recognizer found, which may
overlap one another."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable, Iterator


class DisjointSpans:
    """Spans ``[start, end)`` that do not overlap one another, sorted by start
    (and so by end too)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        self._ends = [end for _, end in self._spans]

    def __iter__(self) -> Iterator[tuple[int, int]]:
        return iter(list(self._spans))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps one of the spans: only the last one
        starting before ``end`` can, since none overlap each other."""
        before_end = bisect.bisect_left(self._starts, end)
        return before_end > 0 and self._spans[before_end - 1][1] > start

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans sharing a character with ``[start, end)``, in order: a run
        of the list, from the first ending after ``start`` to the last starting
        before ``end``."""
        first = bisect.bisect_right(self._ends, start)
        last = bisect.bisect_left(self._starts, end)
        return [(s, e) for s, e in self._spans[first:last] if s < e]

    def uncovered(self, start: int, end: int) -> list[tuple[int, int]]:
        """The pieces of ``[start, end)`` that no span covers."""
        return _uncovered(self.overlapping(start, end), start, end)

    def take(self, start: int, end: int) -> bool:
        """Add ``[start, end)`` if it is free; whether it was. It goes after
        every span starting before its end, so the one `overlaps` reads is
        still the last of those (an empty span at its start stays before it)."""
        before_end = bisect.bisect_left(self._starts, end)
        if before_end > 0 and self._spans[before_end - 1][1] > start:
            return False
        self._spans.insert(before_end, (start, end))
        self._starts.insert(before_end, start)
        self._ends.insert(before_end, end)
        return True

    def remove(self, start: int, end: int) -> None:
        """Take ``[start, end)``, one of the spans, out."""
        index = bisect.bisect_left(self._spans, (start, end))
        if index == len(self._spans) or self._spans[index] != (start, end):
            raise KeyError((start, end))
        del self._spans[index], self._starts[index], self._ends[index]


class OverlappingSpans:
    """Spans that may overlap one another, sorted by start, each with the
    furthest end up to it: whether any overlaps or holds a given span.

    A list of a thousand names beside a thousand people compared every item
    with every person (n² steps).
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]
        self._reach = list(itertools.accumulate((end for _, end in self._spans), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span starting before ``end`` ends after ``start``."""
        before_end = bisect.bisect_left(self._starts, end)
        return before_end > 0 and self._reach[before_end - 1] > start

    def overlapping(self, start: int, end: int) -> list[tuple[int, int]]:
        """The spans sharing a character with ``[start, end)``, in order. Read
        back from the last starting before ``end`` while the spans up to there
        still reach past ``start``: the few near it, not the whole record."""
        found = []
        index = bisect.bisect_left(self._starts, end) - 1
        while index >= 0 and self._reach[index] > start:
            if self._spans[index][1] > start:
                found.append(self._spans[index])
            index -= 1
        return found[::-1]

    def contains(self, start: int, end: int) -> bool:
        """Whether a span starting at ``start`` or before ends at ``end`` or after."""
        from_start = bisect.bisect_right(self._starts, start)
        return from_start > 0 and self._reach[from_start - 1] >= end

    def uncovered(self, start: int, end: int) -> list[tuple[int, int]]:
        """The pieces of ``[start, end)`` that no span covers."""
        return _uncovered(self.overlapping(start, end), start, end)


def _uncovered(spans: Iterable[tuple[int, int]], start: int, end: int) -> list[tuple[int, int]]:
    """The pieces of ``[start, end)`` outside ``spans``, sorted by start."""
    parts = []
    cursor = start
    for span_start, span_end in spans:
        if span_start > cursor:
            parts.append((cursor, span_start))
        cursor = max(cursor, span_end)
    if cursor < end:
        parts.append((cursor, end))
    return parts
