"""The district written after a street where the address ends: "27 Latrobe Tce, Paddington."

The street recognizers read what follows a street while it holds a part they
can vouch for: a postcode, a state, a place the gazetteer knows (see
:func:`~privacy.desensitize.recognizers.address_tail.read_tail`). A suburb the
gazetteer lacks is kept only before such a part, so where the address ends with
it ("Rua Augusta 21, Celas.", "Sysslomansgatan 18, Luthagen\n") the suburb
stayed in the text beside the placeholder: finer than a city, it says where
the person lives. Read here, once the street is found, so that no recognizer
takes the unvouched words as evidence of an address.
"""

from __future__ import annotations

import regex

from privacy.desensitize.name_words import CALENDAR_WORDS, GREETINGS, VALEDICTION_WORDS
from privacy.desensitize.recognizers.address_tail import UNIT_WORD
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon

# One to three capitalized words after the street's comma, with the small
# words of names between them ("Parque do Flamengo"), and what ends the
# address after them: a stop, a bracket, a line's end or the text's end. Not
# a word in lower case: a capitalized word before one opens the next sentence
# as often ("Bahnhofstraße 12, Lidl ist direkt daneben", "…, Eingang über den Hof");
# nor "!" or "?", which end wishes and replies ("…, Valeu!", "…, Combinado?").
_WORD = r"\p{Lu}\p{Ll}+(?:[-'’]\p{Lu}?\p{Ll}+)*"
_CONNECTOR = r"(?:de|do|da|dos|das|del|la|le|di|du|van|von|der|den|al|el)"
_DISTRICT = regex.compile(
    rf",[ \t]*(?P<district>{_WORD}(?:[ \t](?:{_CONNECTOR}[ \t])?{_WORD}){{0,2}})(?![\p{{L}}\p{{N}}])"
    r"(?=[ \t]*(?:[.;()\n]|\Z))"
)
# A greeting, thanks or a sign-off after the street ("…, Thanks!", "…, Gracias."),
# a day or a month ("…, Sábado."), and a flat's or a block's word without its
# number ("…, Blok."), are no district.
_NO_DISTRICT = (
    VALEDICTION_WORDS
    | frozenset(word for greeting in GREETINGS for word in greeting.split())
    | frozenset(word.casefold() for word in CALENDAR_WORDS)
)
_UNIT_WORD = regex.compile(rf"(?i:{UNIT_WORD})(?!\p{{L}})")


def district_end(text: str, street_end: int) -> int | None:
    """Where the district after the street that ends at ``street_end`` ends,
    if a district ends the address there; ``None`` otherwise.

    A given name there opens the next clause ("…, Tom will call").
    """
    match = _DISTRICT.match(text, street_end)
    if match is None:
        return None
    words = match["district"].split()
    if (
        any(word.casefold() in _NO_DISTRICT for word in words)
        or _UNIT_WORD.match(words[0])
        or person_name_lexicon().is_given(words[0])
    ):
        return None
    return match.end()
