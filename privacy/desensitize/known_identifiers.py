"""The identifiers an edge node already knows: its user's own, and the address book's.

Recognizers guess: a name in casual text may have no cue, a phone number may be
in a range the numbering plan says is unassigned, a street may be one word. The
device does not have to guess about the people and places it holds itself: the
user's name, email, phone and addresses, and every contact's. Turned into
Presidio recognizers and passed with each analysis, they are found wherever they
are written, in any case, with or without accents, whatever the separators.

Nothing here leaves the node, and no error message quotes an identifier.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, fields
from typing import Any

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, Pattern, PatternRecognizer

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers.known_address import KnownAddressRecognizer
from privacy.desensitize.recognizers.person_cue import PersonCueRecognizer

# A name part shorter than this ("Bo", "Li") matches too many other words.
MIN_NAME_PART_LETTERS = 3
# Surname particles are words of their own language ("van", "de"), not names.
NAME_PARTICLES = frozenset(
    "van von der den de del della di da du le la los las ter ten het zu bin al el".split()
)

_BEFORE = r"(?<![\p{L}\p{N}])"
_AFTER = r"(?![\p{L}\p{N}])"
_PHONE_SEPARATOR = r"[\s.\-/()]*"
_NAME_PART_SPLIT = regex.compile(r"[\s\-]+")
_ADDRESS_TOKEN = regex.compile(r"[^\s,]+")
_DIGITS = regex.compile(r"\d")
_LETTER = regex.compile(r"\p{L}")


def _unique_strings(values: Iterable[object], field: str) -> tuple[str, ...]:
    """Stripped, non-empty, first-seen order; rejects non-strings by field name only."""
    unique: dict[str, None] = {}
    for value in values:
        if not isinstance(value, str):
            raise TypeError(f"known {field} must be strings, not {type(value).__name__}")
        if value.strip():
            unique.setdefault(value.strip(), None)
    return tuple(unique)


@dataclass(frozen=True)
class KnownIdentifiers:
    """Names, emails, phone numbers and addresses to replace wherever they occur.

    Any sequence of strings is accepted per field and kept as a tuple, stripped
    and without duplicates; matching tolerates how people retype the values, so
    they need no normalizing. Hashable, so a desensitizer can build the
    recognizers once per address book.
    """

    names: tuple[str, ...] = ()
    emails: tuple[str, ...] = ()
    phones: tuple[str, ...] = ()
    addresses: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        for field in fields(self):
            values = getattr(self, field.name)
            if isinstance(values, str):
                raise TypeError(f"known {field.name} must be a sequence of strings, not one string")
            object.__setattr__(self, field.name, _unique_strings(values, field.name))

    @classmethod
    def from_profile(cls, profile: Mapping[str, Any]) -> KnownIdentifiers:
        """The identifiers in a node's ``profile.json``.

        Reads the user's ``name``, ``email``, ``phone``, ``home_address`` and
        ``places`` (a mapping of label to address), and the ``name``, ``email``
        and ``phone`` of each entry of ``contacts``. Missing or null keys are
        skipped: an address book with gaps still protects what it has.
        """
        places = _mapping(profile, "places")
        contacts = profile.get("contacts") or []
        if not isinstance(contacts, (list, tuple)) or not all(
            isinstance(contact, Mapping) for contact in contacts
        ):
            raise TypeError("profile field 'contacts' must be a list of objects")
        people = [profile, *contacts]
        return cls(
            names=_present(person.get("name") for person in people),
            emails=_present(person.get("email") for person in people),
            phones=_present(person.get("phone") for person in people),
            addresses=_present([profile.get("home_address"), *places.values()]),
        )

    def recognizers(self, gazetteer: Gazetteer) -> list[EntityRecognizer]:
        """Presidio recognizers for these identifiers, to pass as ``ad_hoc_recognizers``.

        ``gazetteer`` tells name parts that are also places ("Charlotte",
        "Florence") from the rest: those are replaced only after a cue for a
        person, so that the city of the same name survives elsewhere.
        """
        recognizers: list[EntityRecognizer] = []
        name_patterns = self._name_patterns(gazetteer)
        if name_patterns:
            recognizers.append(
                PatternRecognizer(
                    supported_entity="PERSON",
                    name="KnownNameRecognizer",
                    patterns=name_patterns,
                    global_regex_flags=0,  # case is set inside the patterns
                )
            )
        place_named_parts = [
            part for part in self._name_parts() if _names_a_place(part, gazetteer)
        ]
        if place_named_parts:
            recognizers.append(PersonCueRecognizer(gazetteer, only_names=place_named_parts))
        if self.emails:
            recognizers.append(
                PatternRecognizer(
                    supported_entity="EMAIL_ADDRESS",
                    name="KnownEmailRecognizer",
                    deny_list=list(self.emails),
                )
            )
        if self.phones:
            recognizers.append(
                PatternRecognizer(
                    supported_entity="PHONE_NUMBER",
                    name="KnownPhoneRecognizer",
                    patterns=[
                        Pattern("known phone number", _phone_regex(phone), 1.0)
                        for phone in self.phones
                        if _DIGITS.search(phone)
                    ],
                    global_regex_flags=0,  # case is set inside the patterns
                )
            )
        if self.addresses:
            recognizers.append(KnownAddressRecognizer(self._address_patterns(gazetteer)))
        return recognizers

    def _name_parts(self) -> list[str]:
        """First and last names, hyphenated ones whole and in pieces, long enough to match."""
        parts: dict[str, None] = {}
        for name in self.names:
            for part in [*name.split(), *_NAME_PART_SPLIT.split(name)]:
                letters = len(_LETTER.findall(part))
                if letters >= MIN_NAME_PART_LETTERS and part.casefold() not in NAME_PARTICLES:
                    parts.setdefault(part, None)
        return list(parts)

    def _name_patterns(self, gazetteer: Gazetteer) -> list[Pattern]:
        patterns = []
        full_names = [name for name in self.names if len(name.split()) > 1]
        if full_names:
            alternatives = "|".join(
                _text_regex(name, case_sensitive_first=False)
                for name in sorted(full_names, key=len, reverse=True)
            )
            patterns.append(Pattern("known full name", f"{_BEFORE}(?:{alternatives}){_AFTER}", 1.0))
        # A part alone counts only when written with its capital ("Noor", "NOOR"):
        # lowercase, many first names are words ("will", "may", "grace").
        parts = [part for part in self._name_parts() if not _names_a_place(part, gazetteer)]
        if parts:
            alternatives = "|".join(
                _text_regex(part, case_sensitive_first=True)
                for part in sorted(parts, key=len, reverse=True)
            )
            patterns.append(
                Pattern("known name part", f"{_BEFORE}(?:{alternatives}){_AFTER}", 0.95)
            )
        return patterns

    def _address_patterns(self, gazetteer: Gazetteer) -> dict[regex.Pattern[str], str | None]:
        """A pattern per address and per short form ("Meir 148"), each with its city.

        The short form is what precedes the first comma. Either form counts only
        with a house number in it: a street or a square named without one
        ("Grand Place") does not locate anybody, and is kept like any place.
        """
        patterns: dict[regex.Pattern[str], str | None] = {}
        for address in self.addresses:
            locality = _locality(address, gazetteer)
            for form in (address, address.split(",", 1)[0].strip()):
                tokens = [_text_regex(token, False) for token in _ADDRESS_TOKEN.findall(form)]
                if tokens and _DIGITS.search(form):
                    pattern = regex.compile(_BEFORE + r"(?:\s*,\s*|\s+)".join(tokens) + _AFTER)
                    patterns.setdefault(pattern, locality)
        return patterns


def _mapping(profile: Mapping[str, Any], field: str) -> Mapping[str, Any]:
    value = profile.get(field) or {}
    if not isinstance(value, Mapping):
        raise TypeError(f"profile field {field!r} must be an object")
    return value


def _present(values: Iterable[Any]) -> tuple[Any, ...]:
    """The values that are set; anything but a string among them is rejected later."""
    return tuple(value for value in values if value is not None)


def _names_a_place(word: str, gazetteer: Gazetteer) -> bool:
    return bool(
        gazetteer.find_city(word) or gazetteer.find_region(word) or gazetteer.find_country(word)
    )


def _fold(character: str) -> str:
    decomposed = unicodedata.normalize("NFKD", character)
    return "".join(c for c in decomposed if not unicodedata.combining(c)) or character


def _character_class(character: str, any_case: bool) -> str:
    """The ways a character may be typed: with or without its accent, and either case."""
    variants = {character, _fold(character)}
    if any_case:
        variants |= {v.upper() for v in variants} | {v.lower() for v in variants}
    single = sorted(v for v in variants if len(v) == 1)
    longer = sorted(v for v in variants if len(v) != 1)
    alternatives = [regex.escape(v) for v in longer]
    if single:
        alternatives.append("[" + "".join(regex.escape(v) for v in single) + "]")
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def _text_regex(text: str, case_sensitive_first: bool) -> str:
    """A pattern for ``text`` as retyped: any spacing, ’ for ', a hyphen or a space."""
    pieces: list[str] = []
    for index, character in enumerate(text):
        if character.isspace():
            if not pieces or pieces[-1] != r"\s+":
                pieces.append(r"\s+")
        elif character in "'’":
            pieces.append("['’]")
        elif character == "-":
            pieces.append(r"[\-\s]")
        elif character.isalpha():
            pieces.append(_character_class(character, not (case_sensitive_first and index == 0)))
        else:
            pieces.append(regex.escape(character))
    return "".join(pieces)


