"""Placing further mentions between a record's resolved spans (`privacy.desensitize.disjoint_spans`)."""

from privacy.desensitize.disjoint_spans import DisjointSpans


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
