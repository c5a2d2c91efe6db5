"""A user's records: assistant messages, notes and GPS fixes over eight weeks.

Messages mix the region's templates (shared habits) with generic ones, and each user
leans on a few favourite templates (personal habits). About two thirds of messages
carry PII. GPS fixes are written as text so they go through the same desensitizing
pipeline as everything else. Every PII string inserted is returned as ground truth.

Messages come in conversations, as they do with an assistant: now and then the user
says the same thing again in other words (the first try was misheard) or follows up
about the same person. Those near-copies sit within one day, which is why the
node's held-out split keeps days whole. Each user's eight weeks start on their own
day of the year, as real users start at different times.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from functools import cache

from netgpt.synthetic.geo import somewhere
from netgpt.synthetic.languages import LANGUAGES
from netgpt.synthetic.profile import Profile
from netgpt.synthetic.regions import REGIONS
from netgpt.synthetic.slots import SlotFiller
from netgpt.synthetic.style import casualize, reword
from netgpt.synthetic.templates import Template, joined, parse

START = datetime(2026, 1, 1, tzinfo=UTC)
START_DAYS = 365  # the day a user's records begin, counted from START
SPAN_DAYS = 56
TEXT_RECORDS = (100, 240)  # messages + notes per user
LOCATION_RECORDS = (20, 60)  # so a user has 120..300 records in all
NOTE_SHARE = 0.15
PII_SHARE = 0.65
REGIONAL_SHARE = 0.65
FAVOURITES = 5  # templates a user comes back to
FAVOURITE_WEIGHT = 4.0
RETRY_SHARE = 0.2  # conversations where the user says it again in other words
FOLLOW_UP_SHARE = 0.25  # conversations with a second message about the same person
TAIL_SHARE = 0.35  # messages with an aside about the user's own life

_LOCATION_FORMATS = (
    "gps fix {gps} at {ts}",
    "location update {gps} ({ts})",
    "gps fix {gps} accuracy {acc}m at {ts}",
)


@dataclass(frozen=True)
class Record:
    id: str
    kind: str  # "message" | "note" | "location"
    timestamp: str
    text: str

    def to_json(self) -> dict[str, str]:
        return {"id": self.id, "kind": self.kind, "timestamp": self.timestamp, "text": self.text}


@dataclass(frozen=True)
class PlantedPII:
    type: str
    value: str

    def to_json(self) -> dict[str, str]:
        return {"type": self.type, "value": self.value}


@cache
def _pools(region: str, language: str) -> tuple[tuple[Template, ...], tuple[Template, ...], tuple[Template, ...]]:
    """(regional, generic, notes) parsed templates; parsed once per region and language."""
    said = LANGUAGES[language]
    return (tuple(map(parse, said.templates_of(REGIONS[region]))), tuple(map(parse, said.messages)),
            tuple(map(parse, said.notes)))


@cache
def _tails(language: str) -> tuple[Template, ...]:
    return tuple(map(parse, LANGUAGES[language].tails))


def _timestamp(rng: random.Random, start: datetime, hours: tuple[int, int]) -> datetime:
    day = rng.randrange(SPAN_DAYS)
    return start + timedelta(days=day, hours=rng.randint(*hours), minutes=rng.randrange(60))


def _iso(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def render(template: Template, profile: Profile, rng: random.Random, *,
           filler: SlotFiller | None = None, spoken: bool = True) -> tuple[str, list[PlantedPII]]:
    """Fill and roughen one template; return the text and the PII planted in it.

    `filler`: share one with an earlier message of the conversation to talk about
    the same person. `spoken`: a message to the assistant, which may start with
    the user's opener and end with an aside; a note does neither."""
    filler = filler or SlotFiller(profile, rng)
    style = profile.style
    proper = rng.random() >= style.lowercase
    opener = spoken and rng.random() < style.opener_rate
    if spoken and rng.random() < TAIL_SHARE:
        template = joined(template, rng.choice(_tails(profile.language.code)))
    about_routine = any(slot == "habit" for _, slot in template.parts)
    pieces: list[str] = []
    planted: list[PlantedPII] = []
    last = len(template.parts) - 1
    for i, (literal, slot) in enumerate(template.parts):
        if i == 0 and opener:
            # Into the literal, so it is roughened like template text and never
            # touches a planted identifier, which must stay verbatim.
            literal = f"{style.opener} {literal}" if literal else f"{style.opener} "
        if literal:
            pieces.append(casualize(reword(literal, style, rng), style, rng, proper=proper, first=i == 0,
                                    last=i == last and slot is None))
        if slot is not None:
            value, pii_type = filler.fill(slot, about_routine=about_routine)
            pieces.append(value)
            if pii_type is not None:
                planted.append(PlantedPII(pii_type, value))
    if rng.random() < style.signoff_rate:
        pieces.append(f" {style.signoff}")
    return "".join(pieces), planted


