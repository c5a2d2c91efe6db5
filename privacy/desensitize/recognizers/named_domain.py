"""Recognize a web address whose domain spells the name of a person the record names."""

from __future__ import annotations

from functools import cache
from itertools import pairwise

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.identifier_names import MIN_LETTERS, fold, names_spelled_in
from privacy.desensitize.recognizers.person_lexicon import NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.public_name import public_names
from privacy.desensitize.recognizers.results import recognizer_result

# A domain of one name under its top level, written bare or as a link: "thomaspetit.fr",
# "www.freja-dam.dk", "https://arnausoler.cat/cv". Not the domain of an email address.
_DOMAIN = regex.compile(
    r"(?<![\w@./-])(?:https?://)?(?:www\.)?(?P<label>[\p{L}\d]+(?:-[\p{L}\d]+){0,2})\.(?:[a-z]{2,12})"
    r"(?:/[\w.~%@+/-]*[\w/])?(?![\w@-]|\.\w)",
    regex.IGNORECASE,
)
# Where else a record names its people: capitalized words, and the pieces of
# an email address's local part or a handle ("thomas.petit@…", "@thijs_v").
_CAPITALIZED = regex.compile(r"(?<![\p{L}\p{N}@./-])\p{Lu}\p{Ll}+(?![\p{L}\p{N}])")
_IDENTIFIER = regex.compile(r"(?P<name>[\w.+-]+)@[\w-]+(?:\.[\w-]+)+|(?<![\w@./])@(?P<handle>\p{L}[\w.]*\w)")
_PIECE = regex.compile(r"\p{L}+")


class NamedDomainRecognizer(LocalRecognizer):
    """Marks a web address as a person's when its domain is their name.

    A personal site is named after its owner ("thomaspetit.fr",
    "www.freja-dam.dk", "annalisarossi.it"), and CVs, signatures and
    messages give it with no word that says whose it is. The domain alone
    proves little (brands and shops carry founders' names: "calvinklein.com",
    which as a public name is left alone), so the record must name the person too: the domain is a given name and a
    surname of the lexicon joined (or with a hyphen), one of which the record
    writes elsewhere as a capitalized word or inside an email address or a
    handle, or it is two capitalized words of the record written together
    ("Mihai Dumitrescu", "mihaidumitrescu.ro"), names the lexicon lacks
    included; or it is a surname and a word ("bachmann-fotografie.ch"), the
    surname spelled by an email address, handle or link of the record.
    """

    ENTITY = "URL"
    # As the cued personal sites of the URL recognizer.
    SCORE = 0.7
    EXPLANATION = "Web address whose domain spells a name the record gives"

    def __init__(self, lexicon: NameLexicon | None = None) -> None:
        self._lexicon = lexicon
        super().__init__(supported_entities=[self.ENTITY], name=type(self).__name__)

    def load(self) -> None:
        """The lexicon loads on first use: it is shared with the person recognizers."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per address whose domain spells a name of the record."""
        domains = list(_DOMAIN.finditer(text))
        if not domains:
            return []
        lexicon = self._lexicon or person_name_lexicon()
        words = [fold(word) for word in _CAPITALIZED.findall(text)]
        named = set(words) | _identifier_pieces(text)
        joined = {first + second for first, second in pairwise(words)}
        people = names_spelled_in(text, lexicon)
        return [
            recognizer_result(self, self.ENTITY, domain.start(), domain.end(), self.SCORE, self.EXPLANATION)
            for domain in domains
            if self._spells_a_name(fold(domain["label"]), named, joined)
            or _names_a_trade(fold(domain["label"]), people, lexicon)
        ]

    def _spells_a_name(self, label: str, named: set[str], joined: set[str]) -> bool:
        if label.replace("-", "") in _brand_letters():
            return False
        if label.replace("-", "") in joined:
            return True
        if label.count("-") == 1:
            given, surname = label.split("-")
            return self._is_a_name(given, surname, named)
        if "-" in label:
            return False
        return any(
            self._is_a_name(label[:cut], label[cut:], named)
            for cut in range(MIN_LETTERS, len(label) - MIN_LETTERS + 1)
        )

    def _is_a_name(self, given: str, surname: str, named: set[str]) -> bool:
        """Whether a given name and a surname of the lexicon, not both common words, one named in the record."""
        lexicon = self._lexicon or person_name_lexicon()
        if len(given) < MIN_LETTERS or len(surname) < MIN_LETTERS:
            return False
        if not (lexicon.is_given(given) and lexicon.is_surname(surname)):
            return False
        if lexicon.is_common(given) and lexicon.is_common(surname):
            return False
        return given in named or surname in named


def _names_a_trade(label: str, people: set[str], lexicon: NameLexicon) -> bool:
    """Whether the domain is a surname and a word joined by a hyphen, the
    surname one that an email address, handle or link of the record spells
    ("paypal.me/manuelbachmann" and "bachmann-fotografie.ch"): someone's own
    trade under their own name."""
    if label.count("-") != 1 or label.replace("-", "") in _brand_letters():
        return False
    return any(
        part in people and len(part) > MIN_LETTERS and lexicon.is_surname(part) for part in label.split("-")
    )


@cache
def _brand_letters() -> frozenset[str]:
    """The public names (brands, many named after people) folded to their letters: "calvinklein"."""
    return frozenset("".join(_PIECE.findall(fold(name))) for name in public_names())


def _identifier_pieces(text: str) -> set[str]:
    """The folded pieces of three letters or more of the record's email addresses and handles."""
    return {
        fold(piece)
        for match in _IDENTIFIER.finditer(text)
        for piece in _PIECE.findall(match["name"] or match["handle"] or "")
        if len(piece) >= MIN_LETTERS
    }
