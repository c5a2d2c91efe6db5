"""Recognize street addresses typed all in lower case, as chats write them:
"27 church street, inverness", "flat 5c, 22 hau fook st, tsim sha tsui",
"calle durango 247, int. 5, roma norte".

The street recognizers read a street's name by its capitals, which a chat does
not type. Rather than a lowercase copy of every format, this reads the text's
capitalized view (every lowercase word's first letter raised, every offset
kept) with those same recognizers, and keeps what the view alone finds once
it is cut to what an address holds. In the view every word looks like a
name, so a reading counts only with a number and a street or flat word in
it, and loses the words at its edges that no address opens or closes with:
"her new place is apt 1203" is "apt 1203"; "43 koutu road, rotorua but just
follow the smoke" stops before "but".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import is_english, is_function_word
from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.recognizers.person_lexicon import WORDS_NO_NAME_IS, person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import StreetAddressRecognizer
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.recognizers.world_street_address import WorldStreetAddressRecognizer, names_a_street_type

# The recognizers whose formats the capitalized view is read with.
Reader = StreetAddressRecognizer | WorldStreetAddressRecognizer

# A lowercase letter that opens a word (not inside an e-mail, a link or a code).
_WORD_OPENING = regex.compile(r"(?<![\p{L}\p{N}'’@./_-])\p{Ll}")
# How far an address reaches on either side of its street or flat word.
_REACH = 90
_NUMBER_BEFORE = regex.compile(r"\d[\p{L}\p{N}]*[^\p{L}\p{N}\n]+(?:[\p{L}\p{N}'’.-]+[^\p{L}\p{N}\n]+){0,2}\Z")
_NUMBER_AFTER = regex.compile(r"[^\p{L}\p{N}\n]+(?:[\p{L}'’.-]+[^\p{L}\p{N}\n]+){0,2}\p{L}{0,3}\d")
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}][\p{L}\p{N}'’.-]*)[^\p{L}\p{N}\n]*\Z")
_LOWERCASE_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}[\p{L}.]*")
_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.#/-]*")
_DIGIT = regex.compile(r"\d")
# A sentence that ends after a word: its dot, then a capital ("…René-Lévesque. La…").
_SENTENCE_END = regex.compile(r"(?<=\p{L}{3})[.!?]+\s+\p{Lu}")
# The words of a flat, a house or a plot before its number: "flat 5c", "hse no. 6",
# "plot 27", "room 602", "blk 85", "kv. 7", "apto 302", "int. 5".
_UNIT_WORDS = frozenset(
    "flat apt apartment unit suite room rm house hse plot villa block blk building bldg tower floor lot"
    " no no. kv kv. apto apto. dpto dpto. int int. piso".split()
)
# In English "via" is a way of going, not a street ("via gcash 0998").
_ENGLISH_NO_STREET = frozenset({"via"})


def capitalized_view(text: str) -> str:
    """``text`` with the first letter of each lowercase word raised, where that
    keeps the text's length (so every offset still points at the same word)."""

    def raised(match: regex.Match[str]) -> str:
        upper = match.group().upper()
        return upper if len(upper) == 1 else match.group()

    return _WORD_OPENING.sub(raised, text)


