"""Recognize passport numbers introduced by the word passport."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import (
    NOT_BEFORE_ALNUM,
    OWNER_BETWEEN,
    CuePatternRecognizer,
    cued,
    sorted_unique,
)

# The word in its case forms too: Finnish "passin numero", Polish "skan paszportu",
# Norwegian "Passnummeret", Romanian "Pașaportul", Turkish "pasaportum",
# Hungarian "útlevelem száma", Greek "διαβατηρίου".
_CUE = (
    r"(?i:passport|pass\.|passeport|reisepass(?:nummer)?|pasaporte|passaporto|passaporte|passaport"
    r"|paspoort(?:nummer)?|pasaport(?:um|un|u)?|paszport(?:u|em|y)?|pas+nummer(?:et)?|pass-?nr\.?"
    r"|passi(?:n|ni)?|passinumero|passet|travel\s+document|(?-i:PP)|paspor|pa[sș]aport(?:ul|ului)?"
    r"|útlevél|útlevelem|útlevelének|διαβατήρι(?:ο|ου)"
    r"|(?:загран)?паспорт[ау]?|cestovní\s+pas|číslo\s+pasu)"
)
# "no.", "n.", "n°", and the word for number of the languages above, also
# written on to the cue ("paspoortnummer", "passaporto numero").
_NUMBER_LABEL = (
    r"(?i:no\.?|nr\.?|num(?:ber)?\.?|n\.?[°º]|n\.|#|id|nummer|numer|numero|número|nomor|numaras[ıi]|numaram|номер"
    r"|č\.|száma|numărul|numarul|αριθμός)"
)
# A comma or an opening parenthesis may stand before the number: "il numero del mio
# passaporto, YA4827153", "pasaporte (nº PAF527341)".
_FILLER = (
    rf"(?:\s*(?:{_NUMBER_LABEL}|(?i:is|was|:|-|–|,|\(|reads|number|my|the|de|du|er|on|är|è|es|é|je|jest|είναι))"
    rf"|{OWNER_BETWEEN})" + r"{0,4}\s*"
)
# Six to nine letters and digits with at least two digits: the ICAO document
# numbers of nearly every country (US/GB 9 digits, DE "C01X00T47", FR
# "12AB34567", IN "K1234567"), written with at most one space or dash inside.
_NUMBER = r"(?=(?:[A-Z<]*\d){2})[A-Z0-9]{1,5}[ -]?[A-Z0-9]{1,8}"


# The passport field of an airline's advance passenger record (SSR DOCS):
# "/P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN".
_DOCS = regex.compile(r"(?<=/P/[A-Z]{2,3}/)(?P<value>[A-Z0-9]{5,9})(?=/[A-Z]{2,3}/)")
# A slash-separated header with a passport field, and a line of values under
# it or after a colon: "NAME/PASSPORT/NATIONALITY: DOE JANE/533380006/USA".
_HEADER_ROW = regex.compile(
    r"(?P<header>(?:[\p{L} .#]{1,30}/){1,8}[\p{L} .#]{1,30})[ \t]*(?::[ \t]*|\r?\n[ \t]*)"
    r"(?P<row>[^\n/]*(?:/[^\n/]*){1,8})"
)
_CUE_FIELD = regex.compile(rf"\s*{_CUE}(?:\s*{_NUMBER_LABEL})?\s*")
_NUMBER_FIELD = regex.compile(rf"\s*(?P<value>{_NUMBER})\s*")


class PassportRecognizer(CuePatternRecognizer):
    """Marks the document number after "passport", "passport no.", "PP", "Reisepass" and
    the like, in the passport field of an airline's DOCS record, and under the passport
    column of a slash-separated header ("NAME/PASSPORT/NATIONALITY: …/533380006/…").

    Passport numbers have no checksum outside the machine-readable zone and
    their shapes (six to nine letters and digits) are shared with order
    numbers and product codes, so without the cue no pattern is reliable; with
    it, one is. Presidio's US and UK passport recognizers are not used: they
    fire on any nine-digit number and score it on context alone.
    """

    ENTITY = "PASSPORT"
    SCORE = 0.85
    EXPLANATION = "Document number after a passport cue"
    PATTERNS = (cued(_CUE, _NUMBER, filler=_FILLER, after=NOT_BEFORE_ALNUM), _DOCS)
    CHARACTERS = range(6, 10)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per number after a cue, in a DOCS record, or under a passport column."""
        return sorted_unique(self.cued_results(text) + list(self._column_results(text)))

    def _column_results(self, text: str) -> Iterator[RecognizerResult]:
        """Numbers in the passport column of a slash-separated header and row."""
        for match in _HEADER_ROW.finditer(text):
            fields = match["header"].split("/")
            cells = match["row"].split("/")
            if len(cells) != len(fields):
                continue
            offset = match.start("row")
            for field, cell in zip(fields, cells, strict=True):
                number = _NUMBER_FIELD.fullmatch(cell)
                if _CUE_FIELD.fullmatch(field) and number and _has_passport_length(number["value"]):
                    yield self.result(
                        offset + number.start("value"),
                        offset + number.end("value"),
                        self._score,
                        "Number under a passport column",
                    )
                offset += len(cell) + 1


def _has_passport_length(number: str) -> bool:
    return len(number.replace(" ", "").replace("-", "")) in PassportRecognizer.CHARACTERS
