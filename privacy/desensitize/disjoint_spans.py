"""Spans of a record asked "does any overlap or hold this stretch?" in log time,
so that a record with thousands of spans is not compared span by span (the
crafted-input tests): the spans its resolved entities take, to place further
mentions between them, and the people and names a recognizer found, which may
overlap one another."""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable


class DisjointSpans:
    """Spans ``[start, end)`` that do not overlap one another, sorted by start."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [start for start, _ in self._spans]

    def overlaps(self, start: int, end: int) -> bool:
        """Whether ``[start, end)`` overlaps one of the spans: only the last one
        starting before ``end`` can, since none overlap each other."""
        before_end = bisect.bisect_left(self._starts, end)
        return before_end > 0 and self._spans[before_end - 1][1] > start

    def take(self, start: int, end: int) -> bool:
        """Add ``[start, end)`` if it is free; whether it was. It goes after
        every span starting before its end, so the one `overlaps` reads is
        still the last of those (an empty span at its start stays before it)."""
        before_end = bisect.bisect_left(self._starts, end)
        if before_end > 0 and self._spans[before_end - 1][1] > start:
            return False
        index = before_end
        self._spans.insert(index, (start, end))
        self._starts.insert(index, start)
        return True


class OverlappingSpans:
    """Spans that may overlap one another, sorted by start, each with the
    furthest end up to it: whether any overlaps or holds a given span.

    A list of a thousand names beside a thousand people compared every item
    with every person (n² steps).
    """

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [start for start, _ in ordered]
        self._reach = list(itertools.accumulate((end for _, end in ordered), max))

    def overlaps(self, start: int, end: int) -> bool:
        """Whether a span starting before ``end`` ends after ``start``."""
        before_end = bisect.bisect_left(self._starts, end)
        return before_end > 0 and self._reach[before_end - 1] > start

    def contains(self, start: int, end: int) -> bool:
        """Whether a span starting at ``start`` or before ends at ``end`` or after."""
        from_start = bisect.bisect_right(self._starts, start)
        return from_start > 0 and self._reach[from_start - 1] >= end
