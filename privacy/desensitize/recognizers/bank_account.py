"""Recognize bank account numbers written after the word for an account."""

from __future__ import annotations

import regex

from privacy.desensitize.currencies import CURRENCY_AFTER_AMOUNT
from privacy.desensitize.recognizers.cue_pattern import NOT_BEFORE_ALNUM, CuePatternRecognizer, cued

# The word for a bank account, in the languages we weigh: "acc 43918265",
# "Acct. 43918265", "Account 5200196", "kontonummer 3624 48 48479", "Conta
# 7294013-5", "Rekening gaji: Bank Mandiri 131-00-…", "na účet č.
# 2001231036/2010", "р/с 40702810900000012345", "số tài khoản …", "계좌번호 …".
# An IBAN has its own recognizer; these are the national numbers that no
# checksum vouches for. "Bank transfer to" a number names the account it goes
# to. Words that also name a bill or an invoice are taken only in their
# account's phrase: Russian "расчётный счёт", Polish "numer rachunku", Czech
# "účet č.", French "numéro de compte" ("la ville compte 152347 habitants").
_CUE = (
    r"(?i:(?:bank[ \t]+)?account|acc|acct|a/c|c/c|bank[ \t]+transfer[ \t]+to|kontonummer(?:et)?|kontonr|konto|konta"
    r"|koncie|rekening(?:nummer|nr)?|no\.?[ \t]?rek|norek|rek|conta(?:[ \t]+(?:corrente|poupança))?|poupança"
    r"|cuenta(?:[ \t]+de[ \t]+ahorros|[ \t]+corriente)?|cta\.?[ \t]?cte|clabe"
    r"|(?:num[ée]ro|n°)[ \t]+de[ \t]+compte|compte[ \t]+bancaire|(?:nr|numer)[ \t]+rachunku|rachunek[ \t]+bankowy"
    r"|(?:na[ \t]+)?účet(?=[ \t]*č\.)|účtu|hesap|akaunti|akaun|stk|số[ \t]+tài[ \t]+khoản"
    r"|р/с|(?:расч[её]тный|лицевой)[ \t]+сч[её]т|حساب|ሂሳብ)"
)
_GLUED_CUE = r"(?:账号|帳號|账户|帳戶|口座番号|계좌번호|계좌)"
# What may stand between the word and the number: an abbreviation's dot, "no.",
# "number", "#", a colon, a dash, "is", "č." (Czech), "ቁጥር" (Amharic),
# "numaram" (Turkish), the kind of account ("gaji", "corriente"), and the
# bank's name: capitals ("HSBC", "BBVA") or after "Bank"/"Banco" ("Bank Mandiri").
_FILLER = (
    r"(?:\.|[ \t]*(?:[:#\-–]|(?i:number|numaram|numarası|num|nr|no|n[°º]|č|ቁጥር|is)\.?"
    r"|(?i:gaji|tabungan|corriente|courant))"
    r"|[ \t]+(?:\p{Lu}{2,6}|(?i:bank|banco|banca)[ \t]+\p{Lu}\p{L}+)(?=[ \t]+\d))*+[ \t]*"
)
# Six to twenty-four digits with single blanks, dashes, slashes or dots between
# them, starting and ending with a digit.
_NUMBER = r"\d(?:[ \-/.]?\d){5,23}+"
# An amount is no account: "account 1.250.000", "konto 12 500,00", or a round
# number ("account 1500000 followers", "konto 250000 zł"); nor a currency after it.
_AMOUNT = regex.compile(r"\d{1,3}(?:[ .,]\d{3})+(?:[.,]\d{1,2})?|\d+[.,]\d{1,2}|\d+000")
# A date or a year is none either: "account 12.03.2024", "Account 2023-24",
# "Konto 03/2024", "account 20240315"; a longer number may end in a bank's
# code that looks like a year ("2001231036/2010", Czech).
_DATE = regex.compile(r"\d{1,4}[./-]\d{1,2}[./-]\d{1,4}|(?:19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])")
_YEAR_GROUP = regex.compile(r"(?<!\d)(?:19|20)\d{2}(?!\d)")
_DIGIT = regex.compile(r"\d")
MAX_DIGITS_BESIDE_A_YEAR = 10


def _is_an_account(value: str) -> bool:
    short = len(_DIGIT.findall(value)) <= MAX_DIGITS_BESIDE_A_YEAR
    return (
        _AMOUNT.fullmatch(value) is None
        and _DATE.fullmatch(value) is None
        and not (short and _YEAR_GROUP.search(value))
    )


_AFTER = rf"{NOT_BEFORE_ALNUM}(?![.,]\d)(?![ \t]*{CURRENCY_AFTER_AMOUNT}(?!\p{{L}}))"


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
        cued(_CUE, _NUMBER, filler=_FILLER, after=_AFTER),
        cued(_GLUED_CUE, _NUMBER, filler=r"[ \t]*[:：]?[ \t]*", cue_end="", after=_AFTER),
    )

    def fits(self, value: str) -> bool:
        """Whether the number is no amount, date or year."""
        return _is_an_account(value)
