"""The letters and digits of the scripts the rules tell apart, as regex class contents
(``[{CASELESS}]``) and a table for ``str.translate``, in one place: a rule for names, mentions or addresses in
Chinese, Japanese, Korean or Thai reads the same scripts as the others, and a
script added here reaches every rule."""

import unicodedata
from functools import cache

import regex

# Scripts without capitals whose names run one to four letters: Chinese,
# Japanese and Korean ("张伟", "明美", "김민준").
CASELESS = r"\p{Han}\p{Hangul}\p{Hiragana}\p{Katakana}"
# Those, and the scripts that write no blank between words (Thai, Lao, Khmer,
# Burmese): a word's other mentions and an address's parts lie inside longer
# runs, with no blank or comma between them. Korean writes blanks but glues
# particles to a name ("김민준이").
GLUED = CASELESS + r"\p{Thai}\p{Lao}\p{Khmer}\p{Myanmar}"
# A field's colon: ASCII, or full-width as Chinese and Japanese forms write it ("姓名：").
FIELD_COLONS = ":："
# What Armenian and Ethiopic forms write after a label ("Հասցե՝", "አድራሻ፡").
LABEL_MARKS = "՝፡"
# A list's comma: ASCII, Arabic script's, Ethiopic's and the full-width one
# ("شارع الثورة، القاهرة", "ቦሌ ክፍለ ከተማ፣ ወረዳ 03").
LIST_COMMAS = ",،፣，"
# Letters of the scripts without capitals, as a class's contents: other
# letters and modifier letters (Arabic, Hebrew, the Indic scripts, Thai,
# Ethiopic, the CASELESS ones; "ー" and "ๆ" are modifiers). Georgian's
# letters are lowercase to Unicode, though the script writes no capitals: it
# is not among them. A name in them is told by a label, a title or its
# mentions, not by its first letter.
UNCASED_LETTERS = r"\p{Lo}\p{Lm}"
_UNCASED_LETTER = regex.compile(rf"[{UNCASED_LETTERS}]")
_CASED_LETTER = regex.compile(r"[\p{Lu}\p{Ll}\p{Lt}]")


def mostly_uncased(text: str) -> bool:
    """Whether most of ``text``'s letters are of scripts without case: no
    capital, lowercase word or English word there tells a name or a language."""
    return len(_UNCASED_LETTER.findall(text)) > len(_CASED_LETTER.findall(text))


# Planes 0 and 1 hold every script's decimal digits; the planes above hold
# ideographs and private use, no digits.
_PLANES_WITH_DIGITS = 0x20000


@cache
def ascii_digits() -> dict[int, str]:
    """Digits of any script as ASCII ones (one character each, so offsets
    hold), for ``str.translate``: "۱۳۸۲/۰۶/۱۵", "١٤/٠٧/١٩٨٥", "१४-०८-१९९७".

    Built on first use, not at import (a scan of two planes, tens of
    milliseconds), and a plain dict: a lookup per character that missed
    would run Python code for every letter of every record."""
    return {
        code: str(unicodedata.digit(chr(code)))
        for code in range(_PLANES_WITH_DIGITS)
        if unicodedata.category(chr(code)) == "Nd" and not chr(code).isascii()
    }
