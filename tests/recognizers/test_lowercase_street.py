"""LowercaseStreetRecognizer alone: streets a chat types in lower case, read on the capitalized view."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import (
    LowercaseStreetRecognizer,
    StreetAddressRecognizer,
    WorldStreetAddressRecognizer,
)
from privacy.desensitize.recognizers.lowercase_street import capitalized_view

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.6, 0.6)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> LowercaseStreetRecognizer:
    readers = (StreetAddressRecognizer(gazetteer), WorldStreetAddressRecognizer(gazetteer))
    return LowercaseStreetRecognizer(gazetteer, readers)


def _at(text: str, value: str) -> list[tuple[int, int, str]]:
    start = text.index(value)
    return [(start, start + len(value), value)]


@pytest.mark.parametrize(
    "text, value",
    [
        ("party at mine, 12 larkspur road, hamilton, bring a plate", "12 larkspur road, hamilton"),
        ("we've moved to flat 3b, 41 weston st, redfern!", "flat 3b, 41 weston st, redfern"),
        # Words at the edges that no address opens or closes with stay outside.
        ("her new place is apt 804, 9 orchard lane, kew", "apt 804, 9 orchard lane, kew"),
        ("its 7 kelburn close, wellington but ring first", "7 kelburn close, wellington"),
        # A street's name may be another language's function word; a postcode in lower case.
        ("estoy en calle mayor 14, madrid", "calle mayor 14, madrid"),
        ("my address: 221b baker street, london nw1 6xe", "221b baker street, london nw1 6xe"),
        # A phone's label ends the address, and its town is not read past the cut.
        ("27 kelburn parade, wellington, mobile 021 555 0199", "27 kelburn parade, wellington"),
        # A time before a room stays: "from 9, room 204" is the room alone.
        ("i'll be at the office from 9, room 204", "room 204"),
    ],
)
def test_streets_in_lower_case_are_found(recognizer: LowercaseStreetRecognizer, text: str, value: str) -> None:
    assert_found(recognizer, text, _at(text, value), ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Capitalized streets are the other recognizers' to find.
        "Meet me at 12 Larkspur Road, Hamilton.",
        # A number with no street or flat word, a count, a time, a price.
        "text me on 0412 555 019 when ur here",
        "see u at 6 at her place ok",
        "aisle 12 has the tiles",
        "paid via gcash 0998 earlier",
        "i have 2 best friends and 3 cats",
    ],
)
def test_other_lowercase_numbers_are_not(recognizer: LowercaseStreetRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_the_view_keeps_every_offset() -> None:
    text = "straße 5, ßtraße & i've seen it.com/x_y"
    view = capitalized_view(text)
    assert len(view) == len(text)
    assert view == "Straße 5, ßtraße & I've Seen It.com/x_y"  # "ß" has no one-letter capital: left as typed
