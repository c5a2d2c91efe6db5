"""nlp.with_model_results alone: how the model's entities and the rules' are weighed.

Presidio drops a result that another of its type holds whole with an equal or
higher score. The model's entities pass Presidio under types of their own and
are weighed here; each case below is a name that was lost or kept wrongly
before (docs/BENCHMARKS.md, issue 12).
"""

from __future__ import annotations

from presidio_analyzer import RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from privacy.desensitize.desensitizer import GUESSING_PERSON_RECOGNIZERS as GUESSING
from privacy.desensitize.nlp import with_model_results

# The recognizers the desensitizer counts as guessing, not a set of the
# test's own: which rules are guesses is what these cases turn on.
MODEL = SpacyRecognizer.__name__


def _result(kind: str, start: int, end: int, score: float, recognizer: str) -> RecognizerResult:
    return RecognizerResult(
        kind, start, end, score, recognition_metadata={RecognizerResult.RECOGNIZER_NAME_KEY: recognizer}
    )


def _model(kind: str, start: int, end: int) -> RecognizerResult:
    return _result(f"MODEL_{kind}", start, end, 0.85, MODEL)


def _seen(results: list[RecognizerResult]) -> set[tuple[str, int, int, str]]:
    return {
        (r.entity_type, r.start, r.end, r.recognition_metadata[RecognizerResult.RECOGNIZER_NAME_KEY])
        for r in results
    }


def test_the_model_types_lose_their_prefix() -> None:
    assert _seen(with_model_results([_model("PERSON", 0, 5), _model("LOCATION", 9, 14)], GUESSING)) == {
        ("PERSON", 0, 5, MODEL),
        ("LOCATION", 9, 14, MODEL),
    }


def test_a_rule_name_strictly_inside_the_model_span_stays_beside_it() -> None:
    # "申込者氏名：佐藤 健太（フリガナ：サトウ": the model's span runs over the label.
    results = [_model("PERSON", 0, 20), _result("PERSON", 6, 11, 0.6, "PersonLexiconRecognizer")]
    assert _seen(with_model_results(results, GUESSING)) == {
        ("PERSON", 0, 20, MODEL),
        ("PERSON", 6, 11, "PersonLexiconRecognizer"),
    }


def test_a_guessing_rule_on_the_model_very_span_is_weighed_as_presidio_does() -> None:
    # The model's checks judge the span ("juli" in Swedish is a month): the
    # weaker guess on the same span must not escape them.
    results = [_model("PERSON", 3, 7), _result("PERSON", 3, 7, 0.6, "PersonLexiconRecognizer")]
    assert _seen(with_model_results(results, GUESSING)) == {("PERSON", 3, 7, MODEL)}


def test_an_announced_name_on_the_model_very_span_stays() -> None:
    # "ชื่อ: สมชาย ใจดี": a form's label announced it; the model's span is the same.
    results = [_model("PERSON", 6, 16), _result("PERSON", 6, 16, 0.7, "TitledNameInScriptRecognizer")]
    assert _seen(with_model_results(results, GUESSING)) == {
        ("PERSON", 6, 16, MODEL),
        ("PERSON", 6, 16, "TitledNameInScriptRecognizer"),
    }


def test_the_model_gets_no_such_favour_inside_a_rule_span() -> None:
    results = [_result("PERSON", 0, 12, 0.9, "PersonCueRecognizer"), _model("PERSON", 0, 5)]
    assert _seen(with_model_results(results, GUESSING)) == {("PERSON", 0, 12, "PersonCueRecognizer")}


def test_other_types_inside_the_model_span_are_weighed_as_presidio_does() -> None:
    # Only people are kept beside the model's span: a weaker place inside one goes.
    results = [_model("LOCATION", 0, 20), _result("LOCATION", 4, 9, 0.5, "GazetteerPlaceRecognizer")]
    assert _seen(with_model_results(results, GUESSING)) == {("LOCATION", 0, 20, MODEL)}


def test_a_rule_name_beside_the_model_span_is_untouched() -> None:
    results = [_model("PERSON", 0, 5), _result("PERSON", 4, 12, 0.6, "PersonLexiconRecognizer")]
    assert _seen(with_model_results(results, GUESSING)) == {
        ("PERSON", 0, 5, MODEL),
        ("PERSON", 4, 12, "PersonLexiconRecognizer"),
    }
