"""Recognize the value of a form's address field: "Permanent address: 88/14 Moo 3, Tambon Nong Pa Khrang, …".

A form says outright that what follows its label is an address, in whatever
form the country writes it: Thai "Moo" and "Tambon", Vietnamese "phường" and
"quận", Japanese block numbers, Nepali wards, Kazakh "mkr." and "kv.". The
street grammars know some of these forms and read the rest in part, leaving
the flat or the district behind. After the label the whole field's value is
the address, when it holds a number and more than one part.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import Tail, read_tail
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer

# A label that opens its line and ends in the word for an address: "Address:",
# "Permanent address:", "Guide address:", "Address in Fiji:", "Địa chỉ /
# Address:". An email, IP, web or MAC address is no postal one.
_LABEL = regex.compile(
    r"(?m:^)[ \t]*(?P<label>(?:[\p{L}/'’ -]{0,40}?[ \t/])?"
    r"(?i:address|addr\.|adresse|dirección|direccion|endereço|indirizzo|adres|adresa|địa[ \t]+chỉ)"
    r"(?:[ \t]+(?i:in|of|at|for)[ \t]+[\p{L} ]{1,20})?)[ \t]*(?:\([^()\n]{1,30}\))?[ \t]*:[ \t]*"
)
# Nor a speech, a memory or a loudspeaker's ("Keynote address:", "Fault
# address:", "Public address:"), nor "address" the verb ("Please address:").
_NOT_POSTAL = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:e-?mail|ip|mac|web|url|wallet|bitcoin|server|network|memory|billing[ \t]+same"
    r"|return|please|to|we|must|should|will|can|how|keynote|welcome|opening|closing|public|fault|base"
    r"|virtual|physical[ \t]+memory|start|end|load)(?![\p{L}\p{N}])"
)
# The value runs to the line's end, or to the next field on the same line: a
# run of blanks, a bar or a semicolon, or a capitalized label and its colon.
_VALUE = regex.compile(r"[^\n|;]{6,160}?(?=[ \t]*(?:\n|$|\||;|[ \t]{2}|[ \t]\p{Lu}[\p{L} ]{1,20}:))")
_DIGIT = regex.compile(r"\d")
_PART = regex.compile(r",")
# A value that is a link, a memory address, a network address or a time.
_NOT_AN_ADDRESS = regex.compile(
    r"@|https?://|www\.|(?i:same[ \t]+as|see[ \t]+above|n/?a$)|(?i:^0x)|^\d{1,3}(?:\.\d{1,3}){3}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?!\d)"
)


class LabelledAddressRecognizer(StreetRecognizer):
    """Marks the value of a form's address field, when it holds a number and two parts or more."""

    ENTITY = "STREET_ADDRESS"
    SCORE = 0.7
    EXPLANATION = "Value of a form's address field"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per address field's value, its towns read off its last parts."""
        results = []
        for label in _LABEL.finditer(text):
            if _NOT_POSTAL.search(label["label"]):
                continue
            value = _VALUE.match(text, label.end())
            if value is None:
                continue
            written = value.group().rstrip(" \t.,")
            if not _DIGIT.search(written) or not _PART.search(written) or _NOT_AN_ADDRESS.search(written):
                continue
            start, end = value.start(), value.start() + len(written)
            tail = self._places(text, start, end)
            results.append(
                recognizer_result(
                    self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION,
                    pattern_name="labelled address", **tail.metadata(),
                )
            )
        return results

    def _places(self, text: str, start: int, end: int) -> Tail:
        """The towns, postcodes and country of the value's last parts: read
        from the last comma back, the first reading that finds any. An
        unknown part ("4-kvartal") ends a reading from further back."""
        tail = None
        for comma in reversed([m.start() for m in _PART.finditer(text, start, end)]):
            tail = read_tail(text, comma, self._gazetteer.opens_with_place, None, self._gazetteer.find_country_code)
            if tail.places or tail.postcodes:
                return tail
        assert tail is not None  # the value holds a comma
        return tail
