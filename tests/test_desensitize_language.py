"""The language check the desensitizer asks before it trusts the English NER model."""

from __future__ import annotations

import pytest

from privacy.desensitize.language import (
    is_english,
    is_function_word,
    is_function_word_in,
    leading_language,
    writes_nouns_in_lowercase,
)


@pytest.mark.parametrize(
    "text",
    [
        "Ekanta is a very sympathetic person.",
        "Wit A. Rutkowski lives at 6813 Rue de la Sarthe 52, Houdemont",  # particles of a name
        "Just posted a photo http://www.TerrificApps.com.br/",  # a web address is no prose
        "Ship to: 12 Main St",  # too little to tell: English, as before the check
        "They had 5: Ana, 結衣, 翼, 太一 and 篤司.",  # names in characters inside English
    ],
)
def test_english_is_english(text: str) -> None:
    assert is_english(text)


@pytest.mark.parametrize(
    "text",
    [
        "Wie lange muss der Spargel kochen?",
        "Jaka będzie pogoda w Zakopanem w weekend?",
        "Bahar gelince deniz kenarında yürümeyi severim.",  # accents: no function word needed
        "llama a paco al 612 48 93 27 q no me contesta",  # words shared with English count for both
        "Приём у доктора перенесли на среду",
        # Scripts without case have no lowercase words to count: most letters
        # of such a script make a text another language's.
        "اسم المريض: منى عبد الحميد السيد",
        "请联系张伟先生",
        "מי יכול לאסוף את הקטן שלי מהחוג?",
    ],
)
def test_other_languages_are_not(text: str) -> None:
    assert not is_english(text)


def test_a_long_run_without_blanks_costs_its_length() -> None:
    assert is_english("x" * 200_000)  # seconds, not hours, with substitutions


def test_function_words_of_every_language_weighed() -> None:
    assert is_function_word("the") and is_function_word("mi") and is_function_word("und")
    assert not is_function_word("karim")


def test_function_words_of_one_language() -> None:
    assert is_function_word_in("sem", "pt") and is_function_word_in("sem", None)
    assert not is_function_word_in("sem", "nl")
    assert is_function_word_in("per", "nl")  # English has it


@pytest.mark.parametrize(
    "text, lowercase",
    [
        ("pásame el móvil de Lucía, que no lo encuentro", True),
        ("kun je Koen even appen dat we later zijn?", True),
        ("yarın Umut ile buluşacağız, sen de gel", True),  # accents say it is no English
        ("Kannst du bitte Anna sagen, dass ich später komme?", False),  # German capitalizes its nouns
        ("Can you tell Anna that I will be late?", False),
        ("Anna Lucía", False),  # too little to tell
    ],
)
def test_languages_that_write_nouns_in_lowercase(text: str, lowercase: bool) -> None:
    assert writes_nouns_in_lowercase(text) is lowercase


@pytest.mark.parametrize(
    "text, code",
    [
        ("prosím tě, řekni mu, že dnes nepřijdu, protože jsem nemocný", "cs"),
        ("voitko sanoa hänelle, että olen myöhässä tänään", "fi"),
        ("Can you tell her that I will be late today?", None),
        ("ok", None),
        # Few function words, but letters only one language writes, or its script.
        ("w załączeniu przesyłam skan mojej córki", "pl"),
        ("Mașina mea a fost ridicată de pe stradă", "ro"),
        ("Παρακαλώ στείλτε το δέμα αύριο", "el"),
        ("Paweł called me about the invoice from the office today", None),
        ("Demà anem al mercat amb el Jordi.", "ca"),
        # Russian and Ukrainian share a script; Ukrainian's own letters and words tell it.
        ("Передай, що ми приїдемо в суботу.", "uk"),
        ("Передай, что мы приедем в субботу.", "ru"),
    ],
)
def test_the_leading_language(text: str, code: str | None) -> None:
    assert leading_language(text) == code
