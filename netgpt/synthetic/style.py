"""How one user types: lowercase, abbreviations, dropped apostrophes, typos, sign-offs.

Real assistant prompts are casual, and a desensitizer or a model that only ever saw
clean sentences would be tested on the wrong thing. Each user gets fixed rates, so
the quirks are also a personal habit the adapter can pick up. Only template text is
roughened, never a planted identifier: the ground truth must stay verbatim.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

_ABBREVIATIONS = {
    "tomorrow": "tmrw", "tonight": "2nite", "please": "pls", "thanks": "thx", "you": "u",
    "your": "ur", "because": "bc", "minutes": "mins", "about": "abt", "before": "b4",
    "message": "msg", "appointment": "appt", "with": "w/", "people": "ppl",
    "something": "smth", "going to": "gonna", "want to": "wanna", "probably": "prob",
}
_PHRASES = re.compile(r"\b(going to|want to)\b")
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


@dataclass(frozen=True)
class TypingStyle:
    lowercase: float  # share of messages left without a capital first letter / "I"
    typo_rate: float  # per word
    abbreviation_rate: float  # per abbreviable word
    apostrophe_drop: float  # per contraction ("what's" -> "whats")
    question_drop: float  # per question ("...nearby?" -> "...nearby")
    signoff: str
    signoff_rate: float
    international_phone: float  # share of phone numbers written with the country code


def draw_style(rng: random.Random, signoffs: tuple[str, ...]) -> TypingStyle:
    return TypingStyle(
        lowercase=rng.uniform(0.5, 0.95),
        typo_rate=rng.uniform(0.005, 0.04),
        abbreviation_rate=rng.uniform(0.2, 0.8),
        apostrophe_drop=rng.uniform(0.2, 0.9),
        question_drop=rng.uniform(0.1, 0.6),
        signoff=rng.choice(signoffs),
        signoff_rate=rng.uniform(0.05, 0.2),
        international_phone=rng.uniform(0.2, 0.7),
    )


def _typo(word: str, rng: random.Random) -> str:
    i = rng.randrange(len(word) - 1)
    kind = rng.randrange(3)
    if kind == 0:  # swapped neighbours
        return word[:i] + word[i + 1] + word[i] + word[i + 2:]
    if kind == 1:  # dropped letter
        return word[:i] + word[i + 1:]
    return word[:i] + word[i] + word[i:]  # doubled letter


def casualize(text: str, style: TypingStyle, rng: random.Random, *, proper: bool,
              first: bool, last: bool) -> str:
    """Roughen one literal piece of a message. `proper` says whether this message gets
    capitals; `first`/`last` say whether the piece starts or ends the message."""

    def phrase(match: re.Match[str]) -> str:
        return _ABBREVIATIONS[match.group(0)] if rng.random() < style.abbreviation_rate else match.group(0)

    def word(match: re.Match[str]) -> str:
        w = match.group(0)
        if w in _ABBREVIATIONS and rng.random() < style.abbreviation_rate:
            return _ABBREVIATIONS[w]
        if "'" in w and rng.random() < style.apostrophe_drop:
            w = w.replace("'", "")
        if proper and w == "i":
            return "I"
        if len(w) >= 4 and "'" not in w and rng.random() < style.typo_rate:
            return _typo(w, rng)
        return w

    text = _WORD.sub(word, _PHRASES.sub(phrase, text))
    if first and proper and text[:1].isalpha():
        text = text[0].upper() + text[1:]
    if last and text.endswith("?") and rng.random() < style.question_drop:
        text = text[:-1]
    return text
