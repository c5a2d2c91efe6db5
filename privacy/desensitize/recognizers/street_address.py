"""Recognize street addresses in the local formats of FR, BE, NL, DE, GB, IE, US and CA."""

from __future__ import annotations

from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
    address_hints,
    read_head,
)
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.recognizers.word_start import WORD_START, word_start

LOCALITY_KEY = "locality"

# House numbers: "221B", "12 bis" before the street; "5a", "12-14" after it.
_NUMBER_FIRST = r"\d{1,5}(?:\s?(?:bis|ter|[A-Za-z])(?!\p{L}))?"
_NUMBER_AFTER = r"\d{1,4}(?!\d)(?:\s?[A-Za-z](?!\p{L}))?(?:\s?[-/]\s?\d{1,4})?"

# A locality: capitalized words, possibly joined by the small words of
# "Frankfurt am Main" or "Kingston upon Hull". No dots inside words, so that a
# sentence ending after the city ("…, London. Then …") does not run on.
_CITY_WORD = r"\p{Lu}[\p{L}'’-]*(?![\p{L}\d])"
# A town's name stays on its line: the word on the next line is a field's
# label ("Tel.", "Mobile:") or the next line of a form ("Qty").
_CITY = (
    rf"(?:Ste?\.[ \t])?{_CITY_WORD}"
    rf"(?:[ \t](?:(?:upon|on|am|im|an|der|de|la|le|sur|en|aan|den)[ \t])?{_CITY_WORD}){{0,3}}"
)

# English-speaking countries: "221B Baker Street", "350 Fifth Avenue", "14 Main St W", and
# the numbered streets of western Canadian and some US grids, "4007 4 Street SW".
_EN_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Square|Sq|Terrace|Crescent|Close|Way|Parkway|Pkwy|Highway|Hwy|Row|Quay|Gardens"
    r"|Grove|Mews|Circle|Cir|Trail|Alley"
    # "Str." as Greek, Cypriot and German writers shorten a street in English
    # ("12 Liktou Str."); with its dot only, as "str" is a word's start.
    r"|(?-i:Str)(?=\.))"
)
# A word of an English street's name: a capitalized word, an ordinal, a
# number before the type word ("5 Route 9 Road"), an initial with its dot
# before a name that is no type word ("104 N. Nikodimou Street", "55 A. Diakou
# Street"; not "1 M. Court"), or the shortened Saint, Mount or Fort before a
# name ("2558 St. John Street", "40 Mt. Vernon Place"). An initial other than
# a compass point also needs a town after the street (see ``_PERSON_INITIAL``).
_EN_NAME_WORD = (
    rf"(?:\p{{Lu}}[\p{{L}}'’-]*|\p{{Lu}}\.(?=\s+(?!(?i:{_EN_TYPE})\b)\p{{Lu}}\p{{Ll}}{{2,}})"
    rf"|(?:St|Ste|Mt|Ft)\.(?=\s+\p{{Lu}}\p{{Ll}})"
    rf"|\d{{1,3}}(?:st|nd|rd|th)|\d{{1,3}}(?=\s+(?i:{_EN_TYPE})\b))"
)
# An initial that is no compass point: "3 J. Crew Court" and "12 T. Rex Park
# Way" read as a person's name after a count unless a town follows or an
# address word comes before.
_PERSON_INITIAL = regex.compile(r"(?<![\p{L}.])(?![NSEW]\.)\p{Lu}\.\s")
# A word on the line before a street that says an address follows: "Ship to:",
# "lives on", "delivered to"; or, for "address" and "ship to", on the line
# above, closed by a colon, as a label heads a block ("here's her address:",
# a blank line, the address; not "Send the stock list:").
_ADDRESS_CUES = (
    r"address\w*|adress\w*|ship(?:ped|ping)?|deliver\w*|send|sent|mail\w*|li(?:ve[sd]?|ving)"
    r"|resid\w*|located|home"
)
_ADDRESS_CUE_BEFORE = regex.compile(
    rf"(?<!\p{{L}})(?i:{_ADDRESS_CUES})(?!\p{{L}})[^\n]{{0,40}}\Z"
    r"|(?<!\p{L})(?i:address\w*|adress\w*|(?:ship|deliver|send|mail)\w*[ \t]+to)(?!\p{L})[^\n:]{0,20}"
    r":[ \t]*\n(?:[ \t]*\n)?[ \t]*\Z"
)
# Before a street with a person's initial in its name, "is at" and "are on"
# say it too ("the restaurant is at 166 K. Giamboudaki Street"). Only there:
# "our stock is at 1200 24 Nokia" is no address in another format.
_INITIAL_CUE_BEFORE = regex.compile(
    rf"(?<!\p{{L}})(?i:{_ADDRESS_CUES}|(?:is|are|was|were)\s+(?:at|on))(?!\p{{L}})[^\n]{{0,40}}\Z"
)
# "Str." after an English word is a game's strength, not a street: "+3
# Bonus Str.", "2 Max Str."; after a name that is none, a street: "12 Liktou Str.".
_WORD_BEFORE_STR = regex.compile(r"(\p{L}+)\s+Str\.")
_EN_UNIT = r"(?:,?\s+(?:Apt|Apartment|Suite|Ste|Unit|Flat|Floor)\.?\s*#?\s*[\w-]+|\s*#\s*\d+\w*)?"
_EN_POSTCODE = (
    r"(?:\d{5}(?:-\d{4})?(?!\d)"  # US ZIP
    r"|[A-Z]\d[A-Z]\s?\d[A-Z]\d(?!\w)"  # CA postal code
    r"|[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}(?!\w)"  # GB postcode
    r"|[A-Z]\d{2}\s?[A-Z\d]{4}(?!\w))"  # IE Eircode
)
# A Dublin postal district ("Dublin 2") stays on its town's line: a number on
# the next line is a quantity of a form.
_DUBLIN_DISTRICT = r"[ \t]+\d{1,2}W?(?!\w)"
_EN_TAIL = (
    rf"(?P<tail>,\s*(?P<locality>{_CITY})"
    r"(?:,?\s+[A-Z]{2}(?![\p{L}\d]))?"  # US state / CA province code
    rf"(?:,?\s+{_EN_POSTCODE}|,?{_DUBLIN_DISTRICT})?)?"
)
_EN_STREET = (
    rf"\b{_NUMBER_FIRST}\s+(?:{_EN_NAME_WORD}\s+){{1,4}}(?i:{_EN_TYPE})\b\.?"
    r"(?:\s+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)\b\.?)?"
    rf"{_EN_UNIT}{_EN_TAIL}"
)

