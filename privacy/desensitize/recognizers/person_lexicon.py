"""Recognize people by the names they carry, from a lexicon of names of 106 countries."""

from __future__ import annotations

import itertools
import json
import unicodedata
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.disjoint_spans import OverlappingSpans
from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.language import shows_english
from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.name_words import VALEDICTION_WORDS
from privacy.desensitize.recognizers.person_address import addressed_names
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.word_before import (
    ARTICLES,
    PLACE_PREPOSITIONS,
    PLACE_WORDS,
    THING_OR_PLACE_WORDS,
    word_before,
)
from privacy.desensitize.recognizers.word_start import WORD_START

# Capitalized particles of Irish and Scottish surnames: "Aoife Ní Bhriain".
CAPITALIZED_PARTICLES = frozenset("Ní Nic Mac Ó Ua".split())

# A name word: "Noor", "McDonald", "O'Brien", "Seo-yeon", "al-Farsi", "Çağla";
# or one in capitals: "OLIVER", "O'BRIEN". The Title form must hold a
# lowercase letter, which keeps acronyms apart from the capitals form.
_TITLE = r"(?:[ae]l-)?(?:\p{Lu}['’])?(?:IJ|\p{Lu})\p{Ll}+(?:(?:IJ|\p{Lu})\p{Ll}+)?(?:-\p{L}\p{Ll}+)*"
_CAPS = r"(?:\p{Lu}['’])?\p{Lu}{2,}(?:-\p{Lu}{2,})*"
_TOKEN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}'’.-])(?:(?P<title>{_TITLE})|(?P<caps>{_CAPS})|(?P<particle>\p{{Ll}}+)"
    r"|(?P<initial>\p{Lu}\.?))"
    rf"(?![\p{{L}}\p{{N}}]|['’]\p{{L}}{{2}}|-\p{{L}})"
)
_GAP = regex.compile(r"[ \t]+")
_WORD = regex.compile(r"\S+")
_WORD_BREAK = regex.compile(r"[ \t,/]")
# "Grant, Oliver" (indexes, forms, lists of guests) and "GRANT/OLIVER MR"
# (airline tickets and boarding passes): surname first. This pattern and the
# list below start at a word's start only: from after each hyphen of
# "Ab-Ab-Ab-…" the name word was read again to its end (n² steps, seconds
# on an 8,000-character prompt).
_SURNAME_FIRST = regex.compile(
    rf"{WORD_START}(?P<surname>{_TITLE}|{_CAPS})(?:,[ \t]+|/)(?P<given>{_TITLE}|{_CAPS})"
    r"(?![\p{L}\p{N}/])"
)
# An airline's form of a passenger, which vouches for names the lexicon lacks:
# before the title ("OGUNLEYE/TOLUWANIMI MISS", glued to a reservation's
# passenger number in "1.1ALHASHIMI/OMAR MR"), or after the birth, sex and
# expiry fields of an advance passenger record (".../12MAR79/M/15JUN29/ALHASHIMI/OMAR",
# a middle name after one more slash; "FI" and "MI" an infant's sex). It starts
# at a word's start only, not after each hyphen of "AB-AB-AB-…" (n² steps).
_PASSENGER_NAME = r"\p{Lu}[\p{Lu}'’-]+/\p{Lu}[\p{Lu}'’-]+(?:[ \t]\p{Lu}[\p{Lu}'’-]+)?"
_PASSENGER = regex.compile(
    rf"(?:(?<![\p{{L}}\p{{N}}/'’-])|(?<=(?<![\p{{L}}\p{{N}}])\d{{1,2}}\.\d{{1,2}}))(?P<name>{_PASSENGER_NAME})"
    r"(?=[ \t]+(?:MR|MRS|MS|MISS|MSTR|MASTER|DR|PROF|CHD|INF)(?![\p{L}\p{N}]))"
    rf"|(?<=/[MFUX]I?/\d{{2}}[A-Z]{{3}}\d{{2}}/)(?P<name>{_PASSENGER_NAME}(?:/\p{{Lu}}[\p{{Lu}}'’-]+)?)"
    r"(?![\p{L}\p{N}])"
)
# A list of capitalized items: "Ana, Chidi Okeke and Mats", "Walker, Orlando & Co".
_CONJUNCTIONS = r"(?:and|&|und|et|y|e|en|och|og|ja|i|és|ve)"
_LIST_ITEM = regex.compile(rf"{_TITLE}(?:[ \t]+{_TITLE}){{0,2}}")
_LIST = regex.compile(
    rf"{WORD_START}(?:{_LIST_ITEM.pattern})"
    rf"(?:(?:[ \t]*,[ \t]*(?:{_CONJUNCTIONS}[ \t]+)?|[ \t]+{_CONJUNCTIONS}[ \t]+)"
    rf"(?:{_LIST_ITEM.pattern}))+(?![\p{{L}}\p{{N}}])"
)
# A word of two capitalized halves of three letters or more: "VajdaKevin",
# "IJzermansCelina" (Dutch capitalizes IJ as one letter).
_CAMEL_HALVES = regex.compile(r"((?:IJ|\p{Lu})\p{Ll}{2,})((?:IJ|\p{Lu})\p{Ll}{2,})")
# A name followed by a short number is a numbered thing ("Jordan Retro 4").
_NUMBERED = regex.compile(r"[ \t]+\d{1,3}[a-z]?(?![\d \-./]*\d)")
# Words that end or follow the name of a company: "Enzo Biochem Inc.",
# "Sonata Software", "Rolta India Limited". A run next to one is no person.
ORGANIZATION_WORDS = frozenset(
    """
    inc ltd limited llc llp plc gmbh ag sa sas nv bv oy oyj ab asa spa srl co corp corporation
    company group holdings holding partners associates industries software systems technologies
    technology solutions capital bank fund trust energy therapeutics pharmaceuticals pharma
    international global services network networks media labs studio studios consulting
    logistics enterprises ventures foods motors airlines insurance securities investments
    """.split()
)
# The end of a list before a word: "Ford and Tesla reported" (a lone
# subject of a list says nothing of the others, which it would vouch for).
_LISTED = regex.compile(r"(?:,|(?<!\p{L})(?:and|or|&))[ \t]+$")
# A pronoun that only a person takes: a text that speaks of someone so.
PRONOUN_REACH = 300
"""How far (characters, either side) a "he"/"she" may be from an unknown
subject to make it a person: the sentence and its neighbours, not a whole
10,000-character window ("Spotify raised prices" far from any "he")."""
_PERSONAL_PRONOUN = regex.compile(r"(?<!\p{L})(?i:he|she|him|her|his|hers|himself|herself)(?!\p{L})")
# A definition after a subject: "… is a 2001 film", "… was the first …".
_DEFINED = regex.compile(r"[ \t]+(?:is|was|are|were)[ \t]+(?:a|an|the)(?!\p{L})")
_NEXT_WORD = regex.compile(r"[ \t]+(\p{L}+)")
_AFTER_WORD = regex.compile(r"\p{Lu}\p{L}*[ \t]+$")
# The tagger's parts of speech of a verb after its subject.
_VERB_TAGS = frozenset({"VERB", "AUX"})
# Shortest name taken on its own: shorter words are too often abbreviations.
MIN_LONE_LETTERS = 4
# Longest name taken, in words (particles included): "Juan Carlos de la Cruz Pérez".
MAX_WORDS = 6
# Capitalized words that no name starts or ends with, though the lexicon's
# sources list some of them: pronouns, determiners, honorifics, days.
_NOT_NAMES = frozenset(
    """
    i me you he she we they him her us them it my your his our their its the a an this that
    these those mr mrs ms mx dr prof sir madam miss herr frau monday tuesday wednesday thursday
    friday saturday sunday today tomorrow tonight yesterday dear hi hello hey thanks
    """.split()
)

