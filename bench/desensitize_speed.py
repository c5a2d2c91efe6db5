"""Records per second: our desensitizer against plain Presidio, same model, same records.

Side by side in one process, over the evaluation set's texts repeated to
``--records`` records:

* ours: ``default_desensitizer("city").desensitize_batch`` (all our
  recognizers, gazetteer generalization, co-referent placeholders);
* plain Presidio, as its documentation sets it up: ``AnalyzerEngine`` with the
  predefined recognizers on the same spaCy pipeline (``en_core_web_sm`` loaded
  from the same directory, all components), then ``AnonymizerEngine`` with its
  default operator, one record at a time;
* plain Presidio batched: ``BatchAnalyzerEngine`` + ``BatchAnonymizerEngine``,
  to show the batching is not where the difference comes from.

The engines are timed in interleaved rounds of 250 records, so that load from
other processes on a shared machine falls on all three alike.

tldextract is pointed at its bundled suffix list for the plain engines too
(the stock email recognizer would otherwise try to download it, and the
machine is offline). Each engine is warmed up on 50 records before timing.

With ``--rss N`` it instead streams N records through the ``netgpt
desensitize`` loop (chunks of 256, each in a spaCy memory zone) and prints the
process's resident memory as it goes. Every record gets words and numbers seen
nowhere else, as real records do, which is what grows spaCy's string store
without memory zones.

Usage: `.venv/bin/python bench/desensitize_speed.py [--records N] [--rss N]`.
"""

from __future__ import annotations

import argparse
import io
import json
import random
import time
from collections.abc import Callable
from pathlib import Path

import psutil
import tldextract
from presidio_analyzer import AnalyzerEngine, BatchAnalyzerEngine
from presidio_analyzer.nlp_engine import NlpEngineProvider
from presidio_anonymizer import AnonymizerEngine, BatchAnonymizerEngine

from netgpt.commands.desensitize import DEFAULT_CHUNK, run
from privacy.desensitize.desensitizer import default_desensitizer
from privacy.desensitize.nlp import LANGUAGE, spacy_model_path, withhold_presidio_log_arguments

EVAL_FILE = Path(__file__).parent / "data" / "desensitize_eval.jsonl"
WARMUP_RECORDS = 50
ROUND_RECORDS = 250
BATCH_SIZE = 64


def _records(count: int) -> list[str]:
    texts = [json.loads(line)["text"] for line in EVAL_FILE.read_text("utf-8").splitlines()]
    return [texts[i % len(texts)] for i in range(count)]


def plain_analyzer() -> AnalyzerEngine:
    """Presidio as its documentation sets it up, on our spaCy model directory, offline."""
    tldextract.extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
    provider = NlpEngineProvider(
        nlp_configuration={
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": LANGUAGE, "model_name": str(spacy_model_path())}],
        }
    )
    return AnalyzerEngine(nlp_engine=provider.create_engine(), supported_languages=[LANGUAGE])


def _rates(runs: dict[str, Callable[[list[str]], object]], records: list[str]) -> dict[str, float]:
    """Records per second of each engine, timed in interleaved rounds.

    The machine is shared: timing one engine after the other would credit a
    burst of someone else's load to whichever ran during it. Each round runs
    every engine on the next slice of records, so load changes hit all alike.
    """
    for engine in runs.values():
        engine(records[:WARMUP_RECORDS])
    elapsed = dict.fromkeys(runs, 0.0)
    for start in range(0, len(records), ROUND_RECORDS):
        chunk = records[start : start + ROUND_RECORDS]
        for name, engine in runs.items():
            started = time.perf_counter()
            engine(chunk)
            elapsed[name] += time.perf_counter() - started
    return {name: len(records) / seconds for name, seconds in elapsed.items()}


class _RssProbe(io.StringIO):
    """Output sink that samples resident memory every ``every`` lines written."""

    def __init__(self, every: int) -> None:
        super().__init__()
        self._every = every
        self._lines = 0
        self.samples: list[tuple[int, float]] = []

    def write(self, line: str) -> int:
        self._lines += 1
        if self._lines % self._every == 0:
            self.samples.append((self._lines, psutil.Process().memory_info().rss / 2**20))
        return len(line)


def _unique_stream(count: int) -> io.BytesIO:
    """``count`` JSON Lines records: evaluation texts with never-seen names and numbers."""
    rng = random.Random(3)
    texts = _records(count)
    lines = []
    for index, text in enumerate(texts):
        name = "".join(rng.choice("bcdfghjklmnprstvz") + rng.choice("aeiou") for _ in range(4))
        reference = f"Q{index}x{rng.randrange(10**9)}"
        extra = f" Ask {name.title()} {reference} at {rng.randrange(1, 999)} Elm Road."
        lines.append(json.dumps({"id": index, "text": text + extra}).encode() + b"\n")
    return io.BytesIO(b"".join(lines))


def measure_rss(count: int) -> None:
    """Print resident memory while ``count`` records stream through the CLI's loop."""
    desensitizer = default_desensitizer("city")
    stream = _unique_stream(count)
    probe = _RssProbe(every=max(count // 10, 1))
    start_rss = psutil.Process().memory_info().rss / 2**20
    started = time.perf_counter()
    counts = run(stream, probe, desensitizer, DEFAULT_CHUNK)
    elapsed = time.perf_counter() - started
    print(
        f"{counts.desensitized} records in {elapsed:.0f} s ({counts.desensitized / elapsed:.0f}/s)"
    )
    print(f"RSS before the stream (model loaded): {start_rss:.0f} MiB")
    for lines, rss in probe.samples:
        print(f"  after {lines:>7} records: {rss:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=2000)
    parser.add_argument("--rss", type=int, default=0, help="measure memory over N records instead")
    args = parser.parse_args()
    withhold_presidio_log_arguments()
    if args.rss:
        measure_rss(args.rss)
        return
    records = _records(args.records)

    ours = default_desensitizer("city")
    analyzer = plain_analyzer()
    anonymizer = AnonymizerEngine()
    batch_analyzer = BatchAnalyzerEngine(analyzer)
    batch_anonymizer = BatchAnonymizerEngine(anonymizer)

    def run_ours(texts: list[str]) -> object:
        return ours.desensitize_batch(texts, batch_size=BATCH_SIZE)

    def run_plain(texts: list[str]) -> object:
        return [
            anonymizer.anonymize(text, analyzer.analyze(text, language=LANGUAGE)).text
            for text in texts
        ]

    def run_plain_batch(texts: list[str]) -> object:
        results = batch_analyzer.analyze_iterator(texts, language=LANGUAGE, batch_size=BATCH_SIZE)
        return [
            batch_anonymizer.anonymize_list([text], [found])[0]
            for text, found in zip(texts, results, strict=True)
        ]

    rates = _rates({"ours": run_ours, "plain": run_plain, "batch": run_plain_batch}, records)
    ours_rate, plain_rate, plain_batch_rate = rates["ours"], rates["plain"], rates["batch"]
    print(f"{len(records)} records (evaluation set texts, repeated)")
    print(f"ours (desensitize_batch)                {ours_rate:8.1f} records/s")
    print(f"plain Presidio (analyze + anonymize)    {plain_rate:8.1f} records/s")
    print(f"plain Presidio, batch engines           {plain_batch_rate:8.1f} records/s")
    print(f"ratio ours / plain                      {ours_rate / plain_rate:8.2f}")
    print(f"ratio ours / plain batch                {ours_rate / plain_batch_rate:8.2f}")


if __name__ == "__main__":
    main()
