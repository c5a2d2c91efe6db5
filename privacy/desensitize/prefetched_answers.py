"""Each recognizer over a group of records in turn, before Presidio asks record by record.

Presidio's ``AnalyzerEngine.analyze`` takes one record and runs every
recognizer on it, then the next record: 25 recognizers, each with its own
patterns, word lists and code, take turns on the CPU for every short record.
Run one recognizer over a whole group of records first and the recognizers
took 0.6-0.7 of the time on the same records (docs/BENCHMARKS.md, issue 12):
one recognizer's code and data stay in the CPU's caches while it works.

Presidio's analyze does more than call the recognizers: context words,
per-recognizer thresholds, de-duplication. So it still runs record by record,
and each recognizer answers it from the answers computed in advance for that
record's NLP artifacts. The answers are the recognizers' own, computed with the
same arguments that analyze passes, so the results are the same.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from functools import partial

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

Answers = dict[int, list[RecognizerResult]]  # id of a record's NLP artifacts -> a recognizer's results


@contextmanager
def prefetched_answers(
    recognizers: Sequence[EntityRecognizer],
    group: Sequence[tuple[str, NlpArtifacts]],
    entities: list[str],
) -> Iterator[None]:
    """Inside, each recognizer's ``analyze`` of one of ``group``'s records returns
    what it found in advance; outside, the recognizers are as they were.

    The answers are given on the recognizer objects themselves, because
    Presidio's analyze matches results to recognizers by identity (their
    ``id``, context words and thresholds). Callers must hold the only use of
    these recognizers meanwhile (the desensitizer's lock).
    """
    recognizers = list({id(recognizer): recognizer for recognizer in recognizers}.values())
    answers: list[Answers] = []
    for recognizer in recognizers:
        if not recognizer.is_loaded:  # Presidio loads a recognizer on its first analyze
            recognizer.load()
            recognizer.is_loaded = True
        answers.append(
            {
                id(artifacts): recognizer.analyze(text=text, entities=entities, nlp_artifacts=artifacts)
                for text, artifacts in group
            }
        )
    for recognizer, answer in zip(recognizers, answers, strict=True):
        recognizer.analyze = partial(_answer, answer)  # type: ignore[method-assign]
    try:
        yield
    finally:
        for recognizer in recognizers:
            delattr(recognizer, "analyze")


def _answer(
    answers: Answers, text: str, entities: list[str], nlp_artifacts: NlpArtifacts
) -> list[RecognizerResult]:
    """The results found in advance for the record whose artifacts these are."""
    return answers[id(nlp_artifacts)]
