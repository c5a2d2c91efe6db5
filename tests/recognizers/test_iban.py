"""IbanCodeRecognizer alone: IBANs by the ISO 13616 check in any case and grouping, any after "IBAN"."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import IbanCodeRecognizer
from privacy.desensitize.recognizers.iban import iban_checks

from . import assert_found, assert_nothing

ENTITY = "IBAN_CODE"
CHECKED = (0.9, 1.0)
CUED = (0.75, 0.85)
LAID_OUT = (0.75, 0.85)
NBSP_IBAN = "\u00a0".join(["GB29", "NWBK", "6016", "1331", "9268", "19"])


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> IbanCodeRecognizer:
    return IbanCodeRecognizer(lambda code: gazetteer.country_name(code) is not None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("to GB29 NWBK 6016 1331 9268 19 please", [(3, 30, "GB29 NWBK 6016 1331 9268 19")]),
        ("DE89370400440532013000", [(0, 22, "DE89370400440532013000")]),
        # Small letters and dashes.
        ("iban de89-3704-0044-0532-0130-00.", [(5, 32, "de89-3704-0044-0532-0130-00")]),
        ("send it to nl91abna0417164300", [(11, 29, "nl91abna0417164300")]),
        # A word after the groups is not one of them, though it has four letters.
        ("BE68 5390 0754 7034 from Ana", [(0, 19, "BE68 5390 0754 7034")]),
        ("NL91 ABNA 0417 1643 00 2 days", [(0, 22, "NL91 ABNA 0417 1643 00")]),
        # A country Presidio's table lacks, and a length off the country's own
        # (a digit dropped): the check still holds, and it is still the account.
        ("from RU2548080646890685OJEXNQNHLLCGNVJ to", [(5, 38, "RU2548080646890685OJEXNQNHLLCGNVJ")]),
        ("GB21LHBJ7068548246582", [(0, 21, "GB21LHBJ7068548246582")]),
        # An IBAN-shaped word just before must not swallow the IBAN's first groups.
        ("ref AB12 DE89 3704 0044 0532 0130 00", [(9, 36, "DE89 3704 0044 0532 0130 00")]),
        # A space after the country code; no-break spaces between the groups.
        ("DE 89 3704 0044 0532 0130 00", [(0, 28, "DE 89 3704 0044 0532 0130 00")]),
        (NBSP_IBAN, [(0, 27, NBSP_IBAN)]),
        # After the cue, a mistyped one (the check fails) is taken by its shape.
        ("IBAN: DE88 3704 0044 0532 0130 00", [(6, 33, "DE88 3704 0044 0532 0130 00", CUED)]),
        # Without a cue, grouped in its country's layout (Presidio's table, and
        # the countries that joined after it): nothing else is printed so.
        ("auf DE88 3704 0044 0532 0130 00 bitte", [(4, 31, "DE88 3704 0044 0532 0130 00", LAID_OUT)]),
        ("شبا: IR12 3456 7890 1234 5678 9012 34", [(5, 37, "IR12 3456 7890 1234 5678 9012 34", LAID_OUT)]),
    ],
)
def test_ibans_are_found(recognizer: IbanCodeRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, CHECKED)


@pytest.mark.parametrize(
    "text",
    [
        # The check fails, no cue vouches for it, and its length or case is off its country's layout.
        "DE88 3704 0044 0532 0130 0",
        "de88 3704 0044 0532 0130 00",
        "XX89370400440532013000",  # no such country
        "at 12 Main Street",
        "order AB12 CDEF 3456",  # too short for an IBAN
        "IBAN rules changed",
        "Gb29NwBk60161331926819",  # an IBAN is written in one case
    ],
)
def test_other_codes_are_not(recognizer: IbanCodeRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_the_check_is_iso_13616() -> None:
    assert iban_checks("GB29NWBK60161331926819")
    assert iban_checks("gb29nwbk60161331926819")
    assert not iban_checks("GB28NWBK60161331926819")
