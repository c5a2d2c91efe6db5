"""The word before a name-like run, and what it says the run names.

Two recognizers guess at a name from a single word or run with no cue: the
names lexicon (a lone capitalized word) and the other-script rule ("… and
山下 were"). Both refuse a run after a word that takes places or things, and
they must refuse after the same words, so the words live here.
"""

from __future__ import annotations

import regex

# The word right before a run, blanks between: "to 東京", "near Meir".
_WORD_BEFORE = regex.compile(r"(\p{L}+)[ \t]+$")
# How far back the word before is looked for.
_REACH = 40

ARTICLES = frozenset("the a an this that these those".split())
# Words that take places and hardly ever people: "near Meir", "in Agra".
PLACE_WORDS = frozenset(
    "in near into onto via across around towards toward through visit visiting".split()
)
# The same in the other languages we weigh, for "in": "en Bretagne", "nach
# Mainz", "dans le", "em Lisboa", "w Krakowie", "v Brně". A given name after
# one may still be a person: Catalan writes "en Pep" for "Pep".
PLACE_PREPOSITIONS = PLACE_WORDS | frozenset("en nach dans em w we v ve".split())
# Words after which a run names a place or a thing more often than a person
# ("flew to 東京", "the Goblet"), though people follow some of them too
# ("shouted at Lucie", "a card from Aune").
PLACE_OR_THING_WORDS = ARTICLES | PLACE_WORDS | frozenset("at to from".split())
# The same for a lone capitalized word, after which "of" takes a thing too
# ("the address of Ondeck").
THING_OR_PLACE_WORDS = PLACE_OR_THING_WORDS | {"of"}
# Verbs of eating and drinking, and quantities, whose object is food or
# drink and hardly ever a person: "we ate 拉面", "she ordered 餃子", "some
# 烏龍". Verbs that take people as often ("I love 美玲", "we had 美玲 over",
# "want 김민준 to come") are not here: a dish after them stays replaced.
THING_TAKERS = frozenset(
    """
    eat eats ate eaten eating drink drinks drank drinking cook cooks cooked cooking bake baked
    order orders ordered ordering taste tasted tasting some more any much
    """.split()
)


def word_before(text: str, start: int) -> str:
    """The word that ends right before ``start`` (blanks between), casefolded; "" if none."""
    before = word_before_match(text, start)
    return before.group(1).casefold() if before else ""


def word_before_match(text: str, start: int) -> regex.Match[str] | None:
    """The same word as written, group 1, for a rule that weighs its case or
    looks further back from where it starts."""
    return _WORD_BEFORE.search(text, max(0, start - _REACH), start)
