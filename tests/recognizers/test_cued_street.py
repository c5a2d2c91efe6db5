"""CuedStreetRecognizer alone: a street and number, or a crossing, after words that announce one."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import CuedStreetRecognizer
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.65, 0.75)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> CuedStreetRecognizer:
    return CuedStreetRecognizer(gazetteer)


def _at(text: str, value: str) -> tuple[int, int, str]:
    start = text.index(value)
    return start, start + len(value), value


@pytest.mark.parametrize(
    "text, value",
    [
        # Streets written without a type word, in many countries' manner.
        ("My new address is Kastanjelunden 14, please update it.", "Kastanjelunden 14"),
        ("Her address: 5521 Tomáše Bati 212", "5521 Tomáše Bati 212"),
        ("He lives on the east side of Πατησίων 88.", "Πατησίων 88"),
        # The house number first, after words that only an address takes.
        ("He lives on the north side of 110 Kontomari.", "110 Kontomari"),
        ("Her address is 104 Machiton Scholis Chorophilakis, I think", "104 Machiton Scholis Chorophilakis"),
        ("Her address is:\n9 Kritis, Nicosia", "9 Kritis, Nicosia"),
        # The small words of Slavic street names.
        ("He lives on the north side of Jiřího z Poděbrad 1874.", "Jiřího z Poděbrad 1874"),
        ("The bakery is on R Flores 27 street.", "R Flores 27"),
        ("The pharmacy is at Mátyás kir. 9", "Mátyás kir. 9"),
        ("Please ship it to Kaivopuisto 3", "Kaivopuisto 3"),
        ("Our office is located at Praça da Liberdade 41", "Praça da Liberdade 41"),
        ("You must enter on Lavalleja 1840 St. during the works", "Lavalleja 1840"),
        # The flat goes with the street.
        ("Can you send everything to Hanna Kivisto 7 apt 2?", "Hanna Kivisto 7 apt 2"),
        # The lines of a block after the word "address".
        ("Billing address:\n\nSkovbrynet 19", "Skovbrynet 19"),
        # "address" with a few words before its colon, "the address of … is",
        # and a thing sent that is more than "it".
        ("Please set my delivery address to the same: Brisas 7851", "Brisas 7851"),
        ("My address on file: Ööbiku 25", "Ööbiku 25"),
        ("The address of Ostra Holdings Inc. is Příční 1429", "Příční 1429"),
        ("Can you please send a new one to Vahe 46? I am away.", "Vahe 46"),
        ("We posted the copies to Midhraun 10", "Midhraun 10"),
        # Crossings, with a number on one side at least, or after "corner of".
        ("Meet me at Oskar and Ringvegen 12", "Oskar and Ringvegen 12"),
        # "The corner of" names the crossing and goes with it.
        ("the corner of Vesterbrogade 41 and Halmtorvet", "the corner of Vesterbrogade 41 and Halmtorvet"),
        ("Stop at the corner of Maple Grove and Elm Hollow.", "the corner of Maple Grove and Elm Hollow"),
        ("At the intersection of Via Roma 4 and Corso Italia", "the intersection of Via Roma 4 and Corso Italia"),
        ("on corner of Oak Street and Pine Road", "corner of Oak Street and Pine Road"),
        # A lowercase type word opens or closes a side.
        ("It is the corner of ul. Lipowa 6 and Sven Coves", "the corner of ul. Lipowa 6 and Sven Coves"),
        (
            "at the corner of 54 rue Pierre Motte and Baranov Mission.",
            "the corner of 54 rue Pierre Motte and Baranov Mission",
        ),
        (
            "by the corner of Hegedűs Gyula utca 15. and Blenda Forks",
            "the corner of Hegedűs Gyula utca 15. and Blenda Forks",
        ),
        # The Norwegian "gate", which only a corner or an address part makes a street.
        (
            "the corner of Berings gate 210 and Kristoffersen Passage",
            "the corner of Berings gate 210 and Kristoffersen Passage",
        ),
    ],
)
def test_announced_streets_are_found(
    recognizer: CuedStreetRecognizer, text: str, value: str
) -> None:
    assert_found(recognizer, text, [_at(text, value)], ENTITY, SCORES)


def test_the_town_after_the_street_is_read_as_its_place(recognizer: CuedStreetRecognizer) -> None:
    text = "She lives at Rua Verde 12, Lisbon"
    (result,) = assert_found(recognizer, text, [_at(text, "Rua Verde 12, Lisbon")], ENTITY, SCORES)
    assert result.recognition_metadata[LOCALITIES_KEY] == ("Lisbon",)


@pytest.mark.parametrize(
    "text, value",
    [
        ("Meet me at the corner of Queen and Spadina tomorrow morning.", "the corner of Queen and Spadina"),
        ("Go to the corner of Birch and Dunmore then turn left.", "the corner of Birch and Dunmore"),
        # English words on both sides, but a cue before "the corner of" vouches for them.
        ("Meet me at the corner of Main and Elm", "the corner of Main and Elm"),
        ("The accident was at the intersection of Boylston and Tremont.", "the intersection of Boylston and Tremont"),
    ],
)
def test_a_crossing_ends_before_the_next_lowercase_word(
    recognizer: CuedStreetRecognizer, text: str, value: str
) -> None:
    assert_found(recognizer, text, [_at(text, value)], ENTITY, SCORES)


def test_an_abbreviated_word_does_not_run_into_the_next_sentence(
    recognizer: CuedStreetRecognizer,
) -> None:
    text = "Take me to the corner of 12 Oak St and Birch Vale. Please hurry."
    assert_found(recognizer, text, [_at(text, "the corner of 12 Oak St and Birch Vale")], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Numbered things, not streets.
        "The boarding is at Gate 12.",
        "The match is on Channel 4 tonight.",
        "We are at Level 3 now.",
        "The sale is on Sunday 12.",
        # A year, an amount or a count after the name.
        "The sale is on Black Friday 2024.",
        "His book is on Amazon 24 hours a day.",
        "Send it to Anna 5 times.",
        "Send the report to Mary 3 times a day.",
        "Please send a copy to Chapter 5.",
        "The address of the meeting is Room 12.",
        # "address" that is no postal one, or the verb; a sentence end between
        # "the address of" and "is"; a message or a greeting sent, not a parcel.
        "Email address for work: Outlook 365.",
        "Mac address on the label: Intel 8265.",
        "Her keynote address at the summit: Session 4.",
        "Please address these issues: Ticket 4521.",
        "We will address the following: Sprint 14.",
        "The IP address of Google is Server 3.",
        "Send me the address of Bob. The winner is Anna 5.",
        "The address of the printer is Server 3.",
        "Send a message to Team 5.",
        # "to address" the verb; an address in a config; a numbered or
        # lettered party; a weak cue before a name that opens with an English
        # word and has no town or postcode after it.
        "Points to address in the review: Release 5, then docs.",
        "Issues to address in sprint: Jira 1432, Confluence 12.",
        "The address in the config: Port 8080, TLS on.",
        "Listen address in config: Port 443.",
        "The bind address for the service: Docker 2, then Kubernetes 1.",
        "The address of Server 2 is Rack 14.",
        "The address of Sensor B is Modbus 17.",
        "The address of Acme Corp is Building 4, I think.",
        "Address for the records: Employee 4521.",
        "Ship another one to Customer 4412.",
        "Send my love to Apollo 11.",
        "Move my appointment to Slot 7.",
        "Send The Report to Mary 3.",
        "The update is on Android 14 and iOS 17.",
        # The house number first after a cue that takes times, shops and
        # years too, or a name that opens with an English word.
        "The meeting is at 3 Starbucks.",
        "It lasted until the end of 2024 Olympics.",
        "She lives on 5 Acres.",
        # A book, a film, an era, a unit or a given name alone after the number.
        "The letter appears at the end of 2 Timothy.",
        "I cried at the end of 101 Dalmatians.",
        "By the end of 30 BC, Egypt was a Roman province.",
        "Block address: 512 MB.",
        "He is living on 900 SSI.",
        "The IP address is 10 Gbps.",
        "It is on the other side of 2 Samuel.",
        # No cue, or a cue for a town rather than a house.
        "Kastanjelunden 14 was a good year.",
        "He lives in Paris 15.",
        # A crossing with no number after a cue other than "corner of".
        "The party is at Tom and Jerry's.",
        "I'll be at the corner of my street and the park.",
        "Turn on the Radio 4 and the TV.",  # lowercase words open a side only after "corner of"
        # After "corner of", only a street type word may open a side: "the" is none.
        "The museum sits at the corner of Europe and the Middle East.",
        "Hannibal's crossing of the Alps and the Po valley is legendary.",
        # Two ideas or two places, no street type word, no town after, no cue
        # before "the corner of".
        "Fashion sits at the crossing of Paris and Milan.",
        "Her work sits at the junction of Design and Engineering.",
        "The leak is on Pipe 7 and Valve 3.",
        # An airport's gate without its number is no street on a corner's side.
        "Let's meet at the corner of Departure gate and Baggage Claim.",
    ],
)
def test_other_names_with_numbers_are_not_streets(
    recognizer: CuedStreetRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)
