"""Recognize postcodes next to their city, or alone where the shape is unmistakable."""

from __future__ import annotations

from collections.abc import Iterator, Mapping

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.code_labels import labels_a_code
from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import leading_language
from privacy.desensitize.recognizers.address_tail import POSTCODE, UNIT, postcode_country
from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued, value
from privacy.desensitize.recognizers.word_start import WORD_START
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
)

_B = r"(?<![\p{L}\p{N}])"
_E = r"(?![\p{L}\p{N}])"
# City words have a lowercase letter, or four capitals or more ("SANDNES"),
# so that a state code is not read as one.
_CITY_WORD = r"(?:\p{Lu}[\p{Ll}'’][\p{L}'’-]*+|\p{Lu}[\p{Lu}'’-]{3,}+(?![\p{Ll}]))"
_CONNECTOR = r"(?:de|del|la|las|los|upon|on|am|an|der|sur|en|do|da)"
# "Frankfurt am Main", "Caravaca de la Cruz".
_CITY = rf"{_CITY_WORD}(?:[ \t](?:{_CONNECTOR}[ \t]){{0,2}}{_CITY_WORD}){{0,3}}"
_STATE = r"(?P<state>,?[ \t]+\(?\p{Lu}{2,3}\)?)?"
# Iceland, the Faroes, Guinea, Lesotho and Oman write three digits: next to a
# city, a number that short counts only where its country writes postcodes so
# (the gazetteer's GeoNames formats), and after a cue.
_SHORT = r"\d{3}"
_NEXT_TO_PLACE = rf"(?:{POSTCODE}|{_SHORT})"
# "75002 Paris", "10115 Berlin", "1015 CJ Amsterdam", "00186 Roma", "101 Reykjavík".
_BEFORE_CITY = regex.compile(
    rf"(?:〒[ \t]?)?{_B}(?P<postcode>{_NEXT_TO_PLACE}){_E},?[ \t]+(?P<city>{_CITY})"
)
# Czech and Slovak towns write their postal district's number after the name,
# before a postcode of three and two digits: "Praha 4 140 00", "Ostrava 3 703 00".
# The postcode must fit the town's country ("Oslo 3 703 00" is none: four digits
# there); any five-digit country fits, so "Paris 2 500 00" is replaced too.
_DISTRICT = r"(?:[ \t]+(?P<district>\d{1,2})(?=[ \t]+\d{3}[ \t]\d{2}(?![\p{L}\p{N}])))?"
# "London NW1 6XE", "Austin, TX 78701", "Sydney NSW 2000", "Bengaluru - 560001",
# "Czech Republic 52241". A dash sets apart India's six digits and others' five
# ("Mumbai - 400001"); before four it is a label's ("Mobile – 0412 889 301").
_AFTER_CITY = regex.compile(
    rf"{WORD_START}(?P<city>{_CITY}){_DISTRICT}{_STATE}(?:,?[ \t]+|[ \t]+[-–][ \t]+(?=\d{{5,6}}{_E}))"
    rf"(?P<postcode>{_NEXT_TO_PLACE}){_E}"
)
# "in Villa Darwin 75000": a place the gazetteer does not know, and a postcode
# after it; the preposition says it is a place. A flat or room ("in Room 2301")
# is not one.
_IN_PLACE = regex.compile(
    rf"(?<!\p{{L}})(?i:in)[ \t]+(?P<place>{_CITY})[ \t]+(?P<postcode>{POSTCODE}){_E}"
)
_UNIT = regex.compile(UNIT)
_WORD = regex.compile(r"[^ \t]+")
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
# "PLZ 80331", "CP 28013", "CAP 20121", "NPA 8001", "PSČ 110 00", "kode pos 20152",
# "индекс 620014".
_CUE_WORDS = (
    r"(?i:post\s?code|postal\s+code|zip(?:\s?code)?|plz|postleitzahl|cep|pin\s?code|pincode"
    r"|code\s+postal|c\.\s?p\.|c[óo]digo\s+postal|cod\.\s+postal|eircode|postnummer|postnr\.?"
    r"|kod\s+pocztowy|psč|irányítószám|posta\s+kod(?:um|unuz|u)|postinumero|postcode|kode\s+pos"
    r"|postnumret|postnummeret"
    r"|(?:почтовый\s+)?индекс"
    r"|(?-i:CP|CAP|NPA))"
)
_CUED = cued(
    _CUE_WORDS,
    _NEXT_TO_PLACE,
    filler=r"(?:\s*(?:is|was|:|#|-|–|es|est|ist|è|é|to|jest|är|er|je))*\s*",
    before=r"(?<![\p{L}])",
    cue_end=r"(?!\p{L})",
    after=_E,
)
# Words for a parcel, after which a chat gives the postcode it goes to a few
# words on: "das Päckchen bitte an die Packstation in 50667", "pour le colis
# c'est toujours le 69007", "i paczkę wysyłaj już na nowy kod, 30-418".
_PARCEL_WORDS = (
    r"(?i:package|parcel|paket|päckchen|paczk[aęi]|przesyłk[aęi]|colis|paquet|paquete|pacco|pacchi"
    r"|pakket|pakketje|pakke|pakken|pakka|paketti|balík|balíček|zásilk[aau]|csomag(?:ot)?|colet(?:ul)?"
    r"|encomenda|kargo(?:m)?|посылк[аиу]|δέμα)"
)
# A postcode a few words after a postal cue or a parcel word, in a chat that
# writes it alone: five digits, the Polish 30-418, the Czech, Slovak, Swedish
# and Greek 110 00, the Dutch 1012 AB; four digits (a year's shape aside)
# after a postal cue only. The words between hold no digit and no sentence's
# end; a unit or a currency after the number makes it a weight or a price.
_GAP = r"(?:[ \t]*[,:]?[ \t]+[\p{L}'’]{1,20}+){0,6}[ \t]*[,:]?[ \t]+"
_CHAT_POSTCODE = r"(?:\d{5}|\d{2}-\d{3}|\d{3}[ ]\d{2}|\d{4}[ ]?[A-Z]{2})"
_UNIT_AFTER = (
    r"(?![ \t]*(?:€|\$|£|%|(?i:kr|zł|zl|kč|ft|tl|lei|eur|euro|usd|g|kg|km|m|cm|mm|ml|l|gb|mb|stk|pcs)"
    r"(?!\p{L})))"
)
_PARCEL = regex.compile(_PARCEL_WORDS)
_GAPPED = cued(
    rf"(?:{_CUE_WORDS}|{_PARCEL_WORDS})",
    _CHAT_POSTCODE,
    filler=_GAP,
    before=r"(?<![\p{L}])",
    cue_end=r"(?!\p{L})",
    after=_E + _UNIT_AFTER,
)
_GAPPED_FOUR_DIGITS = cued(
    _CUE_WORDS,
    r"(?!(?:19|20)\d\d)\d{4}",
    filler=_GAP,
    before=r"(?<![\p{L}])",
    cue_end=r"(?!\p{L})",
    after=_E + _UNIT_AFTER,
)
# Cues only one country writes before a postcode of that form (its letters and
# digits, run together): the postcode is then read as that country's. "PSČ" is
# Slovak too, whose codes start 0, 8 or 9; "postnummer" is Norwegian and Danish
# too, with four digits.
_CUE_COUNTRIES = tuple(
    (regex.compile(cue), regex.compile(form), country)
    for cue, form, country in (
        (r"(?i:zip)", r"\d{5}", "US"),
        (r"(?i:plz|postleitzahl)", r"\d{5}", "DE"),
        (r"(?i:cep)", r"\d{8}", "BR"),
        (r"(?i:pin\s?code|pincode)", r"\d{6}", "IN"),
        (r"(?i:code\s+postal)", r"\d{5}", "FR"),
        (r"CAP", r"\d{5}", "IT"),
        (r"(?i:eircode)", r"[\dA-Z]{7}", "IE"),
        (r"(?i:posta\s+kod\w*)", r"\d{5}", "TR"),
        (r"(?i:kode\s+pos)", r"\d{5}", "ID"),
        (r"(?i:(?:почтовый\s+)?индекс)", r"\d{6}", "RU"),
        (r"(?i:psč)", r"[1-7]\d{4}", "CZ"),
        (r"(?i:postnummer|postnumret|postnr\.?)", r"\d{5}", "SE"),
    )
)
_DIGIT = regex.compile(r"[\dA-Z]")
# The country most writers of a language we weigh live in, for a postcode that
# fits its postcodes and nothing else places (Spanish is written in Mexico
# too, with five digits as in Spain: the postcode then names a Spanish city,
# a wrong one, but no less removed).
_LANGUAGE_COUNTRIES = {
    "de": "DE", "fr": "FR", "es": "ES", "it": "IT", "pt": "PT", "nl": "NL", "pl": "PL", "tr": "TR",
    "sv": "SE", "da": "DK", "nb": "NO", "fi": "FI", "cs": "CZ", "ro": "RO", "hu": "HU", "id": "ID",
    "ru": "RU", "uk": "UA", "el": "GR", "ca": "ES",
}