def _phone_regex(phone: str) -> str:
    """The number's own digits with any separators, after its country code or trunk prefix.

    "+32 481 46 05 35" is written "0481 46 05 35" at home, "0032 481 460 535" by
    some, "481460535" by others; all share the national significant number.
    """
    country_code, national, trunk = _phone_parts(phone)
    international = r"(?:\+|00)\s*\d{1,3}" if country_code is None else rf"(?:\+|00)\s*{country_code}"
    prefixes = [rf"{international}{_PHONE_SEPARATOR}(?:\(0\){_PHONE_SEPARATOR})?"]
    if trunk:
        prefixes.append(rf"\(?{regex.escape(trunk)}\)?{_PHONE_SEPARATOR}")
    body = _PHONE_SEPARATOR.join(national)
    return rf"(?<![\d+])(?:{'|'.join(prefixes)})?{body}(?!\d)"


def _phone_parts(phone: str) -> tuple[int | None, str, str]:
    """(country code, national significant number, trunk prefix) of a written number."""
    digits = "".join(_DIGITS.findall(phone))
    if phone.lstrip().startswith("+"):
        try:
            parsed = phonenumbers.parse(phone, None)
        except phonenumbers.NumberParseException:
            return None, digits, "0"
        if parsed.country_code is None:  # parse() always sets it; its stub allows None
            return None, digits, "0"
        region = phonenumbers.region_code_for_country_code(parsed.country_code)
        metadata = phonenumbers.PhoneMetadata.metadata_for_region(region, None)
        trunk = (metadata.national_prefix if metadata else None) or ""
        return (
            parsed.country_code,
            phonenumbers.national_significant_number(parsed),
            trunk,
        )
    if digits.startswith("0"):
        return None, digits[1:], "0"
    return None, digits, ""


def _locality(address: str, gazetteer: Gazetteer) -> str | None:
    """The gazetteer city an address names after its first comma, if any.

    The part after the street holds postcodes, cities, states and countries in
    local order ("2000 Antwerpen", "Calgary, AB T2T 1A1"); the longest run of
    digit-free words that the gazetteer knows as a city is taken.
    """
    for part in address.split(",")[1:]:
        words = [word for word in part.split() if not _DIGITS.search(word)]
        for size in range(len(words), 0, -1):
            for start in range(len(words) - size + 1):
                city = gazetteer.find_locality(" ".join(words[start : start + size]))
                if city:
                    return city.name
    return None
