"""Local formats of identifiers: postcodes, street addresses, phone numbers, cards, GPS.

Each country writes these differently, and a desensitizer that only knows one shape
would look better in tests than it is, so every shape here follows local practice.
Where a country reserves numbers for fiction we use them (UK mobiles 07700 900xxx and
drama landlines, NANP 555-01xx); elsewhere numbers have realistic shapes.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

from netgpt.synthetic.countries import City, Country


@dataclass(frozen=True)
class Phone:
    national: str
    international: str


@dataclass(frozen=True)
class Address:
    """`short` is how people say it in passing; `full` is what goes on an envelope."""

    short: str
    full: str


def _digits(rng: random.Random, n: int) -> str:
    return "".join(str(rng.randrange(10)) for _ in range(n))


def _letters(rng: random.Random, alphabet: str, n: int) -> str:
    return "".join(rng.choice(alphabet) for _ in range(n))


# --- postcodes ---------------------------------------------------------------

def _nl_postcode(city: City, rng: random.Random) -> str:
    # Dutch postcodes never end in SA, SD or SS.
    while (suffix := _letters(rng, "ABCDEFGHJKLMNPRSTVWXZ", 2)) in ("SA", "SD", "SS"):
        pass
    return f"{rng.choice(city.postcodes)} {suffix}"


def _gb_postcode(city: City, rng: random.Random) -> str:
    return f"{rng.choice(city.postcodes)} {rng.randrange(10)}{_letters(rng, 'ABDEFGHJLNPQRSTUWXYZ', 2)}"


def _ie_postcode(city: City, rng: random.Random) -> str:
    # Eircode: routing key + a unique identifier drawn from this restricted alphabet.
    return f"{rng.choice(city.postcodes)} {_letters(rng, '0123456789ACDEFHKNPRTVWXY', 4)}"


def _ca_postcode(city: City, rng: random.Random) -> str:
    letter = rng.choice("ABCEGHJKLMNPRSTVWXYZ")
    return f"{rng.choice(city.postcodes)} {rng.randrange(10)}{letter}{rng.randrange(10)}"


def _listed_postcode(city: City, rng: random.Random) -> str:
    return rng.choice(city.postcodes)


_POSTCODES: dict[str, Callable[[City, random.Random], str]] = {
    "NL": _nl_postcode,
    "GB": _gb_postcode,
    "IE": _ie_postcode,
    "CA": _ca_postcode,
}

# --- street addresses --------------------------------------------------------

# (short, full) per country; number-after-street where that is the local habit.
_ADDRESS_FORMATS: dict[str, tuple[str, str]] = {
    "FR": ("{number} {street}", "{short}, {postcode} {city}"),
    "BE": ("{street} {number}", "{short}, {postcode} {city}"),
    "NL": ("{street} {number}", "{short}, {postcode} {city}"),
    "DE": ("{street} {number}", "{short}, {postcode} {city}"),
    "AT": ("{street} {number}", "{short}, {postcode} {city}"),
    "CH": ("{street} {number}", "{short}, {postcode} {city}"),
    "GB": ("{number} {street}", "{short}, {city} {postcode}"),
    "IE": ("{number} {street}", "{short}, {city}, {postcode}"),
    "US": ("{number} {street}", "{short}, {city}, {admin} {postcode}"),
    "CA": ("{number} {street}", "{short}, {city}, {admin} {postcode}"),
}


def _house_number(country: str, rng: random.Random) -> str:
    if country in ("US", "CA"):
        return str(rng.randint(10, 4999))
    number = str(rng.randint(1, 160))
    if rng.random() < 0.08:
        number += {"FR": " bis", "GB": "B", "IE": "A"}.get(country, "a")
    return number


def make_address(country: Country, city: City, rng: random.Random) -> Address:
    short_fmt, full_fmt = _ADDRESS_FORMATS[country.code]
    street = rng.choice(city.streets or country.streets)
    short = short_fmt.format(number=_house_number(country.code, rng), street=street)
    postcode = _POSTCODES.get(country.code, _listed_postcode)(city, rng)
    return Address(short, full_fmt.format(short=short, postcode=postcode, city=city.name, admin=city.admin))


# --- phone numbers -----------------------------------------------------------

def _pairs(digits: str) -> str:
    return " ".join(digits[i:i + 2] for i in range(0, len(digits), 2))


def _fr_phone(city: City, rng: random.Random) -> Phone:
    body = rng.choice("67") + _digits(rng, 8)
    return Phone(f"0{body[0]} {_pairs(body[1:])}", f"+33 {body[0]} {_pairs(body[1:])}")


def _be_phone(city: City, rng: random.Random) -> Phone:
    prefix = f"4{rng.randint(70, 99)}"
    rest = _pairs(_digits(rng, 6))
    return Phone(f"0{prefix} {rest}", f"+32 {prefix} {rest}")


def _nl_phone(city: City, rng: random.Random) -> Phone:
    rest = str(rng.randint(1, 5)) + _digits(rng, 7)
    return Phone(f"06 {rest}", f"+31 6 {rest}")


def _de_phone(city: City, rng: random.Random) -> Phone:
    prefix = rng.choice(("151", "152", "157", "160", "162", "170", "171", "172", "176", "177"))
    rest = _digits(rng, 8 if prefix.startswith("15") else 7)
    return Phone(f"0{prefix} {rest}", f"+49 {prefix} {rest}")


def _at_phone(city: City, rng: random.Random) -> Phone:
    prefix = rng.choice(("650", "660", "664", "676", "680", "699"))
    rest = _digits(rng, 7)
    return Phone(f"0{prefix} {rest}", f"+43 {prefix} {rest}")


def _ch_phone(city: City, rng: random.Random) -> Phone:
    prefix = rng.choice(("76", "77", "78", "79"))
    rest = f"{_digits(rng, 3)} {_pairs(_digits(rng, 4))}"
    return Phone(f"0{prefix} {rest}", f"+41 {prefix} {rest}")


def _gb_phone(city: City, rng: random.Random) -> Phone:
    if rng.random() < 0.65:
        line = f"900{_digits(rng, 3)}"
        return Phone(f"07700 {line}", f"+44 7700 {line}")
    area = rng.choice(city.area_codes)
    line = f"0{_digits(rng, 3)}"
    return Phone(f"0{area} {line}", f"+44 {area} {line}")


def _ie_phone(city: City, rng: random.Random) -> Phone:
    prefix = rng.choice(("83", "85", "86", "87", "89"))
    rest = f"{_digits(rng, 3)} {_digits(rng, 4)}"
    return Phone(f"0{prefix} {rest}", f"+353 {prefix} {rest}")


def _nanp_phone(city: City, rng: random.Random) -> Phone:
    area = rng.choice(city.area_codes)
    line = f"01{_digits(rng, 2)}"
    national = rng.choice((f"({area}) 555-{line}", f"{area}-555-{line}"))
    return Phone(national, f"+1 {area}-555-{line}")


_PHONES: dict[str, Callable[[City, random.Random], Phone]] = {
    "FR": _fr_phone, "BE": _be_phone, "NL": _nl_phone, "DE": _de_phone, "AT": _at_phone,
    "CH": _ch_phone, "GB": _gb_phone, "IE": _ie_phone, "US": _nanp_phone, "CA": _nanp_phone,
}


def make_phone(country: Country, city: City, rng: random.Random) -> Phone:
    return _PHONES[country.code](city, rng)


# --- payment cards -----------------------------------------------------------

def luhn_valid(number: str) -> bool:
    """True when the digits of `number` (separators ignored) pass the Luhn check."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(digits) < 2:
        return False
    total = 0
    for i, d in enumerate(reversed(digits)):
        if i % 2 == 1:
            d = d * 2 - 9 if d > 4 else d * 2
        total += d
    return total % 10 == 0


def make_card_number(rng: random.Random) -> str:
    """A Luhn-valid Visa, Mastercard or Amex number, digits only."""
    prefix, length = rng.choices(
        ((("4",), 16), (("51", "52", "53", "54", "55"), 16), (("34", "37"), 15)),
        weights=(6, 3, 1),
    )[0]
    body = rng.choice(prefix)
    body += _digits(rng, length - len(body) - 1)
    check = next(d for d in "0123456789" if luhn_valid(body + d))
    return body + check


def format_card(number: str, rng: random.Random) -> str:
    """Written as people type it: grouped by spaces or dashes, or run together."""
    groups = (4, 6, 5) if len(number) == 15 else (4, 4, 4, 4)
    parts, start = [], 0
    for size in groups:
        parts.append(number[start:start + size])
        start += size
    return rng.choices((" ".join(parts), "-".join(parts), number), weights=(6, 2, 2))[0]


# --- coordinates -------------------------------------------------------------

def format_gps(lat: float, lon: float, rng: random.Random) -> str:
    places = rng.choice((4, 5, 6))
    separator = rng.choice((", ", ", ", ","))
    return f"{lat:.{places}f}{separator}{lon:.{places}f}"