# Prefixes that English writes with a hyphen before a word ("co-signer",
# "pre-order", "e-ticket"): no word list has them on their own.
_ENGLISH_PREFIXES = frozenset("co pre re non ex self e anti multi post sub inter".split())

# Months that are given names too ("April", "May", "June"), alone most often months.
_MONTHS = frozenset("january february march april may june july august september october november december".split())
# English words that are no name alone, in any text: pronouns, honorifics, days, months.
WORDS_NO_NAME_IS = _NOT_NAMES | _MONTHS


@dataclass(frozen=True)
class NameLexicon:
    """Given names and surnames, which of them are also common English words,
    and the frequent English words (names or not).

    Keys are NFC and case-folded, each also without accents (see
    ``scripts/build_name_lexicon.py``).
    """

    given: frozenset[str]
    surnames: frozenset[str]
    common: frozenset[str]
    frequent: frozenset[str] = frozenset()
    english: frozenset[str] = frozenset()

    def is_given(self, word: str) -> bool:
        """Whether ``word`` is a given name; a hyphenated one when all its parts are names."""
        return self._known(word, self.given)

    def is_surname(self, word: str) -> bool:
        """Whether ``word`` is a surname; a hyphenated one when all its parts are names."""
        return self._known(word, self.surnames)

    def is_name(self, word: str) -> bool:
        """Whether ``word`` is a given name or a surname."""
        return self.is_given(word) or self.is_surname(word)

    def is_common(self, word: str) -> bool:
        """Whether ``word`` is also a common English word ("Will", "Grace", "Park")."""
        return _key(word) in self.common

    def is_rare_in_english(self, word: str) -> bool:
        """Whether English text seldom uses ``word`` as a name or a brand.

        What decides whether a surname, once found, carries its person to its
        other mentions: a word list would say no for "Thatcher" or
        "Sturgeon" (frequent words only because people carry them).
        """
        key = _key(word)
        if "-" in key and self.is_english(word):
            return False  # an English compound: "Cash-out", "Co-tenant"
        return key not in self.frequent and key not in self.common

    def is_no_english_word(self, word: str) -> bool:
        """Whether ``word`` is rare in English and no frequent English word
        either: "Oskarsdin" is, "Quarterly" and "Options" are not. What the
        shape rules (a middle initial, a block's first line) need before they
        take words the lexicon lacks for a name."""
        return self.is_rare_in_english(word) and not self.is_english(word)

    def is_english(self, word: str) -> bool:
        """Whether ``word`` is a frequent English word, a name or not ("Blue", "Pixels"),
        or a hyphenated compound of them that is no pair of names ("Follow-up",
        "Co-tenant", "Cash-out"; not "Billy-Joe" or "Mary-Kate")."""
        key = _key(word)
        if key in self.english:
            return True
        parts = key.split("-")
        return (
            len(parts) > 1
            and all(part in self.english or part in _ENGLISH_PREFIXES for part in parts)
            and not all(part in self.given or part in self.surnames for part in parts)
        )

    def _known(self, word: str, names: frozenset[str]) -> bool:
        key = _key(word)
        if key in names:
            return True
        parts = [part for part in key.split("-") if part]
        if len(parts) < 2:
            return False
        # Compound given names are written joined, split or hyphenated
        # ("Seoyeon", "Seo Yeon", "Seo-yeon"), and double surnames hyphenated.
        every_part_a_name = all(p in self.given or p in self.surnames for p in parts)
        return "".join(parts) in names or every_part_a_name


