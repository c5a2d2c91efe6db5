"""GazetteerPlaceRecognizer alone, over tokens with hand-set tags instead of the spaCy model."""

from __future__ import annotations

from collections.abc import Collection, Mapping

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.language import Language

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import GazetteerPlaceRecognizer

from . import artifacts_of, assert_found, assert_nothing

ENTITY = "LOCATION"
SCORES = (0.86, 0.95)  # just above the NER model's 0.85


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> GazetteerPlaceRecognizer:
    return GazetteerPlaceRecognizer(gazetteer)


@pytest.fixture(scope="module")
def blank() -> Language:
    return spacy.blank("en")


def artifacts(
    blank: Language,
    text: str,
    proper_nouns: Collection[str] = (),
    entities: Mapping[str, str] | None = None,
) -> NlpArtifacts:
    """Blank-tokenizer artifacts: ``proper_nouns`` tagged PROPN, ``entities`` labelled by NER."""
    doc = blank(text)
    for token in doc:
        if token.text in proper_nouns:
            token.pos_ = "PROPN"
    doc.ents = [
        doc.char_span(text.index(name), text.index(name) + len(name), label=label)
        for name, label in (entities or {}).items()
    ]
    return artifacts_of(doc, [token.lemma_ for token in doc])


@pytest.mark.parametrize(
    "text, proper_nouns, entities, expected",
    [
        ("then Lyon and Paris", {"Lyon", "Paris"}, None, [(5, 9, "Lyon"), (14, 19, "Paris")]),
        ("Tours is lovely", {"Tours"}, None, [(0, 5, "Tours")]),
        # The tagger calls "Cork" a noun here; NER's label is enough.
        ("trains to Cork today", (), {"Cork": "PERSON"}, [(10, 14, "Cork")]),
        (
            "Las Palmas de Gran Canaria is warm",
            {"Las", "Palmas", "Gran", "Canaria"},
            None,
            [(0, 26, "Las Palmas de Gran Canaria")],
        ),
        ("off to Stoke-on-Trent.", {"Stoke", "Trent"}, None, [(7, 21, "Stoke-on-Trent")]),
        ("New York City", {"New", "York", "City"}, None, [(0, 13, "New York City")]),
        ("in Bavaria", {"Bavaria"}, None, [(3, 10, "Bavaria")]),
        # The longer NER span wins in the desensitizer; here the city alone is found.
        ("Paris Hilton", {"Paris", "Hilton"}, None, [(0, 5, "Paris")]),
    ],
)
def test_known_places_are_found(
    recognizer: GazetteerPlaceRecognizer,
    blank: Language,
    text: str,
    proper_nouns: Collection[str],
    entities: Mapping[str, str] | None,
    expected: list,
) -> None:
    nlp_artifacts = artifacts(blank, text, proper_nouns, entities)
    assert_found(recognizer, text, expected, ENTITY, SCORES, nlp_artifacts)


@pytest.mark.parametrize(
    "text, proper_nouns",
    [
        ("Nice to meet you", ()),  # not a proper noun here
        ("guided tours", ()),
        ("Atlantis is lovely", {"Atlantis"}),
        ("PARIS", ()),
    ],
)
def test_words_that_are_no_places_are_not(
    recognizer: GazetteerPlaceRecognizer, blank: Language, text: str, proper_nouns: Collection[str]
) -> None:
    assert_nothing(recognizer, text, artifacts(blank, text, proper_nouns))


def test_without_tokens_nothing_is_found(recognizer: GazetteerPlaceRecognizer) -> None:
    assert_nothing(recognizer, "then Lyon and Paris", None)