# Streets without a type word, when a city, state and ZIP or postal code follow:
# "795 Broadway, Chicago, IL 60610", "1200 Peel, Montréal, QC H3B 2T6".
_EN_STATE_ANCHORED_STREET = (
    rf"\b{_NUMBER_FIRST}\s+(?:\p{{Lu}}[\p{{L}}'’-]*\s+){{0,3}}\p{{Lu}}[\p{{L}}'’-]*"
    rf"(?P<tail>,\s*(?P<locality>{_CITY}),?\s+[A-Z]{{2}}\s+"
    r"(?:\d{5}(?:-\d{4})?(?!\d)|[A-Z]\d[A-Z]\s?\d[A-Z]\d(?!\w)))"
)

# French-speaking: "12 rue de la Paix, 75002 Paris" (FR), "Rue de la Loi 16, 1000 Bruxelles" (BE).
_FR_TYPE = (
    r"(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|passage"
    r"|chaussée|faubourg|promenade|esplanade|voie|sentier|rond-point|parvis|montée)"
)
_FR_CONNECTOR = r"(?:de|du|des|la|le|les|aux|au|sur|sous|en|l['’]|d['’])"
_FR_NAME_PART = (
    rf"(?:{_FR_CONNECTOR}\s*)*(?:\p{{Lu}}[\p{{L}}'’-]*|\d{{1,2}}(?:er)?\s+\p{{Lu}}\p{{L}}+)"
)
# A street's name stays on its line: the word on the next line is a town or a
# field label ("…Salah Gafsia\nMobile: …").
_FR_NAME = rf"(?:[ \t]+{_FR_NAME_PART}){{1,4}}"
_CONTINENTAL_TAIL = (
    r"(?P<tail>,?\s+(?:\d{4}\s?[A-Z]{2}(?![\p{L}\d])|\d{4,5}(?!\d))"  # NL "1015 CJ", DE/FR 5, BE 4 digits
    rf"\s+(?P<locality>{_CITY}))?"
)
_FR_STREET_NUMBER_FIRST = (
    rf"\b{_NUMBER_FIRST},?\s+(?i:{_FR_TYPE})(?!\p{{L}}){_FR_NAME}{_CONTINENTAL_TAIL}"
)
_FR_STREET_NUMBER_AFTER = (
    rf"\b(?i:{_FR_TYPE})(?!\p{{L}}){_FR_NAME},?\s+{_NUMBER_AFTER}{_CONTINENTAL_TAIL}"
)

