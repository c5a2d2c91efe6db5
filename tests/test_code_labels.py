"""The label before a number: an order or product code, or a phone."""

from __future__ import annotations

import pytest

from privacy.desensitize.code_labels import labels_a_code, names_a_code


def _at_number(text: str) -> int:
    return next(i for i, ch in enumerate(text) if ch.isdigit() or ch == "+")


@pytest.mark.parametrize(
    "text",
    [
        "tuotekoodi 091234",
        "Código de producto 8410376012",
        "comanda nr. 4419028377",
        "Bestellnummer: 2301-4478-1293",
        "Rendelésszám: 1002-9918-332",
        "Sipariş kodu TY-2024-883102",
        "art.nr 002.638.50",
        "numéro de commande n° 5512884021",
        "número do bilhete 3371 0982 64",  # a ticket
    ],
)
def test_a_code_label_names_a_code(text: str) -> None:
    assert labels_a_code(text, _at_number(text))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("Telefonnummer 0151 2345 6789", "0151"),
        ("puhelinnumero 040 123 4567", "040"),
        ("Rückrufnummer 030 1234567", "030"),
        ("numer telefonu 601 234 567", "601"),
        ("Sipariş numarası yok, telefon numarası 0532 123 45 67", "0532"),
        ("call me on 07700 900812", "07700"),
        ("mon portable 06 12 34 56 78", "06"),
        ("Nr. 0612345678", "0612"),  # a word that only counts says nothing
        ("0612345678", "0612"),
    ],
)
def test_a_phone_label_or_none_is_no_code(text: str, number: str) -> None:
    assert not labels_a_code(text, text.index(number))


@pytest.mark.parametrize(
    "text",
    [
        "Bestellnummer 4471188213, bei Fragen 0151 2345 6789",  # another number ends its reach
        "numéro de commande 5512884021, mon 06 12 34 56 78",  # so does a clause's end
        "Bestellnummer\n0151 2345 6789",  # and a line's
    ],
)
def test_a_label_reaches_its_own_number_only(text: str) -> None:
    assert not labels_a_code(text, text.rindex("0"))


@pytest.mark.parametrize(
    ("word", "names"),
    [
        ("Bestellnummer", True),
        ("localizador", True),
        ("Biljett", True),
        ("Telefonnummer", False),
        ("nummer", False),  # a word that only counts
        ("Auto", False),
    ],
)
def test_one_word_names_a_code_or_not(word: str, names: bool) -> None:
    assert names_a_code(word) is names
