"""Typed, numbered placeholders that keep co-reference inside one record.

A model trained on "<PERSON_1> emailed <PERSON_2>; <PERSON_1> was angry" still
learns who did what, which a flat "<PERSON>" would erase. Numbers restart for
every record so that they cannot link people across records.
"""

from __future__ import annotations

import re

_WORD = re.compile(r"\w+")
_NOT_ALNUM = re.compile(r"[\W_]+")


def _person_key(value: str) -> frozenset[str]:
    return frozenset(word.casefold() for word in _WORD.findall(value))


def _identifier_key(value: str) -> str:
    # Spacing and punctuation vary between mentions of one phone number or card
    # number ("+33 6 12..." / "+33-6-12..."); the characters that identify do not.
    return _NOT_ALNUM.sub("", value).casefold()


class PlaceholderNumbering:
    """Hands out ``<TAG_n>`` placeholders for one record, in reading order."""

    def __init__(self) -> None:
        self._people: list[frozenset[str]] = []
        self._identifiers: dict[str, dict[str, int]] = {}

    def placeholder(self, tag: str, value: str) -> str:
        """The placeholder for ``value``; the same value always gets the same one."""
        if tag == "PERSON":
            number = self._person_number(value)
        else:
            numbers = self._identifiers.setdefault(tag, {})
            number = numbers.setdefault(_identifier_key(value), len(numbers) + 1)
        return f"<{tag}_{number}>"

    def _person_number(self, value: str) -> int:
        """Number a name, treating "Alice" after "Alice Martin" as the same person.

        People are mentioned by full name first and by part of it afterwards; a
        name whose words are a subset (or superset) of a known name's words is
        taken to be that person.
        """
        key = _person_key(value)
        for index, known in enumerate(self._people):
            if key and (key <= known or known <= key):
                return index + 1
        self._people.append(key)
        return len(self._people)
