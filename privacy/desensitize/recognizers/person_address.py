"""Find people by how a text speaks to them: vocatives and the speakers of a dialogue.

A name the lexicon lacks and the tagger misreads still shows by its place in
the sentence: it is set off by a comma where a text calls someone ("Satsita,
can I …", "Don't go to town, Amleto!") or it labels the lines of a dialogue
("Thilda: …"). The shape alone also fits greetings and field labels ("Hello,
world", "Thanks, Team!", "Name: …"), so the caller says which words may be
names at all (no English word, no place).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator

import regex

_NAME = r"\p{Lu}\p{Ll}+(?:-\p{Lu}?\p{Ll}+)?"
_NAMES = rf"(?P<name>{_NAME}(?:[ \t]+{_NAME})?)"
# Words that open what one says to someone right after the name: a question
# or a request ("Satsita, can I …", "Ana, please …", "Jon, you …"). Any
# other word leaves a subject set off by a comma ("Netflix, which …",
# "Acme, based in …") alone.
_OPENERS = frozenset(
    """
    can could would will shall may might must do does did don't won't can't is are was were
    have has i you we please let thank thanks listen look come wait stop
    """.split()
)
_VOWELS = frozenset("aeiouy")
# A name opening a sentence, then a comma and the next word.
_OPENING = regex.compile(
    rf"(?:^|(?<=\n)|(?<=[.!?][\"”’)]?[ \t]+)){_NAMES},[ \t]+(?P<next>\p{{L}}+(?:['’]\p{{L}}+)?)"
)
# A name closing an exclamation or a question after a lowercase word and a
# comma ("Remember me, Noa?"); after a capitalized one it is a list item
# ("Canon, Nikon?").
_CLOSING = regex.compile(rf"(?<=(?<!\p{{L}})\p{{Ll}}[\p{{L}}'’]*),[ \t]+{_NAMES}[ \t]*[!?]")
# A line that starts with a label before a colon and a line of speech.
_SPEAKER = regex.compile(rf"(?m)^[ \t]*{_NAMES}:[ \t]*(?=[\"“'‘\p{{L}}])")
# Any labelled line: a dialogue has two of them at least.
_LABELLED_LINE = regex.compile(r"(?m)^[ \t]*\p{Lu}[\p{L}'’ .-]{0,30}:[ \t]*[\"“'‘\p{L}]")


def addressed_names(text: str, may_be_a_name: Callable[[str], bool]) -> Iterator[tuple[int, int]]:
    """Spans of the names ``text`` addresses or gives lines to, where every
    word of the name passes ``may_be_a_name``."""
    for match in _OPENING.finditer(text):
        if match["next"].casefold().replace("’", "'") in _OPENERS:
            yield from _checked(match, may_be_a_name)
    for match in _CLOSING.finditer(text):
        yield from _checked(match, may_be_a_name)
    if len(_LABELLED_LINE.findall(text)) >= 2:
        for match in _SPEAKER.finditer(text):
            yield from _checked(match, may_be_a_name)


def _checked(
    match: regex.Match[str], may_be_a_name: Callable[[str], bool]
) -> Iterator[tuple[int, int]]:
    """The name whole when every word of it may be one, else each word that
    may: in "Zorbek Rose, can you …" the English "Rose" must not take
    "Zorbek" down with it."""
    start = match.start("name")
    words = [(start + m.start(), start + m.end()) for m in regex.finditer(r"\S+", match["name"])]
    passing = [(s, e) for s, e in words if _voiced(match.string[s:e]) and may_be_a_name(match.string[s:e])]
    if len(passing) == len(words):
        yield match.span("name")
    else:
        yield from passing


def _voiced(word: str) -> bool:
    """Whether ``word`` may be a name rather than the abbreviation of a label
    ("Attn:", "Encl:", "Mgr:"): outside plain ASCII always (Сергей, Ζωή,
    Yıldız), else with a vowel after its first letter."""
    if not word.isascii():
        return True
    return any(letter in _VOWELS for letter in word[1:].casefold())
