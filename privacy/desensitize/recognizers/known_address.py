"""Recognize the addresses the device already knows, wherever they appear."""

from __future__ import annotations

from collections.abc import Mapping

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY


class KnownAddressRecognizer(LocalRecognizer):
    """Marks given addresses as STREET_ADDRESS, each with the city it is in.

    An edge node knows its user's home and usual places, so it need not guess
    whether "Meir 148" is an address: it is, and it is in the city of the full
    address it was cut from. That city goes into the metadata like the
    pattern-based address recognizer's locality, so the desensitizer writes the
    mention as that city instead of removing it.

    ``patterns`` maps a compiled pattern for one address (see
    :mod:`privacy.desensitize.known_identifiers`) to its city, or None when the gazetteer
    does not know it.
    """

    # Above the pattern-based address recognizer (0.75): on the same span, the
    # device's own knowledge of the city is the better locality.
    SCORE = 0.8

    def __init__(self, patterns: Mapping[regex.Pattern[str], str | None]) -> None:
        self._patterns = dict(patterns)
        super().__init__(supported_entities=["STREET_ADDRESS"])

    def load(self) -> None:
        """Nothing to load: the patterns come compiled."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per mention of a known address."""
        return [
            recognizer_result(
                self,
                "STREET_ADDRESS",
                match.start(),
                match.end(),
                self.SCORE,
                "An address of the user's own",
                **{LOCALITY_KEY: locality},
            )
            for pattern, locality in self._patterns.items()
            for match in pattern.finditer(text)
        ]
