"""Whether a text is written in English, told by its function words.

The NER model is English; on other languages it takes ordinary capitalized
words for people ("Spargel", "Nutella"). The desensitizer asks for more
evidence there, so it needs to know the language of a piece of text. Function
words tell it well even in a short message: every language writes its own
articles, pronouns and prepositions, and names or places carry none. spaCy
ships those words (``spacy.lang.<code>.stop_words``) for the languages of our
users, so no language-identification model is needed.
"""

from __future__ import annotations

import importlib.util
from functools import cache, lru_cache
from pathlib import Path

import regex

from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.scripts import mostly_uncased

# spaCy's stop-word lists of the languages weighed against English.
OTHER_LANGUAGES = (
    "de", "fr", "es", "it", "pt", "nl", "pl", "tr", "sv", "da", "nb", "fi", "cs", "ro", "hu",
    "id", "ru", "uk", "el", "ca",
)
_WORD = regex.compile(r"\p{L}+(?:['’]\p{L}+)?")
# Addresses, handles and file names: "www.x.com.br", "a@b.de", "github.com/x".
_NOT_PROSE = regex.compile(r"@|://|www\.|\w/\w|\w\.\w")
_CHUNK = regex.compile(r"\S+")
# A text with fewer function words than this is too short to judge: it is
# taken for English, the model's own language, as before this check existed.
MIN_EVIDENCE = 2
# Texts whose word counts are remembered within a call: every window of a
# batch, as a batch runs each recognizer over all its records in turn.
TEXTS_REMEMBERED = 1024


def _load_stop_words(code: str) -> frozenset[str]:
    """spaCy's stop words of a language, read from their own module.

    Importing ``spacy.lang.<code>.stop_words`` the usual way runs the
    language package first, which compiles its tokenizer rules: seconds for
    eighteen languages, for a list of words.
    """
    spec = importlib.util.find_spec("spacy.lang")
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError("spaCy's language data is not installed")
    path = Path(next(iter(spec.submodule_search_locations))) / code / "stop_words.py"
    module_spec = importlib.util.spec_from_file_location(f"_stop_words_{code}", path)
    if module_spec is None or module_spec.loader is None:
        raise RuntimeError(f"no stop words for {code!r}")
    module = importlib.util.module_from_spec(module_spec)
    module_spec.loader.exec_module(module)
    return frozenset(module.STOP_WORDS)


@cache
def _stop_words() -> tuple[frozenset[str], tuple[frozenset[str], ...]]:
    """English function words, and those of each other language."""
    return _load_stop_words("en"), tuple(_load_stop_words(code) for code in OTHER_LANGUAGES)


def _prose_words(text: str) -> list[str]:
    """The lowercase words of ``text``, without web and mail addresses or particles inside names.

    Written as a loop over blank-separated chunks, not as substitutions: a
    long run without blanks must cost its length, not its square.
    """
    chunks = [chunk for chunk in _CHUNK.findall(text) if not _NOT_PROSE.search(chunk)]
    inside = _particles_inside_names(chunks)
    words = []
    for index, chunk in enumerate(chunks):
        if inside[index]:
            continue
        words += [word for word in _WORD.findall(chunk) if word.islower()]
    return words


def _particles_inside_names(chunks: list[str]) -> list[bool]:
    """For each chunk, whether it is a particle between capitalized words: "Rue de la Paix".

    A run of particles is looked at once, from the word before it to the
    word after it: looked at again from each of its particles, "de de de …"
    (8,000 characters, as a hostile client may send) took n² steps.
    """
    inside = [False] * len(chunks)
    index = 0
    while index < len(chunks):
        end = index
        while end < len(chunks) and chunks[end] in PARTICLES:
            end += 1
        if end > index:
            between = (
                index > 0 and chunks[index - 1][:1].isupper()
                and end < len(chunks) and chunks[end][:1].isupper()
            )
            inside[index:end] = [between] * (end - index)
        index = max(end, index + 1)
    return inside


def is_english(text: str) -> bool:
    """Whether ``text`` reads as English: more English function words than any other language's.

    Only lowercase words of prose count (a capitalized word may be a name
    or a place, and a web or mail address is no prose), particles inside
    names do not, and a word another language
    shares with English counts for both: a tie is English. A lowercase word
    with an accent or in another script counts for another language. Texts
    with too little of either to tell are English.
    """
    english_hits, other_hits = _evidence(text)
    if english_hits + other_hits < MIN_EVIDENCE:
        # A text in scripts without case has no lowercase words to count: it
        # was "too little to tell", so English, however long it ran.
        return not mostly_uncased(text)
    return english_hits >= other_hits


def shows_english(text: str) -> bool:
    """Whether ``text`` reads as English on evidence: enough English function
    words, and no more of another language's. Unlike :func:`is_english`, a
    text with too little prose to tell does not."""
    english_hits, other_hits = _evidence(text)
    return english_hits >= MIN_EVIDENCE and english_hits >= other_hits


def _evidence(text: str) -> tuple[int, int]:
    """The English function words of ``text``, and those of the other language it has most of."""
    english_hits, foreign, hits = _hits(text)
    return english_hits, max(hits.values()) + foreign