def _key(word: str) -> str:
    key = unicodedata.normalize("NFC", word).replace("’", "'").casefold()
    return key[3:] if key[:3] in ("al-", "el-") else key


@cache
def person_name_lexicon() -> NameLexicon:
    """The names in ``data/person_names.json`` and the words in ``data/english_words.json``,
    loaded once per process."""
    data = _data_file("person_names.json")
    return NameLexicon(
        frozenset(data["given"]),
        frozenset(data["surnames"]),
        frozenset(data["common"]),
        frozenset(data["frequent_names"]),
        frozenset(_data_file("english_words.json")["words"]),
    )


def _data_file(name: str) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(
        resources.files("privacy.desensitize").joinpath("data", name).read_text("utf-8")
    )
    return data


@dataclass(frozen=True)
class _Token:
    start: int
    end: int
    text: str
    kind: str  # "title", "caps", "particle" or "initial"

    @property
    def is_particle(self) -> bool:
        """Whether the token may stand inside a name and vouches for the word after it.

        Particles do ("das Neves"), and so do middle initials ("Louis R Craig").
        """
        if self.kind == "particle":
            return self.text in PARTICLES
        return self.kind == "initial" or self.text in CAPITALIZED_PARTICLES


class PersonLexiconRecognizer(LocalRecognizer):
    """Marks runs of capitalized words that the names lexicon shows to be a person.

    The small English NER model knows English names in English sentences; it
    misses "Çağla Demir", "Chidi Okeke", "Mariana das Neves", names in
    capitals on cards and tickets, and names it has not seen. The lexicon
    holds the common given names and surnames of 106 countries. A run of
    name-shaped words is a person when it starts with a known given name and
    ends with a known surname ("Chidi Okeke"), or a given name is followed by
    a particle or an initial and a capitalized word ("Jan van der Berg",
    "Louis R Craig"); also surname first, as in "Okeke, Chidi" or
    "OKEKE/CHIDI MR". Where spaCy's tagger ran, a known given name before a
    word it takes for a proper noun counts too ("Matthias Gloeckner"; in
    English text, before any word English lacks: "Emmanuelle Fresne"), and so
    does such a word before a known surname ("Raraka Yoshimura"); a common
    word it reads as a word never starts or ends a name ("Meet Priya").
    Once one item of a list is a person (found here or by the NER model), the
    other name-shaped items are too: "They had 3: Ana, Chidi and Walker";
    beside a full name of the lexicon they score above the NER model and are
    marked (:attr:`LIST_MATE_KEY`), evidence the desensitizer takes in text
    that is not English too ("Jonas und Fatma Özdemir").

    A single word is taken only when it is a name that English text seldom
    uses in any sense ("Jouni", "Aune"; see ``scripts/build_name_lexicon.py``),
    with a lower score: "Will", "Grace", "Park", "Christian" or "Nike" alone
    are left to the cue and NER recognizers, which see their context. A pair
    of names that are both common English words ("Will Power", "Grace Park")
    is not taken either, nor a run that is a place in the gazetteer ("San
    Jose", "Santa Clara") or part of a longer one ("Paris Gare du Nord"), one
    next to a company word ("Enzo Biochem Inc.") or one followed by a short
    number ("Jordan Retro 4").
    Brands, titles and landmarks shaped like names ("Harry Potter", "Taj
    Mahal") are handled by the desensitizer, which lets public names override
    this guess.
    """

    ENTITY = "PERSON"
    # Below the NER model (0.85) and the cue recognizer (0.88): where either
    # finds the same span, its evidence is the more specific one.
    SCORE = 0.8
    LONE_NAME_SCORE = 0.6
    EXPLANATION = "Given name and surname from the names lexicon"
    LONE_NAME_EXPLANATION = "A name of the lexicon that English text seldom uses"
    # Above the NER model's 0.85, so that Presidio's de-duplication keeps this
    # evidence where the model found the same word.
    LIST_MATE_SCORE = 0.86
    LIST_MATE_EXPLANATION = "A name in a list with a full name of the lexicon"
    # Metadata key set on such a name (Presidio drops explanations from results).
    LIST_MATE_KEY = "list_mate_of_full_name"
    # Metadata key set on a list mate that the gazetteer knows as a place: the
    # list of people says it names a person ("They had 3: Ana, Chidi and
    # Madison"), so the desensitizer lets it shadow the place.
    PLACE_AS_PERSON_KEY = "list_mate_named_like_a_place"

    def __init__(self, gazetteer: Gazetteer, lexicon: NameLexicon | None = None) -> None:
        self._lexicon = lexicon or person_name_lexicon()
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """Nothing to load: the lexicon is loaded in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per name found, in reading order."""
        proper = _proper_noun_starts(nlp_artifacts)
        # Where a lone given name stands as a name: a proper noun, or a verb's subject.
        subjects = _subject_starts(nlp_artifacts) - _model_non_person_starts(nlp_artifacts)
        lone_name_starts = proper | subjects
        runs = self._runs(text, proper, lone_name_starts, subjects, shows_english(text))
        found = {*runs, *self._surname_first(text)}
        full_names = {(s, e) for s, e in found if _WORD_BREAK.search(text, s, e)}
        mates = dict(self._list_mates(text, found | _model_people(nlp_artifacts), proper, full_names))
        found |= set(mates)
        found |= set(addressed_names(text, self._may_be_addressed))
        results = []
        for start, end in sorted(_outermost(found)):
            lone = _WORD_BREAK.search(text, start, end) is None
            score, explanation = (
                (self.LONE_NAME_SCORE, self.LONE_NAME_EXPLANATION)
                if lone
                else (self.SCORE, self.EXPLANATION)
            )
            listed = lone and mates.get((start, end), (False, False))[0]
            if listed:
                score, explanation = self.LIST_MATE_SCORE, self.LIST_MATE_EXPLANATION
            result = recognizer_result(self, self.ENTITY, start, end, score, explanation)
            if listed:
                result.recognition_metadata[self.LIST_MATE_KEY] = True
            if mates.get((start, end), (False, False))[1] and self._names_a_place(text[start:end]):
                result.recognition_metadata[self.PLACE_AS_PERSON_KEY] = True
            results.append(result)
        return results

    def _runs(
        self,
        text: str,
        proper: frozenset[int],
        lone_name_starts: frozenset[int],
        subjects: frozenset[int],
        english: bool,
    ) -> Iterator[tuple[int, int]]:
        for run in _runs(text):
            if len(run) == 1:
                if self._is_lone_name(text, run[0], lone_name_starts, subjects):
                    yield run[0].start, run[0].end
                continue
            index = 0
            while index < len(run):
                end = self._longest_name(text, run, index, proper, english)
                if end is None or self._inside_a_place_name(run, index, end):
                    index += 1
                    continue
                yield run[index].start, run[end].end
                index = end + 1

    def _inside_a_place_name(self, run: Sequence[_Token], first: int, last: int) -> bool:
        """Whether the name is part of a longer name that holds a place.

        Words right after a place belong to it ("Paris Gare du Nord"), and so
        does a place with more capitalized words around it ("BlackRock Florida
        Municipal Trust"); "Charlotte Jones" alone is a person.
        """
        if first > 0 and self._names_a_place(run[first - 1].text):
            return True
        longer = first > 0 or last < len(run) - 1
        return longer and self._names_a_place(run[first].text)

    def _longest_name(
        self, text: str, run: Sequence[_Token], first: int, proper: frozenset[int], english: bool
    ) -> int | None:
        """Index of the last token of the longest name starting at ``first``, if any.

        A name does not stop before a particle that a word follows: where the
        longer reading through it was no name ("Paris Gare du Nord"), neither
        is its start. A particle that ends the run is a word of the sentence
        ("vendí a Sergio Castillo el 12 de marzo").
        """
        if run[first].is_particle:
            return None
        # Read from the run's end: it stops at the last word, where a scan of the whole
        # run for every start cost the square of a long run of capitals ("Mr A Mr A …").
        last_word = next(index for index in range(len(run) - 1, -1, -1) if not run[index].is_particle)
        for last in range(min(len(run), first + MAX_WORDS) - 1, first, -1):
            tokens = run[first : last + 1]
            if tokens[-1].is_particle or (last < last_word and run[last + 1].is_particle):
                continue
            if self._is_name(text, tokens, proper, english):
                return last
        return None

    def _is_name(self, text: str, tokens: Sequence[_Token], proper: frozenset[int], english: bool) -> bool:
        words = [t for t in tokens if not t.is_particle]
        if len(words) < 2 or any(t.kind == "particle" for t in words):
            return False
        if len({t.kind for t in words}) > 1 or any(_key(t.text) in _NOT_NAMES for t in words):
            return False
        if words[0].kind == "caps" and any(t.kind == "initial" for t in tokens):
            return False  # in capitals, "I" and "A" are words: "CAN I SPEAK"
        lexicon = self._lexicon
        if proper and any(lexicon.is_common(t.text) and t.start not in proper for t in words):
            return False  # a word the tagger reads as a word: "Meet Priya Sharma"
        first, last = words[0].text, words[-1].text
        middle_known = all(lexicon.is_name(t.text) for t in words[1:-1])
        if not lexicon.is_given(first):
            # An unknown first word before a surname, when the tagger too
            # takes both for proper nouns: "Raraka Yoshimura"; or two words
            # around a middle initial, one a name or both proper nouns to the
            # tagger: "Malvin A Frøyland", "Taisa S Barsukov".
            evidence = (
                len(words) == 2
                and _plain(lexicon, last, lexicon.is_surname)
                and all(t.start in proper for t in words)
                and not self._names_a_place(last)
            ) or self._around_an_initial(tokens, words, proper)
        elif len(words) < len(tokens):
            # A particle or an initial vouches for the surname after it, unless
            # the run starts with a place: "Paris Gare du Nord", "Rio de Janeiro".
            evidence = middle_known and not self._names_a_place(first)
        elif lexicon.is_surname(last):
            evidence = middle_known and not all(lexicon.is_common(t.text) for t in words)
        else:
            # A given name before an unknown word the tagger takes for a
            # proper noun: "Matthias Gloeckner"; in English text, also before
            # a word English does not have, whatever the tagger made of it
            # ("change it to Emmanuelle Fresne": a noun to the tagger).
            evidence = (
                len(words) == 2
                and _plain(lexicon, first, lexicon.is_given)
                and not lexicon.is_name(last)
                and words[0].start in proper
                and (
                    words[1].start in proper
                    or (english and lexicon.is_no_english_word(last) and not self._names_a_place(last))
                )
            )
        if not evidence or _NUMBERED.match(text, tokens[-1].end):
            return False
        if _names_an_organization(text, words[-1]):
            return False
        return not self._names_a_place(text[tokens[0].start : tokens[-1].end])

    def _around_an_initial(
        self, tokens: Sequence[_Token], words: Sequence[_Token], proper: frozenset[int]
    ) -> bool:
        """Whether two words around a middle initial are a name: "Malvin A Frøyland".

        The initial is the evidence of a name, as in forms and signatures, when
        a name of the lexicon that is no English word stands on either side
        and the tagger takes the other word for a proper noun: that tells it
        from "Plan B Options" or "Vitamin D Supplements". Two words that
        English text seldom uses at all, as names or as words, are a name
        the lexicon lacks ("Varek S Oskarsdin").
        """
        if len(tokens) != 3 or len(words) != 2 or tokens[1].kind != "initial":
            return False
        lexicon = self._lexicon
        if any(lexicon.is_common(t.text) or self._names_a_place(t.text) for t in words):
            return False
        if all(len(t.text) >= 3 and lexicon.is_no_english_word(t.text) for t in words):
            return True
        first, last = words
        if not (lexicon.is_given(first.text) or lexicon.is_surname(last.text)):
            return False
        if not proper:
            return True  # no tagger ran: the name of the lexicon is the evidence
        return (first.start in proper or lexicon.is_given(first.text)) and (
            last.start in proper or lexicon.is_surname(last.text)
        )

    def _list_mates(
        self,
        text: str,
        people: set[tuple[int, int]],
        proper: frozenset[int],
        full_names: set[tuple[int, int]],
    ) -> Iterator[tuple[tuple[int, int], tuple[bool, bool]]]:
        """The other names of a list that holds a person: "They had 3: Ana, Chidi and Mats".

        Each comes with whether the list holds a full name of the lexicon
        ("Jonas und Fatma Özdemir"): that is evidence in any language, while
        a person of the English NER model is evidence in English only; and
        whether a person of the list is no place, which is what lets a mate
        named like a place be a person ("Ana, Chidi and Madison", not "to
        Florence, Rome and Madison" where the model took a town for a person).
        """
        if not people:
            return
        people_index, full_name_index = OverlappingSpans(people), OverlappingSpans(full_names)
        for listing in _LIST.finditer(text):
            items = [item.span() for item in _LIST_ITEM.finditer(listing.group())]
            base = listing.start()
            spans = [(base + start, base + end) for start, end in items]
            if not any(people_index.overlaps(s, e) for s, e in spans):
                continue
            beside_a_full_name = any(full_name_index.overlaps(s, e) for s, e in spans)
            beside_a_person = any(
                people_index.overlaps(s, e) and not self._names_a_place(text[s:e]) for s, e in spans
            )
            for start, end in spans:
                inside = people_index.contains(start, end)
                # A name found alone is marked too when a full name vouches for it.
                marked = beside_a_full_name and (start, end) in people
                if (marked or not inside) and self._may_be_a_list_mate(text, start, end, proper):
                    yield (start, end), (beside_a_full_name, beside_a_person)

    def _may_be_a_list_mate(self, text: str, start: int, end: int, proper: frozenset[int]) -> bool:
        """Whether a list item next to a person is one too.

        It is when it holds a name of the lexicon, common word or not
        ("Walker", "Christian"), or when the tagger takes all its words for
        proper nouns ("Vilmundína"); "Sales" or "Marketing" are neither, nor
        is a valediction alone ("Regards, Seun"), which the tagger takes for one. A
        place is a person called like it only when it is a given name too
        ("Orlando"), and a word after "in" of any language we weigh only then
        ("des dégâts en Bretagne et Kylian Mbappé …").
        """
        words = list(_WORD.finditer(text, start, end))
        if any(_key(w.group()) in _NOT_NAMES for w in words):
            return False
        if len(words) == 1 and words[0].group().casefold() in VALEDICTION_WORDS:
            return False  # "Regards, Seun", "Saludos, Ignacio": the writer signs after it
        if any(self._lexicon.is_given(w.group()) for w in words):
            return True
        if word_before(text, start) in PLACE_PREPOSITIONS:
            return False
        if self._names_a_place(text[start:end]):
            return False
        return any(self._lexicon.is_surname(w.group()) for w in words) or all(
            w.start() in proper for w in words
        )

    def _is_lone_name(
        self, text: str, token: _Token, name_starts: frozenset[int], subjects: frozenset[int]
    ) -> bool:
        """Whether a capitalized word standing alone is a person's name.

        It is when it is a name that English seldom uses ("Jouni", "Aune"), or
        a given name that is no English word and that the tagger reads as a
        proper noun or as the subject of a verb ("Why is Mira so impulsive?",
        "She named him Dirk", "Susanna is from Rome"): the tagger sees the
        sentence, the lexicon the word. Never after an article ("the Goblet")
        or a word that takes places ("in Agra", "near Meir": a place the
        gazetteer lacks is often written like a name), and a rare name not
        after one that takes both ("at", "from", "of"), while a given name the
        tagger vouches for is a person there ("shouted at Lucie", "the true
        gender of Lara").
        A word that is no name of the lexicon and no English word at all
        counts as the subject of a verb in a text that speaks of a person
        as "he" or "she" ("Lazarka is very reliable. You can depend on him.",
        "Batirbek had given… his address"): names far outnumber any lexicon,
        and brands, which such a text would call "it" ("Netflix raised
        prices"), are no English words either. Not where the model reads it
        as an organization, a product or a place, a word that takes things
        stands before it ("the address of Ondeck is"), the verb after it is
        no English word (the tagger reads other languages as English), it ends a list
        ("Ford and Tesla reported": it would vouch for its list mates), or the sentence
        defines it ("Zoolander is a 2001 film": the cue recognizer takes
        "X is a … person").
        """
        word = token.text
        if _key(word) in _MONTHS:
            return False  # "late June": in a full name ("June Carter") a month is a name
        if token.kind != "title" or len(word) < MIN_LONE_LETTERS or _key(word) in _NOT_NAMES:
            return False
        before = word_before(text, token.start)
        if before in ARTICLES | PLACE_WORDS or _names_an_organization(text, token):
            return False
        lexicon = self._lexicon
        rare = lexicon.is_name(word) and lexicon.is_rare_in_english(word)
        tagged = token.start in name_starts and _plain(lexicon, word, lexicon.is_given)
        unknown_subject = (
            token.start in subjects
            and not lexicon.is_name(word)
            and lexicon.is_no_english_word(word)
            and before not in THING_OR_PLACE_WORDS
            and not _DEFINED.match(text, token.end)
            and not _LISTED.search(text, max(0, token.start - 8), token.start)
            and self._english_word_after(text, token.end)
            and _PERSONAL_PRONOUN.search(
                text, max(0, token.start - PRONOUN_REACH), token.end + PRONOUN_REACH
            ) is not None
        )
        if self._is_joined_name(word):
            return True
        if not (tagged or unknown_subject or (rare and before not in THING_OR_PLACE_WORDS)):
            return False
        return not _NUMBERED.match(text, token.end) and not self._names_a_place(word)

    def _may_be_addressed(self, word: str) -> bool:
        """Whether a word a text addresses ("Satsita, can I …") may be a name:
        no English word ("Hello, world", "Name: …"), no place ("Paris, Texas!"),
        not a month or a word no name is ("Dear, …")."""
        key = _key(word)
        if len(word) < 3 or key in _NOT_NAMES or key in _MONTHS:
            return False
        return self._lexicon.is_no_english_word(word) and not self._names_a_place(word)

    def _english_word_after(self, text: str, end: int) -> bool:
        """Whether the word after ``end`` is English: the tagger's verb of a
        sentence in another language ("Paczka dla …") says nothing."""
        after = _NEXT_WORD.match(text, end)
        return after is not None and not self._lexicon.is_no_english_word(after.group(1))

    def _is_joined_name(self, word: str) -> bool:
        """Whether ``word`` is a surname and a given name written together: "BarrazaJerónima".

        Names are run together in handles, in file names and where a
        family-name-first order drops the space. Both halves have three
        letters or more; one is a given name of the lexicon that is no common
        English word, the other a name of the lexicon, common word or not
        ("ShawPhilip", "LindLea"), or a word English does not have at all (a
        surname the lexicon lacks: "GersteMarkus"); or both are names of the
        lexicon that English seldom uses ("TougasVachel"). Neither half, nor
        the two written apart, names a place: "BlackRock", "McDonald",
        "PayPal", "YouTube", "ParisOrly" or "SaoPaulo" are no people.
        """
        halves = _CAMEL_HALVES.fullmatch(word)
        if halves is None:
            return False
        lexicon = self._lexicon
        first, second = halves.group(1), halves.group(2)
        if any(self._names_a_place(name) for name in (first, second, f"{first} {second}")):
            return False

        def given(half: str) -> bool:
            return _plain(lexicon, half, lexicon.is_given)

        def other(half: str) -> bool:
            return lexicon.is_name(half) or lexicon.is_no_english_word(half)

        def rare_name(half: str) -> bool:
            return lexicon.is_name(half) and lexicon.is_rare_in_english(half)

        return (
            (given(first) and other(second))
            or (given(second) and other(first))
            or (rare_name(first) and rare_name(second))
        )

    def _surname_first(self, text: str) -> Iterator[tuple[int, int]]:
        for match in _PASSENGER.finditer(text):
            # "AND/OR MR", "SALES/MARKETING DR": English words no one is named.
            if not any(
                self._lexicon.is_english(word) and not self._lexicon.is_name(word)
                for word in regex.split(r"[/ \t]", match["name"])
            ):
                yield match.span("name")
        lexicon = self._lexicon
        for match in _SURNAME_FIRST.finditer(text):
            if _AFTER_WORD.search(text, max(0, match.start() - 40), match.start()):
                continue  # the end of a longer name: "Chidi Okeke, Christian"
            surname, given = match["surname"], match["given"]
            if surname.isupper() != given.isupper():
                continue
            if not (lexicon.is_surname(surname) and lexicon.is_given(given)):
                continue
            if lexicon.is_common(surname) and lexicon.is_common(given):
                continue
            if any(_key(w) in _NOT_NAMES or self._names_a_place(w) for w in (surname, given)):
                continue
            yield match.span()

    def _names_a_place(self, name: str) -> bool:
        return normalize_place_name(name) in self._place_keys or bool(
            self._gazetteer.find_country(name)
        )


