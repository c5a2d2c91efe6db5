"""``read_tail`` and ``postcode_country``: districts, city, state and postcode after a street."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers.address_tail import Tail, postcode_country, read_tail

PLACES = {"Cape Town", "Sydney", "Bengaluru", "Tokyo", "Ciudad de México", "London"}


def is_place(name: str) -> bool:
    return name in PLACES


def tail(text: str, street: str) -> Tail:
    """The tail read after ``street``, which ``text`` starts with."""
    assert text.startswith(street)
    return read_tail(text, len(street), is_place)


@pytest.mark.parametrize(
    "text, street, expected",
    [
        (
            "12 Long Street, Cape Town, 8001",
            "12 Long Street",
            Tail(31, ("Cape Town",), None, True, ("8001",)),
        ),
        (
            "1 Macquarie St Sydney NSW 2000",  # after a mere space, with a postcode
            "1 Macquarie St",
            Tail(30, ("Sydney",), None, True, ("2000",), "AU"),
        ),
        (
            "Flat 2, Indiranagar, Bengaluru, Karnataka 560038",
            "Flat 2",
            Tail(48, ("Indiranagar", "Bengaluru", "Karnataka"), None, True, ("560038",)),
        ),
        (
            "1-1-2 Oshiage, Sumida-ku, Tokyo 131-0045. Then",
            "1-1-2 Oshiage",
            Tail(40, ("Sumida-ku", "Tokyo"), "JP", True, ("131-0045",)),
        ),
        (
            "Av. Reforma 222, 06600 Ciudad de México, CDMX",
            "Av. Reforma 222",  # a four-letter state code is not read
            Tail(39, ("Ciudad de México",), None, True, ("06600",)),
        ),
        (
            "9 Baker St, London NW1 6XE",
            "9 Baker St",
            Tail(26, ("London",), "GB", True, ("NW1 6XE",)),
        ),
        # An unknown part is kept only when a part that counts follows it.
        (
            "5 Oak Road, Rosebank, Cape Town",
            "5 Oak Road",
            Tail(31, ("Rosebank", "Cape Town"), None, False),
        ),
    ],
)
def test_address_parts_are_read_while_they_count(text: str, street: str, expected: Tail) -> None:
    assert tail(text, street) == expected


@pytest.mark.parametrize(
    "text, street",
    [
        ("12 Main Street, Tom will call", "12 Main Street"),
        ("12 Main Street London 2024", "12 Main Street"),  # a year after a space is no postcode
        ("12 Main Street", "12 Main Street"),
        ("12 Main Street, Rosebank", "12 Main Street"),
    ],
)
def test_nothing_is_read_where_no_part_counts(text: str, street: str) -> None:
    assert tail(text, street) == Tail(len(street), (), None, False)


def test_the_country_of_a_hint_is_kept() -> None:
    text = "Calle Mayor 5, 28013 Madrid"
    assert read_tail(text, 13, is_place, "ES").country_code == "ES"


@pytest.mark.parametrize(
    "postcode, country",
    [
        ("NW1 6XE", "GB"),
        ("H2Y 1H2", "CA"),
        ("1015 CJ", "NL"),
        ("D02 X285", "IE"),
        ("01310-100", "BR"),
        ("131-0045", "JP"),
        ("94103-1234", "US"),
        ("560 038", "IN"),
        ("C1425", "AR"),
        ("00-950", "PL"),
        ("75002", None),  # many countries write five digits
        ("hello", None),
    ],
)
def test_a_postcode_shape_tells_its_country(postcode: str, country: str | None) -> None:
    assert postcode_country(postcode) == country
