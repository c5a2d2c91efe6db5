"""The base of recognizers that take a value a cue word announces: "born on X", "passport X"."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any, ClassVar

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

VALUE = "value"
NOT_AFTER_ALNUM = r"(?<![\p{L}\p{N}])"
NOT_BEFORE_LETTER = r"(?!\p{L})"
NOT_BEFORE_ALNUM = r"(?![\p{L}\p{N}])"
_SPACES_AND_DASHES = regex.compile(r"[ -]")
# Whose document a cue names, between the cue and the number: "passport of
# Daan Smit is …", "Paspoortnummer van Daan is …", "průkazu paní Aleny
# Marešové: …", "Passnummeret til Lina er …". One to three capitalized words
# after "of" in one of our languages or an honorific.
OWNER_BETWEEN = (
    r"(?:\s+(?i:of|van|von|der|de|di|da|do|del|des|du|til|för|af|lui|od|του|της|paní|pana|pani|pan|frau"
    r"|herrn?|mr\.?|mrs\.?|ms\.?|sr\.?|sra\.?|mme|m\.)(?:\s+\p{Lu}[\p{L}'’-]+){1,3})"
)


def alternation(words: Iterable[str], *, any_blanks: bool = False) -> str:
    """The words, escaped, as one alternation with the longest first, so that a
    word is never read as the shorter one it starts with ("bula vinaka" whole,
    not "bula"). With ``any_blanks``, a space inside a word matches blanks of
    any width."""
    escaped = (regex.escape(word) for word in sorted(words, key=len, reverse=True))
    return "|".join(word.replace(r"\ ", r"[ \t]+") for word in escaped) if any_blanks else "|".join(escaped)


def cued(
    cue: str,
    value: str,
    *,
    filler: str,
    before: str = NOT_AFTER_ALNUM,
    cue_end: str = NOT_BEFORE_LETTER,
    after: str = "",
    flags: int = 0,
) -> regex.Pattern[str]:
    """The pattern ``before cue cue_end filler value after``, the cue and value as named groups.

    ``filler`` is what may stand between them ("is", "no.", ":", blanks), the
    blanks before the value included.
    """
    return regex.compile(
        rf"{before}(?P<cue>{cue}){cue_end}{filler}(?P<{VALUE}>{value}){after}", flags
    )


class CuePatternRecognizer(LocalRecognizer):
    """Results over the ``value`` group of each pattern; the rest of a match is evidence only.

    Why one class: most of our recognizers take a value only where a cue word
    announces it ("born" a date, "passport" a number, "plate" a code, "ZIP" a
    postcode, "call" a person or a local number, "my website" a URL), since the
    value alone is too common to take: not every date is a birth date. The cue
    stays in the text ("DOB: <DATE_OF_BIRTH_1>"), so a result covers the value
    only, which Presidio's ``PatternRecognizer`` (whole matches) cannot do.
    Each of these recognizers had its own copy of the loop from match to value
    to result; this is that loop, once, so a fix to it serves them all.

    A subclass sets ``ENTITY``, ``SCORE``, ``EXPLANATION`` and ``PATTERNS``
    (usually from :func:`cued`), or passes ``patterns`` made per instance; a
    pattern without a ``value`` group reports its whole match. Optional:
    ``PATTERN_NAME``, ``CHARACTERS`` (the value's length, spaces and dashes not
    counted), ``CHECKS`` (patterns of a format of their own, each with the
    check its value must pass instead of the length, or None for none) and
    ``CONTEXT`` (Presidio's context words); :meth:`fits` weighs a value by
    length, :meth:`spans` cuts or
    splits a value, :meth:`metadata` describes it. A recognizer that also finds
    values without a cue adds its own results to :meth:`cued_results`.
    """

    ENTITY: ClassVar[str]
    SCORE: ClassVar[float]
    EXPLANATION: ClassVar[str]
    PATTERN_NAME: ClassVar[str | None] = None
    PATTERNS: ClassVar[tuple[regex.Pattern[str], ...]] = ()
    CHARACTERS: ClassVar[range | None] = None
    CHECKS: ClassVar[Mapping[regex.Pattern[str], Callable[[str], bool] | None]] = {}
    CONTEXT: ClassVar[tuple[str, ...]] = ()

    def __init__(
        self,
        *,
        patterns: Iterable[regex.Pattern[str]] | None = None,
        score: float | None = None,
        name: str | None = None,
    ) -> None:
        self._patterns = self.PATTERNS if patterns is None else tuple(patterns)
        self._score = self.SCORE if score is None else score
        # Presidio names an unnamed recognizer after its class; its `name: str = None` hides that.
        super().__init__(
            supported_entities=[self.ENTITY], name=name or type(self).__name__,
            context=list(self.CONTEXT) or None,
        )

    def load(self) -> None:
        """Nothing to load: the patterns are compiled already."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per value, in the order of the patterns and their matches."""
        return self.cued_results(text)

    def cued_results(self, text: str) -> list[RecognizerResult]:
        """One result per span :meth:`spans` gives for each match of the patterns."""
        return [
            self.result(
                start,
                end,
                self._score,
                self.EXPLANATION,
                pattern_name=self.PATTERN_NAME,
                **self.metadata(match),
            )
            for pattern in self._patterns
            for match in pattern.finditer(text)
            for start, end in self.spans(text, match)
        ]

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The value's span: for a pattern of ``CHECKS``, if its check holds;
        for any other, if :meth:`fits` takes it."""
        group = _value_group(match)
        if match.re in self.CHECKS:
            check = self.CHECKS[match.re]
            if check is None or check(match[group]):
                yield match.span(group)
        elif self.fits(match[group]):
            yield match.span(group)

    def fits(self, value: str) -> bool:
        """Whether the value's length, spaces and dashes not counted, is within ``CHARACTERS``."""
        return self.CHARACTERS is None or len(_SPACES_AND_DASHES.sub("", value)) in self.CHARACTERS

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """Keys the desensitizer reads off a result (a locality, a country); none by default."""
        return {}

    def result(
        self, start: int, end: int, score: float, explanation: str, **keywords: Any
    ) -> RecognizerResult:
        """A result of this recognizer's entity (see :func:`recognizer_result`)."""
        return recognizer_result(self, self.ENTITY, start, end, score, explanation, **keywords)


def value(match: regex.Match[str]) -> str:
    """The value a match found: its ``value`` group, or the whole match."""
    return match[_value_group(match)]


def _value_group(match: regex.Match[str]) -> str | int:
    return VALUE if VALUE in match.re.groupindex else 0


def sorted_unique(results: Iterable[RecognizerResult]) -> list[RecognizerResult]:
    """Results with one per span and score, in reading order."""
    return sorted(set(results), key=lambda r: (r.start, r.end, r.score))
