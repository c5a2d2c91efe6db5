"""Recognize names that belong to the public, not to a person the user knows."""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from importlib import resources

import regex

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, alternation

PUBLIC_NAME = "PUBLIC_NAME"


@cache
def public_names() -> tuple[str, ...]:
    """Names in ``privacy/desensitize/data/public_names.json`` (brands, characters, landmarks, units),
    read once: four recognizers ask for them."""
    text = resources.files("privacy.desensitize").joinpath("data", "public_names.json").read_text("utf-8")
    return tuple(name for group in json.loads(text) for name in group["names"])


def thing_words() -> tuple[frozenset[str], frozenset[str]]:
    """Head words of facilities and teams, and product words (``privacy/desensitize/data/thing_words.json``)."""
    text = resources.files("privacy.desensitize").joinpath("data", "thing_words.json").read_text("utf-8")
    data = json.loads(text)
    return frozenset(data["heads"]), frozenset(data["products"])


def _pattern(names: Iterable[str]) -> regex.Pattern[str]:
    return regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{alternation(names)})(?:['’]s)?(?![\p{{L}}\p{{N}}])")


class PublicNameRecognizer(CuePatternRecognizer):
    """Marks brand names, fictional characters, products and landmarks shaped like names.

    The small NER model takes "Dr. Martens", "Jack Daniel's", "Sherlock Holmes"
    or "Big Ben" for people, and the cue recognizer takes "ask Siri" for a
    contact. Replacing them hides nothing personal and costs the model the
    brand or title the user cares about. The desensitizer keeps these spans as
    written and drops guessed PERSON spans that lie inside them; identifiers
    the device knows are never dropped. Single words that are also common
    given names or surnames (Ford, Mercedes, Kelvin) are not listed, so a
    person called that is still replaced.
    """

    ENTITY = PUBLIC_NAME
    SCORE = 1.0
    EXPLANATION = "Name of a brand, work or landmark"

    def __init__(self, names: Iterable[str] | None = None) -> None:
        super().__init__(patterns=[_pattern(public_names() if names is None else names)])