# German and Dutch: "Hauptstraße 5, 10115 Berlin", "Keizersgracht 123, 1015 CJ Amsterdam",
# "Berliner Straße 12".
_DE_NL_SUFFIX = (
    r"(?:straße|strasse|str\.|weg|gasse|platz|allee|damm|ufer|markt"
    r"|gracht|straat|laan|plein|kade|steenweg|dijk|singel|steeg|dreef)"
)
_DE_NL_NAME = (
    rf"(?:\p{{Lu}}[\p{{L}}-]*?(?i:{_DE_NL_SUFFIX})"
    rf"|(?:\p{{Lu}}[\p{{L}}-]*\s+){{1,2}}(?i:{_DE_NL_SUFFIX}))"
)
_DE_NL_STREET = rf"{word_start('-')}{_DE_NL_NAME}(?!\p{{L}})\s+{_NUMBER_AFTER}{_CONTINENTAL_TAIL}"

# Any street name, when a postcode and city follow: "Damrak 1, 1012 LG Amsterdam",
# "Meir 50, 2000 Antwerpen", "Unter den Linden 77, 10117 Berlin".
_STREET_NAME_WORD = r"\p{Lu}[\p{L}'’-]*"
_STREET_NAME = (
    rf"{_STREET_NAME_WORD}"
    rf"(?:\s(?:(?:van|de|der|den|het|ter|op|aan|am|an|im|unter)\s)*{_STREET_NAME_WORD}){{0,2}}"
)
_POSTCODE_ANCHORED_STREET = (
    rf"{WORD_START}{_STREET_NAME}\s+{_NUMBER_AFTER}(?P<tail>,?\s+"
    rf"(?:\d{{4}}\s?[A-Z]{{2}}(?![\p{{L}}\d])|\d{{4,5}}(?!\d))\s+(?P<locality>{_CITY}))"
)


# A one-word street and a house number after a preposition, the way Dutch, Flemish
# and German speakers name an address in passing: "near Meir 148", "on Kouter 33",
# "op Kouter 55", "to Damrak 1". The street needs no type word, so the cue stands
# in for it, and what follows must look like a house number: at most three digits
# and one letter, not a time, an amount or a year.
_STREET_CUE = r"(?<=(?<![\p{L}\p{N}])(?i:near|at|on|to|from|op|in|bij|naar|nabij|aan)\s)"
_ONE_WORD_STREET = (
    rf"{_STREET_CUE}"
    r"(?P<street>\p{Lu}\p{Ll}{2,}(?:-\p{Lu}?\p{Ll}+)*)\s(?P<number>\d{1,3}(?:[a-z](?!\p{L}))?)"
    r"(?![\p{L}\p{N}]|[.,:]\d|\s?(?:%|€|\$|£|°|(?i:h|hrs?|am|pm|min|mins|km|m|kg|x)(?!\p{L})))"
    rf"{_CONTINENTAL_TAIL}"
)
# The same in English order, number first: "near 3022 Broadway". A four-digit
# number that reads as a year ("in 2024 Paris") is no house number.
_NUMBER_FIRST_ONE_WORD_STREET = (
    rf"{_STREET_CUE}(?!(?:19|20)\d\d\b)(?P<number>{_NUMBER_FIRST})\s"
    r"(?P<street>\p{Lu}\p{Ll}{2,}(?:-\p{Lu}?\p{Ll}+)*)(?![\p{L}\p{N}]|\s\p{Lu})"
    rf"{_EN_TAIL}"
)
# Capitalized words that take a number after these prepositions without being
# streets: the month of a date ("on May 12"), a weekday, the numbered things of
# travel and buildings ("at Gate 12", "from Platform 3"), of broadcasting and
# software ("on Channel 4", "on Windows 11"), and of documents ("on Page 3").
NOT_STREETS = frozenset(
    """
    January February March April May June July August September October November December
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Week Day Year Grade Class
    Gate Platform Terminal Track Line Bus Tram Route Exit Pier Dock Bay Hall Room Level Floor
    Stage Table Seat Row Section Unit Suite Flat Apartment Box Door Zone Flight Train Coach
    Lijn Spoor Perron Halte Gleis Bahnsteig Ausgang
    Channel Radio Windows Version Series Season Episode Part Phase Volume Vol
    Page Chapter Step Item Question Article Rule Number
    Minutes Hours Days Weeks Months Years Times People Persons Euros Dollars Pounds
    """.split()
)


