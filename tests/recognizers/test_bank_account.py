"""BankAccountRecognizer alone: the number after a word for a bank account."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import BankAccountRecognizer

from . import assert_found, assert_nothing

ENTITY = "BANK_ACCOUNT"
SCORES = (0.8, 0.8)


@pytest.fixture(scope="module")
def recognizer() -> BankAccountRecognizer:
    return BankAccountRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("deposit to sort code 20-45-77 acc 43918265", [(34, 42, "43918265")]),
        ("Transit 00893, Institution 004, Account 5200196", [(40, 47, "5200196")]),
        ("Account No.: 0123 4567 8901", [(13, 27, "0123 4567 8901")]),
        ("payable to the Landlord's HSBC account 653-372212-838.", [(39, 53, "653-372212-838")]),
        ("bank transfer to 12-3015-0758268-00 (M. Ngata)", [(17, 35, "12-3015-0758268-00")]),
        # The bank's name and the kind of account between; other languages.
        ("Rekening gaji: Bank Mandiri 131-00-1984339-6", [(28, 44, "131-00-1984339-6")]),
        ("Pengene utbetales til kontonummer 3624 48 48479.", [(34, 47, "3624 48 48479")]),
        ("na účet č. 2001231036/2010.", [(11, 26, "2001231036/2010")]),
        ("Conta 7294013-5, agência 0001", [(6, 15, "7294013-5")]),
        ("mándame la clabe 012180015472903861 plis", [(17, 35, "012180015472903861")]),
        ("በኢትዮጵያ ንግድ ባንክ ሂሳብ ቁጥር 1000083752924 ገቢ", [(23, 36, "1000083752924")]),
        ("my account number is 43918265", [(21, 29, "43918265")]),
        ("Acct. 43918265", [(6, 14, "43918265")]),
        ("р/с 40702810900000012345", [(4, 24, "40702810900000012345")]),
        ("số tài khoản 0123456789", [(13, 23, "0123456789")]),
        ("계좌번호 110-123-456789", [(5, 19, "110-123-456789")]),
        ("cuenta de ahorros No. 123456789012", [(22, 34, "123456789012")]),
    ],
)
def test_account_numbers_are_found(recognizer: BankAccountRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "this account has 1500000 followers",  # no number right after the word
        "account: 1.250.000 VND",  # an amount
        "Konto 12 500,00 € Guthaben",
        "account statement of 12.03.2024",
        "Account 2024",  # too short
        "we accounted for 1200000 users",  # another word
        "access code 48213901",
        # A round number: a count or an amount; an amount before its currency.
        "My Instagram account 1500000 followers",
        "account 12500000 VND",
        "Account Balance 1500000",
        # A year, a school year, a month; a bill's or an invoice's number.
        "Account 2023-24 audit pending",
        "Konto 03/2024 Abrechnung",
        "Rachunek nr 123/2024 za usługi",
        "Счёт: 123456 от 12.03.2024",
        # French "compte" counts, outside "numéro de compte".
        "La ville compte 152347 habitants",
    ],
)
def test_other_numbers_are_not(recognizer: BankAccountRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
