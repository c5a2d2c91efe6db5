"""Recognize the fields of machine-readable travel records: a passport's MRZ, an
airline's SSR DOCS line and a boarding pass's barcode text.

These are written for machines: names in capitals joined by "<" or "/", dates
as "12MAR79" or "791230", numbers glued to country codes. Neither the model nor
the prose rules read them, yet each line holds a person's whole name, document
number and date of birth. Their layouts are fixed by ICAO Doc 9303 (MRZ) and
IATA (SSR DOCS, Resolution 792 for the boarding pass), so they are read by
position, not guessed.
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

# A passport's or visa's MRZ (TD3, TD2: two lines of 44 or 36) and an ID card's
# (TD1: three lines of 30), in capitals, digits and "<" fillers. A line of
# digits holds the document number and the dates; the others the name,
# surname "<<" given names, after the document code and issuer on the first
# line of TD2/TD3 ("P<ESP"). Scanners and people drop or add a few fillers,
# so the lengths are loose.
_MRZ_LINE = regex.compile(r"(?m)^[ \t]*(?P<line>(?=[A-Z0-9]*<)[A-Z0-9<]{28,46})[ \t\r]*$")
# Two or three lines make one document; more are documents pasted one after another.
MIN_MRZ_LINES = 2
_LONG_LINE = 34
_NUMBER_LINE = regex.compile(r"\d{6}")
_HEADER = regex.compile(r"[PVIAC][A-Z<][A-Z<]{3}(?=[A-Z])")
_NAME = regex.compile(r"[A-Z]+(?:<{1,2}[A-Z]+)*")
# SSR DOCS: document type, issuer, number, nationality, birth date, sex,
# expiry, surname, given names (and middle names): "SSR DOCS EK HK1
# P/ARE/N3462610/ARE/12MAR79/M/15JUN29/ALHASHIMI/OMAR".
_DATE = r"\d{2}[A-Z]{3}\d{2}"
_DOCS = regex.compile(
    rf"DOCS[ \t]+[A-Z0-9]{{2}}[ \t]+[A-Z]{{2}}\d[ \t/]*[A-Z]{{1,2}}/[A-Z]{{3}}/(?P<number>[A-Z0-9]{{5,20}})"
    rf"/[A-Z]{{3}}/(?P<birth>{_DATE})/[MFXU]I?/{_DATE}/"
    r"(?P<name>[A-Z][A-Z' -]{0,40}(?:/[A-Z][A-Z' -]{0,40}){1,2})(?![A-Z/])"
)
# The boarding pass's barcode text: "M1", then the name in a field of 20
# ("TSANG/KIN CHUNG BOSC"), surname "/" given names.
_BOARDING_PASS = regex.compile(r"(?<![A-Z0-9])M[1-4](?P<name>(?=[A-Z' -]{0,19}/)[A-Z][A-Z/' -]{19})")


class TravelDocumentRecognizer(LocalRecognizer):
    """Names, document numbers and dates of birth in MRZ lines, SSR DOCS lines and
    boarding-pass barcode text."""

    SCORE = 0.9

    def __init__(self) -> None:
        super().__init__(
            supported_entities=["PERSON", "PASSPORT", "DATE_OF_BIRTH"], name="TravelDocumentRecognizer"
        )

    def load(self) -> None:
        """Nothing to load: the layouts are fixed."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per field found, of the types asked for."""
        results = [*self._mrz(text), *self._docs(text)]
        for match in _BOARDING_PASS.finditer(text):
            start = match.start("name")
            results.append(self._result("PERSON", start, start + len(match.group("name").rstrip()), "boarding pass"))
        return [result for result in results if result.entity_type in entities]

    def _mrz(self, text: str) -> list[RecognizerResult]:
        fields: list[RecognizerResult | None] = []
        block: list[regex.Match[str]] = []
        for line in [*_MRZ_LINE.finditer(text), None]:
            if line is not None and block and text.count("\n", block[-1].end(), line.start()) == 1:
                block.append(line)
                continue
            if len(block) >= MIN_MRZ_LINES:
                fields += (self._mrz_field(found) for found in block)
            block = [line] if line is not None else []
        return [field for field in fields if field is not None]

    def _mrz_field(self, found: regex.Match[str]) -> RecognizerResult | None:
        start, end = found.span("line")
        if _NUMBER_LINE.search(found.group("line")):
            return self._result("PASSPORT", start, end, "MRZ number and dates")
        # Only a TD2 or TD3 line (36 or 44 characters) opens with the code and
        # issuer; an ID card's name line of 30 is all name ("PETERSEN<<LARS").
        header = _HEADER.match(found.group("line")) if len(found.group("line")) >= _LONG_LINE else None
        name = _NAME.search(found.group("line"), header.end() if header else 0)
        if name is None or "<<" not in name.group():
            return None
        return self._result("PERSON", start + name.start(), start + name.end(), "MRZ name")

    def _docs(self, text: str) -> list[RecognizerResult]:
        results = []
        for match in _DOCS.finditer(text):
            results.append(self._result("PASSPORT", *match.span("number"), "SSR DOCS number"))
            results.append(self._result("DATE_OF_BIRTH", *match.span("birth"), "SSR DOCS date of birth"))
            start = match.start("name")
            # A passenger association ("ALIYA-1.1") ends the name.
            end = start + len(match.group("name").rstrip(" -'"))
            results.append(self._result("PERSON", start, end, "SSR DOCS name"))
        return results

    def _result(self, entity: str, start: int, end: int, what: str) -> RecognizerResult:
        return recognizer_result(self, entity, start, end, self.SCORE, f"{what} of a machine-readable travel record",
                                 pattern_name=what)
