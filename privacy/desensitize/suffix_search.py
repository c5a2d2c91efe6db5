"""spaCy's suffix rules, searched for near the end of a token only.

spaCy splits a token's suffixes one at a time, and each time calls the
suffix rules' ``search``: the rules are anchored at the token's end, but
``search`` tries every position from its start, so one long token costs the
square of its length. A hostile prompt of 8,000 quotation marks and colons,
one token, took 4.8 s in the tokenizer alone (AMD EPYC, 2 cores). Starting the
search near the end finds the same suffixes: the rules' lookbehinds still see
the characters before the start, and only a suffix longer than the reach (a
run of more than 64 dots) is split in pieces instead of whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from spacy.language import Language

# Characters from a token's end where a suffix may start; spaCy's English
# suffixes are a few characters, or a run of dots or ellipses.
SUFFIX_REACH = 64

SuffixSearch = Callable[[str], "re.Match[str] | None"]


def near_the_end(pattern: re.Pattern[str], reach: int = SUFFIX_REACH) -> SuffixSearch:
    """``pattern.search`` started ``reach`` characters before the string's end.

    The match's offsets are still into the whole string, as spaCy's
    ``Tokenizer.explain`` expects.
    """

    def search(string: str) -> re.Match[str] | None:
        return pattern.search(string, max(0, len(string) - reach))

    return search


def search_suffixes_near_the_end(nlp: Language) -> None:
    """Make ``nlp``'s tokenizer look for suffixes near each token's end only."""
    # spacy.tokenizer is compiled and has no type stubs, so mypy sees the
    # tokenizer as any callable.
    tokenizer = nlp.tokenizer
    pattern = getattr(getattr(tokenizer, "suffix_search", None), "__self__", None)
    if not isinstance(pattern, re.Pattern):
        raise TypeError("the tokenizer's suffix rules are not a compiled pattern")
    tokenizer.suffix_search = near_the_end(pattern)  # type: ignore[union-attr]
