"""Recognize IBANs by the ISO 13616 check (any country, either case, grouped or not) or their country's layout."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers.generic.iban_patterns import regex_per_country

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued

# ISO 13616: a country code, two check digits and a national account number;
# 15 (Norway) to 34 characters in all.
IBAN_CHARACTERS = range(15, 35)
# Written in one run, or in the print format's groups of four (the last one
# shorter) with one kind of separator (a space, a no-break space or a dash;
# a space may also part the country code from the check digits). The groups
# are read generously, since a word after the number looks like one ("… 7034
# from Ana"); the longest run of whole groups that passes the check is the IBAN.
_BODY = (
    r"[A-Za-z]{2}[ \u00A0\u202F]?\d{2}(?:(?P<sep>[ \-\u00A0\u202F])[A-Za-z0-9]{4}(?:(?P=sep)[A-Za-z0-9]{4}){0,7}"
    r"(?:(?P=sep)[A-Za-z0-9]{1,3})?|[A-Za-z0-9]{11,30})"
)
_BEFORE = r"(?<![\p{L}\p{N}])"
_AFTER = r"(?![\p{L}\p{N}])"
_CANDIDATE = regex.compile(rf"{_BEFORE}{_BODY}{_AFTER}")
_GROUP = regex.compile(r"[A-Za-z0-9]+")
# Each country's IBAN layout (its length, and where letters may stand), from
# Presidio's table of 76 countries: a grouped code that fits its country's
# layout is an IBAN though its check digits fail ("DE12 3456 7890 1234 5678
# 90" mistyped, or written from memory); nothing else is printed so. The
# countries that adopted the IBAN after that table was written, by their
# length in the SWIFT registry (Iran's from its own "Sheba" standard).
_LATER_LENGTHS = {
    "BI": 27, "DJ": 27, "FK": 18, "HN": 28, "IR": 26, "MN": 20, "NI": 28, "OM": 23, "RU": 33, "SD": 18,
    "SO": 23, "ST": 25, "SV": 28, "YE": 30,
}
_LAYOUTS = {
    **{
        country: regex.compile(rf"{country}\d{{2}}[A-Z0-9]{{{length - 4}}}")
        for country, length in _LATER_LENGTHS.items()
    },
    **{country: regex.compile(layout) for country, layout in regex_per_country.items()},
}
_CUE = r"(?i:iban)"
_FILLER = r"(?:\s*(?:no\.?|nr\.?|number|is|was|:|#|-|–))*\s*"


def iban_checks(compact: str) -> bool:
    """The ISO 13616 (ISO 7064 mod 97-10) check every IBAN passes.

    Written here rather than taken from Presidio's IbanRecognizer, whose check
    is private; its table of layouts is public data and serves `_in_its_layout`.
    """
    rearranged = (compact[4:] + compact[:4]).upper()
    return int("".join(str(int(character, 36)) for character in rearranged)) % 97 == 1


def _one_case(compact: str) -> bool:
    """Whether the letters are all capitals or all small: an IBAN is written in one case,
    so a word after it in the other ("… 7034 from") is not part of it."""
    letters = "".join(c for c in compact if c.isalpha())
    return letters.isupper() or letters.islower()


class IbanCodeRecognizer(CuePatternRecognizer):
    """Marks IBANs that pass the ISO 13616 check, whatever their country, case or
    grouping, and any IBAN-shaped code after the word "IBAN".

    Presidio's IbanRecognizer takes capitals only and checks each country's
    length and layout from its own table, so an IBAN written in small letters,
    one of a country its table lacks, or one with a digit missing or doubled
    (the user's account all the same) passes it by. This one goes by the
    standard's check: a country code the gazetteer knows, two check digits,
    15 to 34 characters, and the mod-97 check, which one random code in 97
    passes. After the cue "IBAN", the shape is enough: users mistype; without
    it, a code grouped in fours whose country code in capitals opens its
    country's layout, filled whole, is taken though its check fails. Such a
    layout of digits only (Mongolia's, Sudan's) fits another grouped number
    of that length too ("MN12 3456 7890 1234 5678" as a tracking number).
    """

    ENTITY = "IBAN_CODE"
    SCORE = 0.8
    EXPLANATION = "IBAN-shaped code after an IBAN cue"
    PATTERN_NAME = "cued"
    PATTERNS = (cued(_CUE, _BODY, filler=_FILLER, after=_AFTER),)
    SCORE_CHECKED = 0.95
    CONTEXT = ("iban", "bank", "account", "transfer")

    def __init__(self, is_country_code: Callable[[str], bool]) -> None:
        self._is_country_code = is_country_code
        super().__init__()

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per IBAN."""
        checked = []
        # Overlapping: an earlier IBAN-shaped word ("ref AB12 DE89 …") must not
        # swallow the real IBAN's first groups and hide it.
        for match in _CANDIDATE.finditer(text, overlapped=True):
            end = _fitted_end(match.group(), match.start(), self._checks)
            if end is not None:
                checked.append(
                    self.result(
                        match.start(),
                        end,
                        self.SCORE_CHECKED,
                        "Code that passes the IBAN check",
                        pattern_name="ISO 13616",
                    )
                )
            elif match["sep"] and (end := _fitted_end(match.group(), match.start(), _in_its_layout)) is not None:
                checked.append(
                    self.result(
                        match.start(), end, self.SCORE, "Grouped code in its country's IBAN layout",
                        pattern_name="IBAN layout",
                    )
                )
        return EntityRecognizer.remove_duplicates(checked + self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The cued code, up to its last group that keeps it IBAN-long and in one case."""
        end = _fitted_end(match["value"], match.start("value"), _iban_shaped)
        if end is not None:
            yield match.start("value"), end

    def _checks(self, compact: str) -> bool:
        return _iban_shaped(compact) and self._is_country_code(compact[:2].upper()) and iban_checks(compact)


def _in_its_layout(compact: str) -> bool:
    """Whether ``compact`` opens with a country code in capitals and fills that country's IBAN layout whole."""
    layout = _LAYOUTS.get(compact[:2])
    return layout is not None and layout.fullmatch(compact) is not None


def _iban_shaped(compact: str) -> bool:
    return len(compact) in IBAN_CHARACTERS and _one_case(compact)


def _fitted_end(code: str, start: int, accepts: Callable[[str], bool]) -> int | None:
    """Where the longest run of whole groups of ``code`` that ``accepts`` ends, if any."""
    best = None
    compact = ""
    for group in _GROUP.finditer(code):
        compact += group.group()
        if len(compact) >= IBAN_CHARACTERS.stop:
            break
        if accepts(compact):
            best = start + group.end()
    return best
