"""The word lists of ``name_words`` keep the relations their users rely on."""

from __future__ import annotations

from privacy.desensitize.name_words import ADDRESS_TERMS, CALENDAR_WORDS, PAL_TERMS, VALEDICTION_WORDS


def test_every_friends_term_is_a_term_of_address() -> None:
    # person_cue reads a name after ADDRESS_TERMS and asks PAL_TERMS how strict to be:
    # a friend's term missing from the first would never be read at all.
    assert frozenset(ADDRESS_TERMS) >= PAL_TERMS


def test_calendar_words_are_capitalized_and_valedictions_found_case_folded() -> None:
    # Callers compare capitalized days and months, and case-folded sign-off words:
    # "Mit freundlichen Grüßen" folds to "grüssen".
    assert all(word[0].isupper() for word in CALENDAR_WORDS)
    assert all(word.casefold() in VALEDICTION_WORDS for word in VALEDICTION_WORDS)
    assert "Grüßen".casefold() in VALEDICTION_WORDS
