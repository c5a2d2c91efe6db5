"""Names that open with a known place: stations and sights, not people."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import default_gazetteer
from privacy.desensitize.place_led_names import led_by_a_place
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon


def _led(text: str, span: str) -> bool:
    start = text.index(span)
    return led_by_a_place(text, start, start + len(span), default_gazetteer(), person_name_lexicon())


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Il treno per Napoli Centrale parte", "Napoli Centrale"),
        ("Der Zug nach Köln Hbf hat Verspätung", "Köln Hbf"),
        ("arrivo a Roma Termini alle 11", "Roma Termini"),  # "Roma" is a given name too
        ("O comboio de Lisboa Santa Apolónia", "Lisboa Santa Apolónia"),
        ("vamos a Sevilla Santa Justa", "Sevilla Santa Justa"),
        ("mucha nieve en Madrid y Rafa Nadal", "Madrid"),  # a given name too, after "en"
        ("hujan deras di Kota Batu", "Kota Batu"),  # "Kota" and "Batu" are names too
        ("terbang ke Kota Kinabalu besok", "Kota Kinabalu"),
        ("jadi Jalan Sudirman macet total", "Jalan Sudirman"),
        ("the boat to Wat Arun leaves at 10", "Wat Arun"),  # a temple, a museum: no one's name
        ("book the Museo Frida Kahlo online", "Museo Frida Kahlo"),
        ("der Zug ab Zürich Oerlikon", "Zürich Oerlikon"),  # no name of the lexicon after the town
        # A town of several words whose first is a given name somewhere.
        ("Arrival approx. 14:45 at Siem Reap office", "Siem Reap"),
        # After a word that opens a street's or a venue's name, inside the span or before it.
        ("Avoid Jalan Tuanku Abdul Rahman today", "Tuanku Abdul Rahman"),
        ("Av. Javier Prado Este lenta", "Javier Prado"),
        ("la calle Javier Prado está cerrada", "Javier Prado"),
        ("show run at the Autódromo Hermanos Rodríguez", "Hermanos Rodríguez"),
        ("the Lycée Victor Hugo is closed", "Victor Hugo"),
        ("Profesor Juan Pérez, Colegio San Agustín", "Colegio San Agustín"),
        # Street words the address recognizers share: Polish, Romanian, Malay, Filipino.
        ("Spotkanie przy Rondo Romana Dmowskiego", "Romana Dmowskiego"),
        ("ne vedem la Piața Mihai Viteazul", "Mihai Viteazul"),
        ("kedai di Lorong Kurau hujung", "Kurau"),
        ("Place Jean Jaurès, marché le mardi", "Jean Jaurès"),
        ("Kantor kami di Jl Gatot Subroto Kav. 52, Jakarta", "Jl Gatot Subroto Kav"),  # an abbreviation
    ],
)
def test_a_place_led_name_is_no_person(text: str, span: str) -> None:
    assert _led(text, span)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("Florence Pugh won an award", "Florence Pugh"),  # the town is a given name
        ("I met Jordan Smith at lunch", "Jordan Smith"),
        ("Mendoza Ruiz, Alberto firmó", "Mendoza Ruiz"),  # a town, then a surname
        ("pick up Paris from school", "Paris"),  # a given name, no "in" before it
        ("Anna Kowalska dzwoniła", "Anna Kowalska"),
        ("Marco Polo Airport", "Marco Polo"),  # opens with no place
        # A town of several words that reads as a given name and a surname.
        ("ligou Marcos Juárez ontem", "Marcos Juárez"),
        # English "via", Swedish "av" ("of") and a sentence's full stop open no place.
        ("send it via Maria Lopez", "Maria Lopez"),
        ("sonen av Erik Lund ringde", "Erik Lund"),
        ("He was taken to the Hospital. Juan Pérez stayed.", "Juan Pérez"),
        ("C. Ronaldo and Al Hassan came", "Hassan"),
        # A venue's word in lower case is where a person is; German capitalizes
        # every noun; a tab parts a table's columns; a race, a surname.
        ("En la clínica María López me atendió", "María López"),
        ("Im Stadion Thomas Müller traf zweimal", "Thomas Müller"),
        ("St Luke's Hospital\tJohn Kamau\t35", "John Kamau"),
        ("En la carrera Juan Pérez ganó la medalla", "Juan Pérez"),
        ("Strada Gino and Corso Luca signed", "Strada Gino"),
        # A place's word that is a given name too, before a surname.
        ("Calle Andersson ringde igår", "Calle Andersson"),
        # An English word of the list in English text is a verb as often; an abbreviation needs its dot.
        ("Place Maria Lopez on the waiting list please", "Maria Lopez"),
        ("Route Anna Schmidt to the second desk, thanks", "Anna Schmidt"),
        ("Al Hassan and Ul Haq met", "Haq"),
        # After a bullet or a label too; a street word that is a town is a name as often.
        ("Action items:\n- Place Maria Lopez on the rota", "Maria Lopez"),
        ("To do: Route Anna Kowalski's calls to voicemail", "Anna Kowalski"),
        ("Ronda Pietersen called about the invoice.", "Ronda Pietersen"),
        ("El paciente Alameda Ruiz, Jorge fue dado de alta.", "Alameda Ruiz"),
    ],
)
def test_a_name_that_a_person_may_carry_stays(text: str, span: str) -> None:
    assert not _led(text, span)
