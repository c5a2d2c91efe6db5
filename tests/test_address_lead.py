"""lead_start alone: the flat, tower and building written before a street go with the address."""

from __future__ import annotations

import pytest

from privacy.desensitize.address_lead import lead_start


def _lead(text: str, street: str) -> str:
    start = text.index(street)
    return text[lead_start(text, start) : start]


@pytest.mark.parametrize(
    "text, street, lead",
    [
        # Flats, floors, towers and plots, then a building that a flat farther out vouches for.
        ("Flat 7C, Tower 2, Harbour View, 12 Kings Road", "12 Kings Road", "Flat 7C, Tower 2, Harbour View, "),
        ("Unit 9, Acacia Village, 41 Main Road, Durban", "41 Main Road", "Unit 9, Acacia Village, "),
        ("Flat A, 12/F, Block 5, 3 Lok Man Road", "3 Lok Man Road", "Flat A, 12/F, Block 5, "),
        ("Plot 17, 8 Ring Road", "8 Ring Road", "Plot 17, "),
        ("C-12, 4 Hill Road", "4 Hill Road", "C-12, "),
        # A building's word vouches alone.
        ("Send it to Maple Court, 5 Elm Street", "5 Elm Street", "Maple Court, "),
        ("Suite 4\nOrion Business Centre\n27 Dock Road", "27 Dock Road", "Suite 4\nOrion Business Centre\n"),
        # After a label or a sentence's words, the lead starts at the flat.
        ("Address: Room 1204, Jade Tower, 9 Bay Road", "9 Bay Road", "Room 1204, Jade Tower, "),
        ("Ship to Room 88, 2 Pier Road", "2 Pier Road", "Room 88, "),
        ("Flat 7C\r\nTower 2\r\n12 Kings Road", "12 Kings Road", "Flat 7C\r\nTower 2\r\n"),
    ],
)
def test_the_inside_of_a_building_before_its_street_is_read(text: str, street: str, lead: str) -> None:
    assert _lead(text, street) == lead


@pytest.mark.parametrize(
    "text, street",
    [
        ("Call Mary Jones, 12 Baker Street, London", "12 Baker Street"),  # a name, nothing vouches
        ("We met at 12 Baker Street", "12 Baker Street"),  # no separator before the street
        ("Tenant: A. Lee, 0912 333 444, 12 Baker Street", "12 Baker Street"),  # a phone number
        ("Thanks, 12 Baker Street is fine", "12 Baker Street"),
        ("Dear Mr Court, 12 Baker Street, London", "12 Baker Street"),  # a person addressed
    ],
)
def test_nothing_else_before_a_street_is(text: str, street: str) -> None:
    assert _lead(text, street) == ""


def test_a_name_between_the_street_and_no_flat_stays() -> None:
    text = "Dr. Ruth Adeyemi, Flat 3, 7 Awolowo Road"
    assert _lead(text, "7 Awolowo Road") == "Flat 3, "
