"""Recognize dates of birth: a date (or birth year) right after a birth cue."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

_MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
)
_DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
_YEAR = r"(?:19|20)\d{2}"
_DATE = (
    rf"(?:{_DAY}[./-](?:0?[1-9]|1[0-2])[./-](?:{_YEAR}|\d{{2}})(?!\d)"  # 12/03/1985, 12.03.85
    rf"|(?:0?[1-9]|1[0-2])/{_DAY}/{_YEAR}(?!\d)"  # US 03/12/1985
    rf"|{_YEAR}[./-](?:0?[1-9]|1[0-2])[./-]{_DAY}(?!\d)"  # ISO 1985-03-12
    rf"|(?:the\s+)?{_DAY}\s+(?:of\s+)?(?i:{_MONTH}),?(?:\s+(?:{_YEAR}|['’]?\d{{2}}))?(?!\d)"
    rf"|(?i:{_MONTH})\s+{_DAY}(?:,?\s+(?:{_YEAR}|['’]\d{{2}}))?(?!\d)"  # March 12, 1985
    rf"|(?:in\s+)?(?i:{_MONTH})\s+{_YEAR}"  # in March 1985
    rf"|{_YEAR}(?!\d))"  # born in 1985
)
# Words that announce a birth date, in English and the languages of our users.
_CUE = (
    r"(?i:born|date\s+of\s+birth|birth\s*date|d\.?\s?o\.?\s?b\.?|birthday|bday|b\."
    r"|n[ée]e?\s+le|geboren|geb\.|fecha\s+de\s+nacimiento|nacid[oa]|nat[oa]|nascid[oa]"
    r"|data\s+di\s+nascita|geboortedatum|date\s+de\s+naissance)"
)
_FILLER = r"(?:\s*(?:is|was|on|in|:|-|–|am|el|il|em|op|le|\()\s*){0,3}"
_BIRTH_DATE = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_CUE}(?!\p{{L}}){_FILLER}\s*(?P<date>{_DATE})")


class DateOfBirthRecognizer(LocalRecognizer):
    """Marks the date after "born", "DOB:", "date of birth", "birthday is" and the like.

    A date alone is not personal (meetings, deadlines and holidays are what an
    assistant is for, and personalization needs them), so only dates a birth
    cue introduces are taken. A bare year after "born in" counts too: with a
    city it narrows a person down a lot. Presidio's DateRecognizer is not used
    for this reason: it would take every date.
    """

    SCORE = 0.85

    def __init__(self) -> None:
        super().__init__(supported_entities=["DATE_OF_BIRTH"])

    def load(self) -> None:
        """Nothing to load: the pattern is compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per cued birth date, covering the date only."""
        return [
            recognizer_result(
                self,
                "DATE_OF_BIRTH",
                match.start("date"),
                match.end("date"),
                self.SCORE,
                "Date after a birth cue",
            )
            for match in _BIRTH_DATE.finditer(text)
        ]
