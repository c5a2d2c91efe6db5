"""OtherScriptNameRecognizer alone: a name written in another script than the text around it."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import OtherScriptNameRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.55, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> OtherScriptNameRecognizer:
    return OtherScriptNameRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Don't go to town, 지후!", [(18, 20, "지후")]),
        ("Our founders: Ann Lee, 方 and 吴.", [(23, 24, "方"), (29, 30, "吴")]),
        ("太一 had given Tom his address", [(0, 2, "太一")]),
        ("For my take on  伊藤, see the list", [(16, 18, "伊藤")]),
        ("Мы видели Сергея и 明美 вчера вечером", [(19, 21, "明美")]),  # any cased script around it
        # Other verbs take people: a run after them stays a name.
        ("Yesterday I met 美玲 at the station", [(16, 18, "美玲")]),
        ("We thanked 김민준 for the help", [(11, 14, "김민준")]),
        # Verbs that take dishes and people alike: a run after them stays a name.
        ("I love 美玲 so much, she is my sister", [(7, 9, "美玲")]),
        ("We had 美玲 over for dinner", [(7, 9, "美玲")]),
        # Capitalized Cyrillic or Greek words in Latin text.
        ("They had 3: Edmonda, Святополк and Климент.", [(21, 30, "Святополк"), (35, 42, "Климент")]),
        ('"I am glad it is over," says Ράλλης.', [(29, 35, "Ράλλης")]),
        ("The winner of the prize was Анна Владиславовна Савина", [(28, 53, "Анна Владиславовна Савина")]),
        # More characters than letters, in text that reads as English: a list of names.
        (
            "They had 5: Ana, 結衣, 翼, 太一 and 篤司.",
            [(17, 19, "結衣"), (21, 22, "翼"), (24, 26, "太一"), (31, 33, "篤司")],
        ),
    ],
)
def test_a_lone_run_in_cased_text_is_a_name(
    recognizer: OtherScriptNameRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "我叫王小明，住在北京。",  # the text itself is in those characters
        "我叫王小明 and 住在北京",  # mostly characters, and too little English to read as English
        "上海市浦东新区世纪大道88号1203室 is the address",  # glued to digits: an address
        "I flew to 東京 last week",  # after a word that takes places
        "The 愛 character means love",
        "Order ABC大阪123 shipped",  # glued to letters and digits
        "A longer run of characters 東京都千代田区丸の内 is no name",
        "Plain English text with no characters at all",
        "The restaurant is at 1660 χλμ Αλεξανδρούπολης 133",  # a street before its number
        "Send it to ΛΕΥΚΩΣΙΑ, Cyprus",  # capitals: a town on an envelope
        "Я живу в Москве, и Анна тоже",  # the text itself is Cyrillic
        "Анна Савина",  # too little prose to tell the text is English
        "They went to Москва and then to the Πάρος of their dreams",  # after words that take places
        # The object of a verb of eating or drinking, or a quantity: a dish, not a person.
        "we ate 拉面 for lunch",
        "She ordered 餃子 and some 烏龍 to share",
    ],
)
def test_other_runs_are_not(recognizer: OtherScriptNameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "We'll meet 火曜日 at the office",
        "Ms. Marín flew on 월요일 morning",
        "Mrs. Morin flew to Edmonton on Τρίτη morning, and it was late",
    ],
)
def test_weekdays_are_no_names(recognizer: OtherScriptNameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
