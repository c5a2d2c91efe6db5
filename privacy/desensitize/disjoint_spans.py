"""The spans a record's resolved entities take, to place further mentions
between them: "is this stretch free?" in log time, so that a record with
thousands of spans is not compared span by span (the crafted-input tests)."""

from __future__ import annotations

import bisect
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
