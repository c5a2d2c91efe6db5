"""Recognize email addresses written to dodge scrapers: "jane [at] example [dot] com"."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

_AT = r"\s*(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))\s*"
_DOT = r"\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\[\.\]|\(\.\)|\.)\s*"
_OBFUSCATED = regex.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,24}}(?![\w])",
    regex.IGNORECASE,
)


class ObfuscatedEmailRecognizer(LocalRecognizer):
    """Marks addresses with the "@" or dots spelled out in brackets.

    People write their address this way precisely because it is theirs; the
    bracketed "at" is what makes the shape unambiguous, so a plain " at "
    ("meet at home") is not taken.
    """

    SCORE = 0.8

    def __init__(self) -> None:
        super().__init__(supported_entities=["EMAIL_ADDRESS"])

    def load(self) -> None:
        """Nothing to load: the pattern is compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per spelled-out address."""
        return [
            recognizer_result(
                self, "EMAIL_ADDRESS", m.start(), m.end(), self.SCORE, "Email with spelled-out @"
            )
            for m in _OBFUSCATED.finditer(text)
        ]
