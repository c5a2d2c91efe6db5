"""Recognize GPS coordinates and hand their parsed position to the desensitizer."""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from functools import partial

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import default_gazetteer, haversine_km
from privacy.desensitize.language import leading_language
from privacy.desensitize.locations import NEAREST_CITY_MAX_KM
from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer

LATITUDE_KEY = "latitude"
LONGITUDE_KEY = "longitude"


# The marks people type for degrees, minutes and seconds, primes and quotes alike.
_DEGREE_MARK = r"[°º˚]"
_MINUTE_MARK = r"['′’]"
_SECOND_MARK = r"(?:\"|″|''|”|′′|’’)"
# Most of Europe writes a decimal comma: 48,7784°, 49,5'.
_FRACTION = r"[.,]\d+"


def _magnitude(prefix: str) -> str:
    """Degrees, then minutes and seconds if written: 48°51'30", 48° 51.4', 48 51.400, 63° 49,5'.

    Minutes without any mark are taken only with a fraction, as GPS units print
    them ("N47 22.123"): two plain whole numbers are not an angle. Blanks are
    matched possessively: each run of them has one reading, so a long run that
    leads nowhere is given up at once instead of split every possible way.
    """
    degrees = rf"(?P<{prefix}_deg>\d{{1,3}}(?:{_FRACTION})?)"
    minutes = rf"(?P<{prefix}_min>\d{{1,2}}(?:{_FRACTION})?)"
    seconds = rf"(?P<{prefix}_sec>\d{{1,2}}(?:{_FRACTION})?)"
    marked = rf"{minutes}\s*+{_MINUTE_MARK}(?:\s*+{seconds}\s*+{_SECOND_MARK})?"
    return (
        rf"{degrees}(?:\s*+{_DEGREE_MARK}(?:\s*+(?:{marked}|{minutes}(?!\s*+{_MINUTE_MARK})))?"
        rf"|\s*+{marked}|[ \t]++(?P<{prefix}_min>\d{{1,2}}{_FRACTION}))?"
    )


# What each language writes for the hemispheres, and the sign it gives: the
# letters after or before an angle, and the abbreviations of Dutch ("52°22′ NB
# 4°54′ OL"), Indonesian ("6°12′ LS 106°49′ BT"), Czech and Slovak ("50°5′ s. š.,
# 14°25′ v. d."), Hungarian ("é. sz. 47° 29′, k. h. 19° 03′") and Russian
# ("55°45′ с. ш. 37°37′ в. д."). Single letters are capitals, abbreviations as
# written: Czech "s. š." is north where a capital S is south.
_LATITUDE_WORDS: dict[str, int] = {
    "N": 1, "S": -1,
    "P": 1,  # Finnish pohjoinen
    "NB": 1, "ZB": -1,
    "LU": 1, "LS": -1,
    "s. š.": 1, "j. š.": -1,
    "é. sz.": 1, "d. sz.": -1,
    "с. ш.": 1, "ю. ш.": -1,
}  # fmt: skip
# Longitudes may have two readings. "O" is East in German, Dutch and the
# Scandinavian languages (Ost, oost, öst) and West in the Romance ones (Oeste,
# Ouest, Ovest); "L" is East in Portuguese (leste) and West in Finnish (länsi).
# The first reading is the one taken when nothing tells them apart.
_LONGITUDE_WORDS: dict[str, tuple[int, ...]] = {
    "E": (1,), "W": (-1,),
    "O": (1, -1), "L": (1, -1),
    "Ö": (1,), "Ø": (1,), "V": (-1,),  # Swedish, Danish, Norwegian öst, øst, väst, vest
    "I": (1,),  # Finnish itä
    "OL": (1,), "WL": (-1,),
    "BT": (1,), "BB": (-1,),
    "v. d.": (1,), "z. d.": (-1,),
    "k. h.": (1,), "ny. h.": (-1,),
    "в. д.": (1,), "з. д.": (-1,),
}  # fmt: skip
# The reading of an ambiguous longitude letter in the languages that write it.
_LANGUAGE_READINGS: dict[str, dict[str, int]] = {
    "O": {"de": 1, "nl": 1, "sv": 1, "da": 1, "nb": 1, "es": -1, "ca": -1, "fr": -1, "it": -1, "pt": -1},
    "L": {"pt": 1, "fi": -1},
}
# The letters English writes; an angle with any other word must show a mark or
# a fraction, as plain numbers and letters ("38 S, 40 L", clothing sizes) are
# no position.
_ENGLISH_WORDS = frozenset("NSEW")
_DOTS_AND_BLANKS = regex.compile(r"[.\s]")


