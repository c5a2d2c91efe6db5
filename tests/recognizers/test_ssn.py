"""SsnRecognizer alone: US numbers the SSA could have issued, any country's after a cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import SsnRecognizer
from privacy.desensitize.recognizers.ssn import austrian_insurance_number_valid, issuable, sin_valid

from . import assert_found, assert_nothing

ENTITY = "US_SSN"
CUED = (0.8, 0.9)
GROUPED = (0.45, 0.55)


@pytest.fixture(scope="module")
def recognizer() -> SsnRecognizer:
    return SsnRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("SSN 123456780", [(4, 13, "123456780")]),
        ("social security number: 123 45 6789", [(24, 35, "123 45 6789")]),
        ("my ssn is 078-05-1121.", [(10, 21, "078-05-1121")]),
        ("SS#: 123.45.6789", [(5, 16, "123.45.6789")]),
        ("soc. sec. no 536221234", [(13, 22, "536221234")]),
        # After a cue the SSA's ranges do not apply: a mistyped SSN or an ITIN.
        ("SSN is 914-17-7763, thanks", [(7, 18, "914-17-7763")]),
        # Other countries' numbers after their own cue or "social security number".
        ("social security number: ZZ 91 41 77 T", [(24, 37, "ZZ 91 41 77 T")]),
        ("NINO: AB123456C", [(6, 15, "AB123456C")]),
        ("numéro de sécurité sociale 2 91 02 75 056 123 84", [(27, 48, "2 91 02 75 056 123 84")]),
        ("SIN 278 018 460", [(4, 15, "278 018 460")]),
        # Canada's SIN in French, after "NAS" if it passes the Luhn check.
        ("Nom : Marc Gagnon, NAS : 271 483 901, date", [(25, 36, "271 483 901")]),
        ("Mon NAS est 271-483-901, merci", [(12, 23, "271-483-901")]),
        ("numéro d'assurance sociale 046 454 286", [(27, 38, "046 454 286")]),
        # Austria's: after "SVNR", and after "Versicherungsnummer" if its check holds.
        ("Meine SVNR ist 4826 031186", [(15, 26, "4826 031186")]),
        ("Versicherungsnummer: 4826 031186, Name", [(21, 32, "4826 031186")]),
        # Without a cue, only the grouped shape.
        ("it is 536-22-1234", [(6, 17, "536-22-1234", GROUPED)]),
    ],
)
def test_social_security_numbers_are_found(
    recognizer: SsnRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, CUED)


@pytest.mark.parametrize(
    "text",
    [
        "it is 900-12-3456",  # area 9xx: ITINs, never SSNs
        "it is 666-12-3456",  # area 666
        "it is 000-12-3456",  # area 000
        "it is 123-00-4567",  # group 00
        "it is 123-45-0000",  # serial 0000
        "SSN 111-11-1111",  # one digit repeated: a placeholder
        "order 536221234",  # nine bare digits need a cue
        "12345-6789",  # a ZIP+4 code
        "sin of pride 12345678",  # "SIN" only in capitals
        "SSN 1234567",  # too short for any country's number
        "PESEL 97100666900",  # a national identity number, not a social security one
        "NAS : 271 483 902",  # fails the Luhn check
        "mon NAS: 192.168.1.20",  # a network drive's address
        "Mein NAS hat 4 TB und kostet 271 483 901 Rappen",
        "Versicherungsnummer 4827 031186",  # the wrong check digit
        "Versicherungsnummer 4829 311386",  # its check holds, but no 13th month
        "Versicherungsnummer KV-2023-48271",  # an insurer's policy number
    ],
)
def test_other_numbers_are_not(recognizer: SsnRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_checks() -> None:
    assert sin_valid("271 483 901") and not sin_valid("271 483 902")
    assert austrian_insurance_number_valid("4826 031186") and not austrian_insurance_number_valid("4827 031186")


def test_the_ssa_rules_are_applied_to_the_digits() -> None:
    assert issuable("536-22-1234")
    assert not issuable("936 22 1234")
