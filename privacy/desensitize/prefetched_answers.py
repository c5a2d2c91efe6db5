"""Each recognizer over a group of records in turn, before Presidio asks record by record.

Presidio's ``AnalyzerEngine.analyze`` (and its ``BatchAnalyzerEngine``) takes
one record and runs every recognizer on it, then the next record: 26
recognizers, each with its own patterns, word lists and code, take turns on
the CPU for every short record. Run one recognizer over all the records first
and the recognizers took 0.49-0.74 of the time on the same records, in six
paired timings (docs/BENCHMARKS.md, issue 12): one recognizer's code and data
stay in the CPU's caches while it works.

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
from itertools import islice

from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

Answers = dict[int, list[RecognizerResult]]  # id of a record's NLP artifacts -> a recognizer's results


def analyzed_in_groups(
    analyzer: AnalyzerEngine,
    texts: list[str],
    *,
    language: str,
    entities: list[str],
    ad_hoc_recognizers: list[EntityRecognizer] | None,
    batch_size: int,
) -> Iterator[list[RecognizerResult]]:
    """Presidio's results for each text: ``batch_size`` texts at a time through
    spaCy, then through each recognizer in turn, then through Presidio's analyze."""
    if not entities:
        raise ValueError("entities must be named: Presidio reads none as all of them")
    recognizers = analyzer.registry.get_recognizers(
        language=language, entities=entities, ad_hoc_recognizers=ad_hoc_recognizers
    )
    analyzed = analyzer.nlp_engine.process_batch(texts, language=language, batch_size=batch_size)
    while group := list(islice(analyzed, batch_size)):
        with prefetched_answers(recognizers, group, entities):
            results = [
                analyzer.analyze(
                    text=text,
                    language=language,
                    entities=entities,
                    ad_hoc_recognizers=ad_hoc_recognizers,
                    nlp_artifacts=artifacts,
                )
                for text, artifacts in group
            ]
        yield from results


@contextmanager
def prefetched_answers(
    recognizers: Sequence[EntityRecognizer],
    group: Sequence[tuple[str, NlpArtifacts]],
    entities: list[str],
) -> Iterator[None]:
    """Inside, each recognizer's ``analyze`` of one of ``group``'s records for
    ``entities`` returns what it found in advance; outside, the recognizers are
    as they were.

    The answers are given on the recognizer objects themselves, because
    Presidio's analyze matches results to recognizers by identity (their
    ``id``, context words and thresholds). Callers must hold the only use of
    these recognizers meanwhile (the desensitizer's lock).
    """
    # Presidio lists each recognizer once; one listed twice would get one answer.
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
    before = [vars(recognizer).get("analyze") for recognizer in recognizers]
    try:
        for recognizer, answer in zip(recognizers, answers, strict=True):
            recognizer.analyze = partial(_answer, answer, entities)  # type: ignore[method-assign]
        yield
    finally:
        for recognizer, own in zip(recognizers, before, strict=True):
            if own is None:
                vars(recognizer).pop("analyze", None)
            else:
                recognizer.analyze = own  # type: ignore[method-assign]


def _answer(
    answers: Answers, asked_for: list[str], text: str, entities: list[str], nlp_artifacts: NlpArtifacts
) -> list[RecognizerResult]:
    """The results found in advance for the record whose artifacts these are."""
    if entities != asked_for:
        raise ValueError("a recognizer was asked for other entities than its answers were found for")
    return answers[id(nlp_artifacts)]
