"""Recognize street addresses typed all in lower case, as chats write them:
"27 church street, inverness", "flat 5c, 22 hau fook st, tsim sha tsui",
"calle durango 247, int. 5, roma norte".

The street recognizers read a street's name by its capitals, which a chat does
not type. Rather than a lowercase copy of every format, this reads the text's
capitalized view (every lowercase word's first letter raised, every offset
kept) with those same recognizers, and keeps what the view alone finds once
it is cut to what an address holds. In the view every word looks like a
name, so a reading is cut into runs at the words no address holds
(function words, days, a phone's label or number) and counts only with a
number and a street or flat word in one run: "her new place is apt 1203" is
"apt 1203"; "43 koutu road, rotorua but just follow the smoke" stops before
"but", and its town is Rotorua, not "Rotorua But".
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from functools import lru_cache

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import is_english, is_english_function_word, is_function_word
from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY, POSTCODES_KEY
from privacy.desensitize.recognizers.person_lexicon import WORDS_NO_NAME_IS, NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY, StreetAddressRecognizer
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.recognizers.world_street_address import WorldStreetAddressRecognizer, names_a_street_type

# The recognizers whose formats the capitalized view is read with.
Reader = StreetAddressRecognizer | WorldStreetAddressRecognizer

# A group of two to four letters and digits, both, as postcodes have ("nw1 6xe",
# "m5j 2r8"); not an ordinal ("4th") or a time ("6pm").
_CODE_GROUP = regex.compile(
    r"(?<![\p{L}\p{N}'’@./_-])(?!\d+(?:st|nd|rd|th|am|pm)(?![a-z\d]))(?=[a-z\d]*\d)(?=\d*[a-z])[a-z\d]{2,4}"
    r"(?![\p{L}\p{N}@]|[./_-]\w)"
)
# A lowercase letter that opens a word (not inside an e-mail, a link or a code).
_WORD_OPENING = regex.compile(r"(?<![\p{L}\p{N}'’@./_-])\p{Ll}")
# How far an address reaches on either side of its street or flat word, and
# the longest stretch that overlapping ones are joined into: a text of street
# words ("no. 1 no. 1 …") read as one stretch cost the square of its length.
_REACH = 90
_LONGEST_WINDOW = 4 * _REACH
_NUMBER_BEFORE = regex.compile(r"\d[\p{L}\p{N}]*[^\p{L}\p{N}\n]+(?:[\p{L}\p{N}'’.-]+[^\p{L}\p{N}\n]+){0,2}\Z")
# Bounded, each part: read from every street word of "unit-unit-unit…", an
# unbounded word ran to the text's end each time (n² steps).
_NUMBER_AFTER = regex.compile(
    r"[^\p{L}\p{N}\n]{1,3}(?:[\p{L}'’.]{1,30}[^\p{L}\p{N}\n]{1,3}){0,2}\p{L}{0,3}\d"
)
_WORD_BEFORE = regex.compile(r"([\p{L}\p{N}][\p{L}\p{N}'’.-]*)[^\p{L}\p{N}\n]*\Z")
_LOWERCASE_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{Ll}[\p{L}.]*")
_TOKEN = regex.compile(r"[\p{L}\p{N}][\p{L}\p{N}'’.#/-]*")
_DIGIT = regex.compile(r"\d")
_DIGITS = regex.compile(r"\D")
# Words that label a phone or a mail after an address: no part of it.
_CONTACT_WORDS = frozenset("mobile mob phone ph tel cell call whatsapp contact email e-mail text".split())
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
    """``text`` with the first letter of each lowercase word raised, and groups
    of letters and digits as postcodes write them in capitals ("nw1 6xe"),
    where that keeps the text's length (so every offset still points at the
    same word)."""

    def raised(match: regex.Match[str]) -> str:
        upper = match.group().upper()
        return upper if len(upper) == 1 else match.group()

    return _WORD_OPENING.sub(raised, _CODE_GROUP.sub(lambda match: match.group().upper(), text))


class LowercaseStreetRecognizer(StreetRecognizer):
    """Streets in lower case, read by ``readers`` on the capitalized view."""

    SCORE = 0.6

    def __init__(self, gazetteer: Gazetteer, readers: Sequence[Reader]) -> None:
        self._readers = tuple(readers)
        super().__init__(gazetteer)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per street that the capitalized view shows beyond what the text as typed does.

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
        self, text: str, view: str, window_start: int, window_end: int, english: bool,
        entities: list[str], nlp_artifacts: NlpArtifacts | None,
    ) -> Iterator[RecognizerResult]:
        """The view's readings of one window that the text as typed does not
        hold whole, cut to their addresses."""
        typed, seen_in_view = text[window_start:window_end], view[window_start:window_end]
        seen = [(r.start, r.end) for reader in self._readers for r in reader.analyze(typed, entities, nlp_artifacts)]
        for reader in self._readers:
            for found in reader.analyze(seen_in_view, entities, nlp_artifacts):
                span = _cut_to_the_address(
                    text, view, window_start + found.start, window_start + found.end, english
                )
                if span is None or any(
                    window_start + start <= span[0] and span[1] <= window_start + end for start, end in seen
                ):
                    continue
                metadata = _places_inside(
                    text[span[0] : span[1]],
                    {
                        key: value
                        for key, value in (found.recognition_metadata or {}).items()
                        if key not in (RecognizerResult.RECOGNIZER_NAME_KEY, RecognizerResult.RECOGNIZER_IDENTIFIER_KEY)
                    },
                )
                result = recognizer_result(
                    self, "STREET_ADDRESS", span[0], span[1], self.SCORE,
                    "A street in lower case, read on the capitalized view",
                )
                result.recognition_metadata.update(metadata)
                yield result


def _places_inside(kept: str, metadata: dict[str, object]) -> dict[str, object]:
    """The reading's towns and postcodes cut to the words the cut address still
    holds: in view the words after a town read as more of its name ("Rotorua
    Tonight" is Rotorua), and a town read past the cut is none of its own
    ("…, inverness, mobile 077…" is in no town called Mobile)."""
    words = set(_TOKEN.findall(kept.casefold()))

    def inside(value: str) -> str | None:
        held = []
        for word in value.split():
            if word.casefold() not in words:
                break
            held.append(word)
        return " ".join(held) or None

    locality = metadata.get(LOCALITY_KEY)
    if isinstance(locality, str):
        metadata[LOCALITY_KEY] = inside(locality)
    for key in (LOCALITIES_KEY, POSTCODES_KEY):
        values = metadata.get(key)
        if isinstance(values, tuple):
            metadata[key] = tuple(held for value in values if isinstance(value, str) and (held := inside(value)))
    return metadata


def _windows(text: str, view: str, english: bool) -> list[tuple[int, int]]:
    """The stretches of ``text`` around each street or flat word typed in lower
    case after a lowercase word or a number, with a number within three words
    of it ("14 adeyemi close", "flat 5c", "calle durango 247"), on its line;
    overlapping stretches are joined, up to a bounded length."""
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
            space = text.rfind(" ", word.end(), end)
            end = space if space > 0 else word.end()
        if not _DIGIT.search(text, start, end):
            continue
        if windows and start <= windows[-1][1] and end - windows[-1][0] <= _LONGEST_WINDOW:
            windows[-1] = (windows[-1][0], max(end, windows[-1][1]))
        else:
            windows.append((start, end))
    return windows


def _cut_to_the_address(text: str, view: str, start: int, end: int, english: bool) -> tuple[int, int] | None:
    """The part of a view's reading that an address holds, or None if no part
    has a number and a street or flat word.

    The reading is cut into runs at its function words that are no street
    words ("via" is both), days and times of day, a phone's label or number,
    and a sentence's end ("…, rotorua but just", "…, rotorua tonight",
    "…, inverness, mobile 07700…"); the first run with a number and a street
    or flat word is the address. It opens at its first word that is no
    English word unless it is a street or flat word ("her new place is apt
    1203"), and at no number that opens with 0 ("00 test drive").
    """
    tokens = list(_TOKEN.finditer(text, start, end))
    lexicon = person_name_lexicon()
    run: list[regex.Match[str]] = []
    for index, token in enumerate(tokens):
        # A street's name may be a word another language uses as a function
        # word ("calle mayor", "rue des lilas"), not an English one ("place is").
        in_a_street_name = (
            bool(run) and _is_address_word(view, run[-1], english)
            and not is_english_function_word(token.group().casefold())
        )
        if not in_a_street_name and _breaks_an_address(view, token, english):
            kept = _opened(view, run, english, lexicon)
            if _holds_an_address(view, kept, english):
                return kept[0].start(), kept[-1].end()
            run = []
            continue
        run.append(token)
        if _SENTENCE_END.match(text, token.end() - token.group().endswith(".")) or index == len(tokens) - 1:
            kept = _opened(view, run, english, lexicon)
            if _holds_an_address(view, kept, english):
                return kept[0].start(), kept[-1].end()
            run = []
    return None


def _breaks_an_address(view: str, token: regex.Match[str], english: bool) -> bool:
    word = token.group()
    key = word.casefold()
    if _is_address_word(view, token, english):
        return False
    if _DIGIT.search(word):
        digits = _DIGITS.sub("", word)
        return len(digits) >= 7 or (digits.startswith("0") and len(digits) >= 5)
    return _is_function_word(word) or key in WORDS_NO_NAME_IS or key in _CONTACT_WORDS


def _opened(
    view: str, run: list[regex.Match[str]], english: bool, lexicon: NameLexicon
) -> list[regex.Match[str]]:
    first = 0
    while first < len(run):
        word = run[first].group()
        if _DIGIT.search(word):
            if not word.startswith("0") and not _a_count_before_a_flat(view, run, first, english):
                break
        elif _is_address_word(view, run[first], english) or not lexicon.is_english(word):
            break
        first += 1
    return run[first:]


def _a_count_before_a_flat(view: str, run: list[regex.Match[str]], index: int, english: bool) -> bool:
    """Whether the number at ``index`` ends a clause before a flat or room word:
    "from 9, room 204" is a time, then the room."""
    if index + 1 >= len(run) or run[index + 1].group().casefold() not in _UNIT_WORDS:
        return False
    return "," in view[run[index].end() : run[index + 1].start()]


def _holds_an_address(view: str, kept: list[regex.Match[str]], english: bool) -> bool:
    return (
        len(kept) >= 2
        and any(_DIGIT.search(t.group()) for t in kept)
        and any(_is_address_word(view, t, english) for t in kept)
    )


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