def _hits(text: str, shared: bool = True) -> tuple[int, int, dict[str, int]]:
    """The English function words of ``text``, its words with accents or in
    another script, and the function words of each other language; without
    those English shares with it ("to", "by", "me") unless ``shared``."""
    english_hits, foreign, with_shared, own = _counts(text)
    return english_hits, foreign, dict(zip(OTHER_LANGUAGES, with_shared if shared else own, strict=True))


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _counts(text: str) -> tuple[int, int, tuple[int, ...], tuple[int, ...]]:
    """:func:`_hits`'s counts, both ways, in one pass over the words.

    Each recognizer that weighs the language asks again about the same
    text, and counting took a tenth of the desensitizer's own time; the
    last few texts are remembered, until :func:`forget_texts`.
    """
    languages = _languages_of_words()
    english_hits = foreign = 0
    with_shared = [0] * len(OTHER_LANGUAGES)
    own = [0] * len(OTHER_LANGUAGES)
    for word in _prose_words(text):
        # English spells its own words without accents, and other scripts are
        # other languages: "kenarında", "niedzielę", "посылка".
        foreign += not word.isascii()
        entry = languages.get(word)
        if entry is None:
            continue
        in_english, codes = entry
        english_hits += in_english
        for index in codes:
            with_shared[index] += 1
            own[index] += not in_english
    return english_hits, foreign, tuple(with_shared), tuple(own)


def forget_texts() -> None:
    """Drop the texts the counts remember: no record outlives the call that read it."""
    _counts.cache_clear()
    _own_letter_words.cache_clear()


@cache
def _languages_of_words() -> dict[str, tuple[bool, tuple[int, ...]]]:
    """For every function word of a language weighed: whether English has it,
    and the indexes (in ``OTHER_LANGUAGES``) of the other languages that do."""
    english, others = _stop_words()
    words = english.union(*others)
    return {
        word: (word in english, tuple(i for i, stop in enumerate(others) if word in stop))
        for word in words
    }


# Languages that capitalize their common nouns: there a capital letter says
# nothing about a word being a name ("mit Ernst", "die Rose").
NOUN_CAPITALIZING = frozenset({"de"})


def writes_nouns_in_lowercase(text: str) -> bool:
    """Whether ``text`` shows, on evidence, a language other than English that
    writes its common nouns in lowercase: more function words of such a
    language that English does not share (or words with accents and other
    scripts) than English ones, and no more of German, which capitalizes its
    nouns, than of another. Stricter than :func:`is_english`: a capital
    letter read as a name's in English text ("… by Monday") replaces a word."""
    english_hits, foreign, hits = _hits(text, shared=False)
    lowercase = max(count for code, count in hits.items() if code not in NOUN_CAPITALIZING)
    capitalizing = max(hits[code] for code in NOUN_CAPITALIZING)
    best = max(lowercase, capitalizing) + foreign
    return best >= MIN_EVIDENCE and best > english_hits and lowercase >= capitalizing


# Letters that only one of the languages we weigh writes: a word holding one
# is evidence for it as a function word is ("przesyłam", "poważaniem",
# "Kamińskiej"). Letters shared by several (ä, ö, ó, č, š) say nothing here.
_OWN_LETTERS = {
    "pl": "ąęłńśźż",
    "cs": "ěřůť",
    "ro": "ășțâ",
    "hu": "őű",
    "tr": "ğış",
    "uk": "іїєґ",
}
_OWN_LETTER_WORDS = {code: regex.compile(rf"\p{{L}}*[{letters}]\p{{L}}*") for code, letters in _OWN_LETTERS.items()}
# Words in a script that one language or two of those we weigh write; Russian
# and Ukrainian share theirs, and Ukrainian's own letters tell them apart.
_SCRIPTS = (
    ("el", regex.compile(r"\p{Greek}+")),
    ("ru", regex.compile(r"\p{Cyrillic}+")),
    ("uk", regex.compile(r"\p{Cyrillic}+")),
)


@lru_cache(maxsize=TEXTS_REMEMBERED)
def _own_letter_words(text: str) -> dict[str, int]:
    """How many words of ``text`` are in the letters or script of one language only."""
    folded = text.casefold()
    counts: dict[str, int] = {}
    for code, words in (*_OWN_LETTER_WORDS.items(), *_SCRIPTS):
        counts[code] = counts.get(code, 0) + len(words.findall(folded))
    return counts


def leading_language(text: str) -> str | None:
    """The code of the other language whose own function words, with the words
    written in its own letters or script, ``text`` has most of, when they
    outnumber English ones; None for English or too little to tell."""
    english_hits, _, hits = _hits(text, shared=False)
    for code, count in _own_letter_words(text).items():
        hits[code] += count
    code, count = max(hits.items(), key=lambda item: item[1])
    return code if count >= MIN_EVIDENCE and count > english_hits else None


def is_function_word(word: str) -> bool:
    """Whether ``word`` (lowercase) is a function word of English or another language we weigh."""
    return word in _languages_of_words()


def is_english_function_word(word: str) -> bool:
    """Whether ``word`` (lowercase) is a function word of English."""
    entry = _languages_of_words().get(word)
    return entry is not None and entry[0]


def is_function_word_in(word: str, code: str | None) -> bool:
    """Whether ``word`` (lowercase) is a function word of English or of the language
    ``code``; of any language we weigh when ``code`` is None. A Dutch text's "Bas"
    and "Sem" are names, though French and Portuguese write "bas" and "sem"."""
    entry = _languages_of_words().get(word)
    if entry is None or code is None:
        return entry is not None
    in_english, codes = entry
    return in_english or OTHER_LANGUAGES.index(code) in codes
