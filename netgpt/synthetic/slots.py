"""Filling the `{slot}`s of one message from the user's profile.

A filler is made per message so that every person slot in it talks about the same
contact ("call Sarah Jones at <Sarah's number>"). PII slots report their type so the
ground truth is the exact string that was inserted; all other slots are everyday
words from the user's preferences, country and region, which is what makes users of
one region write alike, and from the user's own routines, haunts and people, which
is what sets one user apart from the rest of the region. Everyday words are said in
the user's language. A message about a habit
names the weekday and time of that routine, every time: a fact to learn.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from types import MappingProxyType

from netgpt.synthetic.formats import Phone, format_card, format_gps, make_address
from netgpt.synthetic.geo import somewhere
from netgpt.synthetic.languages.english import WEEKDAYS
from netgpt.synthetic.profile import Contact, Profile, Routine

PII_SLOTS: Mapping[str, str] = MappingProxyType({
    "contact": "PERSON",
    "contact_first": "PERSON",
    "other_contact": "PERSON",
    "contact_phone": "PHONE_NUMBER",
    "my_phone": "PHONE_NUMBER",
    "contact_email": "EMAIL_ADDRESS",
    "my_email": "EMAIL_ADDRESS",
    "home": "STREET_ADDRESS",
    "home_full": "STREET_ADDRESS",
    "address": "STREET_ADDRESS",
    "address_full": "STREET_ADDRESS",
    "gps": "GPS",
    "card": "CREDIT_CARD",
})

_WIFI_WORDS = ("sunflower", "bluecat", "homesweet", "tiger", "pancake", "rainbow")
_FAVOURITE_SHARE = 0.6  # how often a taste or place slot names one of the user's own


class SlotFiller:
    def __init__(self, profile: Profile, rng: random.Random) -> None:
        self._p = profile
        self._rng = rng
        self._routine: Routine = rng.choice(profile.routines)
        # Address books are lopsided: the first contacts are the ones written to most.
        weights = [1.0 / (1 + i) for i in range(len(profile.contacts))]
        contact, other = rng.choices(profile.contacts, weights=weights, k=2)
        while contact is other:
            contact, other = rng.choices(profile.contacts, weights=weights, k=2)
        self._contact: Contact = contact
        self._other: Contact = other

    def fill(self, slot: str, *, about_routine: bool = False) -> tuple[str, str | None]:
        """(text to insert, PII type or None). `about_routine`: the message names
        a habit, so its day and time are that routine's."""
        value = self._pii(slot) if slot in PII_SLOTS else self._word(slot, about_routine)
        return value, PII_SLOTS.get(slot)

    def _phone(self, phone: Phone, country: str) -> str:
        abroad = country != self._p.country.code
        intl = abroad or self._rng.random() < self._p.style.international_phone
        return phone.international if intl else phone.national

    def _address(self, full: bool) -> str:
        p, rng = self._p, self._rng
        address = rng.choice(list(p.places.values())) if rng.random() < 0.6 else make_address(p.country, p.city, rng)
        return address.full if full else address.short

    def _pii(self, slot: str) -> str:
        p, rng, c = self._p, self._rng, self._contact
        match slot:
            case "contact":
                return c.name
            case "contact_first":
                return c.first_name
            case "other_contact":
                return self._other.name
            case "contact_phone":
                return self._phone(c.phone, c.country)
            case "my_phone":
                return self._phone(p.phone, p.country.code)
            case "contact_email":
                return c.email
            case "my_email":
                return p.email
            case "home":
                return p.home.short
            case "home_full":
                return p.home.full
            case "address" | "address_full":
                return self._address(full=slot == "address_full")
            case "gps":
                elsewhere = [city for _, city in p.region.cities() if city is not p.city]
                lat, lon = somewhere((p.home_lat, p.home_lon), p.city, elsewhere, rng, home_share=0.5)
                return format_gps(lat, lon, rng)
            case "card":
                return format_card(rng.choice(p.cards), rng)
        raise KeyError(slot)

    def _word(self, slot: str, about_routine: bool) -> str:
        p, rng, routine, language = self._p, self._rng, self._routine, self._p.language
        match slot:
            case "n":
                return str(rng.randint(2, 8))
            case "age":
                return str(rng.randint(18, 75))
            case "code":
                return str(rng.randint(1000, 9999))
            case "wifi":
                return f"{rng.choice(_WIFI_WORDS)}{rng.randint(10, 99)}"
            case "expiry":
                return f"{rng.randint(1, 12):02d}/{rng.randint(26, 31)}"
            case "when" if about_routine:
                return language.on_day.format(day=language.weekday(routine.day))
            case "when":
                return rng.choice(language.when)
            case "day":
                return language.weekday(routine.day if about_routine else rng.choice(WEEKDAYS))
            case "time" if about_routine:
                return routine.time
            case "date":
                return f"{rng.randint(1, 28)} {rng.choice(language.months)}"
            case "landmark":
                return language.landmark(rng.choice(p.haunts if rng.random() < _FAVOURITE_SHARE else p.city.landmarks))
            case "city":
                return p.city.name
            case "other_city":
                if rng.random() < _FAVOURITE_SHARE:
                    return p.away_city
                return rng.choice([city.name for _, city in p.region.cities() if city is not p.city])
            case "habit":
                return language.word(routine.habit)
        if slot in p.preferences and rng.random() < _FAVOURITE_SHARE:
            return language.word(rng.choice(p.preferences[slot]))
        options = p.country.vocab.get(slot) or p.region.vocab.get(slot)
        if not options:
            raise KeyError(f"template slot {slot!r} has no filler")
        return language.word(rng.choice(options))
