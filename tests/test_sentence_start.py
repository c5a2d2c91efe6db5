"""A sentence starts after an end mark, not after an abbreviation's dot."""

from __future__ import annotations

import pytest

from privacy.desensitize.sentence_start import starts_a_sentence


@pytest.mark.parametrize(
    "text",
    ["Grace called.", "Done. Grace called.", "Why? «Grace» called.", "ok\nGrace called", "Fertig… Grace"],
)
def test_a_word_after_an_end_mark_starts_a_sentence(text: str) -> None:
    assert starts_a_sentence(text, text.index("Grace"))


@pytest.mark.parametrize(
    "text",
    [
        "Please ask Grace.",
        "overmaken t.n.v. Grace de Vries",
        "z.Hd. Grace Berger",
        "some flowers, e.g. Grace roses",
        "NAME: Grace",
    ],
)
def test_a_word_inside_a_sentence_does_not(text: str) -> None:
    assert not starts_a_sentence(text, text.index("Grace"))


def test_a_field_value_after_its_label_starts_one_when_asked() -> None:
    assert starts_a_sentence("NAME: Grace", 6, after_colon=True)


def test_an_abbreviation_in_capitals_may_end_a_sentence() -> None:
    """"U.S." ends sentences often; only lowercase dotted abbreviations are read as mid-sentence."""
    assert starts_a_sentence("They moved to the U.S. Grace stayed.", 23)
