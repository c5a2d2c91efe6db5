"""Numbers written as an identifier found in the same record are that identifier's kind."""

from __future__ import annotations

import pytest
import regex

from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.identifier_twins import _shape_pattern, identifier_twins


def _twins(text: str, found: list[tuple[str, str]]) -> list[tuple[str, str]]:
    identifiers = [(kind, text.index(value), text.index(value) + len(value)) for kind, value in found]
    taken = [(start, end) for _, start, end in identifiers]
    return [(kind, text[start:end]) for kind, start, end in identifier_twins(text, identifiers, taken)]


@pytest.mark.parametrize(
    ("text", "found", "twins"),
    [
        ("ring 415 22 908 eller 733 81 026", [("PHONE_NUMBER", "415 22 908")], [("PHONE_NUMBER", "733 81 026")]),
        ("ID AB-1234567, sister's CD-7654321.", [("NATIONAL_ID", "AB-1234567")], [("NATIONAL_ID", "CD-7654321")]),
        ("Tax no. 38120455671; his 61904473218", [("NATIONAL_ID", "38120455671")], [("NATIONAL_ID", "61904473218")]),
    ],
)
def test_a_number_shaped_as_a_found_identifier_is_one(text: str, found: list, twins: list) -> None:
    assert _twins(text, found) == twins


@pytest.mark.parametrize(
    ("text", "found"),
    [
        ("call 415 22 908, order 4152 2908", [("PHONE_NUMBER", "415 22 908")]),  # grouped otherwise
        ("call 415 22 908, ref 415 22 9081", [("PHONE_NUMBER", "415 22 908")]),  # runs on
        ("call 415 22 908, ref X415 22 908", [("PHONE_NUMBER", "415 22 908")]),
        ("call 555 1234 at 10 00 2024", [("PHONE_NUMBER", "555 1234")]),  # too few digits to carry it
        # An IBAN's twin must pass its own check digits.
        ("DE44 5001 0517 5407 3249 31, DE44 5001 0517 5407 3249 32", [("IBAN_CODE", "DE44 5001 0517 5407 3249 31")]),
    ],
)
def test_other_numbers_stay(text: str, found: list) -> None:
    assert _twins(text, found) == []


def test_the_desensitizer_replaces_a_second_number_written_as_the_first() -> None:
    text = "Kontakt far på tlf. 482 31 776 eller mor på 905 66 120."
    result = default_desensitizer().desensitize(text).text
    assert "905 66 120" not in result
    assert "482 31 776" not in result


@pytest.mark.parametrize("value", ["AB-1234567", "+46 (0)70 415 22 908", "X98Z7W6V5U43", "Ä12 345 678"])
def test_the_shape_keeps_no_letter_or_digit_of_the_value(value: str) -> None:
    """The regex is built from the value's shape, so that no digit of an
    identifier lives on in a compiled pattern, a regex cache or a traceback."""
    pattern = _shape_pattern(value)
    assert pattern is not None
    rest = pattern.replace(r"\d", "").replace(r"\p{Lu}", "").replace(r"\p{Ll}", "")
    assert not any(ch.isalnum() for ch in rest), rest
    assert regex.fullmatch(pattern, value)