class LowercaseStreetRecognizer(StreetRecognizer):
    """Streets in lower case, read by ``readers`` on the capitalized view."""

    SCORE = 0.6

    def __init__(self, gazetteer: Gazetteer, readers: Sequence[Reader]) -> None:
        self._readers = tuple(readers)
        super().__init__(gazetteer)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per street that only the capitalized view shows.

        Only the stretches around a street or flat word typed in lower case
        after a lowercase word or a number are read, twice each (as typed and
        in view): the rest of a text costs nothing.
        """
        view = capitalized_view(text)
        english = is_english(text)
        results: list[RecognizerResult] = []
        for window_start, window_end in _windows(text, view, english):
            results += self._window_results(text, view, window_start, window_end, english, entities, nlp_artifacts)
        return EntityRecognizer.remove_duplicates(results)

    def _window_results(
        self, text: str, view: str, line_start: int, line_end: int, english: bool,
        entities: list[str], nlp_artifacts: NlpArtifacts | None,
    ) -> Iterator[RecognizerResult]:
        typed, seen_in_view = text[line_start:line_end], view[line_start:line_end]
        seen = [(r.start, r.end) for reader in self._readers for r in reader.analyze(typed, entities, nlp_artifacts)]
        for reader in self._readers:
            for found in reader.analyze(seen_in_view, entities, nlp_artifacts):
                span = _cut_to_the_address(
                    text, view, line_start + found.start, line_start + found.end, english
                )
                if span is None or any(
                    line_start + start < span[1] and span[0] < line_start + end for start, end in seen
                ):
                    continue
                metadata = {
                    key: value
                    for key, value in (found.recognition_metadata or {}).items()
                    if key not in (RecognizerResult.RECOGNIZER_NAME_KEY, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
                }
                yield recognizer_result(
                    self, "STREET_ADDRESS", span[0], span[1], self.SCORE,
                    "A street in lower case, read on the capitalized view", **metadata,
                )


def _windows(text: str, view: str, english: bool) -> list[tuple[int, int]]:
    """The stretches of ``text`` around each street or flat word typed in lower
    case after a lowercase word or a number, with a number within three words
    of it ("14 adeyemi close", "flat 5c", "calle durango 247"), on its line;
    overlapping stretches are joined."""
    windows: list[tuple[int, int]] = []
    for word in _LOWERCASE_WORD.finditer(text):
        if not _is_address_word(view, word, english):
            continue
        before = _WORD_BEFORE.search(text, max(0, word.start() - 40), word.start())
        if before is not None and before.group(1)[:1].isupper():
            continue
        if not (
            _NUMBER_BEFORE.search(text, max(0, word.start() - 60), word.start())
            or _NUMBER_AFTER.match(text, word.end())
        ):
            continue
        line_start = text.rfind("\n", 0, word.start()) + 1
        line_end = text.find("\n", word.end())
        line_end = len(text) if line_end < 0 else line_end
        start = max(line_start, word.start() - _REACH)
        end = min(line_end, word.end() + _REACH)
        if start > line_start:
            start = text.find(" ", start, word.start()) + 1 or word.start()
        if end < line_end:
            end = text.rfind(" ", word.end(), end) if text.rfind(" ", word.end(), end) > 0 else word.end()
        if not _DIGIT.search(text, start, end):
            continue
        if windows and start <= windows[-1][1]:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _cut_to_the_address(text: str, view: str, start: int, end: int, english: bool) -> tuple[int, int] | None:
    """The part of a view's reading that an address holds, or None if what is
    left has no number or no street or flat word.

    It opens at its first word that is no function or English word unless it
    is a street or flat word ("her new place is apt 1203"), at a number that
    is no count or time ("6 at her place", "00 test drive"); it closes before
    its first function word, a day or a time of day, or a sentence's end
    ("…, rotorua but just", "…, rotorua tonight").
    """
    tokens = list(_TOKEN.finditer(text, start, end))
    first = 0
    lexicon = person_name_lexicon()
    while first < len(tokens):
        word = tokens[first].group()
        follower = tokens[first + 1].group() if first + 1 < len(tokens) else ""
        if _DIGIT.search(word):
            if not word.startswith("0") and not _is_function_word(follower):
                break
        elif _is_address_word(view, tokens[first], english) or not (
            _is_function_word(word) or lexicon.is_english(word)
        ):
            break
        first += 1
    last = first
    for index in range(first, len(tokens)):
        word = tokens[index].group()
        if _is_function_word(word) or word.casefold() in WORDS_NO_NAME_IS:
            break
        last = index
        if _SENTENCE_END.match(text, tokens[index].end() - tokens[index].group().endswith(".")):
            break
    kept = tokens[first : last + 1]
    if len(kept) < 2 or not any(_DIGIT.search(t.group()) for t in kept):
        return None
    if not any(_is_address_word(view, t, english) for t in kept):
        return None
    return kept[0].start(), kept[-1].end()


def _is_address_word(view: str, token: regex.Match[str], english: bool) -> bool:
    word = token.group().casefold()
    if english and word in _ENGLISH_NO_STREET:
        return False
    return word in _UNIT_WORDS or _names_a_street_type(view[token.start() : token.end()])


@lru_cache(maxsize=4096)
def _names_a_street_type(word: str) -> bool:
    """Cached: every lowercase word of a text is asked, and few words recur more."""
    return names_a_street_type(word)


def _is_function_word(word: str) -> bool:
    """A function word of a language we weigh, contracted too ("we're", "it's"); not a particle ("de", "van")."""
    key = regex.split(r"['’]", word.casefold())[0]
    return bool(key) and key not in PARTICLES and is_function_word(key)
