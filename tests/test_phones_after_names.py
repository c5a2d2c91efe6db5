"""A number written right after a person the desensitizer found is that person's phone."""

from __future__ import annotations

import pytest

from privacy.desensitize.phones_after_names import phones_after_names


def _after(text: str, person: str, taken: tuple[tuple[int, int], ...] = ()) -> list[str]:
    start = text.index(person)
    return [text[a:b] for a, b in phones_after_names(text, [(start, start + len(person))], taken)]


@pytest.mark.parametrize(
    ("text", "person", "phone"),
    [
        ("handled by Ms. Candy Ho, 9012 7736.", "Ms. Candy Ho", "9012 7736"),
        ("Contact via neighbour Manana 591 22 08 47.", "Manana", "591 22 08 47"),
        ("ring Lone on 22 31 40 87", "Lone", "22 31 40 87"),
        ("Driver: Chaminda - 077 123 4567", "Chaminda", "077 123 4567"),
    ],
)
def test_a_number_after_a_name_is_a_phone(text: str, person: str, phone: str) -> None:
    assert _after(text, person) == [phone]


@pytest.mark.parametrize(
    ("text", "person"),
    [
        ("Ms. Ho, 34, lives here", "Ms. Ho"),  # an age
        ("Ana Lima, 1990 2024", "Ana Lima"),  # years
        ("Olga, 45 000 000 RUB", "Olga"),  # an amount in thousands
        ("María López 12/03/1990", "María López"),  # a date
        ("Juan Pérez, 2.345.678", "Juan Pérez"),  # dotted thousands
        ("Ana 1234 5678901234567890", "Ana"),  # too long for a phone
        ("Ana, 9012 7736abc", "Ana"),  # glued to a word
    ],
)
def test_other_numbers_are_not(text: str, person: str) -> None:
    assert _after(text, person) == []


def test_a_number_another_span_holds_stays_its() -> None:
    text = "Ana, 9012 7736"
    start = text.index("9012")
    assert _after(text, "Ana", ((start, start + 9),)) == []
