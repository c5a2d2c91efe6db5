"""Suffixes searched for near a token's end: the same tokens, in linear time."""

from __future__ import annotations

import re
import time

import pytest
import spacy
from spacy.language import Language

from privacy.desensitize.nlp import UNUSED_PIPELINE_COMPONENTS, spacy_model_path
from privacy.desensitize.suffix_search import near_the_end, search_suffixes_near_the_end

TEXTS = (
    "Mr. O'Neil's flat (No. 4B) is at 12 Rue de la Paix, 75002 Paris... or was it?!",
    "Call +49 (0)30 1234567 — 5km, 20°C, $1,200.50; 'quoted' “curly” e-mail: a.b@c.de.",
    "We met at 10:30pm…then left!!! ((really)) [sic] U.S.A. 3rd-4th 50% :-) 🙂🙂",
    "dots........................................................................end",
)


def _tokenizer() -> Language:
    return spacy.load(spacy_model_path(), exclude=UNUSED_PIPELINE_COMPONENTS)


@pytest.fixture(scope="module")
def stock() -> Language:
    return _tokenizer()


@pytest.fixture(scope="module")
def near_end() -> Language:
    nlp = _tokenizer()
    search_suffixes_near_the_end(nlp)
    return nlp


@pytest.mark.parametrize("text", TEXTS)
def test_the_tokens_are_spacys(stock: Language, near_end: Language, text: str) -> None:
    assert [t.text for t in near_end.make_doc(text)] == [t.text for t in stock.make_doc(text)]


def test_a_lookbehind_still_sees_before_the_start() -> None:
    search = near_the_end(re.compile(r"(?<=x)y$"), reach=1)
    match = search("axy")
    assert match is not None and match.span() == (2, 3)


def test_one_long_token_costs_linear_time(near_end: Language) -> None:
    """8,000 quotation marks and colons took 4.8 s in the stock tokenizer.

    CPU time, so that other work on a busy machine does not count.
    """

    def timed(length: int) -> float:
        text = ("''’:" * length)[:length]
        started = time.process_time()
        near_end.make_doc(text)
        return time.process_time() - started

    short, long = min(timed(2_000) for _ in range(3)), min(timed(8_000) for _ in range(3))
    assert long < 8 * short + 0.05, f"{long:.3f} s at 8,000 characters, {short:.3f} s at 2,000"
