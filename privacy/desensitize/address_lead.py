"""The flat, tower and building written before a street: "Flat 12B, Tower 1, Grand Promenade, 38 Tai Hong Street".

Hong Kong, China, India, South Africa, the Gulf and much of Asia write an
address from the inside out: the flat, the floor, the tower and the
building's name come first, then the street. The street recognizers read
from the street on (its number and type word start an address), so what
stood before it stayed in the text: the flat and the building's name say
where a person lives as well as the street does.
"""

from __future__ import annotations

import regex

from privacy.desensitize.name_words import FORMS_OF_ADDRESS
from privacy.desensitize.recognizers.address_tail import UNIT

# No lead is longer: five parts and 200 characters.
MAX_LEAD_PARTS = 5
WINDOW = 200

# Flats and plots written the way only a lead writes them: Hong Kong's floor
# "18/F", an Indian or Pakistani flat "B-4", a plot, a lot, an estate's phase.
_LEAD_ONLY_UNIT = (
    r"\d{1,3}/F|[A-Z]-\d{1,4}[A-Z]?|(?i:plot|lot|erf|stand|phase)\.?[ \t]+(?:no\.?[ \t]*)?\d{1,5}[A-Z]?"
)
_UNIT = rf"(?:{UNIT}|{_LEAD_ONLY_UNIT})"
_UNITS = regex.compile(rf"{_UNIT}(?:[ \t]+{_UNIT}){{0,3}}")
# A unit that ends a longer part ("Ship to Room 2306"): the lead starts at it.
_UNITS_AT_END = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_UNIT}(?:[ \t]+{_UNIT}){{0,3}}$")
# A building's or an estate's name: capitalized words, numbers and the small
# words of names ("Excellence Century Centre", "Gbagada Phase 2 Estate").
_NAME_WORD = r"\p{Lu}[\p{L}'’.&-]*"
_BUILDING_NAME = rf"{_NAME_WORD}(?:[ \t]+(?:{_NAME_WORD}|\d{{1,4}}[A-Z]?|of|de|del|la|du|el|al)){{0,5}}"
_BUILDING = regex.compile(_BUILDING_NAME)
_BUILDING_AT_END = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){_BUILDING_NAME}$")
# The word that makes a name a building's, where no flat before it vouches.
_BUILDING_HEAD = regex.compile(
    r"(?i:apartments?|apts|towers?|centre|center|building|plaza|court|mansions?|residency|residences?"
    r"|heights|gardens|village|estate|complex|villas|condominiums?|condos?|enclave|chambers|arcade"
    r"|mall|house|block|compound|flats)$"
)
# A person addressed or titled is no building, whatever their surname: "Dear
# Mr Court", "Ms Jane Court".
_ADDRESSED = regex.compile(
    rf"(?i:dear|hi|hello|thanks|regards|sincerely|{'|'.join(sorted(FORMS_OF_ADDRESS, key=len, reverse=True))})"
    r"\.?(?![\p{L}\p{N}])"
)
# A field's label before the first part: "Address: Flat 3".
_LABEL = regex.compile(r"^[^:]*:[ \t]*")
_SEPARATOR_BEFORE = regex.compile(r"[ \t]*(?:,[ \t]*\r?\n?|\r?\n)[ \t]*$")


def ends_with_building_word(name: str) -> bool:
    """Whether a name ends in a building's word: a person so named ("Gregory
    House", "Jane Court") must not be taken into an address as a building."""
    return _BUILDING_HEAD.search(name) is not None


def lead_start(text: str, start: int) -> int:
    """Where the address whose street starts at ``start`` starts, its flat and building included.

    Parts before the street, separated by commas or line breaks, are taken
    while each is a flat, floor, tower or plot, or a building's name. A name
    counts only with a building's word at its end ("Ganga Apartments") or a
    flat farther out ("Unit 14, Kingfisher Village"): "Mary Jones, 12 Baker
    Street" keeps Mary Jones for the name recognizers. The farthest part may
    follow a label ("Address: Flat 12B") or end a sentence's words ("Ship to
    Room 2306", "Send it to Maple Court").
    """
    window_start = max(0, start - WINDOW)
    separator = _SEPARATOR_BEFORE.search(text, window_start, start)
    if separator is None:
        return start
    lead = start
    cursor = separator.start()
    for _ in range(MAX_LEAD_PARTS):
        part_start = max(text.rfind(",", window_start, cursor), text.rfind("\n", window_start, cursor)) + 1
        if part_start == 0 and window_start > 0:
            break
        part = text[part_start:cursor]
        label = _LABEL.match(part)
        offset = label.end() if label else len(part) - len(part.lstrip(" \t\r"))
        body = part[offset:].rstrip(" \t\r")
        if _UNITS.fullmatch(body):
            lead = part_start + offset
        elif _BUILDING.fullmatch(body):
            if _BUILDING_HEAD.search(body) and not _ADDRESSED.match(body):
                lead = part_start + offset
        else:
            tail = _UNITS_AT_END.search(body)
            if tail is None:
                tail = _BUILDING_AT_END.search(body)
                tail = tail if tail is not None and _BUILDING_HEAD.search(tail.group()) else None
            if tail is not None:
                lead = part_start + offset + tail.start()
            break
        if label is not None or part_start == 0:
            break
        before = _SEPARATOR_BEFORE.search(text, window_start, part_start)
        if before is None:
            break
        cursor = before.start()
    return lead
