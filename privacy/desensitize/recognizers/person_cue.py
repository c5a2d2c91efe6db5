"""Recognize people by the words around a capitalized name, where NER misses them."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Iterator

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.recognizers.cue_pattern import (
    NOT_AFTER_ALNUM,
    NOT_BEFORE_LETTER,
    VALUE,
    CuePatternRecognizer,
    cued,
    sorted_unique,
)

# One name word: "Noor", "MacDonald", "O'Brien", "Jean-Luc", "Céline". It has to
# end in a lowercase letter, which keeps acronyms ("TV", "NMBS") out.
_NAME_WORD = r"(?:\p{Lu}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)*"
# Lowercase particles written inside surnames: "Jan van der Berg", "Luca di Stefano".
_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|du|le|la|ter|ten|zu|bin|al|el)"
_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME_WORD}){{0,3}}"
# Several people after one cue: "with Tom Hall and Ann Smith", "ask Ann, Bo & Lea".
_NAMES = rf"{_NAME}(?:[ \t]*(?:,|&|\band\b|\bet\b|\ben\b|\bund\b)[ \t]*{_NAME})*"

# Words after which a capitalized name is a person in what people ask an
# assistant: verbs of contacting, paying or meeting someone, and greetings...
_VERB_CUES = (
    "call ring phone text txt message msg email e-mail mail tell ask remind invite meet met pay"
    " send bring thank thanks ping dm contact cc dear hi hey hello"
).split()
# ...and prepositions of company, which take places as well ("from Brussels
# Airport"), so a name after them must not start with a place.
_PREPOSITION_CUES = ("with", "w/", "from", "for")
# Nouns that belong to a person, after a possessive: "Priya's number".
_PERSONAL_NOUNS = (
    "number phone mobile cell email e-mail address place house flat home birthday party wedding"
    " wife husband partner boyfriend girlfriend kids son daughter mum mom dad parents brother"
    " sister car dog cat"
).split()

# Words typed in a hurry double, swap or lose a letter ("ttell", "wiht",
# "nmuber"). Such variants of cue words of four letters or more count too, when
# they are four letters or more themselves: shorter ones are too often words.
_TYPO_MIN_LETTERS = 4


def _typo_variants(word: str) -> set[str]:
    """The word with one letter doubled, swapped with the next, or dropped inside it.

    Dropping the first or last letter is left out: it mostly gives another word
    ("hank", "than" from "thank"; "hell" from "hello").
    """
    variants = set()
    for i in range(len(word)):
        variants.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if 0 < i < len(word) - 1:
            variants.add(word[:i] + word[i + 1 :])
    return {v for v in variants if len(v) >= _TYPO_MIN_LETTERS and v != word}


def _with_typos(words: Iterable[str]) -> frozenset[str]:
    tolerant = set()
    for word in words:
        tolerant.add(word)
        if len(word) >= _TYPO_MIN_LETTERS and word.isalpha():
            tolerant |= _typo_variants(word)
    return frozenset(tolerant)


def _alternation(words: Iterable[str]) -> str:
    return "|".join(regex.escape(w) for w in sorted(words, key=len, reverse=True))


_VERBS = _with_typos(_VERB_CUES)
_PREPOSITIONS = _with_typos(_PREPOSITION_CUES) - _VERBS
_START = NOT_AFTER_ALNUM
_END = NOT_BEFORE_LETTER

_AFTER_CUE = cued(rf"(?i:{_alternation(_VERBS | _PREPOSITIONS)})", _NAMES, filler=r"[ \t]*:?[ \t]+")
# A possessive before a personal noun ("Céline's place", "Tom Hall's birthday"),
# and "at Sophie's", someone's home.
_PERSONAL_NOUN = rf"(?i:{_alternation(_with_typos(_PERSONAL_NOUNS))})"
_POSSESSIVE = regex.compile(
    rf"{_START}(?P<value>{_NAME})['’]s[ \t]+{_PERSONAL_NOUN}{_END}"
    rf"|{_START}(?i:at)[ \t]+(?P<value>{_NAME})['’]s{_END}"
)
# A name written right before a phone number: "Théo Leroy 06 44 97 78 26",
# "Matthew on 07700 900388". The number shape is loose on purpose: the phone
# recognizers decide what the number is; here it only vouches for the name.
_BEFORE_PHONE = regex.compile(
    rf"{_START}(?P<value>{_NAME})(?:[ \t]+(?i:on|at)[ \t]+|[ \t]*:[ \t]*|[ \t]+)"
    r"(?=\+\d|\(\d{2,4}\)|0\d[\d \-.]{6,}\d|\d{3}[-. ]\d{3}[-. ]\d{4})"
)

# A relation names a person on either side: "my landlord Olumide Adeyemi",
# "Olumide Adeyemi is my landlord", "Siobhán, my flatmate".
_RELATIONS = (
    "friend boss manager landlord landlady neighbour neighbor colleague coworker co-worker doctor"
    " dentist teacher wife husband partner fiance fiancee son daughter brother sister mum mom dad"
    " mother father cousin uncle aunt nephew niece grandma grandpa grandmother grandfather"
    " girlfriend boyfriend roommate flatmate housemate tutor lawyer accountant therapist nanny"
    " babysitter coach client tenant student supervisor assistant"
).split()
_RELATION = (
    r"(?i:my|our|his|her|their)[ \t]+(?:(?i:best|old|new|little|big|older|younger)[ \t]+)?"
    rf"(?i:{_alternation(_RELATIONS)})s?{_END}"
)
_AROUND_RELATION = regex.compile(
    rf"{_RELATION}[ \t]*,?[ \t]+(?P<value>{_NAME})"
    rf"|{_START}(?P<value>{_NAME})(?:[ \t]+(?i:is|was)|[ \t]*,)[ \t]+{_RELATION}"
)

_ONE_NAME = regex.compile(_NAME)
# A capitalized word with a short number after it is a numbered thing ("from
# Platform 3", "with Windows 11"), unless the number goes on into a phone number.
_NUMBERED = regex.compile(r"[ \t]+\d{1,3}[a-z]?(?![\d \-./]*\d)")
_WORD = regex.compile(r"\S+")
# A capitalized cue or a label before a number ("Call +33…", "Mobile: 06…") is
# not a name, though the name shape and the number after it fit.
_CUE_OR_LABEL = regex.compile(
    rf"(?i:{_alternation([*_VERB_CUES, *_PREPOSITION_CUES])}|tel|mobile|mob|cell|fax|number"
    r"|whatsapp)"
)

# Capitalized words that fit the name shape but are not names: pronouns and
# determiners, family roles ("call Mum"), days, months and holidays ("for Monday").
_NOT_NAMES = frozenset(
    """
    I Me You He She We They Him Her Us Them It My Your His Our Their Its The A An This That
    These Those Everyone Everybody Someone Somebody Anyone All Both Myself
    Mum Mom Mummy Mommy Dad Daddy Mama Papa Grandma Grandpa Granny Nan Nana
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Today Tomorrow Tonight Yesterday
    January February March April May June July August September October November December
    Christmas Easter Xmas Halloween Thanksgiving New Year
    Mr Mrs Ms Miss Mx Dr Prof Sir Madam Herr Frau Monsieur Madame Mme Mlle Señor Señora Sr Sra
    """.split()
)


def _is_not_a_name(word: str) -> bool:
    return word in _NOT_NAMES or _CUE_OR_LABEL.fullmatch(word) is not None


class PersonCueRecognizer(CuePatternRecognizer):
    """Marks capitalized names that a cue shows to be people.

    The small spaCy model misses many names in casual assistant messages ("pay
    Noor back", "whats Priya's number"), while the words around them are a
    reliable sign: the verb or preposition before a name, a possessive before a
    personal noun, a relation on either side ("my landlord X", "X is my boss"),
    or a phone number right after it. The capital letter is part
    of the evidence, so matching is case-sensitive on the name.

    A name followed by a short number is a numbered thing ("from Platform 3").
    Places in the gazetteer (cities, regions, countries) are left alone: "from
    Lyon" must stay a city for personalization, and a city wins its identical
    span as before. After a preposition, a name starting with a place is left
    alone too ("from Brussels Airport"); after a verb it is a person ("call
    Charlotte Jones"). A person called just like a city ("text Charlotte") is
    only caught when the device knows them (see ``only_names``).

    ``only_names`` restricts the recognizer to those words (case-insensitive)
    and lifts the place exclusion. The desensitizer builds such a recognizer
    from the user's own address book for first and last names that are also
    places, which it may only replace where a cue says they name a person.
    """

    ENTITY = "PERSON"
    # Above the NER model (0.85), so a name the model took for a place is still a
    # person on the same span.
    SCORE = 0.88
    KNOWN_NAME_SCORE = 0.95
    EXPLANATION = "Capitalized name after a cue for a person"
    PATTERNS = (_AFTER_CUE, _POSSESSIVE, _BEFORE_PHONE, _AROUND_RELATION)

    def __init__(self, gazetteer: Gazetteer, only_names: Collection[str] | None = None) -> None:
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()
        self._only_names = (
            frozenset(name.casefold() for name in only_names) if only_names is not None else None
        )
        super().__init__(
            score=self.SCORE if only_names is None else self.KNOWN_NAME_SCORE,
            name="PersonCueRecognizer" if only_names is None else "KnownPersonCueRecognizer",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per cued name, each name of a list separately."""
        return sorted_unique(self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """Every name of the match that is taken for a person, cut to the name alone."""
        cue = match.groupdict().get("cue")
        after_preposition = cue is not None and cue.casefold() in _PREPOSITIONS
        base = match.start(VALUE)
        for name in _ONE_NAME.finditer(match[VALUE]):
            span = _trimmed(text, base + name.start(), base + name.end())
            if span:
                yield from self._accepted(text, *span, after_preposition)

    def _accepted(
        self, text: str, start: int, end: int, after_preposition: bool
    ) -> Iterator[tuple[int, int]]:
        if self._only_names is not None:
            for word in _WORD.finditer(text, start, end):
                if word.group().casefold() in self._only_names:
                    yield word.span()
            return
        if _NUMBERED.match(text, end):
            return
        words = text[start:end].split()
        prefix_sizes = range(len(words), 0, -1) if after_preposition else [len(words)]
        if not any(self._names_a_place(" ".join(words[:size])) for size in prefix_sizes):
            yield start, end

    def _names_a_place(self, name: str) -> bool:
        return normalize_place_name(name) in self._place_keys or bool(
            self._gazetteer.find_country(name)
        )


def _trimmed(text: str, start: int, end: int) -> tuple[int, int] | None:
    """The name without leading non-name words, cut at the first inner one."""
    words = list(_WORD.finditer(text, start, end))
    while words and _is_not_a_name(words[0].group()):
        words.pop(0)
    kept = []
    for word in words:
        if _is_not_a_name(word.group()):
            break
        kept.append(word)
    return (kept[0].start(), kept[-1].end()) if kept else None
