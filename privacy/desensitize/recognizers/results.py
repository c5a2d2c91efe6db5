"""The one way our custom recognizers build a result."""

from __future__ import annotations

from typing import cast

from presidio_analyzer import AnalysisExplanation, EntityRecognizer, RecognizerResult


def recognizer_result(
    recognizer: EntityRecognizer,
    entity_type: str,
    start: int,
    end: int,
    score: float,
    explanation: str,
    *,
    pattern_name: str | None = None,
    **metadata: object,
) -> RecognizerResult:
    """A result stamped with the name and id of the recognizer that found it.

    Presidio's de-duplication and our span selection tell results apart by the
    recognizer behind them, so every custom recognizer must record its name and
    id, in the explanation and in the metadata. ``metadata`` adds the
    recognizer's own keys (a locality, a position) after those two.
    """
    # Presidio assigns `name` in __init__ in a way mypy cannot type.
    name: str = recognizer.name  # type: ignore[has-type]
    return RecognizerResult(
        entity_type=entity_type,
        start=start,
        end=end,
        score=score,
        analysis_explanation=AnalysisExplanation(
            recognizer=name,
            original_score=score,
            # Presidio declares `pattern_name: str` with a None default; None is what it expects.
            pattern_name=cast(str, pattern_name),
            textual_explanation=explanation,
        ),
        recognition_metadata={
            RecognizerResult.RECOGNIZER_NAME_KEY: name,
            RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
            **metadata,
        },
    )