def _pick(pool: tuple[Template, ...], favourites: set[str], want_pii: bool,
          rng: random.Random) -> Template:
    candidates = [t for t in pool if t.has_pii == want_pii]
    weights = [FAVOURITE_WEIGHT if t.text in favourites else 1.0 for t in candidates]
    return rng.choices(candidates, weights=weights)[0]


def _conversation(profile: Profile, rng: random.Random, first: Template,
                  pool: tuple[Template, ...], favourites: set[str]) -> list[tuple[str, list[PlantedPII]]]:
    """One message, then maybe the same again in other words, then maybe a
    follow-up about the same person; each a separate record."""
    filler = SlotFiller(profile, rng)
    said = [render(first, profile, rng, filler=filler)]
    if rng.random() < RETRY_SHARE:
        said.append(render(first, profile, rng, filler=filler))
    if rng.random() < FOLLOW_UP_SHARE:
        follow_up = _pick(pool, favourites, first.has_pii, rng)
        said.append(render(follow_up, profile, rng, filler=filler))
    return said


def _location_text(profile: Profile, rng: random.Random, moment: datetime) -> tuple[str, PlantedPII]:
    elsewhere = [city for _, city in profile.region.cities() if city is not profile.city]
    lat, lon = somewhere((profile.home_lat, profile.home_lon), profile.city, elsewhere, rng,
                         home_share=0.75)
    gps = f"{lat:.5f}, {lon:.5f}"
    text = rng.choice(_LOCATION_FORMATS).format(gps=gps, ts=_iso(moment), acc=rng.randint(3, 40))
    return text, PlantedPII("GPS", gps)


def generate_records(profile: Profile, rng: random.Random) -> tuple[list[Record], list[PlantedPII]]:
    """All records of one user, in time order, and the deduplicated PII planted in them."""
    regional, generic, notes = _pools(profile.region.name, profile.language.code)
    favourites = {t.text for t in rng.sample(regional + generic, FAVOURITES)}
    start = START + timedelta(days=rng.randrange(START_DAYS))
    drafts: list[tuple[datetime, str, str]] = []
    planted: dict[PlantedPII, None] = {}

    wanted = rng.randint(*TEXT_RECORDS)
    while len(drafts) < wanted:
        is_note = rng.random() < NOTE_SHARE
        pool = notes if is_note else (regional if rng.random() < REGIONAL_SHARE else generic)
        template = _pick(pool, favourites, rng.random() < PII_SHARE, rng)
        # Before 23h, so a conversation of a few minutes stays within its day.
        moment = _timestamp(rng, start, (7, 22))
        said = [render(template, profile, rng, spoken=False)] if is_note else \
            _conversation(profile, rng, template, pool, favourites)
        for text, found in said[:wanted - len(drafts)]:
            drafts.append((moment, "note" if is_note else "message", text))
            planted.update(dict.fromkeys(found))
            moment += timedelta(minutes=rng.randint(1, 4))

    for _ in range(rng.randint(*LOCATION_RECORDS)):
        moment = _timestamp(rng, start, (0, 23))
        text, found_gps = _location_text(profile, rng, moment)
        drafts.append((moment, "location", text))
        planted[found_gps] = None

    drafts.sort(key=lambda draft: draft[0])  # stable: ties keep generation order
    counters: dict[str, int] = {}
    records = []
    for moment, kind, text in drafts:
        counters[kind] = counters.get(kind, 0) + 1
        records.append(Record(f"{profile.node_name}-{kind}-{counters[kind]}", kind, _iso(moment), text))
    return records, list(planted)
