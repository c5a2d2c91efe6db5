"""The part of an address after the street: districts, city, state, postcode.

Every country orders these differently ("Sumida-ku, Tokyo 131-0045",
"Indiranagar, Bengaluru, Karnataka 560038", "06600 Ciudad de México, CDMX",
"Cape Town, 8001"), but all write them as comma-separated parts after the
street. Rather than one grammar per country, this reads such parts one by one
and keeps them while they look like address parts; the recognizers supply the
street grammar before it. The parts are returned so that the city can be picked
among them by the gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

# Postcodes of the supported countries, and the country each shape implies
# when it is unambiguous.
POSTCODE_SHAPES: dict[str, str | None] = {
    r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}": "GB",
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d": "CA",
    r"\d{4}\s?[A-Z]{2}": "NL",
    r"[A-Z]\d{2}\s?[A-Z\d]{4}": "IE",
    r"\d{5}-\d{3}": "BR",
    r"\d{3}-\d{4}": "JP",
    r"\d{5}-\d{4}": "US",
    r"\d{3}\s\d{3}": "IN",
    r"[A-HJ-NP-Z]\d{4}(?:[A-Z]{3})?": "AR",
    r"\d{2}-\d{3}": "PL",
    r"\d{4,6}": None,
}
POSTCODE = "(?:" + "|".join(POSTCODE_SHAPES) + ")"
_POSTCODE_COUNTRIES = [
    (regex.compile(rf"{shape}"), country) for shape, country in POSTCODE_SHAPES.items()
]

# Words written inside a place name: "Kingston upon Hull", "Ciudad de México",
# "Rio de Janeiro", "Frankfurt am Main", "Saint-Denis".
_CONNECTOR = r"(?:de|del|la|las|los|do|da|dos|das|di|upon|on|am|an|der|den|sur|en|le|y|e|van|of|el)"
# A state written short with a dot ("Jal.", "Calif.") ends a part.
_STATE_ABBREVIATION = r"(?:\p{Lu}\p{Ll}{1,4}\.|\p{Lu}\.\p{Lu}\.)(?=[ \t]*(?:[,.!?;\n]|$|\d))"
_WORD = (
    rf"(?:(?i:col|fracc|sec|blk|st|ste)\.|{_STATE_ABBREVIATION}|\p{{Lu}}[\p{{L}}'’-]*"
    r"|\d{1,3}(?:st|nd|rd|th)|\(\p{Lu}[\p{L}-]*\))"
)
_TOKEN = (
    rf"(?:{POSTCODE}(?![\p{{L}}\p{{N}}])|{_WORD}(?![\p{{L}}\p{{N}}])|{_CONNECTOR}(?=\s\p{{Lu}}))"
)
# One part: up to six tokens, e.g. "Karnataka 560038", "06600 Ciudad de México";
# a short number may follow a word ("Sector 62", "Phase 2").
_PART = regex.compile(rf"{_TOKEN}(?:[ \t]+(?:{_TOKEN}|\d{{1,4}}(?![\p{{L}}\p{{N}}]))){{0,5}}")
_SEPARATOR = regex.compile(r"[ \t]*(?:,|[ \t][-–][ \t]|\n)[ \t]*|[ \t]+")
_BLANK = regex.compile(r"[ \t]+")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_POSTCODE_TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){POSTCODE}(?![\p{{L}}\p{{N}}])")
_STATE_CODE = regex.compile(rf"\(?\p{{Lu}}{{2,3}}\)?|\(\p{{Lu}}[\p{{L}}-]*\)|{_STATE_ABBREVIATION}")
# Endings and words of district names: Japanese wards and Korean districts
# ("Shinjuku-ku", "Gangnam-gu", "Yeoksam-dong"), Mexican colonias, Indian sectors.
_DISTRICT = regex.compile(
    r"(?i:[\p{L}]+-(?:ku|gu|shi|si|cho|machi|dong|gun|ken|fu|to|do|eup|myeon)"
    r"|col\.|colonia|sector|nagar|layout|barrio|bairro|frazione|quartiere|ward|district)(?!\p{L})"
)
MAX_PARTS = 6
# State and province codes that tell the country of a numeric postcode.
_STATE_COUNTRIES = {
    **dict.fromkeys("NSW VIC QLD TAS ACT NT".split(), "AU"),
    **dict.fromkeys("ON QC BC AB MB SK NS NB NL PE YT NU".split(), "CA"),
    **dict.fromkeys(
        "AL AK AZ AR CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ"
        " NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WV WI WY".split(),
        "US",
    ),
}


@dataclass(frozen=True)
class Tail:
    """Where the address ends, its place parts (postcodes removed), and a country hint."""

    end: int
    places: tuple[str, ...]
    country_code: str | None
    has_postcode: bool
    postcodes: tuple[str, ...] = ()
    # The country a state or province code suggests ("VIC", "ON"). Weaker than
    # a postcode's shape: Italian province codes ("MI", "PA") are US states too.
    state_country: str | None = None


def _vouches(part: str, postcodes: list[str]) -> bool:
    """Whether a part read after a mere space holds a real postcode.

    A four-digit year ("London 2024") is taken for one only after a state
    code ("Sydney NSW 2000").
    """
    has_state = any(_STATE_CODE.fullmatch(w) for w in part.split())
    return any(has_state or not _YEAR.fullmatch(p.strip()) for p in postcodes)


def postcode_country(postcode: str) -> str | None:
    """The country a postcode's shape implies, if only one country writes it so."""
    for pattern, country in _POSTCODE_COUNTRIES:
        if pattern.fullmatch(postcode):
            return country
    return None


def read_tail(
    text: str, start: int, is_place: Callable[[str], bool], country_code: str | None = None
) -> Tail:
    """Read address parts from ``start`` while they look like address parts.

    A part counts when it holds a postcode, a state or province code, a
    district word, a known place, or country name; an unknown part (a suburb,
    a building) is kept only when a part that counts follows it. So "…, Cape
    Town, 8001" is read whole, and "…, Tom will call" is not read at all.
    Parts are separated by commas, spaced dashes or line breaks; a part after
    a mere space ("1 Macquarie St Sydney NSW 2000") must hold a postcode.
    """
    end = start
    has_postcode = False
    found_postcodes: list[str] = []
    state_country: str | None = None
    places: list[str] = []
    pending: list[str] = []
    cursor = start
    for _ in range(MAX_PARTS):
        separator = _SEPARATOR.match(text, cursor)
        if separator is None:
            break
        part = _PART.match(text, separator.end())
        if part is None:
            break
        value = part.group()
        postcodes = [m.group() for m in _POSTCODE_TOKEN.finditer(value)]
        if _BLANK.fullmatch(separator.group()) and not _vouches(value, postcodes):
            break
        words = _POSTCODE_TOKEN.sub(" ", value).split()
        place = " ".join(w for w in words if not _STATE_CODE.fullmatch(w))
        pending.append(place)
        cursor = part.end()
        counts = (
            bool(postcodes)
            or bool(words and all(_STATE_CODE.fullmatch(w) for w in words))
            or bool(_DISTRICT.search(value))
            or (bool(place) and is_place(place))
        )
        if counts:
            end = cursor
            places += [p for p in pending if p]
            pending = []
            has_postcode = has_postcode or bool(postcodes)
            found_postcodes += [p.strip() for p in postcodes]
            for postcode in postcodes:
                country_code = country_code or postcode_country(postcode.strip())
            for word in words:
                state_country = state_country or _STATE_COUNTRIES.get(word.strip("()"))
    return Tail(
        end, tuple(places), country_code, has_postcode, tuple(found_postcodes), state_country
    )
