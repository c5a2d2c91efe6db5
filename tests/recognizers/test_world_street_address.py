"""WorldStreetAddressRecognizer alone: a national street grammar, then the parts after it."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import WorldStreetAddressRecognizer
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
)

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
WITH_PLACE = (0.75, 0.8)
STREET_ONLY = (0.55, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> WorldStreetAddressRecognizer:
    return WorldStreetAddressRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, places, postcodes, postcode_country",
    [
        ("Calle de Alcalá 45, 28014 Madrid", ("Madrid",), ("28014",), None),
        ("Via del Corso 123, 00186 Roma", ("Roma",), ("00186",), None),
        (
            "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
            ("Bela Vista", "São Paulo"),
            ("01310-200",),
            "BR",
        ),
        ("1 Martin Place, Sydney NSW 2000", ("Sydney",), ("2000",), "AU"),  # from the state
        ("12 Long Street, Cape Town, 8001", ("Cape Town",), ("8001",), None),
        (
            "Flat 4B, Prestige Tower, Indiranagar, Bengaluru 560038",
            ("Prestige Tower", "Indiranagar", "Bengaluru"),
            ("560038",),
            None,
        ),
        (
            "1-1-2 Oshiage, Sumida-ku, Tokyo 131-0045",
            ("Sumida-ku", "Tokyo"),
            ("131-0045",),
            "JP",
        ),
        ("Sejong-daero 110, Jung-gu, Seoul", ("Jung-gu", "Seoul"), (), None),
        ("PO Box 123, Wellington", ("Wellington",), (), None),
        ("14 Deansgate, Manchester M3 2BA", ("Manchester",), ("M3 2BA",), "GB"),
        # Written large to small, the places come before the block.
        ("Tokyo-to, Chiyoda-ku, Marunouchi 1-9-1", ("Tokyo", "Chiyoda"), (), None),
    ],
)
def test_whole_addresses_carry_their_places_and_postcodes(
    recognizer: WorldStreetAddressRecognizer,
    text: str,
    places: tuple[str, ...],
    postcodes: tuple[str, ...],
    postcode_country: str | None,
) -> None:
    (result,) = assert_found(recognizer, text, [(0, len(text), text)], ENTITY, WITH_PLACE)
    metadata = result.recognition_metadata
    assert metadata[LOCALITIES_KEY] == places
    assert metadata[POSTCODES_KEY] == postcodes
    assert metadata[POSTCODE_COUNTRY_KEY] == postcode_country
    assert metadata[COUNTRY_KEY] in (None, postcode_country)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Calle Mayor 12", (0, 14, "Calle Mayor 12")),
        ("meet at Rua Augusta 12 today", (8, 22, "Rua Augusta 12")),
        pytest.param(
            "meet at Rua Augusta s/n today",
            (8, 23, "Rua Augusta s/n"),
            marks=pytest.mark.xfail(
                strict=True, reason="the grammar reads s/n, but a match without a digit is dropped"
            ),
        ),
        ("my PO Box 77, thanks", (3, 12, "PO Box 77")),
    ],
)
def test_streets_strong_alone_need_no_place(
    recognizer: WorldStreetAddressRecognizer, text: str, expected: tuple[int, int, str]
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, STREET_ONLY)
    assert result.recognition_metadata[LOCALITIES_KEY] == ()


@pytest.mark.parametrize(
    "text",
    [
        "12 Main Street, Tom will call",  # a weak street needs a place or postcode after it
        "calle sin numero",
        "12 Angry Men",
        "14 Deansgate, Manchester",  # a street without a type word needs a postcode
        "Flat 4B",
    ],
)
def test_weak_streets_alone_are_not(recognizer: WorldStreetAddressRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