def _word_key(written: str) -> str:
    """A hemisphere word without its dots and blanks: "s.š." and "s. š." are one."""
    return _DOTS_AND_BLANKS.sub("", written)


def _word_pattern(words: Iterable[str]) -> str:
    """An alternation of hemisphere words, longest first, the blank after a dot
    optional and the closing dot too ("s.š", "s. š.")."""
    alternatives = []
    for word in sorted(words, key=len, reverse=True):
        parts = word.rstrip(".").split(". ")
        closing = r"\.?" if word.endswith(".") else ""
        alternatives.append(r"\.\s?".join(regex.escape(part) for part in parts) + closing)
    return "|".join(alternatives)


_LATITUDE_SIGNS = {_word_key(word): sign for word, sign in _LATITUDE_WORDS.items()}
_LONGITUDE_SIGNS = {_word_key(word): signs for word, signs in _LONGITUDE_WORDS.items()}
_LATITUDE_WORD = _word_pattern(_LATITUDE_WORDS)
_LONGITUDE_WORD = _word_pattern(_LONGITUDE_WORDS)


def _angle(prefix: str, words: str) -> str:
    """A magnitude and a hemisphere word after it: 48°51'30"N, 48.85 N, 33 51.950 S, 50°5′ s. š."""
    return rf"{_magnitude(prefix)}\s*+(?P<{prefix}_hemi>{words})(?!\p{{L}})"


def _prefixed_angle(prefix: str, words: str) -> str:
    """The hemisphere word first, as GPS units write it: N 48° 51.4', S 33° 51.950, N47 22.123."""
    return rf"(?P<{prefix}_hemi>{words})\s*+{_magnitude(prefix)}"


def _signed_decimal(prefix: str, max_int_digits: int, min_decimals: int) -> str:
    """A signed decimal number; ``min_decimals=0`` makes the fraction optional."""
    fraction = r"(?:\.\d+)?" if min_decimals == 0 else rf"\.\d{{{min_decimals},}}"
    return rf"(?P<{prefix}>[-+]?\d{{1,{max_int_digits}}}{fraction})"


def _from_decimal_groups(match: regex.Match[str]) -> tuple[float, float]:
    return float(match["lat"]), float(match["lon"])


def _unsigned_degrees(match: regex.Match[str], prefix: str) -> float | None:
    """Decimal degrees without their sign; None when minutes or seconds are 60 or more."""

    def number(group: str) -> float:
        return float((match[f"{prefix}_{group}"] or "0").replace(",", "."))

    minutes, seconds = number("min"), number("sec")
    if minutes >= 60 or seconds >= 60:
        return None
    return number("deg") + minutes / 60 + seconds / 3600