def _names_an_organization(text: str, last: _Token) -> bool:
    """Whether the name ending in ``last`` is, or is followed by, a company word."""
    following = _NEXT_WORD.match(text, last.end)
    words = [last.text, following.group(1)] if following else [last.text]
    return any(word.casefold().rstrip(".") in ORGANIZATION_WORDS for word in words)


def _outermost(spans: set[tuple[int, int]]) -> set[tuple[int, int]]:
    """The spans that no other span contains.

    One pass in order of start, the longest first among equal starts: a span
    is contained when one before it reaches as far. Comparing every pair
    took n² steps on a prompt of a thousand names.
    """
    outermost = set()
    reach = -1
    for start, end in sorted(spans, key=lambda span: (span[0], -span[1])):
        if end > reach:
            outermost.add((start, end))
            reach = end
    return outermost


def _plain(lexicon: NameLexicon, word: str, known: Callable[[str], bool]) -> bool:
    return known(word) and not lexicon.is_common(word)


def _proper_noun_starts(nlp_artifacts: NlpArtifacts | None) -> frozenset[int]:
    """Offsets of the tokens that spaCy's tagger takes for proper nouns."""
    if nlp_artifacts is None or nlp_artifacts.tokens is None:
        return frozenset()
    return frozenset(token.idx for token in nlp_artifacts.tokens if token.pos_ == "PROPN")


