"""A hostile client's crafted text costs the name recognizers linear time.

``netgpt serve`` desensitizes every prompt, up to 8,000 characters. Before,
one word of capitalized pieces joined by hyphens ("Ab-Ab-Ab-…", in any cased
script) made the cue and lexicon patterns read to the word's end from every
piece of it: 8,000 such characters held a core for 21 s in the cue
recognizer and 7 s in the lexicon one. A transcript of unknown speakers
("Zqx: a" on each line) read the whole text again for each line (3 s), and a
list of names beside as many people found compared every name with every
person, and the language test behind the old-date and other-script
recognizers looked at a run of name particles ("de de de …") again from each
of them. The attacker here is any API client. How the cost is compared, at
two lengths and in CPU time, and why: `linear_time`.
"""

from __future__ import annotations

import pytest
import spacy
from presidio_analyzer import EntityRecognizer
from presidio_analyzer.nlp_engine import NlpArtifacts
from recognizers import artifacts_of
from spacy.tokens import Span

from privacy.desensitize.gazetteer import default_gazetteer
from privacy.desensitize.recognizers import (
    OldFullDateRecognizer,
    PersonCueRecognizer,
    PersonLexiconRecognizer,
)

from .linear_time import assert_linear, best_cpu_time, crafted

CASES = [
    ("cue", "Ab-"),
    ("cue", "Ёё-"),
    ("cue", "Zqx: a\n"),
    ("lexicon", "Ab-"),
    ("lexicon", "Ёё-"),
    ("lexicon", "Ab-ab-"),
    ("lexicon", "Ab, Ab, Ab\n"),
    ("old date", "de "),
]


def _every_capital_a_person(text: str) -> NlpArtifacts:
    """Artifacts in which the tagger and the NER model take every capitalized word for a person.

    That is the most the model could find, and what the lexicon recognizer's
    list of names compares with.
    """
    doc = spacy.blank("en")(text)
    for token in doc:
        token.pos_ = "PROPN" if token.text[:1].isupper() else "X"
    doc.ents = [Span(doc, token.i, token.i + 1, label="PERSON") for token in doc if token.pos_ == "PROPN"]
    return artifacts_of(doc)


@pytest.fixture(scope="module")
def recognizers() -> dict[str, EntityRecognizer]:
    gazetteer = default_gazetteer()
    return {
        "cue": PersonCueRecognizer(gazetteer),
        "lexicon": PersonLexiconRecognizer(gazetteer),
        "old date": OldFullDateRecognizer(),
    }


@pytest.mark.parametrize("name, unit", CASES)
def test_a_crafted_text_costs_linear_time(
    recognizers: dict[str, EntityRecognizer], name: str, unit: str
) -> None:
    recognizer = recognizers[name]

    def timed(length: int) -> float:
        text = crafted(unit, length)
        artifacts = _every_capital_a_person(text)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, artifacts))

    assert_linear(f"{name} on {unit!r}", timed)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A name still starts after a one-letter elision or an opening quote.
        ("Call d'Artagnan at 06 44 97 78 26", "Artagnan"),
        ("l’Zorbek Tamm 06 44 97 78 26", "Zorbek Tamm"),
        ("“Zorbek Tamm is my landlord", "Zorbek Tamm"),
        ("'Zorbek shouted at me", "Zorbek"),
    ],
)
def test_names_that_open_with_a_quote_or_elision_are_still_read(
    recognizers: dict[str, EntityRecognizer], text: str, expected: str
) -> None:
    recognizer = recognizers["cue"]
    artifacts = _every_capital_a_person(text)
    found = [text[r.start : r.end] for r in recognizer.analyze(text, recognizer.supported_entities, artifacts)]
    assert expected in found, found