class _LongitudeReadings:
    """How one text reads its ambiguous longitude letters ("O", "L").

    The language of the text decides first, as it decides what the writer
    meant: "O" in Spanish prose is West, whatever the place. Where it does not
    (English or too little text, a language that does not write the letter),
    each reading is tried on the gazetteer and the one nearer to a known city
    is taken: a fix is somewhere people live, while the wrong sign of a
    longitude more than a few degrees from Greenwich lands in another country
    or at sea (48.78 N 9.18 is Stuttgart, 48.78 N -9.18 the Atlantic). Either
    reading replaces the text, so a wrong one costs the city, never a leak.

    The first fix with a letter settles it for the whole text: one writer
    keeps one convention, and a text of hundreds of fixes costs one language
    count and two gazetteer searches, not two per fix.
    """

    def __init__(self, text: str) -> None:
        self._text = text
        self._signs: dict[str, int] = {}

    def sign(self, word: str, latitude: float, degrees: float) -> int:
        """The sign of a longitude of ``degrees`` written with ``word`` at ``latitude``."""
        signs = _LONGITUDE_SIGNS[word]
        if len(signs) == 1:
            return signs[0]
        if word not in self._signs:
            reading = _LANGUAGE_READINGS[word].get(leading_language(self._text) or "")
            if reading is None:
                reading = min(signs, key=partial(_distance_to_a_city, latitude, degrees))
            self._signs[word] = reading
        return self._signs[word]


def _distance_to_a_city(latitude: float, degrees: float, sign: int) -> float:
    """Kilometres from a reading of a longitude to the city it would be given; inf for none."""
    longitude = sign * degrees
    city = default_gazetteer().nearest_city(latitude, longitude, NEAREST_CITY_MAX_KM)
    return math.inf if city is None else haversine_km(latitude, longitude, city.latitude, city.longitude)


_ANGLE_MARKS = regex.compile(rf"{_DEGREE_MARK}|{_MINUTE_MARK}|\d[.,]\d")


def _hemisphere_position(
    match: regex.Match[str], readings: _LongitudeReadings, marks_required: bool
) -> tuple[float, float] | None:
    """The position of an angle pair with hemisphere words, or None if it is no position.

    With ``marks_required``, or with words English does not write, a degree
    or minute mark or a fraction must show the numbers are angles: "N 12, E 3"
    (a grid, a room) has letters and numbers but no angle in it.
    """
    latitude_word, longitude_word = _word_key(match["lat_hemi"]), _word_key(match["lon_hemi"])
    english = latitude_word in _ENGLISH_WORDS and longitude_word in _ENGLISH_WORDS
    if (marks_required or not english) and not _ANGLE_MARKS.search(match.group()):
        return None
    latitude, longitude = _unsigned_degrees(match, "lat"), _unsigned_degrees(match, "lon")
    if latitude is None or longitude is None:
        return None
    latitude *= _LATITUDE_SIGNS[latitude_word]
    return latitude, readings.sign(longitude_word, latitude, longitude) * longitude


def _from_hemisphere_groups(match: regex.Match[str], readings: _LongitudeReadings) -> tuple[float, float] | None:
    """Angles with the hemisphere after them: "48.85 S, 2.29 W" needs no mark."""
    return _hemisphere_position(match, readings, marks_required=False)


def _from_marked_hemisphere_groups(match: regex.Match[str], readings: _LongitudeReadings) -> tuple[float, float] | None:
    """Angles with the hemisphere before them, which must show a mark or a fraction."""
    return _hemisphere_position(match, readings, marks_required=True)


_Parser = Callable[[regex.Match[str], _LongitudeReadings], tuple[float, float] | None]


def _read_alike_in_every_language(parse: Callable[[regex.Match[str]], tuple[float, float]]) -> _Parser:
    """A parser of numbers alone, which mean the same in every language."""
    return lambda match, _readings: parse(match)


@dataclass(frozen=True)
class _CoordinateFormat:
    name: str
    pattern: regex.Pattern[str]
    score: float
    parse: _Parser


_NOT_AFTER_NUMBER = r"(?<![\d.])"
_NOT_BEFORE_NUMBER = r"(?![\d.]*\d)"
# "12,48° N": not the fraction of a number written with a decimal comma.
_NOT_AFTER_DECIMAL_COMMA = r"(?<!\d,)"


def _decimal_pair(name: str, decimals: int, score: float) -> _CoordinateFormat:
    """Latitude and longitude as signed decimals with ``decimals`` or more digits: 48.858, 2.294."""
    pattern = regex.compile(
        _NOT_AFTER_NUMBER
        + _signed_decimal("lat", 2, decimals)
        + r"\s*,\s*"
        + _signed_decimal("lon", 3, decimals)
        + _NOT_BEFORE_NUMBER
    )
    return _CoordinateFormat(name, pattern, score, _read_alike_in_every_language(_from_decimal_groups))