def _strength_of_a_stat_line(street: str) -> bool:
    """Whether the street's "Str." follows an English word ("Bonus Str."), as a stat does."""
    before = _WORD_BEFORE_STR.search(street)
    return before is not None and person_name_lexicon().is_english(before.group(1))


def address_cue_before(text: str, start: int) -> bool:
    """Whether a word before ``start``, on its line and close to it or heading it
    with a colon on the line above, says an address follows."""
    return _ADDRESS_CUE_BEFORE.search(text, max(0, start - 60), start) is not None


@dataclass(frozen=True)
class _AddressFormat:
    name: str
    pattern: regex.Pattern[str]


_FORMATS = (
    _AddressFormat("English street address", regex.compile(_EN_STREET)),
    _AddressFormat("French street address", regex.compile(_FR_STREET_NUMBER_FIRST)),
    _AddressFormat("Belgian street address", regex.compile(_FR_STREET_NUMBER_AFTER)),
    _AddressFormat("German or Dutch street address", regex.compile(_DE_NL_STREET)),
    _AddressFormat("street with postcode and city", regex.compile(_POSTCODE_ANCHORED_STREET)),
    _AddressFormat(
        "street with city, state and postal code", regex.compile(_EN_STATE_ANCHORED_STREET)
    ),
)
# Formats whose street word has to pass ``StreetAddressRecognizer._may_be_street``.
_CUED_FORMATS = (
    _AddressFormat("one-word street after a preposition", regex.compile(_ONE_WORD_STREET)),
    _AddressFormat(
        "number and one-word street after a preposition",
        regex.compile(_NUMBER_FIRST_ONE_WORD_STREET),
    ),
)


class StreetAddressRecognizer(StreetRecognizer):
    """Finds street addresses and the locality (city) each one names, if any.

    Addresses are matched by their local grammar (number, street type word,
    postcode shapes) instead of by NER, which the small spaCy model does not do
    reliably. The locality is reported in ``recognition_metadata`` so the
    desensitizer can replace the whole address with that city, and only that
    city, when the gazetteer knows it.

    One-word streets without a type word ("near Meir 148", "near 3022 Broadway")
    are taken only after a preposition, and never when the word is a place the
    gazetteer knows ("in Lyon 3" is an arrondissement, and the city must
    survive) or one of the words in ``NOT_STREETS``.
    """

    SCORE_WITH_LOCALITY = 0.75
    SCORE_STREET_ONLY = 0.6

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per address, with its locality in the metadata."""
        results = [
            self._result(text, match, address_format)
            for address_format in _FORMATS
            for match in address_format.pattern.finditer(text)
            if (
                match["locality"]
                or not _PERSON_INITIAL.search(match.group())
                or _INITIAL_CUE_BEFORE.search(text, max(0, match.start() - 60), match.start())
            )
            and not _strength_of_a_stat_line(match.group())
        ]
        results += [
            self._result(text, match, address_format)
            for address_format in _CUED_FORMATS
            for match in address_format.pattern.finditer(text)
            if self._may_be_street(match["street"])
        ]
        return EntityRecognizer.remove_duplicates(results)

    def _may_be_street(self, word: str) -> bool:
        return word not in NOT_STREETS and not (
            self._gazetteer.find_city(word)
            or self._gazetteer.find_region(word)
            or self._gazetteer.find_country(word)
        )

    def _result(
        self, text: str, match: regex.Match[str], address_format: _AddressFormat
    ) -> RecognizerResult:
        locality = match["locality"]
        score = self.SCORE_WITH_LOCALITY if locality else self.SCORE_STREET_ONLY
        postcodes, country, state_country = address_hints(match["tail"] or "")
        return recognizer_result(
            self,
            "STREET_ADDRESS",
            read_head(text, match.start()),
            match.end(),
            score,
            f"Matched the {address_format.name} format",
            pattern_name=address_format.name,
            **{
                LOCALITY_KEY: locality,
                LOCALITIES_KEY: (locality,) if locality else (),
                COUNTRY_KEY: country,
                POSTCODES_KEY: postcodes,
                POSTCODE_COUNTRY_KEY: country or state_country,
            },
        )
