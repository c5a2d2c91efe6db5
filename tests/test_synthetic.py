"""The synthetic edge-data generator: determinism, ground truth, isolation, realism."""

from __future__ import annotations

import json
import math
import random
import re
import string
import time
from collections.abc import Callable
from datetime import datetime
from pathlib import Path

import pytest

from netgpt.layout import NodeData
from netgpt.synthetic import (
    REGIONS,
    SyntheticUser,
    generate_federation_data,
    generate_user,
    load_records,
    region_for_node,
    write_node_data,
)
from netgpt.synthetic.countries import COUNTRIES
from netgpt.synthetic.formats import make_address, make_phone
from netgpt.synthetic.languages import LANGUAGES
from netgpt.synthetic.languages.english import MESSAGES
from netgpt.synthetic.messages import render
from netgpt.synthetic.templates import parse

PII_TYPES = {"PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS", "STREET_ADDRESS", "GPS", "CREDIT_CARD"}

_NAMES = NodeData(Path("."))
RECORDS_FILE, PROFILE_FILE, PLANTED_FILE = _NAMES.records.name, _NAMES.profile.name, _NAMES.planted.name


@pytest.fixture(scope="module")
def federation(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return generate_federation_data(tmp_path_factory.mktemp("fed"), 3, seed=7)


def _planted(node_dir: Path) -> list[dict]:
    return json.loads((node_dir / PLANTED_FILE).read_text(encoding="utf-8"))


def _profile(node_dir: Path) -> dict:
    return json.loads((node_dir / PROFILE_FILE).read_text(encoding="utf-8"))


def _luhn(digits: str) -> bool:
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def _km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    p1, p2 = math.radians(lat1), math.radians(lat2)
    a = math.sin((p2 - p1) / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(math.radians(lon2 - lon1) / 2) ** 2
    return 2 * 6371 * math.asin(math.sqrt(a))


def _words(node_dir: Path) -> set[str]:
    return {w for r in load_records(node_dir) for w in re.findall(r"[^\W\d_]+", r["text"].lower())}


def _jaccard(a: set[str], b: set[str]) -> float:
    return len(a & b) / len(a | b)


# --- determinism and layout --------------------------------------------------

def test_same_seed_and_node_give_identical_bytes(tmp_path: Path) -> None:
    first = generate_federation_data(tmp_path / "a", 3, seed=11)
    second = generate_federation_data(tmp_path / "b", 3, seed=11)
    for a, b in zip(first, second, strict=True):
        for name in (RECORDS_FILE, PROFILE_FILE, PLANTED_FILE):
            assert (a / name).read_bytes() == (b / name).read_bytes()
    other = generate_federation_data(tmp_path / "c", 3, seed=12)
    assert (first[0] / RECORDS_FILE).read_bytes() != (other[0] / RECORDS_FILE).read_bytes()


def test_node_directories_hold_exactly_the_three_files(federation: list[Path]) -> None:
    assert [d.name for d in federation] == ["node-1", "node-2", "node-3"]
    for node_dir in federation:
        assert sorted(p.name for p in node_dir.iterdir()) == sorted((RECORDS_FILE, PROFILE_FILE, PLANTED_FILE))


def test_failed_write_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    node_dir = write_node_data(generate_user(1, "node-1"), tmp_path)
    before = (node_dir / RECORDS_FILE).read_bytes()

    def crash(src: str, dst: str) -> None:
        raise OSError("disk went away")

    monkeypatch.setattr("netgpt.files.os.replace", crash)
    with pytest.raises(OSError):
        write_node_data(generate_user(2, "node-1"), tmp_path)
    assert (node_dir / RECORDS_FILE).read_bytes() == before
    assert not [p for p in node_dir.iterdir() if p.name.endswith(".tmp")]


def test_records_schema_and_count(federation: list[Path]) -> None:
    for node_dir in federation:
        records = load_records(node_dir)
        assert 100 <= len(records) <= 300
        assert sum(r["kind"] != "location" for r in records) >= 100
        assert len({r["id"] for r in records}) == len(records)
        for r in records:
            assert list(r) == ["id", "kind", "timestamp", "text"]
            assert r["kind"] in ("message", "note", "location")
            assert re.fullmatch(rf"{node_dir.name}-{r['kind']}-\d+", r["id"])
            datetime.fromisoformat(r["timestamp"].replace("Z", "+00:00"))
        stamps = [r["timestamp"] for r in records]
        assert stamps == sorted(stamps)
        for r in records:
            if r["kind"] == "location":
                assert re.search(r"-?\d+\.\d{5}, -?\d+\.\d{5}", r["text"])


def test_generating_three_nodes_is_fast(tmp_path: Path, slowdown: Callable[[], float]) -> None:
    start = time.perf_counter()
    generate_federation_data(tmp_path, 3, seed=3)
    took = time.perf_counter() - start
    factor = slowdown()
    assert took < 1.0 * factor, f"{took:.2f} s (bound 1 s × slowdown {factor:.1f})"


# --- planted PII ground truth ------------------------------------------------

def test_every_planted_value_occurs_verbatim(federation: list[Path]) -> None:
    for node_dir in federation:
        texts = [r["text"] for r in load_records(node_dir)]
        planted = _planted(node_dir)
        assert {p["type"] for p in planted} == PII_TYPES
        assert len({(p["type"], p["value"]) for p in planted}) == len(planted)
        for p in planted:
            assert any(p["value"] in t for t in texts), p


def test_messages_are_casual_sized_and_mostly_carry_pii(federation: list[Path]) -> None:
    for node_dir in federation:
        values = [p["value"] for p in _planted(node_dir)]
        messages = [r["text"] for r in load_records(node_dir) if r["kind"] == "message"]
        assert all(5 <= len(m.split()) <= 40 for m in messages)
        share = sum(any(v in m for v in values) for m in messages) / len(messages)
        assert 0.5 <= share <= 0.8


def test_credit_cards_pass_luhn(federation: list[Path]) -> None:
    cards = [p["value"] for d in federation for p in _planted(d) if p["type"] == "CREDIT_CARD"]
    assert cards
    for card in cards:
        digits = re.sub(r"[ -]", "", card)
        assert digits.isdigit() and len(digits) in (15, 16) and _luhn(digits), card


def test_node_holds_only_its_own_user(federation: list[Path]) -> None:
    for node_dir in federation:
        profile = _profile(node_dir)
        own = [profile["name"], profile["email"], profile["home_address"]]
        own += [c["email"] for c in profile["contacts"]]
        for other in federation:
            if other == node_dir:
                continue
            blob = "".join((other / name).read_text(encoding="utf-8")
                           for name in (RECORDS_FILE, PROFILE_FILE, PLANTED_FILE))
            assert not [v for v in own if v in blob]


# --- regions -------------------------------------------------------------------

def test_region_assignment() -> None:
    three = [region_for_node(i) for i in (1, 2, 3)]
    assert three[0] == three[1] != three[2]
    assert {region_for_node(i) for i in range(1, len(REGIONS) + 2)} == set(REGIONS)
    assert len(REGIONS) >= 3
    with pytest.raises(ValueError):
        region_for_node(0)


def test_region_override(tmp_path: Path) -> None:
    dirs = generate_federation_data(tmp_path, 3, seed=0, regions={"node-1": "north-america"})
    assert _profile(dirs[0])["region"] == "north-america"
    assert _profile(dirs[0])["country"] in REGIONS["north-america"].countries
    assert generate_user(0, "node-2", region="uk-ireland").region == "uk-ireland"
    with pytest.raises(ValueError):
        generate_user(0, "node-1", region="atlantis")


def test_same_region_users_share_more_vocabulary(tmp_path: Path) -> None:
    """Between users of one language: across languages, the language decides."""
    compared = 0
    for seed in range(30):
        if {generate_user(seed, f"node-{i}").profile.language.code for i in (1, 2, 3)} != {"en"}:
            continue
        n1, n2, n3 = map(_words, generate_federation_data(tmp_path / str(seed), 3, seed=seed))
        same = _jaccard(n1, n2)
        assert same > 1.3 * max(_jaccard(n1, n3), _jaccard(n2, n3))
        compared += 1
        if compared == 3:
            break
    assert compared == 3


def test_users_of_two_languages_share_little_of_their_words() -> None:
    """What a user's own adapter can learn and a merge of many dilutes: two users of one
    language share about half their words, two of different languages a tenth."""
    words: dict[str, list[set[str]]] = {}
    for seed in range(12):
        user = generate_user(seed, "node-1")
        said = {w for r in user.records for w in re.findall(r"[^\W\d_]+", r.text.lower())}
        words.setdefault(user.profile.language.code, []).append(said)
    assert {"en", "fr", "nl"} <= {code for code, users in words.items() if len(users) >= 2}
    for code in ("en", "fr", "nl"):
        assert _jaccard(*words[code][:2]) > 0.4
    for one, other in (("en", "fr"), ("en", "nl"), ("fr", "nl")):
        assert _jaccard(words[one][0], words[other][0]) < 0.2


def test_users_of_one_region_differ_in_what_they_know_and_how_they_say_it() -> None:
    """Personalization beyond the region has something to learn: a user's haunts and
    the city their people live in, the weekday of each routine, their own wording."""
    for seed in range(4):
        pair = [generate_user(seed, f"node-{i}") for i in (1, 2)]
        assert pair[0].region == pair[1].region
        for user, neighbour in (pair, pair[::-1]):
            me, them = user.profile, neighbour.profile
            mine_said = {*map(me.language.landmark, me.haunts), me.away_city}
            facts = mine_said - {*map(them.language.landmark, them.haunts), *them.haunts, them.away_city,
                                 them.city.name}

            def rate(who: SyntheticUser, facts: set[str] = facts) -> float:
                said = [r.text for r in who.records if r.kind == "message"]
                return sum(any(f in text for f in facts) for text in said) / len(said)

            assert rate(user) >= 0.1 and rate(user) > 5 * rate(neighbour)
            language = me.language
            routines = {language.word(r.habit): language.weekday(r.day) for r in me.routines}
            habit, day = "|".join(map(re.escape, routines)), "|".join(language.weekdays)
            texts = "\n".join(r.text for r in user.records)
            # The weekday said within two words after a routine is that routine's, in any language.
            named = [m.groups() for m in re.finditer(rf"({habit})\W+(?:\w+\W+){{0,2}}?({day})\b", texts)]
            assert named and all(routines[h] == d for h, d in named)
            mine = {way for phrase, way in me.style.wording.items() if way not in (phrase, them.style.wording[phrase])}

            def uses(who: SyntheticUser, mine: set[str] = mine) -> int:
                return sum(way in r.text.lower() for r in who.records for way in mine)

            assert not mine or language.code != "en" or uses(user) > 3 * uses(neighbour)


def test_translations_keep_every_template_and_its_slots() -> None:
    """A translation says the same things: the English templates' order and slots,
    and every region of a country that speaks it."""
    english = LANGUAGES["en"]

    def slots(text: str) -> list[str]:
        return sorted(field for _, field, _, _ in string.Formatter().parse(text) if field)

    for language in LANGUAGES.values():
        assert len(language.weekdays) == 7 and len(language.months) == 12
        assert len(language.when) == len(english.when) and slots(language.on_day) == ["day"]
        pairs = [*zip(english.messages, language.messages, strict=True),
                 *zip(english.notes, language.notes, strict=True), *zip(english.tails, language.tails, strict=True)]
        for name, templates in language.region_templates.items():
            pairs += zip(REGIONS[name].templates, templates, strict=True)
        for original, translated in pairs:
            assert slots(original) == slots(translated), translated
    for region in REGIONS.values():
        for code in region.countries:
            for spoken in COUNTRIES[code].languages:
                assert LANGUAGES[spoken].templates_of(region)


def test_people_of_a_country_with_its_own_language_mostly_write_it() -> None:
    written: dict[str, list[str]] = {}
    for i in range(1, 60):
        profile = generate_user(3, f"probe-{i}", region="europe-west").profile
        written.setdefault(profile.country.code, []).append(profile.language.code)
    assert set(written["BE"]) == {"fr", "nl", "en"}
    assert {"fr", "en"} >= set(written["FR"]) and written["FR"].count("fr") > written["FR"].count("en")
    assert all(generate_user(3, f"probe-{i}", region="uk-ireland").profile.language.code == "en" for i in range(20))


def test_template_counts() -> None:
    assert len(MESSAGES) >= 15
    for region in REGIONS.values():
        assert 15 <= len(region.templates) <= 25


def test_every_template_renders_for_every_country_and_language_of_its_region() -> None:
    rng = random.Random(0)
    for name, region in REGIONS.items():
        seen: set[tuple[str, str]] = set()
        wanted = {(code, spoken) for code in region.countries for spoken in ("en", *COUNTRIES[code].languages)}
        for i in range(1, 400):
            user = generate_user(0, f"probe-{i}", region=name)
            profile = user.profile
            if (profile.country.code, profile.language.code) in seen:
                continue
            seen.add((profile.country.code, profile.language.code))
            language = profile.language
            for text in language.templates_of(region) + language.messages + language.notes:
                rendered, planted = render(parse(text), profile, rng)
                assert "{" not in rendered
                assert all(p.value in rendered for p in planted)
            if seen == wanted:
                break
        assert seen == wanted


# --- geography and local formats ------------------------------------------------

@pytest.mark.parametrize(("city", "lat", "lon"), [
    ("Paris", 48.86, 2.35), ("London", 51.51, -0.13), ("New York", 40.71, -74.01),
    ("Berlin", 52.52, 13.40), ("Amsterdam", 52.37, 4.90), ("Dublin", 53.35, -6.26),
    ("Toronto", 43.65, -79.38), ("Bruxelles", 50.85, 4.35),
])
def test_city_coordinates_are_real(city: str, lat: float, lon: float) -> None:
    found = {c.name: c for r in REGIONS.values() for _, c in r.cities()}[city]
    assert _km(found.lat, found.lon, lat, lon) < 3


def test_homes_are_in_their_city() -> None:
    for i in range(1, 9):
        p = generate_user(5, f"node-{i}").profile
        assert _km(p.home_lat, p.home_lon, p.city.lat, p.city.lon) < 5
        assert p.city.name in p.home.full


def test_countries_covered() -> None:
    covered = {c for r in REGIONS.values() for c in r.countries}
    assert {"FR", "BE", "NL", "DE", "GB", "IE", "US", "CA"} <= covered


ADDRESS_SHAPES = {
    "FR": r"\d+( bis)? .+, \d{5} .+",
    "BE": r".+ \d+a?, \d{4} .+",
    "NL": r".+ \d+a?, \d{4} [A-Z]{2} .+",
    "DE": r".+ \d+a?, \d{5} .+",
    "AT": r".+ \d+a?, \d{4} .+",
    "CH": r".+ \d+a?, \d{4} .+",
    "GB": r"\d+B? .+, .+ [A-Z]{1,2}\d[A-Z\d]? \d[A-Z]{2}",
    "IE": r"\d+A? .+, .+, [A-Z]\d{2} [0-9ACDEFHKNPRTVWXY]{4}",
    "US": r"\d+ .+, .+, [A-Z]{2} \d{5}",
    "CA": r"\d+ .+, .+, [A-Z]{2} [A-Z]\d[A-Z] \d[A-Z]\d",
}
PHONE_SHAPES = {
    "FR": (r"0[67]( \d\d){4}", r"\+33 [67]( \d\d){4}"),
    "BE": (r"04\d\d( \d\d){3}", r"\+32 4\d\d( \d\d){3}"),
    "NL": (r"06 \d{8}", r"\+31 6 \d{8}"),
    "DE": (r"01[567]\d \d{7,8}", r"\+49 1[567]\d \d{7,8}"),
    "AT": (r"06\d\d \d{7}", r"\+43 6\d\d \d{7}"),
    "CH": (r"07\d \d{3} \d\d \d\d", r"\+41 7\d \d{3} \d\d \d\d"),
    "GB": (r"07700 900\d{3}|0\d{2,3} \d{3,4} 0\d{3}", r"\+44 (7700 900\d{3}|\d{2,3} \d{3,4} 0\d{3})"),
    "IE": (r"08\d \d{3} \d{4}", r"\+353 8\d \d{3} \d{4}"),
    "US": (r"(\(\d{3}\) |\d{3}-)555-01\d\d", r"\+1 \d{3}-555-01\d\d"),
    "CA": (r"(\(\d{3}\) |\d{3}-)555-01\d\d", r"\+1 \d{3}-555-01\d\d"),
}


@pytest.mark.parametrize("code", sorted(COUNTRIES))
def test_local_address_and_phone_formats(code: str) -> None:
    rng = random.Random(code)
    country = COUNTRIES[code]
    for _ in range(50):
        city = rng.choice(country.cities)
        assert re.fullmatch(ADDRESS_SHAPES[code], make_address(country, city, rng).full)
        phone = make_phone(country, city, rng)
        national, international = PHONE_SHAPES[code]
        assert re.fullmatch(national, phone.national), phone
        assert re.fullmatch(international, phone.international), phone
