"""Recognize city and region names listed in the offline gazetteer."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc, Token

from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.recognizers.results import recognizer_result

# NER labels of names and places, whose tokens are proper nouns whatever their tag.
_NAMED_ENTITY_LABELS = frozenset({"PERSON", "GPE", "LOC", "FAC"})


def _is_named(token: Token) -> bool:
    return token.pos_ == "PROPN" or token.ent_type_ in _NAMED_ENTITY_LABELS


class GazetteerPlaceRecognizer(LocalRecognizer):
    """Marks known city and region names as LOCATION.

    The small spaCy model misses places and sometimes takes a city for a person
    ("then Lyon and Paris" tags Lyon as PERSON). A city turned into a person
    placeholder is lost to personalization, and a city missed at region or
    country level leaks more detail than the policy allows, so gazetteer names
    are recognized too, scored just above the NER model to win an identical
    span. A name that is only part of a longer NER span ("Paris Hilton") loses
    to that span. The cost is that a lone first name which is also a major city
    ("Austin called") stays as written.

    Only spans holding a proper noun count, which keeps "Nice to meet you" or
    "guided tours" out while "Nice" and "Tours" as places are found. A token
    the NER model puts in a name or place counts as one too: the tagger calls
    "Cork" in "trains to Cork" a noun, while NER takes it for a person.
    """

    SCORE = 0.9
    # "Las Palmas de Gran Canaria" and hyphenated names ("Stoke-on-Trent" is
    # five spaCy tokens) are the longest names in the gazetteer.
    MAX_TOKENS = 7

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._names = gazetteer.city_and_region_keys()
        # Most capitalized tokens start no place name; checking the first word
        # spares the seven-token window for them.
        self._first_words = frozenset(name.split()[0] for name in self._names if name)
        super().__init__(supported_entities=["LOCATION"])

    def load(self) -> None:
        """Nothing to load: the names come from the gazetteer passed in."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return the longest gazetteer name starting at each token, left to right."""
        if nlp_artifacts is None or nlp_artifacts.tokens is None:
            return []
        doc: Doc = nlp_artifacts.tokens
        results = []
        index = 0
        while index < len(doc):
            end = self._longest_name_end(doc, index)
            if end is None:
                index += 1
                continue
            span = doc[index:end]
            results.append(
                recognizer_result(
                    self,
                    "LOCATION",
                    span.start_char,
                    span.end_char,
                    self.SCORE,
                    "Name listed in the offline gazetteer",
                )
            )
            index = end
        return results

    def _longest_name_end(self, doc: Doc, start: int) -> int | None:
        first = doc[start]
        if first.is_punct or first.is_space or first.is_lower or first.like_num:
            return None
        first_word = normalize_place_name(first.text).split()
        if not first_word or first_word[0] not in self._first_words:
            return None
        for end in range(min(len(doc), start + self.MAX_TOKENS), start, -1):
            span = doc[start:end]
            if span[-1].is_punct or span[-1].is_space:
                continue
            if not any(_is_named(token) for token in span):
                continue
            if normalize_place_name(span.text) in self._names:
                return end
        return None
