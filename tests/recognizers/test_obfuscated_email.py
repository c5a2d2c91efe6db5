"""ObfuscatedEmailRecognizer alone: addresses with a bracketed "at"."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import ObfuscatedEmailRecognizer

from . import assert_found, assert_nothing

ENTITY = "EMAIL_ADDRESS"
SCORES = (0.75, 0.85)


@pytest.fixture(scope="module")
def recognizer() -> ObfuscatedEmailRecognizer:
    return ObfuscatedEmailRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("write to jane [at] example [dot] com please", [(9, 36, "jane [at] example [dot] com")]),
        ("SSR CTCE KC HK1/DANA.ORAZ//MAIL.KZ-1.1", [(16, 34, "DANA.ORAZ//MAIL.KZ")]),
        ("jane(at)example(dot)co(dot)uk", [(0, 29, "jane(at)example(dot)co(dot)uk")]),
        ("j.doe [@] mail.example.org", [(0, 26, "j.doe [@] mail.example.org")]),
        ("JANE {AT} EXAMPLE.COM", [(0, 21, "JANE {AT} EXAMPLE.COM")]),
    ],
)
def test_spelled_out_addresses_are_found(
    recognizer: ObfuscatedEmailRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text", ["meet at home.com", "jane at example dot com", "jane@example.com", "[at] home"]
)
def test_plain_words_are_not(recognizer: ObfuscatedEmailRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
