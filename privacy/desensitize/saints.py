"""Saints' titles: a name after one is a feast, a place or a church, not a private person.

"Per Sant Jordi", "zeppole di San Giuseppe", "Sankt Augustin", "Sfântul
Andrei", "la Saint-Nicolas": the name is a saint's, and whatever it names,
a town, a feast day, a school, it points at no one who wrote or is written
about. The title is read in any case and with a hyphen or a stop after it.
"""

from __future__ import annotations

import regex

# Titles of saints in the languages we weigh, lowercase. "Aziz" (Turkish) is
# left out: it is as often a given name.
SAINT_TITLES = frozenset(
    """
    saint sainte st ste san santa santo sant são sao sint sankt szent sveti sveta svatý
    svatá svaté svatého święty święta świętego świętej sfântul sfânta sfintei pyhä pyhän
    agios agia άγιος αγία άγιο αγίου αγίας aghios
    """.split()
)
_TITLE_THEN_NAME = regex.compile(r"(\p{L}+)\.?[ \t\-]+\p{L}")
_TITLE_BEFORE = regex.compile(r"(?<!\p{L})(\p{L}+)\.?[ \t\-]+$")
_REACH = 16


def names_a_saint(text: str, start: int) -> bool:
    """Whether the name at ``start`` opens with a saint's title or stands right after one."""
    opening = _TITLE_THEN_NAME.match(text, start)
    if opening is not None and opening.group(1).casefold() in SAINT_TITLES:
        return True
    before = _TITLE_BEFORE.search(text, max(0, start - _REACH), start)
    return before is not None and before.group(1).casefold() in SAINT_TITLES
