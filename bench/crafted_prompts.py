"""The desensitizer's time on text a hostile client crafts, beside ordinary text.

Every prompt ``netgpt serve`` accepts (up to 8,000 characters) is
desensitized before anything else happens, so the desensitizer's worst case
is what one request can cost the server. Side by side in one process:

* ordinary text: the evaluation set's records joined to the same length;
* crafted text: one word repeated to that length, for the words that made a
  pattern or the tokenizer quadratic here ("A'A'A'…", "''’:''’:…") and for
  words drawn at random (fixed seed) from the characters names, addresses
  and numbers are made of.

For each text it prints the best of ``--repeats`` times at ``--short`` and
4× that many characters, the growth between them (linear work grows 4×,
quadratic 16×), and the long crafted text's time over the long ordinary
text's. Times are wall-clock, to be read on a quiet machine: how long one
request holds a core. The tests that guard the same growth
(`tests/security/test_crafted_*`) compare CPU time instead, so that other
work on a busy CI machine cannot fail them.

Usage: `.venv/bin/python bench/crafted_prompts.py [--short N] [--repeats R] [--json]`.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

from privacy.desensitize.desensitizer import Desensitizer, default_desensitizer

EVAL_SET = Path(__file__).parent / "data" / "desensitize_eval.jsonl"
FOUND = ("A'", "A-", "A.", "Ab-", "Aa-", "Ää-", "Ая-", "unit-", "ul.", "'s-A", "''’:", "(((", "Mr A ")
ALPHABET = "AaBbÄäЯя김東1'’-.,:/@# "


def _random_words(count: int, seed: int = 2026) -> list[str]:
    draw = random.Random(seed)
    return ["".join(draw.choice(ALPHABET) for _ in range(draw.randint(2, 5))) for _ in range(count)]


def _repeated(unit: str, length: int) -> str:
    return (unit * (length // len(unit) + 1))[:length]


def _ordinary(length: int) -> str:
    records = [json.loads(line)["text"] for line in EVAL_SET.read_text().splitlines() if line]
    return _repeated("\n".join(records), length)


def _best(desensitizer: Desensitizer, text: str, repeats: int) -> float:
    best = float("inf")
    for _ in range(repeats):
        started = time.perf_counter()
        desensitizer.desensitize(text)
        best = min(best, time.perf_counter() - started)
    return best


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--short", type=int, default=2000, help="characters of the short text")
    parser.add_argument("--repeats", type=int, default=2)
    parser.add_argument("--random-words", type=int, default=12)
    parser.add_argument("--json", action="store_true")
    args = parser.parse_args()
    desensitizer = default_desensitizer()
    desensitizer.desensitize("warm up: 12 Rue de la Paix, 75002 Paris")
    long = 4 * args.short
    texts = {"ordinary text": _ordinary}
    for unit in [*FOUND, *_random_words(args.random_words)]:
        texts[f"crafted {unit!r}"] = lambda length, unit=unit: _repeated(unit, length)
    rows = []
    baseline = None
    for name, make in texts.items():
        short_s = _best(desensitizer, make(args.short), args.repeats)
        long_s = _best(desensitizer, make(long), args.repeats)
        baseline = baseline or long_s
        rows.append(
            {"text": name, "short_s": short_s, "long_s": long_s,
             "growth": long_s / short_s, "vs_ordinary": long_s / baseline}
        )
        if not args.json:
            print(
                f"{name:24s} {args.short:>5} chars {short_s:7.3f} s   {long:>5} chars {long_s:7.3f} s"
                f"   growth {long_s / short_s:5.1f}x   vs ordinary {long_s / baseline:5.2f}x",
                flush=True,
            )
    if args.json:
        print(json.dumps({"short": args.short, "long": long, "rows": rows}, indent=2))
    else:
        worst = max(rows, key=lambda row: row["long_s"])
        print(f"worst: {worst['text']}, {worst['long_s']:.2f} s at {long} characters "
              f"({worst['vs_ordinary']:.2f}x ordinary text)")


if __name__ == "__main__":
    main()
