"""Presidio's libphonenumber recognizer, run only where the text has enough digits for a phone."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from presidio_analyzer.predefined_recognizers import PhoneRecognizer

# A run of at least six digits, with up to three separators between them: no
# region's numbers are shorter (Italy's shortest landlines have six). Any
# character that is neither a letter, a digit nor a line break may separate
# them: libphonenumber takes en and em dashes, the minus sign, full-width and
# Japanese marks, brackets and tildes, and a word processor writes the dashes
# for you. A text without one holds no phone number.
_DIGIT_RUN = regex.compile(r"\d(?:[^\p{Lu}\p{Ll}\p{Lt}\p{Lo}\p{N}\r\n]{0,3}\d){5,}")
# Characters kept on either side of a run: libphonenumber looks at what is
# written around a number (a "+" or "(" before it, a letter glued to it, an
# extension after it: "555-0199 ext. 204"). Runs closer than twice this are
# analyzed together.
MARGIN = 16
# A time's hours, minutes and colon: libphonenumber reads the seconds of
# "19:20:08.935145" as a phone number, or their fraction alone
# ("14:11:46.074376"); no phone number starts there. A digit and a colon
# alone are no time: "24/7:0800 123 4567", "Line 2:020 7946 0958".
_AFTER_MINUTES = regex.compile(r"(?<![\d:])\d{1,2}:[0-5]\d:(?:[0-5]\d[.,])?$")
# How far before a number the hours and minutes are looked for, with the
# character before them.
_TIME_REACH = 10


class WindowedPhoneRecognizer(PhoneRecognizer):
    """``PhoneRecognizer`` over windows around digit runs instead of over the whole text.

    libphonenumber's matcher parses and validates every number-like candidate
    of the text, once per region: dates, house numbers, postcodes, prices. On
    our records that was the desensitizer's single most expensive recognizer
    (a fifth of its time). A phone number has at least six digits, so only
    the text around runs of six or more digits is given to the matcher, with
    enough on either side for everything it looks at; what it finds there is
    what it finds in the whole text. Results are Presidio's own, moved back to
    offsets of the whole text, less the seconds of a time that libphonenumber
    takes for a number ("19:20:08.935145").
    """

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Presidio's results for each window, in offsets of ``text``."""
        results: list[RecognizerResult] = []
        for start, end in _windows(text):
            # Presidio annotates the artifacts as required but defaults them to None.
            found = super().analyze(text[start:end], entities, nlp_artifacts)  # type: ignore[arg-type]
            for result in found:
                if _after_minutes(text, start + result.start):
                    continue
                result.start += start
                result.end += start
                results.append(result)
        return results


def _after_minutes(text: str, start: int) -> bool:
    """Whether ``start`` follows a time's hours and minutes ("19:20:"), or its seconds too ("19:20:08.")."""
    return _AFTER_MINUTES.search(text[max(0, start - _TIME_REACH) : start]) is not None


def _windows(text: str) -> Iterator[tuple[int, int]]:
    """Disjoint windows of ``text`` around its digit runs, each run with its margins."""
    window: tuple[int, int] | None = None
    for run in _DIGIT_RUN.finditer(text):
        start, end = max(0, run.start() - MARGIN), min(len(text), run.end() + MARGIN)
        if window is not None and start <= window[1]:
            window = (window[0], end)
            continue
        if window is not None:
            yield window
        window = (start, end)
    if window is not None:
        yield window
