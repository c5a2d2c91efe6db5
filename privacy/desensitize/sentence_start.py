"""Where a sentence starts, for rules that weigh a capital letter.

A capital at a sentence's start says nothing about a name; anywhere else it
does. Three rules asked the question, each with its own reading of a sentence
end; they share this one, so that an abbreviation's dot ("t.n.v. J.P. de
Vries", "z.Hd. Frau Berger", "i.e. Grace") ends no sentence for any of them.
"""

from __future__ import annotations

import regex

# What may stand between a sentence's end and its first word: blanks, quotes, "¿", "¡", "(".
_OPENING = " \t\"'“”«»„¿¡("
# How far back over those the end is looked for.
_OPENING_REACH = 8
_SENTENCE_END = ".!?…\n"
# A lowercase abbreviation of dotted letters ("t.n.v.", "z.Hd.", "e.g."):
# its last dot is no sentence's end.
_DOTTED_ABBREVIATION = regex.compile(r"(?<![\p{L}\p{N}.])\p{Ll}{1,3}\.(?:\p{L}{1,3}\.)+$")


def starts_a_sentence(text: str, start: int, *, after_colon: bool = False) -> bool:
    """Whether ``start`` opens the text, a line or a sentence; with
    ``after_colon``, also a field's value after its label ("Name: Grace")."""
    index = start
    while index > max(0, start - _OPENING_REACH) and text[index - 1] in _OPENING:
        index -= 1
    if index == 0:
        return True
    end = text[index - 1]
    if end == ":":
        return after_colon
    if end != ".":
        return end in _SENTENCE_END
    return _DOTTED_ABBREVIATION.search(text, max(0, index - 16), index) is None
