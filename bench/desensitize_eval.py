"""How well the edge desensitizer protects and generalizes, on a labeled set.

Usage: `.venv/bin/python bench/desensitize_eval.py [FILE] [--show-misses] [--by-group]`
(FILE defaults to bench/data/desensitize_eval.jsonl; see the generator next to
it for the format). Prints, at city level:

* recall per labeled type: share of labeled spans whose every letter and
  digit lies inside a replaced entity (of any type: what matters is that it
  is gone; a comma left between two replaced parts of an address says nothing);
* precision per predicted type: share of replaced entities that overlap a
  labeled span (entities on trap records count as false);
* leak rate: share of labeled spans of which any letter or digit survives in
  the output. Location spans are allowed to keep the words of their own city
  ("…, London NW1 6XE" leaving "London" is generalization, not a leak), and any
  identifier of five characters or more found verbatim in the output text
  counts as leaked even where the offsets say otherwise;
* right city: share of location spans whose replacement names the labeled city
  (any spelling the gazetteer knows: "Munich" for "München");
* over-redaction: share of trap records whose text changed.

With ``--by-group`` the leak rate, PERSON recall, right city and
over-redaction are also given per group of records, a group being the letters
that start the ids: the language in desensitize_multilingual.jsonl ("de012").

With ``--plain-presidio`` the same figures are computed for Presidio out of
the box (predefined recognizers on the same spaCy model, AnonymizerEngine's
default "<TYPE>" replacement), for comparison; it generalizes no location.
"""

from __future__ import annotations

import argparse
import json
import re
from collections import Counter, defaultdict
from pathlib import Path

from privacy.desensitize.desensitizer import DesensitizedText, Entity, default_desensitizer
from privacy.desensitize.gazetteer import default_gazetteer, normalize_place_name

DEFAULT_FILE = Path(__file__).parent / "data" / "desensitize_eval.jsonl"
LOCATION_TYPES = {"STREET_ADDRESS", "POSTCODE", "GPS_COORDINATES"}
VERBATIM_MIN_CHARACTERS = 5


def _covered(result: DesensitizedText) -> set[int]:
    return {i for e in result.entities for i in range(e.start, e.end)}


def _city_characters(text: str, span: dict) -> set[int]:
    """Offsets of the labeled city's name (either spelling) inside a location span."""
    city = span.get("city")
    if not city or span["type"] not in LOCATION_TYPES:
        return set()
    names = {city}
    place = default_gazetteer().find_locality(city)
    if place:
        names.add(place.name)
    segment = text[span["start"] : span["end"]]
    allowed: set[int] = set()
    for name in names:
        for match in re.finditer(re.escape(name), segment, re.IGNORECASE):
            allowed |= set(range(span["start"] + match.start(), span["start"] + match.end()))
    return allowed


def _names_city(replacement: str, city: str) -> bool:
    wanted = {normalize_place_name(city)}
    place = default_gazetteer().find_locality(city)
    if place:
        wanted.add(normalize_place_name(place.name))
    first = normalize_place_name(replacement.split(",")[0])
    return first in wanted


def _plain_presidio(texts: list[str]) -> list[DesensitizedText]:
    """Presidio's defaults on the same model, as DesensitizedText (input offsets)."""
    # Imported here: only this mode needs the speed benchmark's plain engine
    # (a sibling script, importable because the script's folder is on sys.path).
    from desensitize_speed import plain_analyzer
    from presidio_anonymizer import AnonymizerEngine

    analyzer, anonymizer = plain_analyzer(), AnonymizerEngine()
    results = []
    for text in texts:
        found = analyzer.analyze(text, language="en")
        anonymized = anonymizer.anonymize(text, found)
        kept = sorted(
            (r for r in found if any(i.entity_type == r.entity_type for i in anonymized.items)),
            key=lambda r: r.start,
        )
        entities = [Entity(r.entity_type, r.start, r.end, f"<{r.entity_type}>") for r in kept]
        results.append(DesensitizedText(anonymized.text, entities))
    return results


def _group(record_id: str) -> str:
    """The letters an id starts with, which name the language in the multilingual set."""
    return re.sub(r"\d.*", "", record_id) or "-"


def _share(part: int, whole: int) -> float:
    """A ratio that stays defined for a group without traps or locations."""
    return part / whole if whole else float("nan")


