"""Identifiers hidden from the desensitizer with characters nobody sees.

The attacker (or a careless copy and paste) writes a zero-width space, a soft
hyphen, a byte-order mark, a word joiner or a bidirectional mark inside a
name, a card number, an email address or a phone number. On screen the
identifier is whole; to a pattern or the NER model it was two tokens, and it
went through unreplaced. Each case here was a leak before
`privacy.desensitize.invisible`.
"""

from __future__ import annotations

import pytest
import regex

from privacy.desensitize.desensitizer import Desensitizer, default_desensitizer
from privacy.desensitize.invisible import visible

ZWSP, SHY, BOM, WJ, LRM, VS16 = "\u200b", "\u00ad", "\ufeff", "\u2060", "\u200e", "\ufe0f"


@pytest.fixture(scope="module")
def desensitizer() -> Desensitizer:
    return default_desensitizer()


@pytest.mark.parametrize(
    ("text", "secrets", "expected"),
    [
        (f"Please call Jan Ku{ZWSP}čera tomorrow.", ["Ku"], "Please call <PERSON_1> tomorrow."),
        (f"A tribute to Jan {BOM}Kučera, who left.", ["Kučera"], "A tribute to <PERSON_1>, who left."),
        (f"Ask Anna Ko{SHY}walski about it.", ["walski"], "Ask <PERSON_1> about it."),
        (
            f"My card is 4111{ZWSP}1111{ZWSP}1111{ZWSP}1111, thanks.",
            ["4111", "1111"],
            "My card is <CREDIT_CARD_1>, thanks.",
        ),
        (f"Write to an{WJ}na.kowalska@example.com today.", ["kowalska"], "Write to <EMAIL_1> today."),
        (f"Ring me on +44 20 79{LRM}46 0958 tonight.", ["0958", "7946"], "Ring me on <PHONE_1> tonight."),
        (
            f"Card 5500{VS16}0000{VS16}0000{VS16}0004 please.",  # a variation selector is no format character
            ["5500", "0004"],
            "Card <CREDIT_CARD_1> please.",
        ),
    ],
)
def test_an_identifier_split_by_invisible_characters_is_replaced(
    desensitizer: Desensitizer, text: str, secrets: list[str], expected: str
) -> None:
    for result in (desensitizer.desensitize(text), desensitizer.desensitize_batch([text])[0]):
        assert result.text == expected
        assert not any(secret in result.text for secret in secrets)


def test_the_same_person_with_and_without_invisible_characters_is_one_placeholder(
    desensitizer: Desensitizer,
) -> None:
    result = desensitizer.desensitize(f"Anna Kowalska called. Later Anna Kowal{ZWSP}ska called again.")
    assert result.text == "<PERSON_1> called. Later <PERSON_1> called again."


def test_offsets_index_the_text_as_written_and_the_rest_is_untouched(desensitizer: Desensitizer) -> None:
    """Invisible characters outside identifiers stay: a zero-width joiner
    inside an emoji sequence still means something to the reader."""
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"{family} Call Anna Ko{SHY}walski{ZWSP} at 4111{ZWSP}1111{ZWSP}1111{ZWSP}1111 {family}"
    result = desensitizer.desensitize(text)
    assert result.text == f"{family} Call <PERSON_1>{ZWSP} at <CREDIT_CARD_1> {family}"
    written = [text[entity.start : entity.end] for entity in result.entities]
    assert written == [f"Anna Ko{SHY}walski", f"4111{ZWSP}1111{ZWSP}1111{ZWSP}1111"]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Carte 4111\u00a01111\u00a01111\u00a01111 merci", "Carte <CREDIT_CARD_1> merci"),
        ("Call Anna\u00a0Kowalska at +48\u202f601\u202f234\u202f567.", "Call <PERSON_1> at <PHONE_1>."),
        ("Carte 4111\u20091111\u20091111\u20091111 merci", "Carte <CREDIT_CARD_1> merci"),  # thin spaces
        ("Call Anna\u3000Kowalska today.", "Call <PERSON_1> today."),  # the ideographic space
    ],
)
def test_other_spaces_are_blanks_to_every_recognizer(
    desensitizer: Desensitizer, text: str, expected: str
) -> None:
    """A no-break or a thin space between a card's groups hid the card whole,
    and one between a given name and a surname made two people of one: a page
    or a word processor puts them there, and so can anyone who wants a number
    through."""
    for result in (desensitizer.desensitize(text), desensitizer.desensitize_batch([text])[0]):
        assert result.text == expected
    assert visible("a\u00a0b\u2007c\u202fd\u2009e\u3000f").text == "a b c d e f"
    every_space = "".join(chr(c) for c in range(0x80, 0x3001) if regex.match(r"\p{Zs}", chr(c)))
    assert visible(every_space).text == " " * len(every_space)


def test_the_visible_text_maps_every_span_back_onto_the_written_one() -> None:
    text = f"{ZWSP}ab{ZWSP}{BOM}cd{SHY}e{ZWSP}"
    view = visible(text)
    assert view.text == "abcde"
    assert text[slice(*view.span(0, 5))] == f"ab{ZWSP}{BOM}cd{SHY}e"
    assert text[slice(*view.span(1, 3))] == f"b{ZWSP}{BOM}c"
    assert text[slice(*view.span(2, 4))] == "cd"
    assert text[slice(*view.span(4, 5))] == "e"
    assert visible("plain text").text == "plain text"
