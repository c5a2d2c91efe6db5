"""street_mentions: the name of a street an address holds, and its other mentions."""

from __future__ import annotations

import pytest

from privacy.desensitize.street_mentions import street_name, street_repeats


@pytest.mark.parametrize(
    "address, name",
    [
        ("12 Baker Street, London", "Baker Street"),
        ("Gamle Ravei 157", "Gamle Ravei"),
        ("1819 St. John Street", "St. John Street"),
        ("Via Roma 41/3", "Via Roma"),
        ("Avda. de Andalucía 112, bajo B, 29007 Málaga", "Avda. de Andalucía"),
        ("742 Evergreen Terrace\nSpringfield", "Evergreen Terrace"),
        # One word, or too short: as often a word as a street.
        ("Hagaskog 22", None),
        ("Suite 300", None),
        ("2 St Ann", None),
        # A line no street has: not read (a hostile prompt's span).
        ("1 " + "Baker " * 30 + "Street", None),
    ],
)
def test_the_street_name_of_an_address(address: str, name: str | None) -> None:
    assert street_name(address, 0, len(address)) == name


def test_other_mentions_are_whole_words_where_nothing_else_was_found() -> None:
    text = "12 Baker Street, London. Baker Street is nice; Baker Streets and baker street are not; Baker Street!"
    found = list(street_repeats(text, [(0, 23)], [(0, 23), (86, 98)]))
    assert [text[start:end] for start, end, _ in found] == ["Baker Street"]
    assert found[0][:2] == (25, 37) and found[0][2] == 0


def test_a_name_written_by_several_addresses_is_one_mention_and_the_longest_wins() -> None:
    """Each mention once, whole: two spans over one mention, or "North" left
    after "Baker Street", would garble the rewrite or leak a word."""
    two = "12 Baker Street, London; 14 Baker Street, London. Baker Street is nice."
    assert [m[:2] for m in street_repeats(two, [(0, 23), (25, 48)], [(0, 23), (25, 48)])] == [(50, 62)]
    nested = "1 Baker Street North, Leeds; 2 Baker Street, Leeds. I love Baker Street North."
    found = list(street_repeats(nested, [(0, 26), (28, 49)], [(0, 26), (28, 49)]))
    assert [nested[start:end] for start, end, _ in found] == ["Baker Street North"]