def evaluate(
    records: list[dict], show_misses: bool, plain: bool = False, by_group: bool = False
) -> dict[str, object]:
    texts = [r["text"] for r in records]
    results = _plain_presidio(texts) if plain else default_desensitizer("city").desensitize_batch(texts)
    report = _score(records, results, show_misses)
    if by_group:
        # Scored from the same outputs, not a rerun: the groups add up to the whole.
        groups: defaultdict[str, list[int]] = defaultdict(list)
        for index, record in enumerate(records):
            groups[_group(record["id"])].append(index)
        report["groups"] = {
            name: _score([records[i] for i in indices], [results[i] for i in indices], False)
            for name, indices in groups.items()
        }
    return report


def _score(records: list[dict], results: list[DesensitizedText], show_misses: bool) -> dict[str, object]:
    found, total = Counter(), Counter()
    predicted_ok, predicted = Counter(), Counter()
    leaks = spans = 0
    right_city = locations = 0
    changed_traps = traps = 0
    for record, result in zip(records, results, strict=True):
        text = record["text"]
        if record["trap"]:
            traps += 1
            changed_traps += result.text != text
            if show_misses and result.text != text:
                print(f"  OVER {record['id']}: {result.text}")
        covered = _covered(result)
        for entity in result.entities:
            predicted[entity.type] += 1
            predicted_ok[entity.type] += any(
                s["start"] < entity.end and entity.start < s["end"] for s in record["spans"]
            )
        for span in record["spans"]:
            spans += 1
            kind = span["type"]
            total[kind] += 1
            characters = {i for i in range(span["start"], span["end"]) if text[i].isalnum()}
            found[kind] += characters <= covered
            value = text[span["start"] : span["end"]]
            leaked = bool(characters - covered - _city_characters(text, span))
            if kind not in LOCATION_TYPES and len(value) >= VERBATIM_MIN_CHARACTERS:
                leaked |= value in result.text
            leaks += leaked
            if show_misses and leaked:
                print(f"  LEAK {record['id']} {kind}: {value!r} -> {result.text}")
            if kind in LOCATION_TYPES and "city" in span:  # a postcode alone names no town to check
                locations += 1
                overlapping = [
                    e for e in result.entities if e.start < span["end"] and span["start"] < e.end
                ]
                best = max(overlapping, key=lambda e: e.end - e.start, default=None)
                ok = best is not None and _names_city(best.replacement, span["city"])
                right_city += ok
                if show_misses and not ok:
                    print(
                        f"  CITY {record['id']}: {value!r} -> {result.text} (want {span['city']})"
                    )
    return {
        "recall": {k: found[k] / total[k] for k in sorted(total)},
        "precision": {k: predicted_ok[k] / predicted[k] for k in sorted(predicted)},
        "spans": spans,
        "leak_rate": _share(leaks, spans),
        "right_city": _share(right_city, locations),
        "locations": locations,
        "over_redaction": _share(changed_traps, traps),
        "traps": traps,
        "records": len(records),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=DEFAULT_FILE)
    parser.add_argument("--show-misses", action="store_true", help="print every miss")
    parser.add_argument(
        "--plain-presidio", action="store_true", help="evaluate Presidio's defaults instead"
    )
    parser.add_argument("--by-group", action="store_true", help="also report per id prefix (language)")
    args = parser.parse_args()
    records = [json.loads(line) for line in args.file.read_text(encoding="utf-8").splitlines()]
    report = evaluate(records, args.show_misses, args.plain_presidio, args.by_group)
    print(f"{report['records']} records, {report['spans']} labeled spans, {report['traps']} traps")
    print(f"{'type':<18}{'recall':>8}{'precision':>11}")
    for kind in sorted(set(report["recall"]) | set(report["precision"])):
        recall = report["recall"].get(kind)
        precision = report["precision"].get(kind)
        print(
            f"{kind:<18}{'-' if recall is None else f'{recall:.3f}':>8}"
            f"{'-' if precision is None else f'{precision:.3f}':>11}"
        )
    print(f"leak rate        {report['leak_rate']:.2%} of labeled spans")
    print(f"right city       {report['right_city']:.2%} of {report['locations']} locations")
    print(f"over-redaction   {report['over_redaction']:.2%} of trap records changed")
    groups = report.get("groups")
    if isinstance(groups, dict):
        print(
            f"{'group':<7}{'records':>8}{'spans':>7}{'leak':>8}"
            f"{'PERSON recall':>15}{'right city':>12}{'traps changed':>15}"
        )
        for name, group in sorted(groups.items()):
            person = group["recall"].get("PERSON", float("nan"))
            print(
                f"{name:<7}{group['records']:>8}{group['spans']:>7}{group['leak_rate']:>8.1%}"
                f"{person:>15.3f}{group['right_city']:>12.1%}{group['over_redaction']:>15.1%}"
            )


if __name__ == "__main__":
    main()