class PostcodeRecognizer(CuePatternRecognizer):
    """Marks postcodes, with the city written next to them when there is one.

    A number next to a place is a postcode only if the gazetteer knows the
    place, a city or a country ("75002 Paris", "Czech Republic 52241"; "2000
    people" is no postcode, and "1999 Berlin" is a year). A place the gazetteer
    does not know counts after "in" ("in Villa Darwin 75000"), where nothing
    but a place stands. Without a place, only shapes nothing else takes count,
    or any postcode shape after a word such as "postcode" or "ZIP". The city
    or country goes into the metadata like an address's, so the postcode
    becomes its city or country, or is removed.
    """

    ENTITY = "POSTCODE"
    # Alone or after a cue; next to a city, SCORE_WITH_CITY.
    SCORE = 0.6
    EXPLANATION = "Postcode"
    PATTERNS = (_ALONE, _CUED, _GAPPED, _GAPPED_FOUR_DIGITS)
    SCORE_WITH_CITY = 0.7

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        super().__init__()

    def _place(
        self, text: str, match: regex.Match[str], from_end: bool
    ) -> tuple[int, int, str | None, str | None] | None:
        """The longest run of the words next to the postcode that names a known
        city or a country: its span, the city's name or the country's code.

        Longer runs first, and among runs as long, the one nearest the
        postcode: the words before a city may be prose ("Visit Paris 75002"),
        the words after it a district ("Jakarta Selatan 12730"). Where the run
        leaves other words out, or the postcode has only three digits, the
        place's country must write its postcodes so (GeoNames' formats):
        "Villa Darwin 75000" is no address in Darwin, whose postcodes have four
        digits; so too after a district number ("Ostrava 3 703 00").
        """
        words = list(_WORD.finditer(text, *match.span("city")))
        postcode = match["postcode"]
        shape_country = postcode_country(postcode)
        runs = sorted(
            ((first, last) for first in range(len(words)) for last in range(first + 1, len(words) + 1)),
            key=lambda run: (run[0] - run[1], len(words) - run[1] if from_end else run[0]),
        )
        for first, last in runs:
            if not words[first].group()[0].isupper():
                continue  # "la Cruz" of "Caravaca de la Cruz" is no name
            start, end = words[first].start(), words[last - 1].end()
            name = text[start:end]
            must_fit = (
                (last - first) < len(words)
                or regex.fullmatch(_SHORT, postcode)
                or match.groupdict().get("district")
            )
            cities = [
                c
                for c in self._gazetteer.localities(name)
                if shape_country in (None, c.country_code)
                and (not must_fit or self._gazetteer.postcode_fits(postcode, c.country_code))
            ]
            if cities:
                return start, end, name, None
            country = self._gazetteer.find_country_code(name)
            if country and (not must_fit or self._gazetteer.postcode_fits(postcode, country)):
                return start, end, None, country
        return None

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per postcode (with its city or country when written next to it)."""
        # A postcode with a city on both sides ("Tokyo 160-0022 Shinjuku") is one
        # span holding both cities, keyed here by the postcode's span.
        with_place: dict[tuple[int, int], tuple[int, int, tuple[str, ...], str | None]] = {}
        for pattern in (_BEFORE_CITY, _AFTER_CITY):
            for match in pattern.finditer(text):
                if _YEAR.fullmatch(match["postcode"]) and not match.groupdict().get("state"):
                    continue
                place = self._place(text, match, from_end=pattern is _AFTER_CITY)
                if place is None:
                    continue
                place_start, place_end, city, country = place
                start = min(match.start("postcode"), place_start)
                end = max(match.end("postcode"), place_end)
                key = match.span("postcode")
                known_start, known_end, cities, known_country = with_place.get(
                    key, (start, end, (), None)
                )
                with_place[key] = (
                    min(start, known_start),
                    max(end, known_end),
                    (*cities, city) if city else cities,
                    known_country or country,
                )
        results = [
            self.result(
                start,
                end,
                self.SCORE_WITH_CITY,
                "Postcode next to its city" if cities else "Postcode next to its country",
                **_metadata(cities, text[key[0] : key[1]], country),
            )
            for key, (start, end, cities, country) in with_place.items()
        ]
        results += [
            self.result(
                match.start("postcode"),
                match.end("postcode"),
                self.SCORE,
                "Postcode after a place",
                **_metadata((), match["postcode"]),
            )
            for match in _IN_PLACE.finditer(text)
            if match.span("postcode") not in with_place and _after_a_place(match)
        ]
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The value's span; after a parcel word, not where the parcel labels
        the number as its own ("Paket 12345 ist da", "colis n° 48213")."""
        if match.re is _GAPPED and _PARCEL.fullmatch(match["cue"]) and labels_a_code(text, match.start("value")):
            return
        yield from super().spans(text, match)

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """The postcode and its country: its shape's, that of the cue before it,
        or that of the language the text is written in."""
        postcode = value(match)
        country = _cue_country(match.groupdict().get("cue") or "", postcode) or self._language_country(
            match.string, postcode
        )
        return _metadata((), postcode, country)

    def _language_country(self, text: str, postcode: str) -> str | None:
        """The country whose language the text is written in, where the postcode
        fits its postcodes: a chat in German that sends a parcel "an die
        Packstation in 50667" means a German postcode (Austria and Switzerland
        write four digits), one in Catalan a Spanish one."""
        country = _LANGUAGE_COUNTRIES.get(leading_language(text) or "")
        if country is None or postcode_country(postcode) not in (None, country):
            return None
        return country if self._gazetteer.postcode_fits(postcode, country) else None


def _after_a_place(match: regex.Match[str]) -> bool:
    """Whether the words between "in" and the postcode may name a place: not a
    year ("in Windows 2000"), nor a flat or room ("in Room 2301")."""
    last_word = match["place"].split()[-1]
    return not _YEAR.fullmatch(match["postcode"]) and not _UNIT.fullmatch(
        f"{last_word} {match['postcode']}"
    )


def _cue_country(cue: str, postcode: str) -> str | None:
    """The one country that writes ``cue`` before a postcode of this one's form."""
    compact = "".join(_DIGIT.findall(postcode))
    for pattern, form, country in _CUE_COUNTRIES:
        if pattern.fullmatch(cue) and form.fullmatch(compact):
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
