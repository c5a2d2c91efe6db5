"""The letters and digits of the scripts the rules tell apart, as regex class contents
(``[{CASELESS}]``) and a table for ``str.translate``, in one place: a rule for names, mentions or addresses in
Chinese, Japanese, Korean or Thai reads the same scripts as the others, and a
script added here reaches every rule."""

import unicodedata

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
# Digits of any script, as ASCII ones (one character each, so offsets hold):
# "۱۳۸۲/۰۶/۱۵", "١٤/٠٧/١٩٨٥", "१४-०८-१९९७".
ASCII_DIGITS = {
    code: str(unicodedata.digit(chr(code)))
    for code in range(0x10000)
    if unicodedata.category(chr(code)) == "Nd" and not chr(code).isascii()
}
