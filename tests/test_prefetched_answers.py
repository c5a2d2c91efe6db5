"""Recognizers run over a group in advance answer Presidio with what they found, once."""

from __future__ import annotations

from typing import cast

import pytest
from presidio_analyzer import Pattern, PatternRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.prefetched_answers import prefetched_answers


class CountingRecognizer(PatternRecognizer):
    """A pattern recognizer that counts the records it really analyzed."""

    def __init__(self, entity: str, regex: str) -> None:
        super().__init__(supported_entity=entity, patterns=[Pattern(entity, regex, 0.9)])
        self.calls = 0

    def analyze(self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None,
                regex_flags: int | None = None) -> list[RecognizerResult]:
        self.calls += 1
        return super().analyze(text, entities, nlp_artifacts, regex_flags)


def _found(results: list[RecognizerResult]) -> list[tuple[str, int, int]]:
    return [(result.entity_type, result.start, result.end) for result in results]


def _group(*texts: str) -> list[tuple[str, NlpArtifacts]]:
    # The recognizers here read no artifacts; each record needs its own object.
    return [(text, cast(NlpArtifacts, object())) for text in texts]


@pytest.fixture
def recognizers() -> list[CountingRecognizer]:
    return [CountingRecognizer("NUMBER", r"\d+"), CountingRecognizer("WORD", r"\b[A-Z][a-z]+\b")]


def test_each_record_gets_its_own_answers_computed_once(recognizers: list[CountingRecognizer]) -> None:
    group = _group("Call 123 now", "no numbers here", "Ada 7 and Bob 88")
    entities = ["NUMBER", "WORD"]
    expected = [[_found(r.analyze(text, entities, artifacts)) for r in recognizers] for text, artifacts in group]
    for recognizer in recognizers:
        recognizer.calls = 0
    with prefetched_answers(recognizers, list(reversed(group)), entities):
        assert [recognizer.calls for recognizer in recognizers] == [3, 3]
        answered = [
            [_found(r.analyze(text=text, entities=entities, nlp_artifacts=artifacts)) for r in recognizers]
            for text, artifacts in group
        ]
        assert [recognizer.calls for recognizer in recognizers] == [3, 3]
    assert answered == expected


def test_the_recognizers_are_as_they_were_afterwards_even_after_an_error(
    recognizers: list[CountingRecognizer],
) -> None:
    group = _group("Call 123")
    with pytest.raises(RuntimeError), prefetched_answers(recognizers + recognizers[:1], group, ["NUMBER"]):
        raise RuntimeError("a failure while the answers are given")
    assert all("analyze" not in vars(recognizer) for recognizer in recognizers)
    recognizers[0].calls = 0
    assert _found(recognizers[0].analyze("Call 45", ["NUMBER"])) == [("NUMBER", 5, 7)]
    assert recognizers[0].calls == 1


def test_a_record_outside_the_group_is_not_answered_from_another(
    recognizers: list[CountingRecognizer],
) -> None:
    with prefetched_answers(recognizers, _group("Call 123"), ["NUMBER"]), pytest.raises(KeyError):
        recognizers[0].analyze(text="Call 123", entities=["NUMBER"], nlp_artifacts=cast(NlpArtifacts, object()))


def test_a_recognizer_asked_for_other_entities_does_not_answer_from_the_wrong_search(
    recognizers: list[CountingRecognizer],
) -> None:
    group = _group("Call 123")
    with prefetched_answers(recognizers, group, ["NUMBER"]), pytest.raises(ValueError, match="other entities"):
        recognizers[0].analyze(text="Call 123", entities=["NUMBER", "WORD"], nlp_artifacts=group[0][1])


def test_an_analyze_the_instance_had_of_its_own_is_given_back(recognizers: list[CountingRecognizer]) -> None:
    def own(text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None) -> list[RecognizerResult]:
        return []

    recognizers[0].analyze = own  # type: ignore[method-assign]
    with prefetched_answers(recognizers, _group("Call 123"), ["NUMBER"]):
        assert recognizers[0].analyze is not own
    assert recognizers[0].analyze is own
