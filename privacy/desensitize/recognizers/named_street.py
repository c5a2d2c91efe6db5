"""Recognize a street named without a house number: "the shows on Hutton Bridge Street".

A street alone still places a person far more finely than the town does
("she grew up on Nansen Crescent"), so at city level it must go like a full
address. Without a number the name is all there is to go on, and English
uses the same shape for idioms and titles ("down Memory Lane", "on Easy
Street", "Coronation Street"). So the street is taken only

* after a preposition of place ("on", "at", "along", "off", …);
* with an unambiguous type word: Street, Road, Avenue, Lane and the like,
  not "Drive", "Court", "Place", "Way" or "Square", which name drives,
  courts, rankings and squares as often as streets;
* when a word of its name is no frequent English word (the lexicon of
  :mod:`person_lexicon`): "Hutton", "Sørensen", not "Main" or "Memory".

Famous streets ("Wall Street", "Abbey Road") are public names and stay.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import (
    read_tail,
)
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import NOT_STREETS
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer

_PREPOSITION = r"(?<![\p{L}\p{N}])(?i:on|at|in|along|down|up|off|onto|into|near|past|from|via)[ \t]+"
_TYPE = (
    r"(?:Street|Road|Avenue|Lane|Boulevard|Terrace|Crescent|Parkway|Alley|Mews|Grove"
    r"|Rd\.|Ave\.|Blvd\.)"
)
_NAME_WORD = r"\p{Lu}[\p{L}'’-]+"
_NAMED_STREET = regex.compile(
    rf"{_PREPOSITION}(?P<street>(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]+{_TYPE})"
    r"(?![\p{L}\p{N}])"
)


class NamedStreetRecognizer(StreetRecognizer):
    """Finds a street named by its name and type word alone, after a preposition.

    The town after it, if any (", Springfield"), is read with the street
    (:func:`read_tail`) and kept as the generalization.
    """

    SCORE = 0.55

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per named street, its place parts in the metadata."""
        results = []
        lexicon = person_name_lexicon()
        for match in _NAMED_STREET.finditer(text):
            words = match["name"].split()
            if any(word in NOT_STREETS for word in words) or all(lexicon.is_english(word) for word in words):
                continue
            start, end = match.span("street")
            tail = read_tail(text, end, self._gazetteer.opens_with_place, None, self._gazetteer.find_country_code)
            results.append(
                recognizer_result(
                    self,
                    "STREET_ADDRESS",
                    start,
                    tail.end,
                    self.SCORE,
                    "A street's name and type word after a preposition",
                    pattern_name="named street",
                    **tail.metadata(),
                )
            )
        return EntityRecognizer.remove_duplicates(results)
