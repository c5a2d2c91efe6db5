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


def _angle(prefix: str, hemispheres: str) -> str:
    """Degrees with optional minutes/seconds and a hemisphere letter: 48°51'30"N, 48.85 N."""
    return (
        rf"(?P<{prefix}_deg>\d{{1,3}}(?:\.\d+)?)\s*°?\s*"
        rf"(?:(?P<{prefix}_min>\d{{1,2}}(?:\.\d+)?)\s*['′]\s*"
        rf"(?:(?P<{prefix}_sec>\d{{1,2}}(?:\.\d+)?)\s*(?:\"|″|''))?\s*)?"
        rf"(?P<{prefix}_hemi>[{hemispheres}])(?!\p{{L}})"
    )


def _prefixed_angle(prefix: str, hemispheres: str) -> str:
    """The hemisphere letter first, as GPS units write it: N 48° 51.4', E 2° 17.7'."""
    return (
        rf"(?P<{prefix}_hemi>[{hemispheres}])\s*(?P<{prefix}_deg>\d{{1,3}}(?:\.\d+)?)\s*°\s*"
        rf"(?:(?P<{prefix}_min>\d{{1,2}}(?:\.\d+)?)\s*['′]\s*"
        rf"(?:(?P<{prefix}_sec>\d{{1,2}}(?:\.\d+)?)\s*(?:\"|″|''))?)?"
    )


def _signed_decimal(prefix: str, max_int_digits: int, min_decimals: int) -> str:
    """A signed decimal number; ``min_decimals=0`` makes the fraction optional."""
    fraction = r"(?:\.\d+)?" if min_decimals == 0 else rf"\.\d{{{min_decimals},}}"
    return rf"(?P<{prefix}>[-+]?\d{{1,{max_int_digits}}}{fraction})"


def _from_decimal_groups(match: regex.Match[str]) -> tuple[float, float]:
    return float(match["lat"]), float(match["lon"])


def _degrees(match: regex.Match[str], prefix: str, negative: str) -> float:
    value = float(match[f"{prefix}_deg"])
    value += float(match[f"{prefix}_min"] or 0) / 60
    value += float(match[f"{prefix}_sec"] or 0) / 3600
    return -value if match[f"{prefix}_hemi"] == negative else value


def _from_hemisphere_groups(match: regex.Match[str]) -> tuple[float, float]:
    return _degrees(match, "lat", "S"), _degrees(match, "lon", "W")


@dataclass(frozen=True)
class _CoordinateFormat:
    name: str
    pattern: regex.Pattern[str]
    score: float
    parse: Callable[[regex.Match[str]], tuple[float, float]]


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
        _from_hemisphere_groups,
    ),
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
    """Finds latitude/longitude pairs: decimal, with N/S/E/W letters, degrees-minutes-seconds,
    labeled ("lat 48.85 lon 2.29"), ``geo:`` URIs and map links with the position in them.

    Each result carries the parsed position in its ``recognition_metadata`` so
    the desensitizer can generalize it to a city without parsing the text again;
    map links without a readable position carry None, and are removed.
    Pairs outside the valid latitude/longitude ranges are not coordinates.
    """

    ENTITY = "GPS_COORDINATES"
    CONTEXT = ("gps", "coordinates", "coords", "lat", "latitude", "longitude", "location", "position")

    # Map links without a position; below a link with a position on the same span, which wins.
    SCORE = 0.8
    EXPLANATION = "Map link without a readable position"
    PATTERN_NAME = "map link without position"
    PATTERNS = (_POSITIONLESS_MAP_LINK,)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per coordinate pair, with its position in the metadata."""
        results = []
        for coordinate_format in _FORMATS:
            for match in coordinate_format.pattern.finditer(text):
                latitude, longitude = coordinate_format.parse(match)
                if abs(latitude) > 90 or abs(longitude) > 180:
                    continue
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
