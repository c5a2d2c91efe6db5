"""Templates in their parsed form.

Region-specific templates live with their region (`regions.py`); the generic ones,
which anyone asks an assistant anywhere, the notes and the tails live with their
language (`languages/`). Parsing once up front tells which templates plant PII, so
the generator can hit its target share of PII messages.
"""

from __future__ import annotations

import string
from dataclasses import dataclass

from netgpt.synthetic.slots import PII_SLOTS


@dataclass(frozen=True)
class Template:
    """A template split into (literal text, slot name or None) pieces."""

    text: str
    parts: tuple[tuple[str, str | None], ...]

    @property
    def has_pii(self) -> bool:
        return any(slot in PII_SLOTS for _, slot in self.parts)


def parse(text: str) -> Template:
    parts = tuple((literal, field) for literal, field, _, _ in string.Formatter().parse(text))
    return Template(text, parts)


def joined(first: Template, second: Template) -> Template:
    """`first` then `second` as one message, after a comma unless `first` ends a sentence."""
    separator = " " if first.text.endswith(("?", ".", "!")) else ", "
    (literal, slot), *rest = second.parts
    return Template(f"{first.text}{separator}{second.text}", (*first.parts, (f"{separator}{literal}", slot), *rest))
