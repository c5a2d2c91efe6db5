"""Invisible characters: taken out of what the recognizers read, kept in the output.

A zero-width space, a soft hyphen, a byte-order mark or a bidirectional
control inside an identifier ("4111<ZWSP>1111<ZWSP>1111<ZWSP>1111",
"Ku<SHY>čera", "an<ZWSP>na@example.com") is nothing on screen and nothing to a
reader, but it splits the token for every pattern and for the NER model, so the
identifier went through whole. Such text comes from copy and paste (web pages,
PDFs, messengers insert them) and from anyone who wants a name past a filter.

The recognizers therefore read the text without the characters Unicode
marks as default-ignorable (the format characters of category Cf, variation
selectors, the combining grapheme joiner, fillers): what a renderer draws as
nothing; and the Arabic tatweel, which stretches a word without changing it.
Every other space of Unicode (no-break, narrow no-break, thin, figure, en and
em spaces, the ideographic space) is read as a blank: every pattern that
allows a blank between the words of a name, a number or a cue ("Tél\u00a0:",
"4111\u20091111…", "عبد\u00a0الله") allows them so, and none need list them.
The spans they find are mapped back onto the text as written and replaced
there with whatever invisible characters they hold. Outside the spans the
text is left as it was: a zero-width joiner inside an emoji sequence or
between Indic letters still means something to whoever reads the record.
"""

from __future__ import annotations

import bisect
from dataclasses import dataclass

import regex

# The Arabic tatweel (U+0640) is drawn, as a stretch of the line between two
# letters, but means nothing: "بـن" is "بن", "محـمد" is "محمد", and a
# justified line or a hand that wants a name past the filter puts it there.
_INVISIBLE = regex.compile(r"[\p{Default_Ignorable_Code_Point}\u0640]+")
# Unicode's space separators (category Zs) but the blank, listed: finding them
# by category at import took 0.13 s. Each is one code point, as the blank is:
# offsets stay where they were.
_OTHER_SPACES = str.maketrans(
    dict.fromkeys("\u00a0\u1680" + "".join(map(chr, range(0x2000, 0x200B))) + "\u202f\u205f\u3000", " ")
)


@dataclass(frozen=True)
class VisibleText:
    """A text without its invisible characters, and where they were."""

    text: str
    cuts: tuple[int, ...] = ()
    """For each run of invisible characters taken out, the index in `text` of
    the character that followed it; sorted."""
    shifts: tuple[int, ...] = ()
    """How many characters were taken out up to and including each cut's run."""

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The written text's span of `text[start:end]` (non-empty): from its
        first visible character to its last, the invisible ones between
        them included."""
        return self._written(start), self._written(end - 1) + 1

    def _written(self, index: int) -> int:
        runs = bisect.bisect_right(self.cuts, index)
        return index + (self.shifts[runs - 1] if runs else 0)


def visible(text: str) -> VisibleText:
    """`text` as the recognizers should read it."""
    text = text.translate(_OTHER_SPACES)
    cuts: list[int] = []
    shifts: list[int] = []
    removed = 0
    for run in _INVISIBLE.finditer(text):
        removed += run.end() - run.start()
        cuts.append(run.end() - removed)
        shifts.append(removed)
    if not cuts:
        return VisibleText(text)
    return VisibleText(_INVISIBLE.sub("", text), tuple(cuts), tuple(shifts))


def without_invisible_characters(text: str) -> str:
    """What a written span says: placeholders and place names are chosen by
    it, so "An<ZWSP>na" and "Anna" are the same person."""
    return _INVISIBLE.sub("", text).translate(_OTHER_SPACES)
