"""Recognize passport numbers introduced by the word passport."""

from __future__ import annotations

from privacy.desensitize.recognizers.cue_pattern import (
    NOT_BEFORE_ALNUM,
    CuePatternRecognizer,
    cued,
)

_CUE = (
    r"(?i:passport|pass\.|passeport|reisepass|pasaporte|passaporto|passaporte|paspoort"
    r"|travel\s+document)"
)
_NUMBER_LABEL = r"(?i:no\.?|nr\.?|num(?:ber)?\.?|n[°º]|#|id)"
_FILLER = rf"(?:\s*(?:{_NUMBER_LABEL}|(?i:is|was|:|-|–|reads|number|my|the|de|du)))" + r"{0,4}\s*"
# Six to nine letters and digits with at least two digits: the ICAO document
# numbers of nearly every country (US/GB 9 digits, DE "C01X00T47", FR
# "12AB34567", IN "K1234567"), written with at most one space or dash inside.
_NUMBER = r"(?=(?:[A-Z<]*\d){2})[A-Z0-9]{1,5}[ -]?[A-Z0-9]{1,8}"


class PassportRecognizer(CuePatternRecognizer):
    """Marks the document number after "passport", "passport no.", "Reisepass" and the like.

    Passport numbers have no checksum outside the machine-readable zone and
    their shapes (six to nine letters and digits) are shared with order
    numbers and product codes, so without the cue no pattern is reliable; with
    it, one is. Presidio's US and UK passport recognizers are not used: they
    fire on any nine-digit number and score it on context alone.
    """

    ENTITY = "PASSPORT"
    SCORE = 0.85
    EXPLANATION = "Document number after a passport cue"
    PATTERNS = (cued(_CUE, _NUMBER, filler=_FILLER, after=NOT_BEFORE_ALNUM),)
    CHARACTERS = range(6, 10)
