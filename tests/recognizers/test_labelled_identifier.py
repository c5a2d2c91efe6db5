"""LabelledIdentifierRecognizer alone: the value of a field labelled as a person's number."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import LabelledIdentifierRecognizer

from . import assert_found, assert_nothing

ENTITY = "NATIONAL_ID"
SCORES = (0.6, 0.6)


@pytest.fixture(scope="module")
def recognizer() -> LabelledIdentifierRecognizer:
    return LabelledIdentifierRecognizer()


@pytest.mark.parametrize(
    "text, value",
    [
        # A label ending in a word for number or identity, in any words, with a note in brackets.
        ("Health Scheme Membership No.: 07419933\nDOB: 1/2/1990", "07419933"),
        ("Mother's ID (kebele): AB/12/00417. Referred on", "AB/12/00417"),
        ("Registration No.: ЖК91042213\nDate of birth", "ЖК91042213"),
        # An acronym the national-ID recognizer does not know.
        ("Subscriber: A. B.\nXYZN: 228 417 903 55\nAddress", "228 417 903 55"),
        ("Payee   PRN: V-22.418.907   Bank", "V-22.418.907"),
    ],
)
def test_a_persons_number_after_its_label_is_found(
    recognizer: LabelledIdentifierRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Codes, things and phones by their labels; a date, a time, a short number, lower case.
        "Order No.: 4419028377",
        "Flight No: BA 01172",
        "Policy number: 88-20417-A",
        "Account No.: 0123456789",
        "GSM: 0532 418 27 96",
        "VAT: 12345678",
        "Reg. date: 2024-10-05",
        "Arrival ID: 18.30",
        "Staff ID: 4417",
        "NRC No.: 12/abCdE(N)048291",
        # No label at all, or prose before the colon.
        "Result: 48291733 votes were cast",
    ],
)
def test_other_values_are_not(recognizer: LabelledIdentifierRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
