"""How one user types: wording, openers, lowercase, abbreviations, dropped apostrophes,
typos, sign-offs.

Real assistant prompts are casual, and a desensitizer or a model that only ever saw
clean sentences would be tested on the wrong thing. Each user gets fixed rates, so
the quirks are also a personal habit the adapter can pick up. Each user also has
their own way of asking for the same things ("ping me to" where another writes
"remind me to") and a way of starting a message: vocabulary that differs between
two users of one region, where template slots alone differed only by region. Only
template text is roughened, never a planted identifier: the ground truth must stay
verbatim.
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
# Template phrase -> the ways people say it; a user keeps to one of them.
_WORDINGS = {
    "remind me to": ("remind me to", "don't let me forget to", "ping me to", "set a reminder to"),
    "remind me about": ("remind me about", "don't let me forget about", "ping me about"),
    "how do i get to": ("how do i get to", "best way to get to", "give me directions to"),
    "book a table": ("book a table", "reserve a table", "get us a table"),
    "any good": ("any good", "any decent", "a nice"),
    "find a": ("find a", "look up a", "search for a"),
    "play some": ("play some", "put on some", "queue up some"),
    "set an alarm for": ("set an alarm for", "wake me up at", "set my alarm for"),
    "how far is": ("how far is", "how far away is", "how long to walk to"),
    "text": ("text", "message", "whatsapp"),
    "what time": ("what time", "when exactly", "at what time"),
}
_WORDING = re.compile(r"\b(" + "|".join(sorted(map(re.escape, _WORDINGS), key=len, reverse=True)) + r")\b")
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
    wording: dict[str, str]  # template phrase -> this user's way of saying it
    wording_rate: float  # share of phrases said the user's way
    opener: str
    opener_rate: float  # share of messages started with the opener


def draw_style(rng: random.Random, signoffs: tuple[str, ...], openers: tuple[str, ...]) -> TypingStyle:
    return TypingStyle(
        lowercase=rng.uniform(0.5, 0.95),
        typo_rate=rng.uniform(0.005, 0.04),
        abbreviation_rate=rng.uniform(0.2, 0.8),
        apostrophe_drop=rng.uniform(0.2, 0.9),
        question_drop=rng.uniform(0.1, 0.6),
        signoff=rng.choice(signoffs),
        signoff_rate=rng.uniform(0.05, 0.2),
        international_phone=rng.uniform(0.2, 0.7),
        wording={phrase: rng.choice(ways) for phrase, ways in _WORDINGS.items()},
        wording_rate=rng.uniform(0.7, 0.95),
        opener=rng.choice(openers),
        opener_rate=rng.uniform(0.1, 0.5),
    )


def reword(text: str, style: TypingStyle, rng: random.Random) -> str:
    """Say the template's phrases the user's way, most of the time."""

    def phrase(match: re.Match[str]) -> str:
        said = match.group(0)
        return style.wording[said] if rng.random() < style.wording_rate else said

    return _WORDING.sub(phrase, text)


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
