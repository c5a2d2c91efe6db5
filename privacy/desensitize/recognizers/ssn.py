"""Recognize social security numbers: US ones by their grouping, any country's after a cue."""

from __future__ import annotations

from collections.abc import Callable

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.card_number import luhn_valid
from privacy.desensitize.recognizers.cue_pattern import NOT_BEFORE_ALNUM, CuePatternRecognizer, cued
from privacy.desensitize.recognizers.escapes import NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER

# Written with dashes or spaces, the 3-2-4 grouping is the SSN's own.
_GROUPED = regex.compile(rf"{NOT_AFTER_NUMBER}\d{{3}}(?P<sep>[ \-])\d{{2}}(?P=sep)\d{{4}}{NOT_BEFORE_NUMBER}")
# Words that name a social security or national insurance number: the US
# SSN's, and what other countries call theirs (the UK's NINO, France's numéro
# de sécurité sociale, Germany's Sozialversicherungsnummer, Canada's SIN,
# Spain's número de la seguridad social, Switzerland's AHV number, Austria's SVNR).
_CUE = (
    r"(?i:ssn|ss\s?#|ss\s+(?:no|number)|social\s+(?:security|insurance)(?:\s+(?:number|num|no|card))?"
    r"|social\s+sec(?:\.|\s)|soc\.?\s+sec\.?(?:\s+(?:no|number|#))?|national\s+insurance(?:\s+number)?"
    r"|ni\s+(?:no|number)|nino|sozialversicherungs-?(?:nummer|nr\.?)|sv-?(?:nummer|nr\.?)|rentenversicherungsnummer"
    r"|(?:num[ée]ro\s+de\s+)?s[ée]curit[ée]\s+sociale|n[°º]\s+de\s+s[ée]cu|num[ée]ro\s+de\s+s[ée]cu"
    r"|n[úu]mero\s+de\s+(?:la\s+)?seguridad\s+social|nss|ahv-?(?:nummer|nr\.?)|avs|(?-i:SIN)"
    r"|(?:num[ée]ro|n[°º])\s+d['’]assurance\s+sociale)"
)
# "is", "no." and the like, in the languages of the cues too: "mon NAS est …".
_FILLER = r"(?:\s*(?:is|was|est|es|ist|:|#|-|–|no\.?|nr\.?|number|of|\())*\s*"
# What such a number looks like after its cue, whatever the country: 8 to 20
# letters and digits, at least six of them digits, in groups. Twenty, not
# sixteen: Tanzania's NIDA number has 20 digits, Bangladesh's NID 17.
NATIONAL_NUMBER = r"(?=(?:[A-Z ./\-]{0,40}\d){6})[A-Z0-9]{1,20}(?:[ ./\-][A-Z0-9]{1,12}){0,7}"
NATIONAL_CHARACTERS = range(8, 21)
# Canada's SIN in French: "NAS", in capitals, which is also a network drive
# ("mon NAS: 192.168.1.20"); after it only nine digits grouped 3-3-3 that pass
# the Luhn check the SIN has, the first no 0 or 8 (never issued).
_NAS = cued(
    r"(?-i:NAS)", r"[1-79]\d{2}(?P<sep>[ -]?)\d{3}(?P=sep)\d{3}", filler=_FILLER, after=NOT_BEFORE_NUMBER
)
# Austria's social insurance number after "Versicherungsnummer", which names
# any insurer's policy number too: four digits (a serial and the check digit)
# and the holder's birth date as DDMMYY ("4826 031186"), the check holding.
_AUSTRIAN = cued(
    r"(?i:versicherungs-?(?:nummer|nr\.?))", r"[1-9]\d{3} ?\d{6}", filler=_FILLER, after=NOT_BEFORE_NUMBER
)
_AUSTRIAN_WEIGHTS = (3, 7, 9, 0, 5, 8, 4, 2, 1, 6)
_DIGIT = regex.compile(r"\d")
_SEPARATORS = regex.compile(r"[ ./\-]")


