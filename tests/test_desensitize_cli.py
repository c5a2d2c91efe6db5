"""`netgpt desensitize` as users run it: a subprocess reading JSON Lines on stdin."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
# The console script installed next to the interpreter running the tests.
NETGPT = Path(sys.executable).parent / "netgpt"
BIG_TEXT = "x" * 1_000_000


def _run(lines: list[bytes], *args: str) -> tuple[int, list[dict], str]:
    completed = subprocess.run(
        [str(NETGPT), "desensitize", *args],
        input=b"".join(line + b"\n" for line in lines),
        capture_output=True,
        cwd=REPO,
        timeout=300,
        check=False,
    )
    outputs = [json.loads(line) for line in completed.stdout.decode("utf-8").splitlines()]
    return completed.returncode, outputs, completed.stderr.decode("utf-8")


def _record(record_id: object, text: str) -> bytes:
    return json.dumps({"id": record_id, "text": text}, ensure_ascii=False).encode("utf-8")


SECRET = "Call Sarah Connor on +44 7700 900123 about 12 Long Street, Cape Town, 8001."


@pytest.fixture(scope="module")
def mixed_run() -> tuple[int, list[dict], str]:
    """One run over good, bad and awkward lines (the CLI's start-up is the cost)."""
    return _run(
        [
            _record("a", SECRET),
            b"this is not json " + SECRET.encode(),
            json.dumps({"id": "no-text"}).encode(),
            json.dumps({"id": "not-a-string", "text": 42}).encode(),
            b"[1, 2]",
            b'{"id": "bad-utf8", "text": "\xff\xfe"}',
            _record("empty", ""),
            _record("emoji", "🎉🎉 party at 🏠 with 👩‍👩‍👧"),
            _record("non-english", "Привет! 東京で会いましょう。 مرحبا"),
            _record("big", BIG_TEXT),
            _record(7, "Meet Priya Sharma at 48.8584, 2.2945"),
        ],
        "--level",
        "region",
    )


def test_one_output_line_per_input_line_in_order(mixed_run: tuple[int, list[dict], str]) -> None:
    _, outputs, _ = mixed_run
    assert [o["id"] for o in outputs] == [
        "a",
        None,
        "no-text",
        "not-a-string",
        None,
        None,
        "empty",
        "emoji",
        "non-english",
        "big",
        7,
    ]


def test_valid_records_are_desensitized_with_offsets_into_the_input(
    mixed_run: tuple[int, list[dict], str],
) -> None:
    _, outputs, _ = mixed_run
    first = outputs[0]
    assert first["text"] == "Call <PERSON_1> on <PHONE_1> about Western Cape, South Africa."
    rebuilt, cursor = "", 0
    for entity in first["entities"]:
        rebuilt += SECRET[cursor : entity["start"]] + entity["replacement"]
        cursor = entity["end"]
    assert rebuilt + SECRET[cursor:] == first["text"]
    assert [e["type"] for e in first["entities"]] == ["PERSON", "PHONE_NUMBER", "STREET_ADDRESS"]
    assert outputs[-1]["text"] == "Meet <PERSON_1> at Île-de-France, France"


def test_bad_lines_become_error_lines_that_quote_nothing(
    mixed_run: tuple[int, list[dict], str],
) -> None:
    returncode, outputs, stderr = mixed_run
    errors = [o for o in outputs if "error" in o]
    assert len(errors) == 5
    assert all(set(o) == {"id", "error"} for o in errors)
    for secret_part in ("Sarah", "Connor", "7700", "Long Street"):
        assert all(secret_part not in o["error"] for o in errors)
        assert secret_part not in stderr
    assert returncode == 2


def test_empty_emoji_non_english_and_one_megabyte_texts_pass(
    mixed_run: tuple[int, list[dict], str],
) -> None:
    _, outputs, _ = mixed_run
    by_id = {o["id"]: o for o in outputs if o["id"] is not None}
    assert by_id["empty"] == {"id": "empty", "text": "", "entities": []}
    assert by_id["emoji"]["text"] == "🎉🎉 party at 🏠 with 👩‍👩‍👧"
    # The English model may take a foreign word for a name; it must not fail.
    assert by_id["non-english"]["text"].endswith("! 東京で会いましょう。 مرحبا")
    assert by_id["big"]["text"] == BIG_TEXT


def test_the_policy_sets_the_level_and_a_clean_run_exits_zero(tmp_path: Path) -> None:
    default = (REPO / "policies" / "default.yaml").read_text(encoding="utf-8")
    policy = tmp_path / "country.yaml"
    policy.write_text(default.replace("location_level: city", "location_level: country"))
    assert "location_level: country" in policy.read_text()
    returncode, outputs, _ = _run([_record(1, "I'm at 48.8584, 2.2945")], "--policy", str(policy))
    assert returncode == 0
    assert outputs == [
        {
            "id": 1,
            "text": "I'm at France",
            "entities": [
                {"type": "GPS_COORDINATES", "start": 7, "end": 22, "replacement": "France"}
            ],
        }
    ]


def test_an_invalid_policy_is_refused_before_any_record(tmp_path: Path) -> None:
    policy = tmp_path / "bad.yaml"
    policy.write_text("desensitization:\n  location_level: street\n")
    returncode, outputs, stderr = _run([_record(1, SECRET)], "--policy", str(policy))
    assert returncode == 2
    assert outputs == []
    assert "invalid policy" in stderr
