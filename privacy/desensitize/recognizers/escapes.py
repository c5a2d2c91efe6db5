"""Where a number begins and ends in text whose line breaks are written as escapes.

Text pasted from JSON, CSV exports and logs carries its line breaks and tabs
as two characters, a backslash and a letter ("Phone:\\n046-8275895"). A
recognizer that wants no letter glued to the front of a number would then
never see the number at the start of such a line; these boundaries accept an
escape as the break it stands for.
"""

from __future__ import annotations

# "\n", "\r" or "\t" written out.
WRITTEN_BREAK = r"\\[nrt]"


def not_after(characters: str) -> str:
    """A lookbehind: no character of the class ``characters`` before, unless it ends an escape."""
    return rf"(?:(?<={WRITTEN_BREAK})|(?<![{characters}]))"


# Not inside a longer number or word, nor after a sign, decimal point or dash.
NOT_AFTER_NUMBER = not_after(r"\p{L}\p{N}+.,\-")
# Not followed by a letter, a digit, or a decimal or dash and a digit.
NOT_BEFORE_NUMBER = r"(?![\p{L}\p{N}]|[.,\-]\d)"
