"""Recognize dates of birth: a date (or birth year) right after a birth cue."""

from __future__ import annotations

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued

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
_FILLER = r"(?:\s*(?:is|was|on|in|:|-|–|am|el|il|em|op|le|\()\s*){0,3}\s*"


class DateOfBirthRecognizer(CuePatternRecognizer):
    """Marks the date after "born", "DOB:", "date of birth", "birthday is" and the like.

    A date alone is not personal (meetings, deadlines and holidays are what an
    assistant is for, and personalization needs them), so only dates a birth
    cue introduces are taken. A bare year after "born in" counts too: with a
    city it narrows a person down a lot. Presidio's DateRecognizer is not used
    for this reason: it would take every date.
    """

    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.85
    EXPLANATION = "Date after a birth cue"
    PATTERNS = (cued(_CUE, _DATE, filler=_FILLER),)
