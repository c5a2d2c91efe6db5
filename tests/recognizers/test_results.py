"""``recognizer_result``: every custom result names the recognizer behind it."""

from __future__ import annotations

from presidio_analyzer import RecognizerResult

from privacy.desensitize.recognizers import ObfuscatedEmailRecognizer
from privacy.desensitize.recognizers.results import recognizer_result


def test_a_result_is_stamped_with_its_recognizer_and_metadata() -> None:
    recognizer = ObfuscatedEmailRecognizer()
    result = recognizer_result(
        recognizer, "EMAIL_ADDRESS", 3, 9, 0.8, "why", pattern_name="shape", locality="Paris"
    )
    assert (result.entity_type, result.start, result.end) == ("EMAIL_ADDRESS", 3, 9)
    assert result.score == 0.8
    explanation = result.analysis_explanation
    assert explanation.recognizer == recognizer.name
    assert (explanation.original_score, explanation.pattern_name) == (0.8, "shape")
    assert explanation.textual_explanation == "why"
    assert result.recognition_metadata == {
        RecognizerResult.RECOGNIZER_NAME_KEY: "ObfuscatedEmailRecognizer",
        RecognizerResult.RECOGNIZER_IDENTIFIER_KEY: recognizer.id,
        "locality": "Paris",
    }
