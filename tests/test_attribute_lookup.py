"""The attribute ruler's rules, looked up: every token's part of speech, morphology and lemma as spaCy's."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import spacy
from spacy.language import Language

from privacy.desensitize.attribute_lookup import RULER, look_up_attributes
from privacy.desensitize.nlp import UNUSED_PIPELINE_COMPONENTS, spacy_model_path

DATA = Path(__file__).parent.parent / "bench" / "data"
# The ruler's rarer rules: two-token words, regular expressions, a tag with
# its own word, whitespace tokens, and (with a parser) dependency labels.
TEXTS = (
    "Y'all ain't gonna believe it: let's go, c'mon, we gotta leave.\n\n  Nothin' left.",
    "There is a cat. There were two. It gets better; she got it. Do it for me and you.",
    "I'd ask whether, tho, he will come til 5 — cause it's late   and we're tired.",
    "Is that the one which he did? That's what I have done, haven't I?",
)


def _texts() -> list[str]:
    records = [
        json.loads(line)["text"]
        for name in ("desensitize_eval.jsonl", "desensitize_multilingual.jsonl")
        for line in (DATA / name).read_text("utf-8").splitlines()
    ]
    return [*TEXTS, *records]


def _pipelines(exclude: tuple[str, ...]) -> tuple[Language, Language]:
    stock = spacy.load(spacy_model_path(), exclude=exclude)
    looked_up = spacy.load(spacy_model_path(), exclude=exclude)
    look_up_attributes(looked_up)
    return stock, looked_up


def _attributes(nlp: Language, texts: list[str]) -> list[list[tuple[str, str, str, str]]]:
    return [
        [(token.tag_, token.pos_, str(token.morph), token.lemma_) for token in doc]
        for doc in nlp.pipe(texts)
    ]


@pytest.mark.parametrize("exclude", [UNUSED_PIPELINE_COMPONENTS, ()], ids=["ours", "with-parser"])
def test_every_token_gets_what_the_ruler_gives_it(exclude: tuple[str, ...]) -> None:
    stock, looked_up = _pipelines(exclude)
    assert RULER not in looked_up.pipe_names
    texts = _texts()
    assert _attributes(looked_up, texts) == _attributes(stock, texts)


def test_the_rarer_rules_do_change_tokens() -> None:
    """The texts above reach the rules of two tokens, matched rather than looked up."""
    _, looked_up = _pipelines(UNUSED_PIPELINE_COMPONENTS)
    lemmas = {token.lower_: token.lemma_ for doc in looked_up.pipe(TEXTS) for token in doc}
    assert (lemmas["ai"], lemmas["gon"], lemmas["c'm"]) == ("be", "go", "come")
