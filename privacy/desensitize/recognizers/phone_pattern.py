"""Recognize phone numbers by their written shape, including ones libphonenumber rejects."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued

# Between digits people write a space, a dot, a dash or a slash, once. The
# patterns take one digit (or "(0)") at a time, each after an optional
# separator, so a digit run parses one way only and a failed match backs off in
# linear time; the digit count is checked afterwards.
_SEPARATOR = r"[ \u00a0.\-/]"
_NEXT_DIGIT = rf"(?:{_SEPARATOR}?(?:\(0\)|\d))"
# Not inside a longer number, decimal, date, time or word.
_BEFORE = r"(?<![\p{L}\p{N}+.,:/\-])"
_AFTER = r"(?![\p{L}\p{N}]|[.,:/\-]\d)"

# "+44 7700 900345", "+33 7 27 75 56 70", "+49 (0)30 1234567", "0044 20 7946 0958".
_INTERNATIONAL = regex.compile(rf"{_BEFORE}(?:\+|00)[1-9]{_NEXT_DIGIT}*{_AFTER}")
# "07700 900812", "0472 64 21 60", "0152/61940475", "(020) 7946 0958": a trunk 0,
# the area or mobile prefix, then the subscriber's digits.
_NATIONAL = regex.compile(rf"{_BEFORE}\(?0\d{{1,4}}\)?{_NEXT_DIGIT}+{_AFTER}")
# A local number without area code ("555-0199", "2345 6789") is a phone number
# only right after a word that says so.
_CUED_LOCAL = cued(
    r"(?i:call|phone|tel|mobile|mob|cell|ring|text|fax|whatsapp|number|no\.|ext)",
    r"\d{3,4}[ .\-]\d{4}",
    filler=r"(?:[ \t]*[.:#]|[ \t]+(?:me|us|him|her|them|is|on|at|:))*[ \t]*",
    before=r"(?<![\p{L}])",
    cue_end="",
    after=_AFTER,
)
# A date written with dots, dashes or slashes at the start of a match ("01.02.2024
# 1030") is a date and a time, not a number to call.
_DATE_START = regex.compile(r"^\(?\d{1,2}[./\-]\d{1,2}[./\-](?:19|20)\d{2}(?!\d)")

_DIGIT_RUN = regex.compile(r"\d+")

# E.164 allows 15 digits with the country code; fewer than 8 is no full number.
INTERNATIONAL_DIGITS = range(8, 16)
# With the trunk 0: 9 (short French/Belgian landlines) to 13 (long German mobiles).
NATIONAL_DIGITS = range(9, 14)


def _fitted_end(match: regex.Match[str], lengths: range) -> int | None:
    """Where the number ends: after the most digit groups whose total fits ``lengths``.

    The pattern takes every digit it can, so a number followed by another one
    ("+33 6 12 34 56 78 2024 10") runs past any real length. Rather than lose
    the number, the match is cut after the most groups that fit; a trailing
    number may go with it, which errs on the side of privacy.
    """
    best = None
    digits = 0
    for group in _DIGIT_RUN.finditer(match.group()):
        digits += len(group.group())
        if digits > lengths.stop - 1:
            break
        if digits in lengths:
            best = match.start() + group.end()
    return best


class PhonePatternRecognizer(CuePatternRecognizer):
    """Finds international (+CC, 00CC) and national trunk-prefix (0…) phone numbers,
    and local numbers after a phone cue ("call 555-0199").

    Presidio's PhoneRecognizer keeps only numbers that libphonenumber holds to
    be valid, so numbers in ranges it considers unassigned are dropped, among
    them the UK's reserved fiction mobiles (07700 900xxx) and new French mobile
    ranges. A number nobody can call still identifies the person it belongs to,
    so this recognizer goes by shape: a "+" or "00" country code, or a trunk 0,
    followed by digit groups of a plausible total length.

    Shapes that only look like numbers stay out: the lookarounds reject digits
    glued to words, decimals ("0.5", "4.378378"), times ("09:00") and numbers
    inside longer ones; a leading date is rejected explicitly. Card numbers and
    postcodes do not start with a trunk 0 or a country code, and where an IBAN or
    coordinate pair contains such a shape, its longer span wins in the
    desensitizer.
    """

    ENTITY = "PHONE_NUMBER"
    SCORE = 0.5
    EXPLANATION = "Local number after a phone cue"
    PATTERN_NAME = "cued local"
    PATTERNS = (_CUED_LOCAL,)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per phone-shaped number of a plausible length."""
        results = []
        for pattern, lengths, name in (
            (_INTERNATIONAL, INTERNATIONAL_DIGITS, "international"),
            (_NATIONAL, NATIONAL_DIGITS, "national"),
        ):
            for match in pattern.finditer(text):
                end = _fitted_end(match, lengths)
                if end is not None and not _DATE_START.match(match.group()):
                    results.append(
                        self.result(
                            match.start(),
                            end,
                            self.SCORE,
                            f"Digits in the {name} phone number shape",
                            pattern_name=name,
                        )
                    )
        return results + self.cued_results(text)
