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
    ],
)
def test_the_street_name_of_an_address(address: str, name: str | None) -> None:
    assert street_name(address, 0, len(address)) == name


def test_other_mentions_are_whole_words_where_nothing_else_was_found() -> None:
    text = "12 Baker Street, London. Baker Street is nice; Baker Streets and baker street are not; Baker Street!"
    found = list(street_repeats(text, [(0, 23)], [(0, 23), (86, 98)]))
    assert [text[start:end] for start, end, _ in found] == ["Baker Street"]
    assert found[0][:2] == (25, 37) and found[0][2] == 0
