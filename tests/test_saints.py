"""Saints' titles: a name after one is a feast, a town or a church."""

from __future__ import annotations

import pytest

from privacy.desensitize.saints import names_a_saint


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Per Sant Antoni fem foc", "Antoni"),
        ("la festa di San Gennaro", "San Gennaro"),
        ("am Sankt-Florians-Tag", "Florians"),
        ("Ziua Sfântul Ilie", "Ilie"),
        ("in St. Pölten", "Pölten"),
        ("Święty Mikołaj przyjdzie", "Mikołaj"),
    ],
)
def test_a_name_after_or_with_a_title_is_a_saints(text: str, name: str) -> None:
    assert names_a_saint(text, text.index(name))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Santos Pereira ligou ontem", "Santos"),  # a surname, not "santo"
        ("I met Aziz Demir there", "Demir"),  # a given name as often as a title
        ("Sandra Saint", "Sandra"),  # the title after the name says nothing
        ("call Anton back", "Anton"),
    ],
)
def test_other_names_are_not(text: str, name: str) -> None:
    assert not names_a_saint(text, text.index(name))
