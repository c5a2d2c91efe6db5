"""TravelDocumentRecognizer alone: the fields of MRZ lines, SSR DOCS lines and boarding-pass text."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import TravelDocumentRecognizer

from . import assert_found, assert_nothing

SCORES = (0.9, 0.9)
ENTITIES = ["PERSON", "PASSPORT", "DATE_OF_BIRTH"]

PASSPORT_MRZ = (
    "Scan:\nP<NORHALVORSEN<<INGRID<MARIE<<<<<<<<<<<<<<<<\nKX12345670NOR8503127F3011283<<<<<<<<<<<<<<02\nThanks"
)
ID_CARD_MRZ = "I<SWEZ123456784<<<<<<<<<<<<<<<\n8804127M3105216SWE<<<<<<<<<<<4\nLINDQVIST<<OLOF<<<<<<<<<<<<<<<<"
DOCS = "SSR DOCS XY HK1/P/KEN/AK4412093/KEN/03APR88/F/19OCT31/WANJIRU MUTHONI/GRACE-1.1\nSSR CTCM"
BOARDING_PASS = "BCBP: M1OKONKWO/CHIDINMA    EX7QPTL LOSLHRBA 0075 301Y012C0044 100"


@pytest.fixture(scope="module")
def recognizer() -> TravelDocumentRecognizer:
    return TravelDocumentRecognizer()


def _at(text: str, value: str) -> tuple[int, int, str]:
    start = text.index(value)
    return start, start + len(value), value


@pytest.mark.parametrize(
    "text, entity, values",
    [
        # A passport's two lines: the name after the document code and issuer, then the number and dates.
        (PASSPORT_MRZ, "PERSON", ["HALVORSEN<<INGRID<MARIE"]),
        (PASSPORT_MRZ, "PASSPORT", ["KX12345670NOR8503127F3011283<<<<<<<<<<<<<<02"]),
        # An ID card's three lines: the name on the last.
        (ID_CARD_MRZ, "PERSON", ["LINDQVIST<<OLOF"]),
        (ID_CARD_MRZ, "PASSPORT", ["I<SWEZ123456784<<<<<<<<<<<<<<<", "8804127M3105216SWE<<<<<<<<<<<4"]),
        # An ID card's name line opening with a document code's letter, and two passports pasted together.
        ("I<DNKX12345678<<<<<<<<<<<<<<<<\n8001014M3001018DNK<<<<<<<<<<<8\nPETERSEN<<LARS<<<<<<<<<<<<<<<<", "PERSON",
         ["PETERSEN<<LARS"]),
        (PASSPORT_MRZ + "\n" + PASSPORT_MRZ.replace("HALVORSEN", "ABERG").replace("Scan:\n", ""), "PERSON",
         ["HALVORSEN<<INGRID<MARIE", "ABERG<<INGRID<MARIE"]),
        # An airline's SSR DOCS line, a passenger association after the name.
        (DOCS, "PASSPORT", ["AK4412093"]),
        (DOCS, "DATE_OF_BIRTH", ["03APR88"]),
        (DOCS, "PERSON", ["WANJIRU MUTHONI/GRACE"]),
        # The boarding pass's name field of twenty characters.
        (BOARDING_PASS, "PERSON", ["OKONKWO/CHIDINMA"]),
    ],
)
def test_the_fields_of_a_travel_record_are_found(
    recognizer: TravelDocumentRecognizer, text: str, entity: str, values: list[str]
) -> None:
    assert_found(recognizer, text, [_at(text, value) for value in values], entity, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # One line of capitals and fillers is no MRZ, nor is a line of a table.
        "Header\nAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA<\nfooter",
        "ORDER<<REF<<<<<<<<<<<<<<<<<<<<<<<<<<\nsee you",
        # A DOCS line without its dates, and "M1" inside a word or before no surname's slash.
        "SSR DOCS XY HK1 P/KEN/AK4412093",
        "the BMW M1 HOMOLOGATION SPECIAL was sold",
    ],
)
def test_other_lines_are_not(recognizer: TravelDocumentRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
