"""Recognize payment card numbers: any issuer's, by the Luhn check, and any after a card cue."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued
from privacy.desensitize.recognizers.escapes import NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER

# A card number is written as one run or in groups (4-4-4-4, Amex 4-6-5,
# 4-4-4-4-3), with one space or dash between groups; a digit at a time, each
# after an optional separator, so a run parses one way only.
_DIGITS = r"\d(?:[ \-]?\d){11,}"
_NUMBER = regex.compile(rf"{NOT_AFTER_NUMBER}{_DIGITS}{NOT_BEFORE_NUMBER}")
_GROUP = regex.compile(r"\d+")
# ISO/IEC 7812: a primary account number has 12 to 19 digits. Without a cue,
# 13 or more: twelve-digit numbers are mostly something else (Aadhaar numbers,
# phone numbers with their country code), and count only with a card word
# nearby (Presidio's context words lift their score over the threshold).
CARD_DIGITS = range(12, 20)
UNCUED_CARD_DIGITS = range(13, 20)
# Card groups have three digits or more; "12 27" after a number is an expiry.
MIN_GROUP_DIGITS = 3
# Major industry identifiers (the first digit) of cards that pay: airlines and
# financial (1, 2: UATP, Mastercard 2-series, Mir), travel and entertainment
# (3: Amex, JCB, Diners), banking (4, 5, 6: Visa, Mastercard, Maestro,
# Discover, UnionPay, RuPay).
_PAYMENT_INDUSTRIES = frozenset("123456")
_CUE = (
    r"(?i:(?:credit|debit|bank|payment|prepaid|gift|loyalty|member(?:ship)?)\s+card"
    r"|card|cc|visa|master\s?card|mc|amex|american\s+express|maestro|discover|jcb|diners(?:\s+club)?"
    r"|union\s?pay|rupay|carte(?:\s+bancaire|\s+bleue)?|cb|tarjeta|karte|kreditkarte|ec-karte"
    r"|carta|cart[ãa]o|kaart|pan)"
)
_FILLER = (
    r"(?:\s*(?:number|num|no\.?|nr\.?|n[°º]|#|is|was|:|-|–|\?|\(|ending|de|di|du|da|nummer"
    r"|numéro|número|numero|on\s+file|details))*\s*"
)


def luhn_valid(digits: str) -> bool:
    """The Luhn (mod 10) check every issuer's card numbers pass."""
    total = 0
    for position, digit in enumerate(reversed(digits)):
        value = int(digit)
        if position % 2:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


class CardNumberRecognizer(CuePatternRecognizer):
    """Marks payment card numbers of every issuer: by the Luhn check alone, or after a card cue.

    Presidio's CreditCardRecognizer knows the prefixes of a few networks
    (Visa, Amex, Discover, Diners, JCB, Mastercard's 51-55) and at most 17
    digits, so Mastercard's 2-series (2221-2720), Maestro, UnionPay and
    19-digit cards pass it by. This one goes by the standard instead: 13 to 19
    digits, in groups or not, whose first digit is that of a card that pays
    and which pass the Luhn check (one random number in ten does, so a long
    order or tracking number may be taken too: erring on the side of privacy).
    After a card cue ("card", "visa", "CC", "tarjeta"), 12 to 19 digits are
    taken without the check: users mistype, and a test number still looks
    like one. Twelve digits that pass the check but follow no cue are scored
    below the threshold, for a card word in the sentence before to lift.
    """

    ENTITY = "CREDIT_CARD"
    SCORE = 0.8
    EXPLANATION = "Card-length number after a card cue"
    PATTERN_NAME = "cued"
    PATTERNS = (cued(_CUE, _DIGITS, filler=_FILLER, after=NOT_BEFORE_NUMBER),)
    SCORE_CHECKED = 0.95
    # Below the desensitizer's threshold: a card word nearby lifts it over.
    SCORE_SHORT = 0.2
    CONTEXT = ("card", "credit", "debit", "visa", "mastercard", "maestro", "amex", "cc")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per card number."""
        checked = []
        for match in _NUMBER.finditer(text):
            for is_card, score, name in (
                (_is_card, self.SCORE_CHECKED, "Luhn"),
                (_is_short_card, self.SCORE_SHORT, "Luhn, twelve digits"),
            ):
                end = _fitted_end(match.group(), match.start(), is_card)
                if end is not None:
                    checked.append(
                        self.result(
                            match.start(),
                            end,
                            score,
                            "Card-length number that passes the Luhn check",
                            pattern_name=name,
                        )
                    )
        return EntityRecognizer.remove_duplicates(checked + self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The cued number, up to its last group that a card could end with."""
        number, start = match["value"], match.start("value")
        end = _fitted_end(number, start, _is_card) or _fitted_end(number, start, _has_card_length)
        if end is not None:
            yield start, end


def _fitted_end(number: str, start: int, is_card: Callable[[str], bool]) -> int | None:
    """Where the longest run of whole digit groups that ``is_card`` ends, if any.

    A number written next to another ("4111 1111 1111 1111 12/27", an expiry
    after it) runs on past the card; the groups after it are left out. Card
    groups have three digits or more and one kind of separator, so a run of
    phone numbers or short codes ends where those change.
    """
    best = None
    digits = ""
    separators = set()
    for group in _GROUP.finditer(number):
        if group.start():
            separators.add(number[group.start() - 1])
        if len(group.group()) < MIN_GROUP_DIGITS or len(separators) > 1:
            break
        digits += group.group()
        if len(digits) > CARD_DIGITS.stop - 1:
            break
        if is_card(digits):
            best = start + group.end()
    return best


def _has_card_length(digits: str) -> bool:
    return len(digits) in CARD_DIGITS


def _is_card(digits: str) -> bool:
    return len(digits) in UNCUED_CARD_DIGITS and _checks(digits)


def _is_short_card(digits: str) -> bool:
    return len(digits) == CARD_DIGITS.start and _checks(digits)


def _checks(digits: str) -> bool:
    return (
        digits[0] in _PAYMENT_INDUSTRIES
        and len(set(digits)) > 1
        and luhn_valid(digits)
    )