def sin_valid(number: str) -> bool:
    """Whether a Canadian social insurance number passes the Luhn check."""
    return luhn_valid("".join(_DIGIT.findall(number)))


def austrian_insurance_number_valid(number: str) -> bool:
    """Whether an Austrian social insurance number's fourth digit is the weighted sum
    of the other nine modulo 11, and its last six a day and month of a year."""
    digits = [int(c) for c in _DIGIT.findall(number)]
    day, month = digits[4] * 10 + digits[5], digits[6] * 10 + digits[7]
    check = sum(digit * weight for digit, weight in zip(digits, _AUSTRIAN_WEIGHTS, strict=True)) % 11
    return check == digits[3] and 1 <= day <= 31 and 1 <= month <= 12


# Formats after a name that other numbers share, each with the check that tells them apart.
_CUED_CHECKED: dict[regex.Pattern[str], Callable[[str], bool]] = {
    _NAS: sin_valid,
    _AUSTRIAN: austrian_insurance_number_valid,
}


def issuable(number: str) -> bool:
    """Whether the SSA issues numbers like this one.

    It never has issued area 000, 666 or 900-999 (the last are ITINs), group
    00 or serial 0000; and a number of one repeated digit is a placeholder.
    """
    digits = "".join(_DIGIT.findall(number))
    area, group, serial = digits[:3], digits[3:5], digits[5:]
    return (
        area not in ("000", "666")
        and not area.startswith("9")
        and group != "00"
        and serial != "0000"
        and len(set(digits)) > 1
    )


class SsnRecognizer(CuePatternRecognizer):
    """Marks US social security numbers written 3-2-4 with dashes or spaces, when the
    SSA could have issued them, and any country's social security or national
    insurance number after a cue ("SSN 123456789", "social security number:
    ZZ 91 41 77 T", "NINO AB123456C", "numéro de sécurité sociale 2 91 02 75 056 123 84"),
    and after a name that other numbers share, the formats whose check proves
    them: a Canadian SIN after "NAS" (Luhn), an Austrian one after
    "Versicherungsnummer" (mod 11, a birth date).

    Presidio's UsSsnRecognizer scores nine bare digits 0.05, below the
    desensitizer's threshold even after "SSN 123456789" lifts it, and takes
    numbers in areas the SSA never issues (9xx) without a cue. Here, without
    a cue, only the grouped shape counts, and only in the SSA's ranges; after
    one, any number of a national number's shape (8 to 16 letters and digits,
    six or more digits). They are all US_SSN, the type whose placeholder says
    what they are: a social security number. National identity numbers
    (DNI, PESEL, codice fiscale…) are not: see NationalIdRecognizer.
    """

    ENTITY = "US_SSN"
    SCORE = 0.85
    EXPLANATION = "Nine digits after a social security cue"
    PATTERN_NAME = "cued"
    PATTERNS = (cued(_CUE, NATIONAL_NUMBER, filler=_FILLER, after=NOT_BEFORE_ALNUM), *_CUED_CHECKED)
    CHECKS = _CUED_CHECKED
    SCORE_GROUPED = 0.5
    CONTEXT = ("ssn", "social", "security", "ssa")

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per number the SSA could have issued."""
        grouped = [
            self.result(
                match.start(),
                match.end(),
                self.SCORE_GROUPED,
                "Nine digits grouped 3-2-4",
                pattern_name="grouped",
            )
            for match in _GROUPED.finditer(text)
            if issuable(match.group())
        ]
        return EntityRecognizer.remove_duplicates(grouped + self.cued_results(text))

    def fits(self, value: str) -> bool:
        """Whether the number has a national number's length and is no placeholder.

        After a cue the SSA's ranges are not applied: a number the writer calls
        their SSN but the SSA never issued is a mistyped one (a digit off the
        real one) or an ITIN, and either identifies them.
        """
        compact = _SEPARATORS.sub("", value)
        return len(compact) in NATIONAL_CHARACTERS and len(set(compact)) > 1
