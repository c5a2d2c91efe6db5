"""district_end alone, then in the desensitizer: the suburb that ends an address goes with it."""

from __future__ import annotations

import pytest

from privacy.desensitize.address_district import district_end
from privacy.desensitize.desensitizer import default_desensitizer


def _district(text: str, street: str) -> str | None:
    start = text.index(street) + len(street)
    end = district_end(text, start)
    return None if end is None else text[start:end]


@pytest.mark.parametrize(
    "text, street, district",
    [
        # A stop, a bracket, the text's or a line's end, or lower case ends the address.
        ("pick up from 27 Latrobe Tce, Paddington. Thanks", "27 Latrobe Tce", ", Paddington"),
        ("Hämtas på Sysslomansgatan 18, Luthagen\nPris 200 kr", "Sysslomansgatan 18", ", Luthagen"),
        ("Rua Augusta 21, Baixa Chiado (3.º andar)", "Rua Augusta 21", ", Baixa Chiado"),
        ("Av. Infante Dom Henrique 85, Parque do Flamengo", "Av. Infante Dom Henrique 85", ", Parque do Flamengo"),
        ("Njegoševa 38, Vračar\ntreći sprat", "Njegoševa 38", ", Vračar"),
    ],
)
def test_a_district_that_ends_the_address_is_read(text: str, street: str, district: str) -> None:
    assert _district(text, street) == district


@pytest.mark.parametrize(
    "text, street",
    [
        ("12 Main Street, Thanks!", "12 Main Street"),  # a sign-off
        ("12 Main Street, Maria will open the door", "12 Main Street"),  # a given name opens a clause
        ("12 Main Street, Blok is closed", "12 Main Street"),  # a block's word without its number
        ("12 Main Street, Rosebank Mall 4", "12 Main Street"),  # a number goes on: no end there
        ("12 Main Street, Rosebank Mall Food Court Level", "12 Main Street"),  # more than three words
        ("12 Main Street; Rosebank", "12 Main Street"),  # no comma
        ("12 Main Street, Name: Jonas", "12 Main Street"),  # a field's label
        ("12 Main Street, Vorname: Jonas", "12 Main Street"),
        # A word in lower case after it: the next sentence, a shop's name opening it.
        ("Bahnhofstraße 12, Lidl ist direkt daneben", "Bahnhofstraße 12"),
        ("Goethestraße 7, Eingang über den Hof", "Goethestraße 7"),
        # Thanks, a day.
        ("Paseo de Gracia 21, Gracias.", "Paseo de Gracia 21"),
        ("Calle Alcalá 120, Sábado.", "Calle Alcalá 120"),
        # Wishes and replies end in "!" or "?".
        ("Rua Augusta 21, Valeu!", "Rua Augusta 21"),
        ("Bahnhofstraße 12, Frohe Weihnachten!", "Bahnhofstraße 12"),
        ("Rua Augusta 21, Combinado?", "Rua Augusta 21"),
    ],
)
def test_no_district_is_read_where_the_address_does_not_end(text: str, street: str) -> None:
    assert _district(text, street) is None


def test_the_desensitizer_replaces_the_district_with_its_address() -> None:
    text = "Hämtas på Sysslomansgatan 18, Luthagen.\nSkickas mot frakt."
    result = default_desensitizer("city").desensitize(text)
    assert "Luthagen" not in result.text
    assert "Sysslomansgatan" not in result.text
    assert result.text.endswith(".\nSkickas mot frakt.")
