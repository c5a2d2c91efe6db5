"""Unit tests of the recognizers in ``privacy/desensitize/recognizers``, one file each.

Each recognizer runs alone, as in Presidio's own recognizer tests: no
AnalyzerEngine, no spaCy model. The helpers check every field the desensitizer
reads off a result.
"""

from __future__ import annotations

from collections.abc import Sequence

from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Doc

# (start, end, the text between them), or the same with the score range when it
# differs from the recognizer's usual one.
Expected = tuple[int, int, str] | tuple[int, int, str, tuple[float, float]]


def artifacts_of(doc: Doc, lemmas: Sequence[str] | None = None) -> NlpArtifacts:
    """What the spaCy engine would hand a recognizer for ``doc``, whose tags and
    entities a test set by hand; lemmas are the token texts unless given."""
    return NlpArtifacts(
        entities=list(doc.ents),
        tokens=doc,
        tokens_indices=[token.idx for token in doc],
        lemmas=list(lemmas) if lemmas is not None else [token.text for token in doc],
        nlp_engine=None,
        language="en",
    )


def assert_found(
    recognizer: EntityRecognizer,
    text: str,
    expected: Sequence[Expected],
    entity: str,
    scores: tuple[float, float],
    nlp_artifacts: NlpArtifacts | None = None,
) -> list[RecognizerResult]:
    """Analyze ``text`` and check each result against ``expected``, in reading order."""
    results = sorted(
        recognizer.analyze(text, [entity], nlp_artifacts=nlp_artifacts),
        key=lambda r: (r.start, r.end),
    )
    assert [(r.start, r.end, text[r.start : r.end]) for r in results] == [e[:3] for e in expected]
    for result, item in zip(results, expected, strict=True):
        low, high = item[3] if len(item) == 4 else scores
        assert result.entity_type == entity
        assert low <= result.score <= high, (result, low, high)
        # The desensitizer tells results apart by the recognizer behind them.
        metadata = result.recognition_metadata
        assert metadata[RecognizerResult.RECOGNIZER_NAME_KEY] == recognizer.name
        assert metadata[RecognizerResult.RECOGNIZER_IDENTIFIER_KEY] == recognizer.id
    return results


def assert_nothing(
    recognizer: EntityRecognizer, text: str, nlp_artifacts: NlpArtifacts | None = None
) -> None:
    """Analyze ``text`` and check that nothing is found."""
    assert recognizer.analyze(text, recognizer.supported_entities, nlp_artifacts) == []
