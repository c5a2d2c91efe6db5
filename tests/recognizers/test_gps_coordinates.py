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
        # Degrees and decimal minutes, as GPS units and geocaching write them.
        (
            "S 33° 51.950 E 151° 12.650",
            (0, 26, "S 33° 51.950 E 151° 12.650"),
            (0.8, 0.9),
            (-33.86583, 151.21083),
        ),
        ("N47 22.123 E8 32.456", (0, 20, "N47 22.123 E8 32.456"), (0.8, 0.9), (47.36872, 8.54093)),
        (
            "33 51.950 S 151 12.650 E",
            (0, 24, "33 51.950 S 151 12.650 E"),
            (0.8, 0.9),
            (-33.86583, 151.21083),
        ),
        # Primes and double primes.
        ("33°51′57″S 151°12′39″E", (0, 22, "33°51′57″S 151°12′39″E"), (0.8, 0.9), (-33.86583, 151.21083)),
        # A full plus code: the centre of its area.
        ("at 8FVC9G8F+6X now", (3, 14, "8FVC9G8F+6X"), (0.8, 0.9), (47.36556, 8.52494)),
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


def test_short_plus_codes_are_found_without_a_position(
    recognizer: GpsCoordinatesRecognizer,
) -> None:
    (result,) = assert_found(
        recognizer, "meet at 9G8F+6X Zürich", [(8, 15, "9G8F+6X")], ENTITY, (0.75, 0.85)
    )
    assert result.recognition_metadata[LATITUDE_KEY] is None


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
        "Room N 12, E 3",  # letters and whole numbers, no angle
        "N 91° 10.000 E 8° 32.456",  # latitude out of range
        "N 47° 61.000 E 8° 32.456",  # sixty minutes or more
        "model X+AB and C++ and 2+2",
    ],
)
def test_other_numbers_are_not(recognizer: GpsCoordinatesRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
