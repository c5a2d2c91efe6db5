"""Recognize postcodes next to their city, or alone where the shape is unmistakable."""

from __future__ import annotations

from collections.abc import Mapping

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers.address_tail import POSTCODE, postcode_country
from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued, value
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
)

_B = r"(?<![\p{L}\p{N}])"
_E = r"(?![\p{L}\p{N}])"
# City words have a lowercase letter, so that a state code is not read as one.
_CITY_WORD = r"\p{Lu}[\p{Ll}'’][\p{L}'’-]*"
_CONNECTOR = r"(?:de|del|la|upon|on|am|an|der|sur|en|do|da)"
_CITY = rf"{_CITY_WORD}(?:[ \t](?:{_CONNECTOR}[ \t])?{_CITY_WORD}){{0,3}}"
_STATE = r"(?P<state>,?[ \t]+\(?\p{Lu}{2,3}\)?)?"
# "75002 Paris", "10115 Berlin", "1015 CJ Amsterdam", "00186 Roma".
_BEFORE_CITY = regex.compile(
    rf"(?:〒[ \t]?)?{_B}(?P<postcode>{POSTCODE}){_E},?[ \t]+(?P<city>{_CITY})"
)
# "London NW1 6XE", "Austin, TX 78701", "Sydney NSW 2000", "Bengaluru - 560001".
_AFTER_CITY = regex.compile(
    rf"{_B}(?P<city>{_CITY}){_STATE}(?:,?[ \t]+|[ \t]+[-–][ \t]+)(?P<postcode>{POSTCODE}){_E}"
)
# Shapes no other number takes: GB and CA postcodes, Eircodes, ZIP+4, Brazilian
# CEP and Japanese postcodes with their mark.
# A four-digit number that reads as a year ("Paris 2024", "in 2019 Berlin") is
# taken for a postcode only with a state code before it ("Sydney NSW 2000").
_YEAR = regex.compile(r"(?:19|20)\d\d")
_ALONE = regex.compile(
    rf"{_B}(?:[A-Z]{{1,2}}\d[A-Z\d]?[ \t]\d[A-Z]{{2}}|[A-Z]\d[A-Z][ \t]?\d[A-Z]\d"
    rf"|[ACDEFHKNPRTVWXY]\d{{2}}[ \t][AC-FHKNPRTV-Y\d]{{4}}|\d{{5}}-\d{{4}}|\d{{5}}-\d{{3}}"
    rf"|〒[ \t]?\d{{3}}-\d{{4}}){_E}"
)
# "postcode 2000", "ZIP: 94103", "zip is 10115", "PIN code 560038", "CEP 01310-100",
# "PLZ 80331", "CP 28013", "CAP 20121", "NPA 8001", "PSČ 110 00".
_CUE_WORDS = (
    r"(?i:post\s?code|postal\s+code|zip(?:\s?code)?|plz|postleitzahl|cep|pin\s?code|pincode"
    r"|code\s+postal|c\.\s?p\.|c[óo]digo\s+postal|cod\.\s+postal|eircode|postnummer|postnr\.?"
    r"|kod\s+pocztowy|psč|irányítószám|posta\s+kodu|postinumero|postcode"
    r"|(?-i:CP|CAP|NPA))"
)
_CUED = cued(
    _CUE_WORDS,
    POSTCODE,
    filler=r"(?:\s*(?:is|was|:|#|-|–|es|est|ist|è|é))*\s*",
    before=r"(?<![\p{L}])",
    cue_end=r"(?!\p{L})",
    after=_E,
)
# Cues only one country writes before a postcode of that length: the postcode
# is then read as that country's.
_CUE_COUNTRIES = (
    (regex.compile(r"(?i:zip)"), range(5, 6), "US"),
    (regex.compile(r"(?i:plz|postleitzahl)"), range(5, 6), "DE"),
    (regex.compile(r"(?i:cep)"), range(8, 9), "BR"),
    (regex.compile(r"(?i:pin\s?code|pincode)"), range(6, 7), "IN"),
    (regex.compile(r"(?i:code\s+postal)"), range(5, 6), "FR"),
    (regex.compile(r"CAP"), range(5, 6), "IT"),
    (regex.compile(r"(?i:eircode)"), range(7, 8), "IE"),
)
_DIGIT = regex.compile(r"[\dA-Z]")


class PostcodeRecognizer(CuePatternRecognizer):
    """Marks postcodes, with the city written next to them when there is one.

    A number next to a city is a postcode only if the gazetteer knows the city
    ("75002 Paris"; "2000 people" is no postcode, and "1999 Berlin" is a year,
    taken only because Berlin follows: generalizing it to Berlin loses little).
    Without a city, only shapes nothing else takes count, or any postcode shape
    after a word such as "postcode" or "ZIP". The city goes into the metadata
    like an address's, so the postcode becomes its city or is removed.
    """

    ENTITY = "POSTCODE"
    # Alone or after a cue; next to a city, SCORE_WITH_CITY.
    SCORE = 0.6
    EXPLANATION = "Postcode"
    PATTERNS = (_ALONE, _CUED)
    SCORE_WITH_CITY = 0.7

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        super().__init__()

    def _city(self, words: str, postcode: str) -> str | None:
        """The longest leading run of ``words`` that names a known city."""
        parts = words.split()
        country = postcode_country(postcode)
        for end in range(len(parts), 0, -1):
            name = " ".join(parts[:end])
            if self._gazetteer.find_locality(name, country):
                return name
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per postcode (with its city when written next to it)."""
        # A postcode with a city on both sides ("Tokyo 160-0022 Shinjuku") is one
        # span holding both cities, keyed here by the postcode's span.
        with_city: dict[tuple[int, int], tuple[int, int, tuple[str, ...], str]] = {}
        for pattern in (_BEFORE_CITY, _AFTER_CITY):
            for match in pattern.finditer(text):
                year_like = _YEAR.fullmatch(match["postcode"]) and not match.groupdict().get(
                    "state"
                )
                city = None if year_like else self._city(match["city"], match["postcode"])
                if city is None:
                    continue
                city_start = match.start("city")
                start = min(match.start("postcode"), city_start)
                end = max(match.end("postcode"), city_start + len(city))
                key = match.span("postcode")
                if key in with_city:
                    known_start, known_end, cities, _ = with_city[key]
                    start, end, city_names = min(start, known_start), max(end, known_end), cities
                else:
                    city_names = ()
                with_city[key] = (start, end, (*city_names, city), match["postcode"])
        results = [
            self.result(
                start,
                end,
                self.SCORE_WITH_CITY,
                "Postcode next to its city",
                **_metadata(cities, postcode),
            )
            for start, end, cities, postcode in with_city.values()
        ]
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """The postcode and its country: its shape's, or that of the cue before it."""
        return _metadata((), value(match), _cue_country(match.groupdict().get("cue") or "", value(match)))


def _cue_country(cue: str, postcode: str) -> str | None:
    """The one country that writes ``cue`` before a postcode as long as this one."""
    characters = len(_DIGIT.findall(postcode))
    for pattern, lengths, country in _CUE_COUNTRIES:
        if pattern.fullmatch(cue) and characters in lengths:
            return country
    return None


def _metadata(
    cities: tuple[str, ...], postcode: str, country: str | None = None
) -> dict[str, object]:
    postcode = postcode.lstrip("〒 \t")
    country = country or postcode_country(postcode)
    return {
        LOCALITIES_KEY: cities,
        COUNTRY_KEY: country,
        POSTCODES_KEY: (postcode,),
        POSTCODE_COUNTRY_KEY: country,
    }
