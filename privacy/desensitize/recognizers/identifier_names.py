"""Recognize the names that a record's own email addresses, handles and profile links spell out."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Iterator

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.person_lexicon import NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.sentence_start import starts_a_sentence

# Where people put their names: the local part of an email address, a
# handle, the path of a link ("linkedin.com/in/lena-ortiz-7b1", "/u/LenaOrtiz").
_EMAIL_LOCAL = regex.compile(r"(?<![\w.+-])(?P<name>[\w.+-]+)@[\w-]+(?:\.[\w-]+)+")
_HANDLE = regex.compile(r"(?<![\w@./])@(?P<name>\p{L}[\w.]*\w)")
_LINK_PATH = regex.compile(
    r"(?<![\w@.-])(?:https?://)?(?:[\w-]+\.)+\p{L}{2,24}(?P<name>/[\w.~%@+/-]+)", regex.IGNORECASE
)
# The parts of an identifier: letters between separators, split at inner capitals.
_PIECE = regex.compile(r"\p{Lu}?\p{Ll}+|\p{Lu}+(?!\p{Ll})")
# A word of the text, possibly a name: "Ortiz", "ORTIZ", "ortiz", "Çağla".
_WORD = regex.compile(r"(?<![\p{L}\p{N}])\p{L}+(?:['’-]\p{L}+)*(?![\p{L}\p{N}])")
_BLANKS = regex.compile(r"[ \t]+")
# Shorter pieces are initials or syllables ("j", "jo"), not names.
MIN_LETTERS = 3


def fold(word: str) -> str:
    """``word`` case-folded, without accents: how names are compared across identifiers and text."""
    decomposed = unicodedata.normalize("NFKD", word.replace("’", "'").casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


class IdentifierNamesRecognizer(LocalRecognizer):
    """Marks the other mentions of a name that an identifier in the record contains.

    "Customer Lena Ortiz (lena.ortiz@example.com)": the email recognizer takes
    the address, and the name next to it stays unless NER happens to know it.
    The address itself says that "lena" and "ortiz" name a person here, so
    every mention of those words in the record is replaced too, wherever it
    stands and however it is written ("ORTIZ", "Ortíz").

    A piece of an identifier counts when the names lexicon knows it as a name,
    joined pieces are split where both halves are names ("lenaortiz"), and
    pieces shorter than three letters are initials, not names. Role words
    ("info", "sales", "support") are not names and so never count. A name
    that is also a common English word ("will", "grace") counts only next to
    another name of the identifier, and is then replaced only where it is
    capitalized and not at the start of a sentence. Mentions inside the
    identifiers themselves are left to the recognizers of those.
    """

    ENTITY = "PERSON"
    # Above the NER model (0.85) and the cue recognizer (0.88): the record
    # itself spells the name out in an identifier.
    SCORE = 0.9
    EXPLANATION = "Name spelled out by an email address, handle or link in the same record"

    def __init__(self, lexicon: NameLexicon | None = None) -> None:
        self._lexicon = lexicon or person_name_lexicon()
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """Nothing to load: the lexicon is loaded in the constructor."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per mention (adjacent name words together), in reading order."""
        identifiers = _identifiers(text)
        if not identifiers:
            return []
        names, common = spelled_names((match["name"] for match in identifiers), self._lexicon)
        if not names and not common:
            return []
        taken = [match.span() for match in identifiers]
        mentions = [
            word.span()
            for word in _WORD.finditer(text)
            if not any(start < word.end() and word.start() < end for start, end in taken)
            and self._mentions(text, word, names, common)
        ]
        return [
            recognizer_result(self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION)
            for start, end in _merged(text, mentions)
        ]

    @staticmethod
    def _mentions(text: str, word: regex.Match[str], names: set[str], common: set[str]) -> bool:
        key = fold(word.group())
        if key in names:
            return True
        return (
            key in common
            and word.group()[0].isupper()
            and not starts_a_sentence(text, word.start(), after_colon=True)
        )


def _identifiers(text: str) -> list[regex.Match[str]]:
    """The record's email addresses, handles and links, each with its name part."""
    return [match for pattern in (_EMAIL_LOCAL, _HANDLE, _LINK_PATH) for match in pattern.finditer(text)]


def names_spelled_in(text: str, lexicon: NameLexicon) -> set[str]:
    """The folded names, no common words among them, that the record's email
    addresses, handles and links spell: who the record shows to be a person."""
    return spelled_names((match["name"] for match in _identifiers(text)), lexicon)[0]


def spelled_names(identifiers: Iterable[str], lexicon: NameLexicon) -> tuple[set[str], set[str]]:
    """The folded names the identifiers spell: (names, names that are also common words)."""
    names: set[str] = set()
    common: set[str] = set()
    for identifier in identifiers:
        found = [n for piece in _PIECE.findall(identifier) for n in _split(piece.lower(), lexicon)]
        plain = [n for n in found if not lexicon.is_common(n)]
        names.update(fold(n) for n in plain)
        if plain:
            common.update(fold(n) for n in found if lexicon.is_common(n))
    return names, common


def _split(piece: str, lexicon: NameLexicon) -> list[str]:
    """``piece`` if it is a name, else its two halves if both are, else nothing."""
    if len(piece) < MIN_LETTERS:
        return []
    if lexicon.is_name(piece):
        return [piece]
    for cut in range(MIN_LETTERS, len(piece) - MIN_LETTERS + 1):
        first, rest = piece[:cut], piece[cut:]
        both_names = lexicon.is_given(first) and lexicon.is_surname(rest)
        if both_names and not (lexicon.is_common(first) and lexicon.is_common(rest)):
            return [first, rest]
    return []


def _merged(text: str, spans: list[tuple[int, int]]) -> Iterator[tuple[int, int]]:
    """Spans with only blanks between them joined: "Lena Ortiz" is one mention."""
    current: tuple[int, int] | None = None
    for start, end in spans:
        if current and _BLANKS.fullmatch(text, current[1], start):
            current = (current[0], end)
            continue
        if current:
            yield current
        current = (start, end)
    if current:
        yield current
