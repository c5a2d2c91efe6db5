"""A hostile client's crafted prompt costs the whole desensitizer linear time.

Every prompt sent to ``netgpt serve`` (up to 8,000 characters) and every
record a node trains on goes through every recognizer, the name-mention pass
and the rewrite. A pattern that reads to a word's end from each position in
it costs the square of the word's length; one such pattern among thirty is
enough for a client to hold a core for minutes. This test plays that client
with the words that found such patterns here and with words drawn at random
from the characters names, addresses and numbers are made of. How the cost
is compared, at two lengths and in CPU time, and why: `linear_time`. Half
the time of ordinary text as long is allowed on top, measured in the same
run: spaCy's tokenizer grows a little faster than linearly on some long
tokens ("-:-:-:…", 0.2 s at 8,000 characters), which costs less than
ordinary text.
"""

from __future__ import annotations

import json
import random
from pathlib import Path

import pytest
import regex
from presidio_analyzer import RecognizerResult

from privacy.desensitize.desensitizer import NER_RECOGNIZER, Desensitizer, _select_spans, default_desensitizer

from .linear_time import LONG, assert_linear, best_cpu_time, crafted

ORDINARY_SHARE = 0.5
EVAL_SET = Path(__file__).parents[2] / "bench" / "data" / "desensitize_eval.jsonl"
# Words that were quadratic in some recognizer before it read words from their start.
FOUND = (
    "A'", "A-", "A.", "Ab-", "Aa-", "Ää-", "Ая-", "AB-", "unit-", "ul.", "'s-A", "Mr A ", "A A, ",
    "(RG) ", "of NID ", "RG ",  # a national ID's cue and filler read on to the run's end
    # The flat and building read back from every street, a form's address
    # field, and a chat's greeting before a name.
    "Flat 1, ", "Ab Court, 1 Ab Road, ", "Address: 1, ", "salam ",
    # A name between a calling verb and its number, and a chat's unknown word before a possessive.
    "call Ab Ab 1 ", "at abcd's ",
    # Names joined over a kinship word or a nickname; machine-readable travel lines.
    "Ab s/o ", 'Ab "c" ', "P<ABCAB<<", "\nAB<<CD<<EF<<GH<<IJ<<KL<<MN<<OP<<", "M1AB/",
    # A number's label before an identifier-shaped value.
    "AB No.: 1A-", "ID: 12 ",
)
# Letters of several scripts, digits and the marks inside names and numbers.
ALPHABET = "AaBbÄäЯя김東1'’-.,:/@# "
RANDOM_WORDS = 12


def _random_words(seed: int = 2026) -> tuple[str, ...]:
    draw = random.Random(seed)
    return tuple(
        "".join(draw.choice(ALPHABET) for _ in range(draw.randint(2, 5))) for _ in range(RANDOM_WORDS)
    )


@pytest.fixture(scope="module")
def desensitizer() -> Desensitizer:
    return default_desensitizer()


@pytest.fixture(scope="module")
def ordinary_seconds(desensitizer: Desensitizer) -> float:
    """Time for ordinary records joined to the long length."""
    records = [json.loads(line)["text"] for line in EVAL_SET.read_text().splitlines() if line]
    text = crafted("\n".join(records), LONG)
    return best_cpu_time(lambda: desensitizer.desensitize(text), repeats=2)


@pytest.mark.parametrize("unit", FOUND + _random_words())
def test_a_crafted_prompt_costs_linear_time(
    desensitizer: Desensitizer, ordinary_seconds: float, unit: str
) -> None:
    def timed(length: int) -> float:
        text = crafted(unit, length)
        return best_cpu_time(lambda: desensitizer.desensitize(text), repeats=2)

    assert_linear(f"{unit!r} (ordinary text {ordinary_seconds:.2f} s at {LONG})", timed,
                  allowance=ORDINARY_SHARE * ordinary_seconds)


def _labelled_names(text: str) -> list[RecognizerResult]:
    """What the recognizers find in a form of name labels ("姓名：王 " over and
    over): a rule's person on each name, and the model's place over each label
    and its name, which must give the name its word."""
    found = []
    for field in regex.finditer(r"姓名：(王)", text):
        found.append(RecognizerResult("PERSON", field.start(1), field.end(1), 0.85,
                                      recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: "a rule"}))
        found.append(RecognizerResult("LOCATION", field.start(), field.end(), 0.85,
                                      recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: NER_RECOGNIZER}))
    return found


def test_span_selection_over_thousands_of_names_costs_linear_time() -> None:
    """Each place was checked against every name, and each detection against
    every span taken, sorted anew: a prompt of name labels took seconds."""
    def timed(length: int) -> float:
        text = crafted("姓名：王 ", length)
        found = _labelled_names(text)
        spans = _select_spans(text, found)
        assert [text[s.start:s.end] for s in spans if s.entity_type == "PERSON"] == ["王"] * (len(found) // 2)
        return best_cpu_time(lambda: _select_spans(text, found))

    assert_linear("span selection over name labels", timed)


def test_a_chat_sender_as_long_as_the_prompt_costs_linear_time(desensitizer: Desensitizer) -> None:
    """A rule's name in a script without blanks is searched for across the
    record; a sender of thousands of letters ("[10:00] 哈哈…哈: 笑死") made that
    search the record's length times its own (182 s at 8,000 characters)."""
    def timed(length: int) -> float:
        text = "[10:00] " + "哈" * (length - 14) + ": 笑死"
        return best_cpu_time(lambda: desensitizer.desensitize(text), repeats=2)

    assert_linear("a stamped sender of one long run", timed, allowance=0.5)
