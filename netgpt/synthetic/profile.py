"""One synthetic person: identity, home, contacts, places, tastes, routines and typing habits.

Everything is drawn from one seeded `random.Random`, in a fixed order, so a profile
is a pure function of (seed, node name, region). Contacts live mostly in the user's
own country (and so carry its phone and address formats), with a few from
neighbouring countries of the region, as real address books do. Routines (a habit
on a fixed weekday and time), haunts (the landmarks this user goes to) and the
city their people live in are what one user of a region knows and another does
not: facts a personal adapter can learn and a regional one cannot.
"""

from __future__ import annotations

import random
import re
import unicodedata
from dataclasses import dataclass
from typing import Any

from netgpt.synthetic.countries import COUNTRIES, City, Country
from netgpt.synthetic.formats import Address, Phone, make_address, make_card_number, make_phone
from netgpt.synthetic.geo import jitter
from netgpt.synthetic.languages import LANGUAGES, Language
from netgpt.synthetic.languages.english import WEEKDAYS
from netgpt.synthetic.regions import Region
from netgpt.synthetic.style import TypingStyle, draw_style

_GENERIC_HABITS = ("yoga class", "piano practice", "the gym", "pilates", "my evening run",
                   "choir rehearsal", "swimming lessons", "book club")
_PREFERENCE_KEYS = ("food", "drink", "music", "sport", "cuisine", "transport")
_PLACES = ("work", "gym", "cafe")
# Most people of a country with a language of its own talk to an assistant in it.
LOCAL_LANGUAGE_SHARE = 0.75
HAUNTS = 2


@dataclass(frozen=True)
class Routine:
    habit: str
    day: str
    time: str


@dataclass(frozen=True)
class Contact:
    first_name: str
    last_name: str
    country: str
    phone: Phone
    email: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"


@dataclass(frozen=True)
class Profile:
    node_name: str
    region: Region
    country: Country
    city: City
    first_name: str
    last_name: str
    email: str
    phone: Phone
    home: Address
    home_lat: float
    home_lon: float
    places: dict[str, Address]
    contacts: tuple[Contact, ...]
    preferences: dict[str, tuple[str, ...]]
    habits: tuple[str, ...]
    cards: tuple[str, ...]
    language: Language
    style: TypingStyle
    routines: tuple[Routine, ...]
    haunts: tuple[str, ...]
    away_city: str

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def to_json(self) -> dict[str, Any]:
        """What profile.json holds; card numbers stay out (they are only in records)."""
        return {
            "node": self.node_name,
            "name": self.name,
            "email": self.email,
            "phone": self.phone.international,
            "region": self.region.name,
            "language": self.language.code,
            "country": self.country.code,
            "country_name": self.country.name,
            "home_city": self.city.name,
            "home_address": self.home.full,
            "home_location": {"lat": self.home_lat, "lon": self.home_lon},
            "places": {label: address.full for label, address in self.places.items()},
            "contacts": [
                {"name": c.name, "country": c.country, "phone": c.phone.international, "email": c.email}
                for c in self.contacts
            ],
            "preferences": {key: list(values) for key, values in self.preferences.items()},
            "habits": list(self.habits),
            "routines": [{"habit": r.habit, "day": r.day, "time": r.time} for r in self.routines],
            "haunts": list(self.haunts),
            "away_city": self.away_city,
        }


def _ascii(text: str) -> str:
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]", "", folded.lower())


def _email(first: str, last: str, country: Country, rng: random.Random) -> str:
    fn, ln = _ascii(first), _ascii(last)
    number = str(rng.randint(1, 99))
    local = rng.choice((f"{fn}.{ln}", f"{fn[0]}.{ln}", f"{fn}{ln}{number}", f"{ln}.{fn}",
                        f"{fn}_{ln}{number}", f"{fn}{number}{ln[0]}"))
    return f"{local}@{rng.choice(country.email_domains)}"


def _contacts(rng: random.Random, region: Region, country: Country, city: City,
              taken_names: set[str], taken_emails: set[str]) -> tuple[Contact, ...]:
    neighbours = [c for c in region.countries if c != country.code]
    contacts: list[Contact] = []
    wanted = rng.randint(8, 14)
    while len(contacts) < wanted:
        home_side = not neighbours or rng.random() < 0.8
        c_country = country if home_side else COUNTRIES[rng.choice(neighbours)]
        c_city = city if home_side and rng.random() < 0.7 else rng.choice(c_country.cities)
        first, last = rng.choice(c_country.first_names), rng.choice(c_country.last_names)
        email = _email(first, last, c_country, rng)
        if f"{first} {last}" in taken_names or email in taken_emails:
            continue
        taken_names.add(f"{first} {last}")
        taken_emails.add(email)
        contacts.append(Contact(first, last, c_country.code, make_phone(c_country, c_city, rng), email))
    return tuple(contacts)


def _routines(rng: random.Random, habits: tuple[str, ...], region: Region) -> tuple[Routine, ...]:
    days = rng.sample(WEEKDAYS, len(habits))
    return tuple(Routine(habit, day, rng.choice(region.vocab["time"])) for habit, day in zip(habits, days, strict=True))


def _language(rng: random.Random, country: Country) -> Language:
    """English for a country without a language of its own, and for some people of
    one; no draw at all in the first case, so those users' data stay as they were."""
    if not country.languages or rng.random() >= LOCAL_LANGUAGE_SHARE:
        return LANGUAGES["en"]
    return LANGUAGES[rng.choice(country.languages)]


def make_profile(rng: random.Random, node_name: str, region: Region) -> Profile:
    country = COUNTRIES[rng.choice(region.countries)]
    language = _language(rng, country)
    # Bigger cities first in each list, so weight them up.
    city = rng.choices(country.cities, weights=[max(1, 4 - i) for i in range(len(country.cities))])[0]
    first, last = rng.choice(country.first_names), rng.choice(country.last_names)
    email = _email(first, last, country, rng)
    home_lat, home_lon = jitter(city.lat, city.lon, 4.0, rng)
    habits = (*rng.sample(region.habits, 2), rng.choice(_GENERIC_HABITS))
    return Profile(
        node_name=node_name,
        region=region,
        country=country,
        city=city,
        first_name=first,
        last_name=last,
        email=email,
        phone=make_phone(country, city, rng),
        home=make_address(country, city, rng),
        home_lat=home_lat,
        home_lon=home_lon,
        places={label: make_address(country, city, rng) for label in _PLACES},
        contacts=_contacts(rng, region, country, city, {f"{first} {last}"}, {email}),
        preferences={key: tuple(rng.sample(region.vocab[key], 2)) for key in _PREFERENCE_KEYS}
        | {"team": (rng.choice(country.vocab["team"]),)},
        habits=habits,
        cards=tuple(make_card_number(rng) for _ in range(rng.randint(1, 2))),
        language=language,
        style=draw_style(rng, region.vocab["signoff"], language.openers),
        routines=_routines(rng, habits, region),
        haunts=tuple(rng.sample(city.landmarks, HAUNTS)),
        away_city=rng.choice([other.name for _, other in region.cities() if other is not city]),
    )
