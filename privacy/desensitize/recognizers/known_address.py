"""Recognize the addresses the device already knows, wherever they appear."""

from __future__ import annotations

from collections.abc import Mapping

import regex

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY


class KnownAddressRecognizer(CuePatternRecognizer):
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

    ENTITY = "STREET_ADDRESS"
    # Above the pattern-based address recognizer (0.75): on the same span, the
    # device's own knowledge of the city is the better locality.
    SCORE = 0.8
    EXPLANATION = "An address of the user's own"

    def __init__(self, patterns: Mapping[regex.Pattern[str], str | None]) -> None:
        self._localities = dict(patterns)
        super().__init__(patterns=self._localities)

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """The city of the address the match was cut from."""
        return {LOCALITY_KEY: self._localities[match.re]}
