"""CardNumberRecognizer alone: any issuer's numbers by the Luhn check, any after a card cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import CardNumberRecognizer
from privacy.desensitize.recognizers.card_number import luhn_valid

from . import assert_found, assert_nothing

ENTITY = "CREDIT_CARD"
CHECKED = (0.9, 1.0)
CUED = (0.75, 0.85)
SHORT = (0.15, 0.25)


@pytest.fixture(scope="module")
def recognizer() -> CardNumberRecognizer:
    return CardNumberRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        # Mastercard's 2-series and 19-digit numbers, which Presidio's recognizer misses.
        ("my card 2221 0012 3412 3450 is new", [(8, 27, "2221 0012 3412 3450")]),
        ("4000-0000-0000-0000-006 on file", [(0, 23, "4000-0000-0000-0000-006")]),
        ("Amex 3782 822463 10005.", [(5, 22, "3782 822463 10005")]),
        # An expiry written after the number is not part of it.
        ("card 4111 1111 1111 1111 12/27", [(5, 24, "4111 1111 1111 1111")]),
        # A line break written as an escape is a break.
        ("Card:\\n5555555555554444", [(7, 23, "5555555555554444")]),
        # After a cue, any card length passes, checked or not.
        ("card number 5038 0776 4264 is lost", [(12, 26, "5038 0776 4264", CUED)]),
        ("tarjeta: 1234 5678 9012 3456", [(9, 28, "1234 5678 9012 3456", CUED)]),
        # Twelve checked digits alone wait for a card word nearby to lift them.
        ("Number is 676395252288", [(10, 22, "676395252288", SHORT)]),
    ],
)
def test_card_numbers_are_found(
    recognizer: CardNumberRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, CHECKED)


@pytest.mark.parametrize(
    "text",
    [
        "order 1234567890123",  # fails the Luhn check
        "+4111111111111111",  # a phone number's country code
        "7111 1111 1111 1118",  # a petroleum card's industry digit
        "4444444444444444",  # one digit repeated
        "call 555-555-5555 555-555-5555",  # groups of phone numbers
        "card 1234 5678",  # too short for a card
        "4111 1111 1111 11",  # a short last group
    ],
)
def test_other_numbers_are_not(recognizer: CardNumberRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "number, valid", [("4111111111111111", True), ("4111111111111112", False), ("0", True)]
)
def test_luhn_check(number: str, valid: bool) -> None:
    assert luhn_valid(number) is valid


def test_card_words_are_declared_for_presidio(recognizer: CardNumberRecognizer) -> None:
    assert "card" in recognizer.context
