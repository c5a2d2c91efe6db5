"""Recognize bank account numbers written after the word for an account."""

from __future__ import annotations

import regex

from privacy.desensitize.recognizers.cue_pattern import NOT_BEFORE_ALNUM, CuePatternRecognizer, cued

# The word for a bank account, in the languages we weigh: "acc 43918265",
# "Account 5200196", "kontonummer 3624 48 48479", "Conta 7294013-5", "Rekening
# gaji: Bank Mandiri 131-00-…", "na účet č. 2001231036/2010", "ሂሳብ ቁጥር …". An
# IBAN has its own recognizer; these are the national numbers that no checksum
# vouches for. "Bank transfer to" a number names the account it goes to.
_CUE = (
    r"(?i:(?:bank[ \t]+)?account|acc|acct|a/c|bank[ \t]+transfer[ \t]+to|kontonummer(?:et)?|kontonr|konto"
    r"|conta(?:[ \t]+corrente)?|cuenta|clabe|compte|rekening(?:nummer)?|rachunek|rachunku|konta|účet|účtu"
    r"|hesap|hesabı|akaunti|счёт|счет|сч\.|حساب|ሂሳብ)"
)
# What may stand between the word and the number: "no.", "number", "#", a
# colon, "č." (Czech), "ቁጥር" (Amharic), the kind of account ("gaji", "corriente"),
# and the bank's name in capitals ("Bank Mandiri", "HSBC", "BBVA").
_FILLER = (
    r"(?:[ \t]*(?:[:#]|(?i:no|nr|num|number|n[°º]|č|ቁጥር)\.?|(?i:gaji|tabungan|corriente|courant|bancaire))"
    r"|[ \t]+\p{Lu}[\p{L}&]*(?=[ \t]+(?:\p{Lu}|\d)))*+[ \t]*"
)
# Six to twenty-four digits with single blanks, dashes, slashes or dots between
# them, starting and ending with a digit.
_NUMBER = r"\d(?:[ \-/.]?\d){5,23}+"
# An amount is no account: "account 1.250.000", "konto 12 500,00".
_AMOUNT = regex.compile(r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?|\d+[.,]\d{1,2}")
# A date is none either: "account 12.03.2024".
_DATE = regex.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}")


def _is_an_account(value: str) -> bool:
    return _AMOUNT.fullmatch(value) is None and _DATE.fullmatch(value) is None


class BankAccountRecognizer(CuePatternRecognizer):
    """Marks the number after a word for a bank account.

    Banks number accounts six to twenty-four digits long, in groups of any
    shape; the word before the number says it is one. Presidio's US bank
    number recognizer takes eight to seventeen bare digits with a low score
    and English context words only, and IBANs are their own recognizer.
    """

    ENTITY = "BANK_ACCOUNT"
    SCORE = 0.8
    EXPLANATION = "Number after a word for a bank account"
    PATTERNS = (
        cued(_CUE, _NUMBER, filler=_FILLER, after=rf"{NOT_BEFORE_ALNUM}(?![.,]\d)"),
    )

    def fits(self, value: str) -> bool:
        """Whether the number is no amount and no date."""
        return _is_an_account(value)
