"""CapitalizedGivenNameRecognizer alone: a lone capitalized given name in a language that writes nouns in lowercase."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import CapitalizedGivenNameRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.86, 0.86)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> CapitalizedGivenNameRecognizer:
    return CapitalizedGivenNameRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("pásame el móvil de Lucía, que no lo encuentro", [(19, 24, "Lucía")]),
        ("Bom dia! Liga à Graça amanhã, por favor.", [(16, 21, "Graça")]),
        ("kun je Koen even appen dat we later zijn?", [(7, 11, "Koen")]),
        # Names that are also words of the language: the capital tells them apart.
        ("yarın Umut ile buluşacağız, sen de gel", [(6, 10, "Umut")]),
        ("La vecina Dolores me ha dicho que vendrá mañana", [(10, 17, "Dolores")]),
        # A Turkish case ending stays outside the name.
        ("toplantıyı Deniz'e söyler misin, saat onda", [(11, 16, "Deniz")]),
        # A greeting at a sentence's start is no name beside it.
        ("Hola Carmen, ¿me puedes mandar la factura de la luz cuando puedas?", [(5, 11, "Carmen")]),
        ("Hej Ebba, kan du ringa mig i kväll?", [(4, 8, "Ebba")]),
        ("mi scrivi un messaggio per Chiara? è il suo compleanno", [(27, 33, "Chiara")]),
        # Declined in a language that declines names: the lexicon holds its own form.
        ("prosím tě, řekni Petrovi, že dnes nepřijdu", [(17, 24, "Petrovi")]),
        ("voitko sanoa Annalle, että olen myöhässä tänään", [(13, 20, "Annalle")]),
        ("πες στον Γιώργο ότι θα αργήσω λίγο", [(9, 15, "Γιώργο")]),
        ("скинь номер Димы, мне надо ему позвонить", [(12, 16, "Димы")]),
        ("она крикнула: «Маша, иди сюда»", [(15, 19, "Маша")]),  # quoted speech calls her
        ("я говорил с Антоном вчера, он передал привет Игорю", [(12, 19, "Антоном"), (45, 50, "Игорю")]),
        ("передай Оксані, що ми приїдемо до Миколи в суботу", [(8, 14, "Оксані"), (34, 40, "Миколи")]),
        # Hungarian lengthens a final vowel before a suffix and doubles a consonant before "-val".
        ("ha kérdés van, hívd Gézát és Péterrel", [(20, 25, "Gézát"), (29, 37, "Péterrel")]),
        # At a sentence's start, as the subject of a verb of saying, or joined by "and" to a given name.
        ("¿vienen al final? Marta dice que sí, y trae la tortilla", [(18, 23, "Marta")]),
        ("Rose et Hugo viennent dimanche avec les enfants", [(0, 4, "Rose"), (8, 12, "Hugo")]),
        # A declined given name takes the surname after it, declined too.
        ("jedu tam s tebou a Evu Novákovou v sobotu", [(19, 32, "Evu Novákovou")]),
        # Also where the surname closes a clause, and in a text of few function
        # words that its letters tell Polish.
        ("bilet wystawiony na Zofię Nowakowską, trzeba go mieć", [(20, 36, "Zofię Nowakowską")]),
        ("przesyłam skan mojej córki Zofii Kamińskiej.", [(27, 43, "Zofii Kamińskiej")]),
        # After an elided article or preposition.
        ("on dort chez la tante d'Inès ce soir, tu viens ?", [(24, 28, "Inès")]),
        # A function word of another language than the text's is a name in it.
        ("gaan Femke en Bas morgen mee naar het strand?", [(5, 10, "Femke"), (14, 17, "Bas")]),
        ("de fiets van Sem staat nog buiten bij de buren", [(13, 16, "Sem")]),
        # A German given name in the genitive, before the noun it owns.
        ("Kannst du bitte Annas Mutter anrufen, wenn du Zeit hast?", [(16, 21, "Annas")]),
        ("Jeg har betalt til Noahs fødselsdagsgave men fik aldrig ordren.", [(19, 24, "Noahs")]),
        # A name English has only as a name, though a frequent one ("Serena").
        ("mi scrivi un messaggio carino per Serena? è il suo compleanno", [(34, 40, "Serena")]),
    ],
)
def test_a_capitalized_given_name_inside_a_sentence_is_a_person(
    recognizer: CapitalizedGivenNameRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("demà ve la Pau a sopar amb nosaltres", [(11, 14, "Pau")]),  # also a town
        ("pregunta-li a la Mar si vol venir, que fa dies que no la veiem", [(17, 20, "Mar")]),  # an English word
    ],
)
def test_after_a_personal_article_a_given_name_is_a_person_above_a_town(
    recognizer: CapitalizedGivenNameRecognizer, text: str, expected: list
) -> None:
    """Scored above the gazetteer's town on the same span."""
    assert_found(recognizer, text, expected, ENTITY, (0.91, 0.91))


@pytest.mark.parametrize(
    "text",
    [
        "Lucía me ha dicho que vendrá mañana con los niños",  # a sentence's start
        "Paris et Lyon sont deux villes que nous aimons bien",  # places joined by "and"
        "El tren sale de Milano Centrale a las nueve y media",  # beside another capitalized word
        "La vendí a Sergio Castillo el mes pasado, ya no es mía",  # a full name: the other rules' job
        "On se retrouve au Café de Flore vers six heures et demie",  # after a name and a particle
        "Hier ist das Paket mit Ernst und großer Sorgfalt verpackt worden",  # German capitalizes its nouns
        "Can you ask Lucía whether she is coming tonight?",  # English: the lexicon and the tagger decide
        "w sklepie jest promocja na czekoladę «Алёнка» do piątku",  # in quotes: a title or a brand
        "mañana vamos a Valencia con el coche de mi hermano",  # a place the gazetteer knows
        "el modelo Clio 4 se vende bien en la zona de la costa",  # before a short number: a thing
        "je suis passé chez Carrefour et il n'y avait plus de lait",  # no given name
        "je cherche une recette de tarte Tatin pour ce soir",  # French declines no names: no "Tati"
        "мы встретились возле станции Москва вчера вечером",  # a place, though it declines too
        "In Utrecht lopen we even langs de Dom en dan naar huis",  # Dutch writes no article before a name
        "je vais à l'Opéra ce soir avec des amis, et toi ?",  # elided, but no given name
        "c'est l'Europe qui décide, dit-il à la radio",
        "El premi Nobel de la Pau es va lliurar ahir a Oslo",  # "de la": peace, not a person
        "demà anem a Pau amb el cotxe nou",  # a town, with no article
        "Die Farbe des Marks ist bei diesem Knochen ganz dunkel, sagt der Arzt",  # after an article
        "We had dinner at the Williams Bar and then we walked home",  # English: no genitive "s"
        "Ich habe mir gestern den neuen Mercedes GLC angeschaut, er ist schön",  # a name in its own right
        "Vi mødes ved Dronning Louises Bro efter kl. 15, hvis det passer dig",  # ends a longer name
    ],
)
def test_other_capitalized_words_are_not(recognizer: CapitalizedGivenNameRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
