"""PhonePatternRecognizer alone: numbers by their written shape, local ones after a phone cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import PhonePatternRecognizer

from . import assert_found, assert_nothing

ENTITY = "PHONE_NUMBER"
SCORES = (0.45, 0.55)


@pytest.fixture(scope="module")
def recognizer() -> PhonePatternRecognizer:
    return PhonePatternRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Call me on +44 7700 900345 tonight", [(11, 26, "+44 7700 900345")]),
        ("+33 7 27 75 56 70", [(0, 17, "+33 7 27 75 56 70")]),
        ("my mobile 07700 900812", [(10, 22, "07700 900812")]),
        ("(020) 7946 0958", [(0, 15, "(020) 7946 0958")]),
        ("0152/61940475", [(0, 13, "0152/61940475")]),
        ("call 555-0199", [(5, 13, "555-0199")]),
        ("phone: 2345 6789", [(7, 16, "2345 6789")]),
        # Eight digits as Denmark and Norway write them, in a text of their language.
        ("kan du ringe til lars på 28 41 93 06? han har nøglen", [(25, 36, "28 41 93 06")]),
        ("Ring meg når du er fremme, nummeret er 412 34 567", [(39, 49, "412 34 567")]),
        # A year written after a number is cut off once the digits are too many.
        ("+33 6 12 34 56 78 2024 10", [(0, 22, "+33 6 12 34 56 78 2024")]),
        # "00" is a country code and also a trunk 0: the longer reading wins.
        ("0044 20 7946 0958", [(0, 17, "0044 20 7946 0958")]),
        # North American numbers by their separators, with an extension.
        ("(571)177-7741 fax", [(0, 13, "(571)177-7741")]),
        ("call 475-661-2500x905 or 555.555.5555", [(5, 21, "475-661-2500x905"), (25, 37, "555.555.5555")]),
        # An extension written apart stays: alone it identifies no one.
        ("Desk: 1-800-555-0199 ext. 12", [(6, 20, "1-800-555-0199")]),
        # Line breaks written as escapes, and a "+" after a comma.
        ("Info:\\n+41 36 507 52 91 mobile", [(7, 23, "+41 36 507 52 91")]),
        ("Office\\,+46 (0)8 704 655 72-Fax", [(8, 27, "+46 (0)8 704 655 72")]),
        # Any grouping next to a word that names a phone line.
        ("Mobile: 22 782310", [(8, 17, "22 782310")]),
        # A dash between the word and the number, as a colon.
        ("Phone - 7482 9569", [(8, 17, "7482 9569")]),
        ("Tel — 2345 6789", [(6, 15, "2345 6789")]),
        ("| Phone | 7482 9569 |", [(10, 19, "7482 9569")]),  # a table's cells
        ("Tel.-Nr. 7482 9569", [(9, 18, "7482 9569")]),  # German abbreviates "number" after the word
        # The number of contact, and the words for a phone of more languages.
        ("Teléfono de contacto: 71234567.", [(22, 30, "71234567")]),
        ("Sími: 861 1148", [(6, 14, "861 1148")]),
        ("Farsími: 861 1148", [(9, 17, "861 1148")]),
        ("Telefonszámom: 20 123 4567", [(15, 26, "20 123 4567")]),
        ("Утас: 9948-3494", [(6, 15, "9948-3494")]),
        # A messenger or a mobile wallet that goes by the number; an airline record's contact.
        ("or viber 8365 112 (digicel)", [(9, 17, "8365 112")]),
        # The word for a phone in other scripts; glued to the words before it in
        # Chinese and Thai, with a full-width colon.
        ("联系电话：13812345678", [(5, 16, "13812345678")]),
        ("手机：138 1234 5678，谢谢", [(3, 16, "138 1234 5678")]),
        ("тел.: 29 123 45 67", [(6, 18, "29 123 45 67")]),
        ("هاتف: 551234567", [(6, 15, "551234567")]),
        ("เบอร์โทร 812345678 ครับ", [(9, 18, "812345678")]),
        ("SSR CTCM KC HK1/77014471209-1.1", [(16, 27, "77014471209")]),
        ("CTCM EK HK1 971504417732", [(12, 24, "971504417732")]),
        # Whose number it is, or a handphone; the one to call named before the number.
        ("after 5pm. his number is 77 641 28 90. thanks", [(25, 37, "77 641 28 90")]),
        ("bringing the cake. my hp 8123 6604 can", [(25, 34, "8123 6604")]),
        ("Call Maryam on 3390 2278 when you arrive", [(15, 24, "3390 2278")]),
        ("Any trouble call Bjørn 415 22 907. Enjoy!", [(23, 33, "415 22 907")]),
        ("Phone:\\n961 52 200", [(8, 18, "961 52 200")]),
        ("They're not answering at 9175 3554", [(25, 34, "9175 3554")]),
        ("9380 6377 office\n8701250349 fax", [(0, 9, "9380 6377"), (17, 27, "8701250349")]),
        ("67 501 36 56-Office", [(0, 12, "67 501 36 56")]),
        # The words for a phone line and for calling at a number in other languages.
        ("Kontakt oss på tlf. 915 22 408", [(20, 30, "915 22 408")]),
        ("ring meg på 47 11 90 32 i kveld", [(12, 23, "47 11 90 32")]),
        ("Proszę o kontakt pod numerem 22 410 77 31.", [(29, 41, "22 410 77 31")]),
        ("Τηλέφωνο επικοινωνίας 2310 445 812", [(22, 34, "2310 445 812")]),
        ("chiamami al 347 120 9981 stasera", [(12, 24, "347 120 9981")]),
        # Where messages go, and a number registered with a service.
        ("stop sending messages to 779 498 100", [(25, 36, "779 498 100")]),
        ("my registered 9822 3749. Help", [(14, 23, "9822 3749")]),
        # Any grouping right after a calling verb, nothing counted after it.
        ("You can call 21 258 722 3928", [(13, 28, "21 258 722 3928")]),
        ("How can we reach you? You can call (11) 8845-5433.", [(35, 49, "(11) 8845-5433")]),
        ("Dial 61 51 81, ask for Ana", [(5, 13, "61 51 81")]),
        # Eight digits or more after a calling verb, whatever follows.
        ("call 21 258 722 3928 tomorrow", [(5, 20, "21 258 722 3928")]),
        ("dial (11) 8845-5433 and ask for Ana", [(5, 19, "(11) 8845-5433")]),
        # Russia's trunk 8, before a mobile or a bracketed area code.
        # A currency that an amount follows belongs to the next price, not to the number
        # before it: a phone hidden behind "kr 500" is still found.
        ("Phone 98765432 kr 500 deposit", [(6, 14, "98765432")]),
        # The line's kind in brackets after the word; "Ph" with its capital.
        ("Phone (Mobile) – 9123 4567", [(17, 26, "9123 4567")]),
        ("Tel (WhatsApp): 9123 4567", [(16, 25, "9123 4567")]),
        ("Tel 0412 889 301 € 20 deposit", [(4, 16, "0412 889 301")]),
        ("Ph.No: 9123 4567", [(7, 16, "9123 4567")]),
        ("Ph. 9123 4567", [(4, 13, "9123 4567")]),
        ("Mobile: 9123 4567 € 20 a night", [(8, 17, "9123 4567")]),
        ("номер 8 916 123 45 67", [(6, 21, "8 916 123 45 67")]),
        ("телефон 8 (843) 231-47-56", [(8, 25, "8 (843) 231-47-56")]),
    ],
)
def test_phone_numbers_are_found(
    recognizer: PhonePatternRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # The same grouping in English text, and a Danish one no number of Denmark starts so.
        "the parts are 28 41 93 06 and 17 22 31 40 in the catalogue",
        "det kostede 12 50 00 00 kroner i alt, sagde han",
        "It costs 0.5 EUR",
        "the pH 7.4 buffer, ph 9123 4567 of the sample",  # acidity, not "Ph"
        "Sun & PH 1000-1600, closed on CNY",  # a public holiday's hours
        "Mon–Sat 9am–5pm, Ph 1000 1600 closed",
        "Phone: 12500000 VND, còn bảo hành",  # a round amount written without groups
        "Work (h) 1000-1600",
        "Work: 12.000.000 VND 2 months probation",  # an amount, then its currency and a count
        "at 09:00",
        "01.02.2024 1030",
        "postcode 75002",
        "ISBN 978-3-16-148410-0",
        "room 555-0199",  # a local number needs a phone cue
        "ext 1234",
        "order 0123",  # too short
        "reach 100 000 people",  # a verb needs "at" or "on"
        # A number before a currency is a price, whatever word stands before it.
        "Phone - 4.500.000 VND",
        "Home – 250 000 EUR, 3 bedrooms",
        "Mobile: 2 500 000 ₫",
        "sold 1.000.000 homes, 1 000 000 home buyers",  # a line word after, mid-line
        "office 2301",  # too short for a local number
        "8701250349",  # ten bare digits, no cue
        "registered 1 000 000 users",  # a word after the number: a count
        "sent 3 messages to 12345678 people",
        "registered 123 456 789 users",
        "Work: 2015-2019",  # years from and to
        # "Contact" alone is a verb before a count, a lens, a CRM's record; "simu" a phone for sale.
        "Contact 100 000 customers",
        "150 000 contact lenses were recalled last year.",
        "Merged contact #1234567 into account 88",
        "Nauza simu 350000 bei nafuu",
        "We will call 100 000 customers.",  # a word after the number: a count
        "we had to call 3 times",
        "recall 123456",  # a calling verb only as a word of its own
        "Call 2015-2019 our best years",
        "We sold 8 900 units in 2024",  # an 8 and a count, not eleven digits
        "Call Jane 3 times, then ring Support 24 hours a day",  # a name, then a count
        "the horsepower: 150 hp 2400 rpm",  # "hp" only after whose it is
        "отель 5 звезд, 1200 руб",  # a phone's cue inside a longer word
        "手机壳 3 个 25 元",  # a phone case: the number is no phone's
    ],
)
def test_other_numbers_are_not(recognizer: PhonePatternRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
