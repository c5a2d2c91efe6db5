"""The node's held-out split keeps conversations and days whole.

A split by record put a message in training and the user's second try at it in
the held-out set, so the held-out loss rewarded recall of near-copies. These
tests play the evaluator who wants a held-out record the model never saw in any
wording: same-day records never straddle the split, and on the demo federation's
users few held-out messages have a near-copy in training.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from difflib import SequenceMatcher
from pathlib import Path

import pytest

from client.corpus import desensitized_records
from client.records import Record, RecordsError, is_held_out, load_records, split
from netgpt.layout import NodeData
from netgpt.synthetic import generate_federation_data

FRACTION = 0.2
NEAR = 0.8


def _node(tmp_path: Path, items: list[dict[str, str]]) -> NodeData:
    data = NodeData(tmp_path / "node")
    data.root.mkdir(parents=True, exist_ok=True)
    data.records.write_text("".join(json.dumps(item) + "\n" for item in items), encoding="utf-8")
    return data


def _days(count: int, per_day: int) -> list[dict[str, str]]:
    start = datetime(2026, 1, 1, 9, tzinfo=UTC)
    return [
        {"id": f"r{day}-{n}", "timestamp": (start + timedelta(days=day, minutes=n)).strftime("%Y-%m-%dT%H:%M:%SZ"),
         "text": f"message {n} of day {day}"}
        for day in range(count) for n in range(per_day)
    ]


def _sides(records: list[Record]) -> tuple[set[str | None], set[str | None]]:
    train, held = split(records, FRACTION)
    return {r.group for r in train}, {r.group for r in held}


def test_a_days_records_go_the_same_way_and_stay_there_as_new_days_arrive(tmp_path: Path) -> None:
    records = load_records(_node(tmp_path / "a", _days(1000, 3)))
    train_days, held_days = _sides(records)
    assert train_days.isdisjoint(held_days)
    assert 0.17 < len(held_days) / 1000 < 0.23
    before = split(records, FRACTION)
    after = split(load_records(_node(tmp_path / "b", _days(1200, 3))), FRACTION)
    for side_before, side_after in zip(before, after, strict=True):
        assert {r.id for r in side_before} <= {r.id for r in side_after}


def test_the_day_is_the_users_own_and_a_thread_wins(tmp_path: Path) -> None:
    records = load_records(_node(tmp_path, [
        {"id": "late", "timestamp": "2026-03-01T23:30:00+02:00", "text": "a"},
        {"id": "threaded", "timestamp": "2026-03-01T09:00:00Z", "thread": "t-7", "text": "b"},
        {"id": "garbled", "timestamp": "yesterday", "text": "c"},
        {"id": "bare", "text": "d"},
    ]))
    assert [r.group for r in records] == ["day:2026-03-01", "thread:t-7", None, None]
    # Without a group a record is held out alone, exactly as before groups existed.
    assert [r.split_key for r in records[2:]] == ["garbled", "bare"]
    assert is_held_out("bare", FRACTION) == (records[3] in split(records, FRACTION)[1])


@pytest.fixture(scope="module")
def demo_users(tmp_path_factory: pytest.TempPathFactory) -> list[list[Record]]:
    """The demo federation's three users at four seeds: one split per user is a
    small sample, and the share below moves by ±0.06 from one seed to the next."""
    root = tmp_path_factory.mktemp("demo")
    dirs = [d for seed in range(4) for d in generate_federation_data(root / str(seed), 3, seed=seed)]
    return [load_records(NodeData(d)) for d in dirs]


def test_a_synthetic_conversation_never_straddles_the_split(demo_users: list[list[Record]]) -> None:
    for records in demo_users:
        train_days, held_days = _sides(records)
        assert held_days and train_days.isdisjoint(held_days)


def test_few_held_out_messages_have_a_near_copy_in_training(demo_users: list[list[Record]]) -> None:
    """difflib's ratio, the issue's measure: 0.70 of held-out messages had a
    >= 0.8-similar training record with the split by id and the old generator;
    0.46 now (seeds 0-9). Most of what is left is one template filled on two days."""
    held_out, copied = 0, 0
    for records in demo_users:
        train, held = split(records, FRACTION)
        seen = [r.text for r in train]
        for record in held:
            if "-message-" not in record.id:
                continue
            held_out += 1
            copied += any(SequenceMatcher(None, record.text, text).ratio() >= NEAR for text in seen)
    assert held_out >= 200
    assert copied / held_out <= 0.55


def test_desensitized_records_keep_their_day_from_the_cache_too(tmp_path: Path) -> None:
    """The cache holds desensitized text only; a record's group is read from
    the records each time, so cached records split as fresh ones do."""
    data = _node(tmp_path, _days(2, 2))
    cache = tmp_path / "cache.json"
    fresh = desensitized_records(data, cache, "city")
    assert [r.group for r in fresh] == ["day:2026-01-01"] * 2 + ["day:2026-01-02"] * 2
    assert all(set(item) == {"id", "text"} for item in json.loads(cache.read_text())["records"])
    assert desensitized_records(data, cache, "city") == fresh


def test_a_node_whose_records_are_all_one_day_still_trains_and_holds_out(tmp_path: Path) -> None:
    """Held out whole, a single day would leave nothing to train on (and the
    round's Poisson schedule divided by zero); such a node splits by record."""
    for day in range(40):  # some of these days hash into the held-out fifth
        records = load_records(_node(tmp_path / str(day), _days(day + 1, 30)[-30:]))
        train, held = split(records, FRACTION)
        assert train and held, f"day {day}"


@pytest.mark.parametrize(
    "line, problem",
    [
        (b'{"id": "b", "text": "Ana Souza \\ud800 at home"}', "is not valid Unicode"),
        (b'{"id": "b", "text": "Ana Souza", "thread": "Souza \\udfff"}', "is not valid Unicode"),
        (b'{"id": "b", "text": "Ana Souza \xff at home"}', "is not a valid record"),  # not UTF-8
    ],
)
def test_a_line_that_is_no_text_is_refused_by_number_and_never_echoed(
    tmp_path: Path, line: bytes, problem: str
) -> None:
    data = _node(tmp_path, [{"id": "a", "text": "call Ana Souza"}])
    with data.records.open("ab") as handle:
        handle.write(line + b"\n")
    with pytest.raises(RecordsError, match=f"line 2 {problem}") as caught:
        load_records(data)
    assert "Souza" not in str(caught.value) and "xff" not in str(caught.value)
