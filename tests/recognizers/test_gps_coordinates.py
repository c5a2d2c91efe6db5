"""GpsCoordinatesRecognizer alone: coordinate pairs and map links, with the parsed position."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import GpsCoordinatesRecognizer
from privacy.desensitize.recognizers.gps_coordinates import LATITUDE_KEY, LONGITUDE_KEY

from . import assert_found, assert_nothing

ENTITY = "GPS_COORDINATES"


@pytest.fixture(scope="module")
def recognizer() -> GpsCoordinatesRecognizer:
    return GpsCoordinatesRecognizer()


@pytest.mark.parametrize(
    "text, expected, scores, position",
    [
        ("I'm at 48.8584, 2.2945 now", (7, 22, "48.8584, 2.2945"), (0.65, 0.75), (48.8584, 2.2945)),
        (
            '48°51\'30"N 2°17\'40"E',
            (0, 20, '48°51\'30"N 2°17\'40"E'),
            (0.8, 0.9),
            (48.8583, 2.2944),
        ),
        (
            "N 48° 51.4', E 2° 17.7'",
            (0, 23, "N 48° 51.4', E 2° 17.7'"),
            (0.8, 0.9),
            (48.8567, 2.295),
        ),
        ("48.85 S, 2.29 W", (0, 15, "48.85 S, 2.29 W"), (0.8, 0.9), (-48.85, -2.29)),
        ("lat 48.85 lon 2.29", (0, 18, "lat 48.85 lon 2.29"), (0.85, 0.95), (48.85, 2.29)),
        ("geo:48.8584,2.2945", (0, 18, "geo:48.8584,2.2945"), (0.9, 1.0), (48.8584, 2.2945)),
        (
            "https://www.google.com/maps/@48.8584,2.2945,17z.",
            (0, 47, "https://www.google.com/maps/@48.8584,2.2945,17z"),
            (0.9, 1.0),
            (48.8584, 2.2945),
        ),
        # Two decimals look like prices: the score needs a context word to pass.
        ("prices 48.86, 2.29", (7, 18, "48.86, 2.29"), (0.1, 0.3), (48.86, 2.29)),
    ],
)
def test_coordinates_are_found_with_their_position(
    recognizer: GpsCoordinatesRecognizer,
    text: str,
    expected: tuple[int, int, str],
    scores: tuple[float, float],
    position: tuple[float, float],
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, scores)
    metadata = result.recognition_metadata
    assert metadata[LATITUDE_KEY] == pytest.approx(position[0], abs=1e-4)
    assert metadata[LONGITUDE_KEY] == pytest.approx(position[1], abs=1e-4)


def test_map_links_without_a_position_are_found_without_one(
    recognizer: GpsCoordinatesRecognizer,
) -> None:
    text = "see https://maps.app.goo.gl/abc123."
    expected = [(4, 34, "https://maps.app.goo.gl/abc123")]
    (result,) = assert_found(recognizer, text, expected, ENTITY, (0.75, 0.85))
    assert result.recognition_metadata[LATITUDE_KEY] is None
    assert result.recognition_metadata[LONGITUDE_KEY] is None


def test_context_words_are_declared_for_presidio(recognizer: GpsCoordinatesRecognizer) -> None:
    assert "gps" in recognizer.context and "coordinates" in recognizer.context


@pytest.mark.parametrize(
    "text",
    [
        "95.1234, 2.1234",  # latitude out of range
        "45.1234, 200.1234",  # longitude out of range
        "version 1.2.3",
        "it costs 4.5, maybe 5",
        "https://www.google.com/search?q=paris",
    ],
)
def test_other_numbers_are_not(recognizer: GpsCoordinatesRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
