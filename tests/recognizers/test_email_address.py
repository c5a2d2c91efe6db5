"""OfflineEmailRecognizer alone: Presidio's email pattern, its domain checked without a network."""

from __future__ import annotations

import socket

import pytest

from privacy.desensitize.recognizers import OfflineEmailRecognizer

from . import assert_found, assert_nothing

ENTITY = "EMAIL_ADDRESS"
SCORES = (1.0, 1.0)


@pytest.fixture(scope="module")
def recognizer() -> OfflineEmailRecognizer:
    return OfflineEmailRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mail jane.doe@example.com now", [(5, 25, "jane.doe@example.com")]),
        (
            "info@presidio.site, bob@mail.co.uk",
            [(0, 18, "info@presidio.site"), (20, 34, "bob@mail.co.uk")],
        ),
    ],
)
def test_addresses_are_found(recognizer: OfflineEmailRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize("text", ["jane@example.invalidtld", "not an email: jane@", "@home"])
def test_addresses_without_a_known_suffix_are_not(
    recognizer: OfflineEmailRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


def test_the_domain_check_never_opens_a_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("network used")

    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket.socket, "connect", refuse)
    recognizer = OfflineEmailRecognizer()
    assert_found(recognizer, "a@b.org", [(0, 7, "a@b.org")], ENTITY, SCORES)
