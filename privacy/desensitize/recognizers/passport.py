"""Recognize passport numbers introduced by the word passport."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

_CUE = (
    r"(?i:passport|pass\.|passeport|reisepass|pasaporte|passaporto|passaporte|paspoort"
    r"|travel\s+document)"
)
_NUMBER_LABEL = r"(?i:no\.?|nr\.?|num(?:ber)?\.?|n[°º]|#|id)"
_FILLER = rf"(?:\s*(?:{_NUMBER_LABEL}|(?i:is|was|:|-|–|reads|number|my|the|de|du)))" + "{0,4}"
# Six to nine letters and digits with at least two digits: the ICAO document
# numbers of nearly every country (US/GB 9 digits, DE "C01X00T47", FR
# "12AB34567", IN "K1234567"), written with at most one space or dash inside.
_NUMBER = r"(?=(?:[A-Z<]*\d){2})[A-Z0-9]{1,5}[ -]?[A-Z0-9]{1,8}"
_PASSPORT = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_CUE}(?!\p{{L}}){_FILLER}\s*(?P<number>{_NUMBER})(?![\p{{L}}\p{{N}}])"
)


class PassportRecognizer(LocalRecognizer):
    """Marks the document number after "passport", "passport no.", "Reisepass" and the like.

    Passport numbers have no checksum outside the machine-readable zone and
    their shapes (six to nine letters and digits) are shared with order
    numbers and product codes, so without the cue no pattern is reliable; with
    it, one is. Presidio's US and UK passport recognizers are not used: they
    fire on any nine-digit number and score it on context alone.
    """

    SCORE = 0.85
    MIN_CHARACTERS = 6
    MAX_CHARACTERS = 9

    def __init__(self) -> None:
        super().__init__(supported_entities=["PASSPORT"])

    def load(self) -> None:
        """Nothing to load: the pattern is compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per cued passport number, covering the number only."""
        results = []
        for match in _PASSPORT.finditer(text):
            compact = regex.sub(r"[ -]", "", match["number"])
            if self.MIN_CHARACTERS <= len(compact) <= self.MAX_CHARACTERS:
                results.append(
                    recognizer_result(
                        self,
                        "PASSPORT",
                        match.start("number"),
                        match.end("number"),
                        self.SCORE,
                        "Document number after a passport cue",
                    )
                )
        return results
