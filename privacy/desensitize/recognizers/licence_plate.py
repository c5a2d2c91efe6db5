"""Recognize vehicle licence plates: national formats that are unambiguous, or after a cue."""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued

_B = r"(?<![\p{L}\p{N}-])"
_E = r"(?![\p{L}\p{N}]|-[\p{L}\p{N}])"
# Current formats whose mix of letters, digits and separators is rare enough in
# prose to stand alone.
_SHAPES = {
    "United Kingdom": r"[A-Z]{2}\d{2}\s?[A-Z]{3}",  # AB12 CDE
    "France or Italy": r"[A-Z]{2}[- ]\d{3}[- ][A-Z]{2}",  # AB-123-CD, AB 123 CD
    "Italy": r"[A-Z]{2}\d{3}[A-Z]{2}",  # AB123CD
    "Spain": r"\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}",  # 1234 BCD
    "Germany": r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[ -]\d{1,4}[EH]?",  # B-AB 1234, M AB 123
    "Netherlands": (
        r"(?:[A-Z]{2}-\d{3}-[A-Z]|\d-[A-Z]{3}-\d{2}|[A-Z]-\d{3}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d"
        r"|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3}|[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2})"
    ),
    "Brazil": r"[A-Z]{3}-?\d[A-Z0-9]\d{2}",  # ABC1D23, ABC-1234
    "Belgium": r"\d-[A-Z]{3}-\d{3}",  # 1-ABC-123
    "Portugal": r"(?:[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2})",  # AA-00-AA
    "India": r"[A-Z]{2}[ -]?\d{1,2}[ -]?[A-Z]{1,3}[ -]?\d{4}",  # MH 12 AB 1234
    # In the Cyrillic letters that look Latin, the region after: А482ВС 116.
    "Russia": r"[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2}\s?\d{2,3}",
    # The province, letters and digits, with the word for plate after them,
    # as Turkish puts it ("34 ABC 482 plakalı"): alone the shape is a time
    # and a year ("10 AM 2024").
    "Turkey": r"(?:0[1-9]|[1-7]\d|8[01])\s?[A-Z]{1,3}\s?\d{2,4}(?=\s+plaka)",
}
_FORMATS = [(name, regex.compile(rf"{_B}{shape}{_E}")) for name, shape in _SHAPES.items()]
# After "plate", "registration", "Kennzeichen"…, any short run of capitals and
# digits is taken: US, Australian, Indian or Japanese plates have no shape of their own.
_CUE = (
    r"(?i:(?:licen[cs]e|number|reg(?:istration)?)\s+plate|plate(?:\s+number)?|registration"
    r"|rego|reg\.?\s+no\.?|kennzeichen|immatriculation|plaque|kenteken|matr[ií]cula|targa|placa"
    r"|car\s+reg|spz|rendsz[áa]m|rekisteritunnus|reg(?:istrerings)?nr\.?|registreringsnummer"
    r"|registreringsnumret|nummerplade|plaka(?:s[ıi]|m)?|(?:numer|nr\.?)\s+rejestracyjny|tablice|kennz\."
    r"|plat(?:\s+nomor)?|nomor\s+polisi|госномер|номерной\s+знак"
    # Finnish "rekkari", Norwegian "skilt", Polish "rejestracja" and "nr rej.",
    # Romanian "număr de înmatriculare", Greek "πινακίδα".
    r"|rekkari|rekisterinumero|skilt(?:et)?|rejestracja|nr\.?\s+rej\.?|(?:num[ăa]r(?:ul)?\s+de\s+)?[îi]nmatriculare"
    r"|πινακίδα)"
)
_CUED = cued(
    _CUE,
    r"(?!\d{1,2}(?:[:.]\d{2})?\s?[AP]\.?M\b)"  # a time is no plate: "registration is 10 AM"
    # Greek plates are written in the Greek capitals that look Latin ("ΙΚΥ-4582").
    r"(?=[A-ZΑ-Ω0-9 -]*\d)(?=[A-ZΑ-Ω0-9 -]*[A-ZΑ-Ω])[A-ZΑ-Ω0-9]{1,8}(?:[ -][A-ZΑ-Ω0-9]{1,5}){0,2}",
    filler=r"(?:\s*(?:is|was|:|-|#|no\.?|number|reads|of|er|es|è|é|je|jest|\())*\s*",
    after=_E,
)

# A car named a few words before its plate, as people write of their own:
# "Min bil KLM 45F blev bortbogserad", "Mașina mea, CJ 07 XKD, a fost…",
# "Arabanın plakası … doğrusu 34 KTR 418", "autolla (KTX-482)". Farther from
# its cue, the code must look like a plate: five to eight letters and digits,
# two of each at least, in up to three groups (a model such as "XC60" is shorter).
_CAR = (
    r"(?i:bil(?:en|ens)?|auto(?:lla|n|a|m|t)?|ma[șş]in(?:a|ii)|araba(?:n[ıi]n|m)?|samoch[óo]d(?:u|em)?"
    r"|carro|coche|voiture|macchina|motor|mobil|αυτοκίνητο|машин[аыу]|car|vehicle|fahrzeug)"
)
# Up to two words between, the fewest first ("Mașina mea, CJ 07 XKD" is no
# plate "07 XKD" after the word "CJ"), the last no word of going somewhere:
# "mit dem Auto nach ICE 597" names a train.
_MOTION = (
    r"(?i:nach|zum|zur|to|into|towards|naar|till|til|à|au|a|al|do|na|ke|ku|in|im|från|fra|von|from|van"
    r"|de|da|dari|aus|via)"
)
_CAR_GAP = rf"(?:[ \t]*[,:(]?[ \t]+[\p{{L}}'’]{{1,15}}+){{0,2}}?(?<!(?<!\p{{L}}){_MOTION})[ \t]*[,:(]?[ \t]*"
_PLATE_NEAR_CAR = (
    r"(?!(?:[A-Z0-9]{1,4}[ -]){0,2}(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|RON|TRY|IDR|RUB|KR|TL|RP|FT)"
    r"(?![A-Z0-9]))"  # a price: "25 000 EUR"
    r"(?=(?:[ -]?[A-Z0-9]){5,8}(?![A-Z0-9]))(?=(?:[A-Z -]*\d){2})(?=(?:[\d -]*[A-Z]){2})"
    r"[A-Z0-9]{1,4}(?:[ -][A-Z0-9]{1,4}){0,2}"
)
_NEAR_CAR = cued(_CAR, _PLATE_NEAR_CAR, filler=_CAR_GAP, after=_E)


class LicencePlateRecognizer(CuePatternRecognizer):
    """Marks licence plates: the UK, French, Italian, Spanish, German, Dutch, Belgian,
    Portuguese, Indian, Brazilian and Russian formats anywhere, the Turkish one before
    its word for plate, any plate-shaped code after a plate cue (in a dozen languages).

    Only formats with a fixed mix of letters, digits and separators are taken
    without a cue, where a product code seldom looks the same; other
    countries' plates are taken after a cue only.
    """

    ENTITY = "LICENSE_PLATE"
    SCORE = 0.85
    EXPLANATION = "Plate-shaped code after a plate cue"
    PATTERN_NAME = "cued"
    PATTERNS = (_CUED, _NEAR_CAR)
    CHARACTERS = range(4, 10)
    SCORE_SHAPE = 0.6

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per plate."""
        results = [
            self.result(
                match.start(),
                match.end(),
                self.SCORE_SHAPE,
                f"Licence plate in the format of {name}",
                pattern_name=name,
            )
            for name, pattern in _FORMATS
            for match in pattern.finditer(text)
        ]
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))
