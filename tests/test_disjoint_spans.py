"""Spans asked "does any overlap or hold this stretch?" (`privacy.desensitize.disjoint_spans`)."""

import pytest

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


def test_the_spans_overlapping_a_stretch_are_those_sharing_a_character_with_it():
    spans = DisjointSpans([(0, 5), (10, 20), (20, 25), (30, 31)])
    assert spans.overlapping(4, 21) == [(0, 5), (10, 20), (20, 25)]
    assert spans.overlapping(5, 10) == [] and spans.overlapping(25, 30) == []
    assert spans.uncovered(3, 32) == [(5, 10), (25, 30), (31, 32)]
    assert spans.uncovered(12, 18) == []


def test_a_removed_span_frees_its_stretch_and_a_missing_one_is_refused():
    spans = DisjointSpans([(0, 5), (10, 20)])
    spans.remove(10, 20)
    assert list(spans) == [(0, 5)] and spans.take(12, 14)
    with pytest.raises(KeyError):
        spans.remove(10, 20)


def test_overlapping_spans_are_found_behind_a_long_one_that_reaches_past_them():
    spans = OverlappingSpans([(0, 50), (10, 12), (20, 22), (60, 70)])
    assert spans.overlapping(21, 30) == [(0, 50), (20, 22)]
    assert spans.overlapping(50, 60) == [] and spans.overlapping(65, 66) == [(60, 70)]
    assert spans.uncovered(40, 80) == [(50, 60), (70, 80)]
