"""Where a pattern that reads a whole word may start: at a word's start only.

A pattern such as ``\\p{Lu}[\\p{L}'’-]*`` that may start at any capital reads
to the end of the word from each one before it fails, so a single word of n
capitals and apostrophes ("A'A'A'…") costs n²/2 steps: an 8,000-character
prompt sent to ``netgpt serve`` held a core for seconds in one recognizer and
for minutes in all of them. Starting only where the word starts makes each
word cost its length once. What is given up is a match that starts after a
character the word itself may contain: "Aix-en-Provence 13100" is read from
"Aix", never from "Provence".

Starts after a word's first mark stay allowed, because names are written
so: after a quotation mark that opens the word ("'Paris 75002'"), after an
elision or a prefix of up to five letters ("Valle d'Aosta", "Via dell'Orso
5", "ex-Zorbek", "EU-Paris 75002"), after the Dutch "'s-" ("'s-Gravesandeweg",
"s-Hertogenbosch") and after two or three hyphens written for a dash
("address--Lindenstraße 5"). There is one such start per word at most, so
the cost stays linear.
"""

from __future__ import annotations


def word_start(inner: str = "'’-") -> str:
    """A lookbehind that lets a match start only where a word starts.

    ``inner`` lists the characters besides letters and digits that the
    pattern's words may contain (apostrophes and hyphens by default; add a
    dot for patterns whose words take one, "St.Paul"): a start right after
    one of them would be inside a word. ``-`` must come last, as in a
    character class.
    """
    inside = rf"[\p{{L}}\p{{N}}{inner}]"
    return rf"(?:(?<!{inside})|(?<=(?<!{inside})(?:['’]?\p{{L}}{{0,5}}['’-]|-{{2,3}})))"


# The start of a word whose inner characters are apostrophes and hyphens.
WORD_START = word_start()
# The same for words that may also contain dots ("St.-Jean", "Ave.").
DOTTED_WORD_START = word_start("'’.-")
