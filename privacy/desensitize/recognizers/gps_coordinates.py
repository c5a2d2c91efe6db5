"""Recognize GPS coordinates and hand their parsed position to the desensitizer."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer

LATITUDE_KEY = "latitude"
LONGITUDE_KEY = "longitude"


# The marks people type for degrees, minutes and seconds, primes and quotes alike.
_DEGREE_MARK = r"[°º˚]"
_MINUTE_MARK = r"['′’]"
_SECOND_MARK = r"(?:\"|″|''|”|′′|’’)"


def _magnitude(prefix: str) -> str:
    """Degrees, then minutes and seconds if written: 48°51'30", 48° 51.4', 48 51.400.

    Minutes without any mark are taken only with a fraction, as GPS units print
    them ("N47 22.123"): two plain whole numbers are not an angle.
    """
    degrees = rf"(?P<{prefix}_deg>\d{{1,3}}(?:\.\d+)?)"
    minutes = rf"(?P<{prefix}_min>\d{{1,2}}(?:\.\d+)?)"
    seconds = rf"(?P<{prefix}_sec>\d{{1,2}}(?:\.\d+)?)"
    marked = rf"{minutes}\s*{_MINUTE_MARK}\s*(?:{seconds}\s*{_SECOND_MARK})?"
    return (
        rf"{degrees}(?:\s*{_DEGREE_MARK}\s*(?:{marked}|{minutes}(?!\s*{_MINUTE_MARK}))?"
        rf"|\s*(?:{marked})|[ \t]+(?P<{prefix}_min>\d{{1,2}}\.\d+))?"
    )


def _angle(prefix: str, hemispheres: str) -> str:
    """A magnitude and a hemisphere letter after it: 48°51'30"N, 48.85 N, 33 51.950 S."""
    return rf"{_magnitude(prefix)}\s*(?P<{prefix}_hemi>[{hemispheres}])(?!\p{{L}})"


def _prefixed_angle(prefix: str, hemispheres: str) -> str:
    """The hemisphere letter first, as GPS units write it: N 48° 51.4', S 33° 51.950, N47 22.123."""
    return rf"(?P<{prefix}_hemi>[{hemispheres}])\s*{_magnitude(prefix)}"


def _signed_decimal(prefix: str, max_int_digits: int, min_decimals: int) -> str:
    """A signed decimal number; ``min_decimals=0`` makes the fraction optional."""
    fraction = r"(?:\.\d+)?" if min_decimals == 0 else rf"\.\d{{{min_decimals},}}"
    return rf"(?P<{prefix}>[-+]?\d{{1,{max_int_digits}}}{fraction})"


def _from_decimal_groups(match: regex.Match[str]) -> tuple[float, float]:
    return float(match["lat"]), float(match["lon"])


def _degrees(match: regex.Match[str], prefix: str, negative: str) -> float | None:
    """Signed decimal degrees; None when minutes or seconds are 60 or more."""
    minutes = float(match[f"{prefix}_min"] or 0)
    seconds = float(match[f"{prefix}_sec"] or 0)
    if minutes >= 60 or seconds >= 60:
        return None
    value = float(match[f"{prefix}_deg"]) + minutes / 60 + seconds / 3600
    return -value if match[f"{prefix}_hemi"] == negative else value


def _from_hemisphere_groups(match: regex.Match[str]) -> tuple[float, float] | None:
    latitude, longitude = _degrees(match, "lat", "S"), _degrees(match, "lon", "W")
    if latitude is None or longitude is None:
        return None
    return latitude, longitude


_ANGLE_MARKS = regex.compile(rf"{_DEGREE_MARK}|{_MINUTE_MARK}|\.")


def _from_marked_hemisphere_groups(match: regex.Match[str]) -> tuple[float, float] | None:
    """As :func:`_from_hemisphere_groups`, if a mark or fraction shows the numbers are angles.

    "N 12, E 3" (a grid, a room) has letters and numbers but no angle in it.
    """
    if not _ANGLE_MARKS.search(match.group()):
        return None
    return _from_hemisphere_groups(match)


@dataclass(frozen=True)
class _CoordinateFormat:
    name: str
    pattern: regex.Pattern[str]
    score: float
    parse: Callable[[regex.Match[str]], tuple[float, float] | None]


_NOT_AFTER_NUMBER = r"(?<![\d.])"
_NOT_BEFORE_NUMBER = r"(?![\d.]*\d)"


def _decimal_pair(name: str, decimals: int, score: float) -> _CoordinateFormat:
    """Latitude and longitude as signed decimals with ``decimals`` or more digits: 48.858, 2.294."""
    pattern = regex.compile(
        _NOT_AFTER_NUMBER
        + _signed_decimal("lat", 2, decimals)
        + r"\s*,\s*"
        + _signed_decimal("lon", 3, decimals)
        + _NOT_BEFORE_NUMBER
    )
    return _CoordinateFormat(name, pattern, score, _from_decimal_groups)


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
        _from_decimal_groups,
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
        _from_decimal_groups,
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
        _from_decimal_groups,
    ),
    _CoordinateFormat(
        "hemisphere letters",
        regex.compile(_NOT_AFTER_NUMBER + _angle("lat", "NS") + r"\s*,?\s*" + _angle("lon", "EW")),
        0.85,
        _from_hemisphere_groups,
    ),
    _CoordinateFormat(
        "hemisphere letters first",
        regex.compile(
            r"(?<![\p{L}\d])"
            + _prefixed_angle("lat", "NS")
            + r"\s*,?\s*"
            + _prefixed_angle("lon", "EW")
            + _NOT_BEFORE_NUMBER
        ),
        0.85,
        _from_marked_hemisphere_groups,
    ),
    _CoordinateFormat("plus code", _PLUS_CODE, 0.85, _from_plus_code),
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
    "N47 22.123 E8 32.456"), labeled ("lat 48.85 lon 2.29"), ``geo:`` URIs, plus codes
    ("8FVC9G8F+6X") and map links with the position in them.

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
        for coordinate_format in _FORMATS:
            for match in coordinate_format.pattern.finditer(text):
                position = coordinate_format.parse(match)
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