def _subject_starts(nlp_artifacts: NlpArtifacts | None) -> frozenset[int]:
    """Offsets of the tokens right before a verb or an auxiliary: "Susanna is", "Dirk said"."""
    if nlp_artifacts is None or nlp_artifacts.tokens is None:
        return frozenset()
    return frozenset(
        token.idx
        for token, following in itertools.pairwise(nlp_artifacts.tokens)
        if following.pos_ in _VERB_TAGS
    )


# What the NER model names that no person is.
_NOT_PERSON_LABELS = frozenset(
    "ORG GPE LOC FAC PRODUCT NORP EVENT WORK_OF_ART LAW LANGUAGE".split()
)


def _model_non_person_starts(nlp_artifacts: NlpArtifacts | None) -> frozenset[int]:
    """Offsets of the tokens inside what the NER model takes for an organization, place or thing."""
    if nlp_artifacts is None or not nlp_artifacts.entities:
        return frozenset()
    return frozenset(
        token.idx
        for entity in nlp_artifacts.entities
        if entity.label_ in _NOT_PERSON_LABELS
        for token in entity
    )


def _model_people(nlp_artifacts: NlpArtifacts | None) -> set[tuple[int, int]]:
    """Spans of the people spaCy's NER model found."""
    if nlp_artifacts is None or not nlp_artifacts.entities:
        return set()
    return {(e.start_char, e.end_char) for e in nlp_artifacts.entities if e.label_ == "PERSON"}


def _runs(text: str) -> Iterator[list[_Token]]:
    """Runs of name-shaped words and particles separated by blanks on one line."""
    run: list[_Token] = []
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "particle"
        token = _Token(match.start(), match.end(), match.group(), kind)
        stray = kind in ("particle", "initial") and not token.is_particle
        if stray or (kind == "initial" and not run):
            if run:
                yield run
            run = []
            continue
        if run and not _GAP.fullmatch(text, run[-1].end, token.start):
            yield run
            run = []
        run.append(token)
    if run:
        yield run
