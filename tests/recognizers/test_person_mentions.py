"""PersonMentions alone: the further mentions of people the recognizers found in a record.

Not a recognizer (it runs after them, over the whole record), but it decides
what is replaced in the same way, so it is tested the same way: alone, on
spans given by hand.
"""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.person_mentions import PersonMentions
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon


@pytest.fixture(scope="module")
def mentions(gazetteer: Gazetteer) -> PersonMentions:
    return PersonMentions(person_name_lexicon(), gazetteer)


def _span(text: str, name: str, occurrence: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(name, start + 1)
    return start, start + len(name)


@pytest.mark.parametrize(
    "text, found, expected",
    [
        # A surname found alone elsewhere in the record.
        (
            "sung by Jimmy Webb in 1991 (though Webb's song was about a boat)",
            "Jimmy Webb",
            ["Webb"],
        ),
        # A given name repeated, in any sentence, capitalized.
        ("Call Kisuke: Kisuke had given Kisuke his address", "Kisuke", ["Kisuke", "Kisuke"]),
        # A name English seldom uses, though the lexicon lacks it.
        ("Edhem Jernejšek called. Jernejšek again.", "Edhem Jernejšek", ["Jernejšek"]),
    ],
)
def test_other_mentions_of_a_found_name(
    mentions: PersonMentions, text: str, found: str, expected: list[str]
) -> None:
    people = [_span(text, found)]
    repeats = mentions.repeats(text, people, people)
    assert [text[s:e] for s, e in repeats] == expected


@pytest.mark.parametrize(
    "text, found",
    [
        ("Ask Grace Park. Grace is a virtue, Park the car.", "Grace Park"),  # common words
        ("Paris Hilton flew to Paris", "Paris Hilton"),  # a place stays a place
        ("Call Kisuke: the kisuke sauce", "Kisuke"),  # lowercase is another word
        ("Ask Bo Chen. Bo said no.", "Bo Chen"),  # two letters: too short to carry a person
    ],
)
def test_words_places_and_other_words_are_not_mentions(
    mentions: PersonMentions, text: str, found: str
) -> None:
    people = [_span(text, found)]
    assert mentions.repeats(text, people, people) == []


def test_a_mention_inside_another_span_is_left_to_it(mentions: PersonMentions) -> None:
    text = "Lena Ortiz wrote from lena.ortiz@example.com; Ortiz again"
    people = [_span(text, "Lena Ortiz")]
    email = _span(text, "lena.ortiz@example.com")
    repeats = mentions.repeats(text, people, [*people, email])
    assert [text[s:e] for s, e in repeats] == ["Ortiz"]


@pytest.mark.parametrize(
    "text, found, expected",
    [
        # A surname after the found name, a patronymic, a given name before it.
        ("including Bryan Lafontaine of Fort", "Bryan", "Bryan Lafontaine"),
        ("tennis player Светлана Геннадиевна over visa", "Светлана", "Светлана Геннадиевна"),
        # Ukrainian patronymics; a surname by its ending before the given name and patronymic.
        ("Пацієнт: Шевченко Олена Петрівна", "Олена", "Шевченко Олена Петрівна"),
        ("Звонила Олена Петрівна, просила", "Олена", "Олена Петрівна"),
        ("correct it to Mehmet Fırat please", "Fırat", "Mehmet Fırat"),
        # Against a name, a surname that is also a city is the surname.
        ("}}Kauê Lima\n}}Agway Inc.", "Kauê", "Kauê Lima"),
        # A middle initial and the word after it.
        ("Follow up with Taisa S Barsukov soon", "Taisa", "Taisa S Barsukov"),
        ("Ask Taisa S. Barsukov", "Taisa", "Taisa S. Barsukov"),
        ("Ask Taisa B Street", "Taisa", "Taisa"),  # a common word
        # A degree or a generational suffix goes with the name; so does a given
        # name before a title inside it, and every title before the name.
        ("Lara Fiorentino MD of Talanx", "Lara Fiorentino", "Lara Fiorentino MD"),
        ("Matthäus Nyberg B.Eng., then", "Matthäus Nyberg", "Matthäus Nyberg B.Eng."),
        ("including Anđa Ms. Tomić of", "Tomić", "Anđa Ms. Tomić"),
        ("Dear Mrs. Thompson,", "Thompson", "Mrs. Thompson"),
        ("Call Prof. Dr. Karl Weber now", "Karl Weber", "Prof. Dr. Karl Weber"),
        # A form of address in lower case is also a word, and stays outside.
        ("I miss Sarah so much", "Sarah", "Sarah"),
        ("compra pan Ana", "Ana", "Ana"),
        ("We met in Rome. Ana Lima said", "Ana Lima", "Ana Lima"),  # a sentence end
        # Common words and places are not taken for name words.
        ("Ask Chidi Will you", "Chidi", "Chidi"),
        ("Ask Chidi in Lagos", "Chidi", "Chidi"),
    ],
)
def test_name_words_written_against_a_found_name_extend_it(
    mentions: PersonMentions, text: str, found: str, expected: str
) -> None:
    start, end = mentions.extended(text, *_span(text, found))
    assert text[start:end] == expected


@pytest.mark.parametrize(
    "text, found, expected",
    [
        # Particles and the surname after them, whether the found name ends
        # before them or in one; a surname that is also a place included.
        ("User: Jaylee van der Waal", "Jaylee van", "Jaylee van der Waal"),
        ("User: Jaylee van der Waal", "Jaylee", "Jaylee van der Waal"),
        ("a cousin, Mariana das Neves, wrote", "Mariana", "Mariana das Neves"),
        ("ask Pedro de Souza today", "Pedro", "Pedro de Souza"),
        # A surname the lexicon lacks, Dutch IJ included, when English has no such word.
        ("I met Celina IJzermans yesterday", "Celina", "Celina IJzermans"),
        ("says Matti Hauta-aho.", "Matti Hauta", "Matti Hauta-aho"),
        # Not: a common word, a place, a company word, an English word after a particle
        # or a hyphen, a particle with nothing capitalized after it.
        ("Thanks Chidi Great work", "Chidi", "Chidi"),
        ("Chidi Accra office", "Chidi", "Chidi"),
        ("Chidi GmbH", "Chidi", "Chidi"),
        ("Anna de facto left", "Anna", "Anna"),
        ("a Chidi-style answer", "Chidi", "Chidi"),
        ("Ask Chidi in Accra", "Chidi", "Chidi"),
        ("Did Chidi do Berlin?", "Chidi", "Chidi"),  # a particle that is an English word, a place
        # A Turkic "son of" or "daughter of" after the father's name, with the
        # surname after it; Filipino "dela".
        ("Full name: Mammadova Leyla Rauf qızı\nFIN", "Mammadova Leyla Rauf", "Mammadova Leyla Rauf qızı"),
        ("Payer: Elvin Rauf oğlu Həsənov\nCard", "Elvin Rauf", "Elvin Rauf oğlu Həsənov"),
        ("Leader: Azamat Nurlan uulu\nPIN", "Azamat Nurlan", "Azamat Nurlan uulu"),
        ("Receiver: Maria Cristina dela Cruz\nAddress", "Maria Cristina", "Maria Cristina dela Cruz"),
        # A two-letter given name English has no word for; a name in capitals
        # going on in capitals; an initial that closes a name.
        ("Tôi tên là Nguyễn Thị Thu Hà, sinh", "Nguyễn Thị Thu", "Nguyễn Thị Thu Hà"),
        ("Passengers: RODRÍGUEZ/ANA LUCÍA, RODRÍGUEZ/MIGUEL", "ANA", "ANA LUCÍA"),
        ("Atentamente,\nMaría F. Quispe H.", "María F. Quispe", "María F. Quispe H."),
        # Not: an English word of two letters, a word in capitals that is no
        # name, an initial before a capitalized word (a sentence may go on).
        ("Ask Chidi Ha ha", "Chidi", "Chidi"),
        ("SEND TO CHIDI NOW", "CHIDI", "CHIDI"),
        ("Ask Chidi B. Then we left", "Chidi", "Chidi"),
    ],
)
def test_particles_unknown_surnames_and_hyphenated_rests_extend_a_found_name(
    mentions: PersonMentions, text: str, found: str, expected: str
) -> None:
    start, end = mentions.extended(text, *_span(text, found))
    assert text[start:end] == expected


def test_nothing_after_a_name_is_read_past_the_next_span(mentions: PersonMentions) -> None:
    """A growth into the next span would be dropped whole, the title before
    the name with it: the words after the name stop where that span starts."""
    text = "Sr. João Pedro de Lima"
    start, end = mentions.extended(text, *_span(text, "Pedro"), limit=text.index("Lima"))
    assert text[start:end] == "Sr. João Pedro"


@pytest.mark.parametrize(
    "text, found, expected",
    [
        # Scripts that write no blank between words: the name inside longer runs.
        ("请联系张伟先生。张伟会帮你。", "张伟", ["张伟"]),
        ("山田太郎様、明日山田太郎が行きます", "山田太郎", ["山田太郎"]),
        # Korean glues its particles to the name; Arabic writes words apart.
        ("김민준 님, 김민준이 예약했습니다", "김민준", ["김민준"]),
        ("السيد أحمد محمد العلي حجز. أحمد سيصل غدا", "أحمد محمد العلي", ["أحمد"]),
    ],
)
def test_a_name_a_rule_found_in_a_script_without_capitals_is_found_again(
    mentions: PersonMentions, text: str, found: str, expected: list[str]
) -> None:
    people = [_span(text, found)]
    repeats = mentions.repeats(text, people, people, people)
    assert [text[s:e] for s, e in repeats] == expected


def test_a_name_only_the_model_read_in_such_a_script_is_not_repeated(mentions: PersonMentions) -> None:
    text = "会议室在三楼。会议室很大"  # the model reads Chinese sentences as people
    people = [_span(text, "会议室")]
    assert mentions.repeats(text, people, people) == []
