"""GpsCoordinatesRecognizer alone: coordinate pairs and map links, with the parsed position."""

from __future__ import annotations

import time
from collections.abc import Callable

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
        # The blank after the last mark is not part of the fix.
        ("N 47° 22.1', E 8° 32.4' now", (0, 23, "N 47° 22.1', E 8° 32.4'"), (0.8, 0.9), (47.36833, 8.54)),
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


@pytest.mark.parametrize(
    "text, found, position",
    [
        # Decimal comma and the German "O" (Ost): East, by the text's language.
        ("Wir sind bei 48,1374° N, 11,5755° O angekommen", "48,1374° N, 11,5755° O", (48.1374, 11.5755)),
        # The Spanish "O" (Oeste) is West.
        ("Estamos en 43°15'N 2°56'O, cerca del puerto", "43°15'N 2°56'O", (43.25, -2.9333)),
        # The language decides over the map: in French prose "O" is West even
        # where East would land in a city (Munich) and West at sea.
        ("Nous sommes à 48°08'N 11°34'O avec les enfants", "48°08'N 11°34'O", (48.1333, -11.5667)),
        # No language to tell: the reading with a city near it, Bilbao, not the sea off Perpignan.
        ("pos 43°15'N 2°56'O", "43°15'N 2°56'O", (43.25, -2.9333)),
        ("pos 48,1374° N, 11,5755° O", "48,1374° N, 11,5755° O", (48.1374, 11.5755)),
        # Swedish, Norwegian and Danish Ö/Ø (East) and V (West), minutes with a comma.
        ("Position: N 59° 19,6' Ö 18° 4,3'", "N 59° 19,6' Ö 18° 4,3'", (59.3267, 18.0717)),
        ("Vi er på 60°23′N 5°19′Ø nå", "60°23′N 5°19′Ø", (60.3833, 5.3167)),
        ("N 51° 30,5' V 0° 7,5'", "N 51° 30,5' V 0° 7,5'", (51.5083, -0.125)),
        # Portuguese "L" (leste) is East; Finnish P (pohjoinen) and I (itä).
        ("Estamos em 41°53′N 12°29′L com a família", "41°53′N 12°29′L", (41.8833, 12.4833)),
        ("60°10′P 24°56′I", "60°10′P 24°56′I", (60.1667, 24.9333)),
        # Dutch, Indonesian, Czech, Hungarian (word first) and Russian abbreviations.
        ("52°22′ NB, 4°54′ OL", "52°22′ NB, 4°54′ OL", (52.3667, 4.9)),
        ("6°12′ LS 106°49′ BT", "6°12′ LS 106°49′ BT", (-6.2, 106.8167)),
        ("Jsme na 50°5′ s. š., 14°25′ v. d.", "50°5′ s. š., 14°25′ v. d.", (50.0833, 14.4167)),
        ("é. sz. 47° 29′ 52″, k. h. 19° 02′ 23″", "é. sz. 47° 29′ 52″, k. h. 19° 02′ 23″", (47.4978, 19.0397)),
        ("55°45′ с. ш. 37°37′ в. д.", "55°45′ с. ш. 37°37′ в. д.", (55.75, 37.6167)),
    ],
)
def test_other_languages_hemispheres_and_decimal_commas(
    recognizer: GpsCoordinatesRecognizer, text: str, found: str, position: tuple[float, float]
) -> None:
    start = text.index(found)
    (result,) = assert_found(recognizer, text, [(start, start + len(found), found)], ENTITY, (0.8, 0.9))
    metadata = result.recognition_metadata
    assert metadata[LATITUDE_KEY] == pytest.approx(position[0], abs=1e-4)
    assert metadata[LONGITUDE_KEY] == pytest.approx(position[1], abs=1e-4)


def test_a_text_reads_its_ambiguous_letter_one_way(recognizer: GpsCoordinatesRecognizer) -> None:
    """The first fix settles "O" for the text: one writer, one convention."""
    text = "pos 43°15'N 2°56'O, then 43°36'N 1°26'O"
    longitudes = sorted(r.recognition_metadata[LONGITUDE_KEY] for r in recognizer.analyze(text, [ENTITY]))
    assert longitudes == pytest.approx([-2.9333, -1.4333], abs=1e-4)


@pytest.mark.parametrize(
    "text",
    [
        "1°N" + " " * 10_000 + "x",
        "1° " + " " * 10_000 + "N",
        ("Ich bin bei 48,7784° N, 9,1800° O und " * 300)[:10_000],
        ("pos 48,7784° N, 9,1800° O " * 400)[:10_000],
        ("N 63° 49,5' O 20° 15,8' " * 400)[:10_000],
        ("s. š. 1,2 " * 1_000)[:10_000],
    ],
)
def test_hostile_lines_are_read_in_linear_time(
    recognizer: GpsCoordinatesRecognizer, text: str, slowdown: Callable[[], float]
) -> None:
    recognizer.analyze("pos 48,7784° N, 9,1800° O", [ENTITY])  # loads the gazetteer and stop words
    # The least CPU time of three runs: one wall-clock run also counts the
    # time other processes held the core, and failed on a busy machine.
    took = float("inf")
    for _ in range(3):
        start = time.process_time()
        recognizer.analyze(text, [ENTITY])
        took = min(took, time.process_time() - start)
    factor = slowdown()
    assert took < 0.05 * factor, f"{took:.3f} s (bound 0.05 s × slowdown {factor:.1f})"


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
        "Größe 38 S, 40 L",  # other languages' letters need an angle mark or a fraction
        "Tallas 36 N 38 O",
    ],
)
def test_other_numbers_are_not(recognizer: GpsCoordinatesRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
