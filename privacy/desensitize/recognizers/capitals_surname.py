"""Recognize a surname in capitals beside a given name, wherever it stands: "BIANCHI
Alessio", "KIGGUNDU Moses", "Haruka SATO".

Forms, registers, bank records and people copying from them write the surname
in capitals to set it apart from the given name. The model reads a word in
capitals as an acronym and the cue recognizer takes the pair only after a
form's role ("Applicant: PETRENKO Oksana"). The pair is a person's name
without any cue when the given name is one of the lexicon's, no English word,
and the word in capitals has a vowel (an acronym often has none: "BMW",
"HSBC"), is no English word ("PIZZA Mario" is a menu) and no place ("PARIS
Charles de Gaulle", "LONDON Victoria"). A company's name in capitals before
a person's ("SIEMENS Roland Busch") is taken with it. A second given
name after the first goes with them when the lexicon lists it.
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers.person_lexicon import NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result

_CAPS = r"\p{Lu}{2,}(?:['’-]\p{Lu}{2,})*"
_GIVEN = r"\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?"
_EDGE_BEFORE = r"(?<![\p{L}\p{N}'’-])"
_EDGE_AFTER = r"(?![\p{L}\p{N}'’-])"
# One space or a comma and a space between: a table's columns are no name.
_PAIR = regex.compile(
    rf"{_EDGE_BEFORE}(?:(?P<caps>{_CAPS}),? (?P<given>{_GIVEN})(?: (?P<more>{_GIVEN}))?"
    rf"|(?P<given_first>{_GIVEN}) (?P<caps_last>{_CAPS})){_EDGE_AFTER}"
)
_VOWEL = regex.compile(r"[AEIOUYÀ-ÖØ-Ý]")


class CapitalsSurnameRecognizer(LocalRecognizer):
    """A surname in capitals next to a given name of the lexicon."""

    ENTITY = "PERSON"
    SCORE = 0.8
    EXPLANATION = "Surname in capitals beside a given name"

    def __init__(self, gazetteer: Gazetteer, lexicon: NameLexicon | None = None) -> None:
        self._gazetteer = gazetteer
        self._lexicon = lexicon or person_name_lexicon()
        super().__init__(supported_entities=[self.ENTITY], name="CapitalsSurnameRecognizer")

    def load(self) -> None:
        """Nothing to load: the lexicon is shared and loaded once."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per surname in capitals beside a given name."""
        results = []
        for match in _PAIR.finditer(text):
            caps = match.group("caps") or match.group("caps_last")
            given = match.group("given") or match.group("given_first")
            if not (self._surname(caps) and self._given(given)):
                continue
            end = match.end()
            if match.group("more") and not self._lexicon.is_given(match.group("more")):
                end = match.end("given")
            results.append(recognizer_result(self, self.ENTITY, match.start(), end, self.SCORE, self.EXPLANATION))
        return results

    def _surname(self, word: str) -> bool:
        return (
            len(word) >= 3
            and _VOWEL.search(word) is not None
            and not self._lexicon.is_english(word)
            and not self._place(word)
        )

    def _place(self, word: str) -> bool:
        """A town or country in capitals names where, not who: "PARIS Charles de Gaulle"."""
        gazetteer = self._gazetteer
        return bool(gazetteer.find_city(word) or gazetteer.find_country(word) or gazetteer.find_region(word))

    def _given(self, word: str) -> bool:
        return self._lexicon.is_given(word) and not self._lexicon.is_english(word)
