"""WindowedPhoneRecognizer alone: Presidio's phone recognizer, run around digit runs only."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

from privacy.desensitize.nlp import PHONE_REGIONS
from privacy.desensitize.recognizers import WindowedPhoneRecognizer
from privacy.desensitize.recognizers.windowed_phone import MARGIN

EVAL_SETS = sorted((Path(__file__).resolve().parents[2] / "bench" / "data").glob("desensitize_*.jsonl"))


def _spans(recognizer: PhoneRecognizer, text: str) -> list[tuple[int, int, float]]:
    results = recognizer.analyze(text, ["PHONE_NUMBER"])
    return sorted((r.start, r.end, r.score) for r in results)


@pytest.fixture(scope="module")
def recognizers() -> tuple[PhoneRecognizer, WindowedPhoneRecognizer]:
    return (
        PhoneRecognizer(supported_regions=PHONE_REGIONS),
        WindowedPhoneRecognizer(supported_regions=PHONE_REGIONS),
    )


@pytest.mark.parametrize(
    "text",
    [
        "call +1 (415) 555-0132 tonight",
        "call 555-0199 ext. 204",  # an extension, after the digits
        "tel:+34 612 34 56 78, or +39 347 123 4567",  # two numbers close together
        "Rua Augusta 100, (11) 98765-4321 São Paulo",
        "born 12/03/1985, paid 1,234.56 on 2024-05-01",  # numbers that are no phone
        "x4155550132 and 4155550132y",  # glued to letters
        "+91 98765 43210" + " filler" * 10 + " +52 55 1234 5678",  # far apart
        "call me on 020\u20137946\u20130958 or (415)\u2013555\u20130132",  # en dashes a word processor wrote
        "415\u2212555\u22120132 and 415\u2014555\u20140132",  # minus sign, em dash
        "\uff10\uff19\uff10\u30fc\uff11\uff12\uff13\uff14\u30fc\uff15\uff16\uff17\uff18",  # full-width, Japanese marks
        "+44 (0)20 7946 0958 ~ +1 415 555 0132",
    ],
)
def test_finds_what_presidio_finds(
    recognizers: tuple[PhoneRecognizer, WindowedPhoneRecognizer], text: str
) -> None:
    plain, windowed = recognizers
    assert _spans(windowed, text) == _spans(plain, text)


def test_finds_what_presidio_finds_on_every_evaluation_record(
    recognizers: tuple[PhoneRecognizer, WindowedPhoneRecognizer],
) -> None:
    plain, windowed = recognizers
    texts = [json.loads(line)["text"] for path in EVAL_SETS for line in path.open(encoding="utf-8")]
    assert len(texts) > 500
    differing = [i for i, text in enumerate(texts) if _spans(windowed, text) != _spans(plain, text)]
    assert differing == []


def test_text_without_a_digit_run_is_not_analyzed(
    recognizers: tuple[PhoneRecognizer, WindowedPhoneRecognizer], monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def recording(self: PhoneRecognizer, text: str, *args: object, **kwargs: object) -> list:
        seen.append(text)
        return []

    monkeypatch.setattr(PhoneRecognizer, "analyze", recording)
    _, windowed = recognizers
    windowed.analyze("meet at 10:30 on 12/05, flat 4B, 75001 Paris", ["PHONE_NUMBER"])
    assert seen == []
    text = "a" * 100 + " 020 7946 0958 " + "b" * 100
    windowed.analyze(text, ["PHONE_NUMBER"])
    assert seen == [text[101 - MARGIN : 114 + MARGIN]]


@pytest.mark.parametrize(
    "text",
    [
        "logged 2007-07-28 19:20:08.935145 by the system",
        "at 11:48:04.080788, the vote began",
        # The fraction alone, after the seconds.
        "When: 2017-11-24 14:11:46.074376\nWhere: GWYDDGRUG Country Club.",
    ],
)
def test_the_seconds_of_a_time_are_no_phone_number(
    recognizers: tuple[PhoneRecognizer, WindowedPhoneRecognizer], text: str
) -> None:
    plain, windowed = recognizers
    assert _spans(plain, text) != []  # libphonenumber alone reads one
    assert _spans(windowed, text) == []


@pytest.mark.parametrize(
    "text, number",
    [
        ("Hotline 24/7:0800 123 4567", "0800 123 4567"),
        ("Line 2:020 7946 0958", "020 7946 0958"),
        ("1:0612345678", "0612345678"),
    ],
)
def test_a_number_after_a_digit_and_a_colon_that_are_no_time_is_found(
    recognizers: tuple[PhoneRecognizer, WindowedPhoneRecognizer], text: str, number: str
) -> None:
    _, windowed = recognizers
    assert number in [text[start:end] for start, end, _ in _spans(windowed, text)]
