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

English also names firms, grounds, stations, films and headlines after
streets ("Hutton Road Ltd", "at Carrow Road", "from Edgware Road", "Brexit
Road Map"), so the street is also left alone

* when a capitalized word that is no place, or a possessive, follows it
  ("Road Map", "Street Food", "Road's finances");
* after a preposition that does not put someone on the street (at, in, from,
  near, past, via) unless a town or postcode follows it or a word of living,
  owning or moving comes before it ("grew up in Pemberton Mews");
* on a headline-case line, or with a function word inside its capitalized
  name ("If Beale Street");
* when it is a single given name and a word that is as often a surname
  ("Diane Lane", "Andy Grove");
* when it is a famous street of ``public_names.json`` ("Wall Street").
"""

from __future__ import annotations

from functools import cache

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import (
    read_tail,
)
from privacy.desensitize.recognizers.person_lexicon import NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.public_name import public_names
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import NOT_STREETS
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer

# "on", "off" and "along" put someone on the street; "at", "in", "from" and
# the rest as often name a ground, a station, a firm or a film after it.
_ON_THE_STREET = ("on", "along", "down", "up", "off", "onto", "into")
_PREPOSITION = r"(?<![\p{L}\p{N}])(?P<preposition>(?i:on|at|in|along|down|up|off|onto|into|near|past|from|via))[ \t]+"
_TYPE = (
    r"(?:Street|Road|Avenue|Lane|Boulevard|Terrace|Crescent|Parkway|Alley|Mews|Grove"
    r"|Rd\.|Ave\.|Blvd\.)"
)
_NAME_WORD = r"\p{Lu}[\p{L}'’-]+"
_NAMED_STREET = regex.compile(
    rf"{_PREPOSITION}(?P<street>(?P<name>{_NAME_WORD}(?:[ \t]+{_NAME_WORD}){{0,2}})[ \t]+{_TYPE})"
    r"(?![\p{L}\p{N}])"
)
# What makes the street a name of something else: a possessive, or a capitalized
# word after it ("Road Map", "Street Food", "Road Ltd"); a town is checked apart.
_POSSESSIVE_AFTER = regex.compile(r"['’]s(?!\p{L})")
_CAPITALIZED_AFTER = regex.compile(r"[ \t]+(?=\p{Lu})")
# A word of living, owning or moving, earlier in the sentence: "grew up in", "our flat in".
_HOME_BEFORE = regex.compile(
    r"(?<!\p{L})(?i:li(?:ve[sd]?|ving)|grew[ \t]+up|moved|house|flat|home|apartment|shop|office|rent(?:s|ed|ing)?"
    r"|bought|born|stay(?:s|ed|ing)?|resid\w*)(?!\p{L})[^.!?\n]{0,30}\Z"
)
_WORDS_OF_FOUR = regex.compile(r"\p{L}{4,}")
_HEADLINE = 120
# Words that open no street name: a capitalized one is a title's or a headline's.
_FUNCTION_WORDS = frozenset({
    "a", "an", "and", "at", "by", "for", "from", "if", "in", "into", "of", "off", "on", "onto", "over",
    "the", "to", "up", "via", "with",
})
# A single given name before these is as often a person's full name ("Diane Lane").
_SURNAME_TYPES = frozenset({"Lane", "Grove", "Alley"})


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
            if self._names_something_else(text, match, words, lexicon) or not (
                match["preposition"].lower() in _ON_THE_STREET
                or tail.places
                or tail.postcodes
                or _HOME_BEFORE.search(text, max(0, start - 60), start)
            ):
                continue
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

    def _names_something_else(
        self, text: str, match: regex.Match[str], words: list[str], lexicon: NameLexicon
    ) -> bool:
        """Whether the street's name is a firm's, a title's, a headline's or a person's."""
        start, end = match.span("street")
        if _POSSESSIVE_AFTER.match(text, end) or (
            _CAPITALIZED_AFTER.match(text, end) and not self._gazetteer.opens_with_place(text[end : end + 60])
        ):
            return True
        if any(word.lower() in _FUNCTION_WORDS for word in words):
            return True
        if len(words) == 1 and lexicon.is_given(words[0]) and match["street"].split()[-1] in _SURNAME_TYPES:
            return True
        return match["street"].casefold() in _famous_streets() or _headline_case(text, start, end)


def _headline_case(text: str, start: int, end: int) -> bool:
    """Whether the line around ``start:end`` capitalizes nearly every longer word, as titles do
    (read up to ``_HEADLINE`` characters each side: a headline is short)."""
    line_start = max(text.rfind("\n", max(0, start - _HEADLINE), start) + 1, start - _HEADLINE)
    line_end = text.find("\n", end, end + _HEADLINE)
    outside = text[line_start:start] + " " + text[end : min(len(text), end + _HEADLINE) if line_end < 0 else line_end]
    words = _WORDS_OF_FOUR.findall(outside)
    return len(words) >= 3 and sum(word[0].isupper() for word in words) >= 0.8 * len(words)


@cache
def _famous_streets() -> frozenset[str]:
    """The streets among the public names, casefolded: "Wall Street", "Abbey Road"."""
    return frozenset(
        name.casefold() for name in public_names() if _NAMED_STREET.fullmatch(f"on {name}")
    )
