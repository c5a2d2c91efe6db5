"""The case endings a given name takes in the languages we weigh that decline
names, apart from the recognizers that read names, which share them."""

from __future__ import annotations

from collections.abc import Iterator

# Case endings a given name takes in the languages we weigh that decline
# names, each with what the name's own form ends in instead: Czech and Polish
# ("Petrovi", "Evu", "Markétě", "Kasi", "Zofii", "Bartka"), Finnish ("Annalle",
# "Onnille"), Greek ("Γιώργο", "Κώστα", "Σοφίας"), Romanian ("Doinei") and
# Hungarian ("Virágnak"). In a text of one of them, a word the lexicon lacks
# is a name when taking one off gives a given name of it; only there: French
# "tarte Tatin" is no "Tati" declined as in Finnish.
_SLAVIC = (
    ("ovi", ""), ("owi", ""), ("em", ""), ("a", ""), ("u", ""), ("ka", "ek"), ("u", "a"), ("y", "a"),
    ("ě", "a"), ("e", "a"), ("ou", "a"), ("o", "a"), ("ę", "a"), ("ą", "a"), ("i", "ia"), ("ii", "ia"),
)
# Russian and Ukrainian decline given names in six or seven cases ("у Лены",
# "Димы", "с Антоном", "Андрію", "Оксано"): feminine and "-а" names, then
# masculine ones on a consonant, "-ь" or "-й".
_EAST_SLAVIC_A = (("у", "а"), ("ю", "я"), ("ой", "а"), ("ей", "я"), ("ей", "а"), ("а", ""), ("у", ""),
                  ("ом", ""), ("е", ""), ("я", "ь"), ("ю", "ь"), ("ем", "ь"), ("я", "й"), ("ю", "й"))
_RUSSIAN = (*_EAST_SLAVIC_A, ("ы", "а"), ("и", "а"), ("и", "я"), ("е", "а"), ("е", "я"), ("ии", "ия"),
            ("ию", "ия"), ("ией", "ия"), ("ем", "й"), ("е", "ь"), ("е", "й"))
_UKRAINIAN = (*_EAST_SLAVIC_A, ("и", "а"), ("і", "а"), ("ою", "а"), ("о", "а"), ("і", "я"), ("ї", "я"),
              ("ею", "я"), ("ові", ""), ("еві", "ь"), ("єві", "й"), ("єм", "й"), ("і", ""), ("ію", "ія"))
# Hungarian adds case suffixes; a name's final "a" or "e" grows long before one
# ("Géza" → "Gézát", "Gézának"), and "-val"/"-vel" double the last consonant
# ("Péterrel", "Balázzsal": a digraph doubles its first letter).
_HUNGARIAN_SUFFIXES = ("nak", "nek", "t", "ot", "et", "öt", "nál", "nél", "tól", "től", "hoz", "hez", "höz",
                       "ról", "ről", "ra", "re", "ba", "be", "ban", "ben", "ért", "ig", "ék", "é")
_HUNGARIAN_CONSONANTS = ("b", "c", "d", "f", "g", "h", "j", "k", "l", "m", "n", "p", "r", "s", "t", "v", "z",
                         "cs", "gy", "ly", "ny", "sz", "ty", "zs")
_HUNGARIAN = (
    *((suffix, "") for suffix in _HUNGARIAN_SUFFIXES),
    *((long + suffix, short) for long, short in (("á", "a"), ("é", "e")) for suffix in _HUNGARIAN_SUFFIXES
      if suffix not in ("ot", "et", "öt")),
    ("val", ""), ("vel", ""), ("ával", "a"), ("ével", "e"),
    *((c[0] + c + vowel, c) for c in _HUNGARIAN_CONSONANTS for vowel in ("al", "el")),
)
CASE_ENDINGS = {
    "cs": _SLAVIC,
    "pl": _SLAVIC,
    "fi": (
        ("lle", ""), ("lla", ""), ("llä", ""), ("lta", ""), ("ltä", ""), ("n", ""), ("ssa", ""), ("ssä", ""),
        ("sta", ""), ("stä", ""), ("ksi", ""), ("na", ""), ("nä", ""),
    ),
    "el": (("ο", "ος"), ("α", "ας"), ("η", "ης"), ("ου", "ος"), ("ς", "")),
    "ro": (("ei", "a"), ("ului", "")),
    "hu": _HUNGARIAN,
    "ru": _RUSSIAN,
    "uk": _UKRAINIAN,
}
# Shorter stems are syllables, not names.
MIN_NAME = 3


def nominatives(word: str, code: str | None) -> Iterator[str]:
    """The forms ``word`` has with each case ending of the language ``code`` taken off
    and the name's own ending put back: "Gézát" → "Géza", "Лены" → "Лена"."""
    for ending, own in CASE_ENDINGS.get(code or "", ()):
        if word.endswith(ending):
            name = word[: len(word) - len(ending)] + own
            if len(name) >= MIN_NAME:
                yield name
