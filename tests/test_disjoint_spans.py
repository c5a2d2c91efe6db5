"""Spans asked "does any overlap or hold this stretch?" (`privacy.desensitize.disjoint_spans`)."""

from privacy.desensitize.disjoint_spans import DisjointSpans, OverlappingSpans


def test_a_span_overlaps_only_where_it_shares_a_character():
    spans = DisjointSpans([(20, 30), (0, 5)])
    assert spans.overlaps(4, 6) and spans.overlaps(25, 26) and spans.overlaps(0, 100)
    assert not spans.overlaps(5, 20)  # touching both neighbours, sharing nothing
    assert not spans.overlaps(30, 31) and not spans.overlaps(10, 12)


def test_a_taken_span_is_in_the_way_of_the_next():
    spans = DisjointSpans([(10, 20)])
    assert spans.take(0, 10) and spans.take(20, 25)
    assert not spans.take(5, 12) and not spans.take(24, 26)
    assert spans.overlaps(0, 1) and spans.overlaps(24, 25) and not spans.overlaps(25, 40)


def test_an_empty_span_at_the_same_start_does_not_hide_the_span_taken_after_it():
    spans = DisjointSpans([(5, 5)])
    assert spans.take(5, 10)
    assert spans.overlaps(6, 8) and not spans.take(6, 8)


def test_a_long_span_before_short_ones_still_overlaps_what_comes_after_them():
    spans = OverlappingSpans([(0, 50), (10, 12), (20, 22)])
    assert spans.overlaps(30, 31)  # the last span starting before 31 ends at 22: the first reaches it
    assert not spans.overlaps(50, 60) and not OverlappingSpans([]).overlaps(0, 10)


def test_a_span_is_held_by_one_that_starts_at_or_before_it_and_ends_at_or_after_it():
    spans = OverlappingSpans([(5, 9), (0, 30), (40, 45)])
    assert spans.contains(5, 9) and spans.contains(10, 30) and spans.contains(40, 45)
    assert not spans.contains(28, 31) and not spans.contains(35, 41) and not spans.contains(44, 46)