# Open Location Code ("plus code"): base-20 digit pairs, latitude then longitude,
# each pair twenty times finer than the one before.
_PLUS_DIGITS = "23456789CFGHJMPQRVWX"
_PLUS_PAIR_RESOLUTIONS = (20.0, 1.0, 0.05, 0.0025, 0.000125)
_PLUS_CODE = regex.compile(
    r"(?<![\p{L}\p{N}+])[2-9C][2-9CFGHJMPQRV][2-9CFGHJMPQRVWX]{6}\+[2-9CFGHJMPQRVWX]{2,3}"
    r"(?![\p{L}\p{N}])"
)
# A short code ("9G8F+6X Zürich") is read against a place named next to it;
# without that place's position it is only removed.
_SHORT_PLUS_CODE = regex.compile(
    r"(?<![\p{L}\p{N}+])(?=[A-Z]*\d)[2-9CFGHJMPQRVWX]{4,6}\+[2-9CFGHJMPQRVWX]{2,3}"
    r"(?![\p{L}\p{N}])"
)


def _from_plus_code(match: regex.Match[str]) -> tuple[float, float]:
    """The centre of a full plus code's area (its first ten digits)."""
    digits = match.group().replace("+", "")[:10]
    latitude, longitude = -90.0, -180.0
    for pair, resolution in enumerate(_PLUS_PAIR_RESOLUTIONS[: len(digits) // 2]):
        latitude += _PLUS_DIGITS.index(digits[2 * pair]) * resolution
        longitude += _PLUS_DIGITS.index(digits[2 * pair + 1]) * resolution
    half = _PLUS_PAIR_RESOLUTIONS[len(digits) // 2 - 1] / 2
    return latitude + half, longitude + half


_MAP_HOSTS = (
    r"(?:maps\.google\.[a-z.]+|(?:www\.)?google\.[a-z.]+/maps|maps\.app\.goo\.gl|goo\.gl/maps"
    r"|(?:www\.)?openstreetmap\.org|maps\.apple\.com|(?:www\.)?bing\.com/maps|(?:www\.)?waze\.com"
    r"|wego\.here\.com|maps\.yandex\.[a-z]+)"
)
_FORMATS = (
    # A map link is replaced whole: its path and query repeat the position
    # ("/@48.85,2.29,17z", "?q=48.85,2.29", "#map=17/48.85/2.29").
    _CoordinateFormat(
        "map link",
        regex.compile(
            rf"(?:https?://)?{_MAP_HOSTS}[^\s]*?(?:@|[?&](?:q|ll|query|center|daddr|saddr|sll)="
            r"|#map=\d{1,2}/)"
            + _signed_decimal("lat", 2, 0)
            + r"(?:,|%2C|/)"
            + _signed_decimal("lon", 3, 0)
            + r"[^\s]*(?<![.,;:!?)])",
            regex.IGNORECASE,
        ),
        0.95,
        _read_alike_in_every_language(_from_decimal_groups),
    ),
    _CoordinateFormat(
        "labeled latitude and longitude",
        regex.compile(
            r"(?<![\p{L}])(?i:lat(?:itude)?)\s*[:=]?\s*"
            + _signed_decimal("lat", 2, 0)
            + r"\s*[,;/]?\s*(?i:lon|lng|long|longitude)\s*[:=]?\s*"
            + _signed_decimal("lon", 3, 0)
            + _NOT_BEFORE_NUMBER
        ),
        0.9,
        _read_alike_in_every_language(_from_decimal_groups),
    ),
    _CoordinateFormat(
        "geo URI",
        regex.compile(
            r"\bgeo:"
            + _signed_decimal("lat", 2, 0)
            + ","
            + _signed_decimal("lon", 3, 0)
            + r"(?:,[-+]?\d+(?:\.\d+)?)?(?:;[\w.=-]+)*",
            regex.IGNORECASE,
        ),
        0.95,
        _read_alike_in_every_language(_from_decimal_groups),
    ),
    _CoordinateFormat(
        "hemisphere letters",
        regex.compile(
            _NOT_AFTER_NUMBER
            + _NOT_AFTER_DECIMAL_COMMA
            + _angle("lat", _LATITUDE_WORD)
            + r"\s*+,?\s*+"
            + _angle("lon", _LONGITUDE_WORD)
        ),
        0.85,
        _from_hemisphere_groups,
    ),
    _CoordinateFormat(
        "hemisphere letters first",
        regex.compile(
            r"(?<![\p{L}\d])"
            + _prefixed_angle("lat", _LATITUDE_WORD)
            + r"\s*+,?\s*+"
            + _prefixed_angle("lon", _LONGITUDE_WORD)
            + _NOT_BEFORE_NUMBER
        ),
        0.85,
        _from_marked_hemisphere_groups,
    ),
    _CoordinateFormat("plus code", _PLUS_CODE, 0.85, _read_alike_in_every_language(_from_plus_code)),
    _decimal_pair("decimal pair", 3, 0.7),
    # Two decimals ("48.86, 2.29") still locate a neighbourhood, but look like
    # prices too; this format needs a context word to pass the score threshold.
    _decimal_pair("short decimal pair", 2, 0.2),
)


# Short and place links of map services carry no readable position but point at
# one (often "my house"); they are removed.
_POSITIONLESS_MAP_LINK = regex.compile(
    r"(?:https?://)?(?:maps\.app\.goo\.gl|goo\.gl/maps|maps\.apple\.com|waze\.com/ul"
    r"|(?:www\.)?google\.[a-z.]+/maps/place)/?[^\s]*(?<![.,;:!?)])",
    regex.IGNORECASE,
)


class GpsCoordinatesRecognizer(CuePatternRecognizer):
    """Finds latitude/longitude pairs: decimal, with N/S/E/W letters before or after,
    degrees-minutes-seconds and degrees-decimal-minutes ("S 33° 51.950 E 151° 12.650",
    "N47 22.123 E8 32.456"), with other languages' hemisphere letters and a decimal
    comma ("48,7784° N, 9,1800° O", "N 63° 49,5' Ö 20° 15,8'"), labeled ("lat 48.85
    lon 2.29"), ``geo:`` URIs, plus codes ("8FVC9G8F+6X") and map links with the
    position in them.

    Each result carries the parsed position in its ``recognition_metadata`` so
    the desensitizer can generalize it to a city without parsing the text again;
    map links and short plus codes without a readable position carry None, and
    are removed.
    Pairs outside the valid latitude/longitude ranges are not coordinates.
    """

    ENTITY = "GPS_COORDINATES"
    CONTEXT = ("gps", "coordinates", "coords", "lat", "latitude", "longitude", "location", "position")

    # Map links and short plus codes without a position; below a link with a
    # position on the same span, which wins.
    SCORE = 0.8
    EXPLANATION = "Map link or short plus code without a readable position"
    PATTERN_NAME = "without position"
    PATTERNS = (_POSITIONLESS_MAP_LINK, _SHORT_PLUS_CODE)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per coordinate pair, with its position in the metadata."""
        results = []
        readings = _LongitudeReadings(text)
        for coordinate_format in _FORMATS:
            for match in coordinate_format.pattern.finditer(text):
                position = coordinate_format.parse(match, readings)
                if position is None or abs(position[0]) > 90 or abs(position[1]) > 180:
                    continue
                latitude, longitude = position
                results.append(
                    self.result(
                        match.start(),
                        match.end(),
                        coordinate_format.score,
                        f"Coordinates in {coordinate_format.name} format",
                        pattern_name=coordinate_format.name,
                        **{LATITUDE_KEY: latitude, LONGITUDE_KEY: longitude},
                    )
                )
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """No position: the link is removed, not generalized."""
        return {LATITUDE_KEY: None, LONGITUDE_KEY: None}
