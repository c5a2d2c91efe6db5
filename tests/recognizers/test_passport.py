"""PassportRecognizer alone: six to nine letters and digits, after a passport cue only."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import PassportRecognizer

from . import assert_found, assert_nothing

ENTITY = "PASSPORT"
SCORES = (0.8, 0.9)


@pytest.fixture(scope="module")
def recognizer() -> PassportRecognizer:
    return PassportRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Passport no. C01X00T47", [(13, 22, "C01X00T47")]),
        ("my passport number is 123456789", [(22, 31, "123456789")]),
        ("Reisepass Nr. C01X00T47", [(14, 23, "C01X00T47")]),
        ("passport: 12AB34567, expires 2030", [(10, 19, "12AB34567")]),
        ("Passport # K1234567", [(11, 19, "K1234567")]),
        ("travel document 12 345678", [(16, 25, "12 345678")]),
        ("passport no. K12-34567", [(13, 22, "K12-34567")]),
        ("PP 533380006", [(3, 12, "533380006")]),
        # A note in brackets before the number; Armenian's label mark; Macedonian.
        ("Passport (for tax-free): G41754878", [(25, 34, "G41754878")]),
        ("Անձնագիր՝ AN0110108", [(10, 19, "AN0110108")]),
        ("Пасошот број M1031102 може", [(13, 21, "M1031102")]),
        ("pasaport no: U12345678", [(13, 22, "U12345678")]),
        # The word in scripts without capitals and in Vietnamese and Swahili,
        # the word for number glued on as those scripts write it, a full-width colon.
        ("رقم جواز السفر: A12345678", [(16, 25, "A12345678")]),
        ("पासपोर्ट नंबर: K1234567", [(15, 23, "K1234567")]),
        ("หนังสือเดินทางเลขที่ AA1234567", [(21, 30, "AA1234567")]),
        ("Hộ chiếu số: C1234567", [(13, 21, "C1234567")]),
        ("Pasipoti: AB123456", [(10, 18, "AB123456")]),
        ("מספר דרכון: 23456789", [(12, 20, "23456789")]),
        ("パスポート番号：TK1234567", [(8, 17, "TK1234567")]),
        ("여권번호: M12345678", [(6, 15, "M12345678")]),
        # Letters, a space and digits; a country named in brackets; a list of numbers; "APIS".
        ("International passport: FE 417290", [(24, 33, "FE 417290")]),
        ("Passport (Chile): F14827731 / F09376622", [(18, 27, "F14827731"), (30, 39, "F09376622")]),
        ("passports K4471298C and K2031776M", [(10, 19, "K4471298C"), (24, 33, "K2031776M")]),
        ("APIS: TB0297314 / TTO / DOB 11 OCT 1980", [(6, 15, "TB0297314")]),
        ("Passport: C4718203 / 20240518", [(10, 18, "C4718203")]),  # a date listed after it
        ("Passport: 512345678 / 20310504", [(10, 19, "512345678")]),  # an expiry written whole
        # "nr." written on to the word, as Danish, Dutch, Swedish and German abbreviate it.
        ("fødselsdato 03.12.2001, pasnr. 207418365, ledsaget", [(31, 40, "207418365")]),
        ("pas nr. 207418365", [(8, 17, "207418365")]),
        ("Passnr: AA1234567", [(8, 17, "AA1234567")]),
        ("Pass-Nr. C01X00T47", [(9, 18, "C01X00T47")]),
        ("paspoortnr. NW1R2K3H4", [(12, 21, "NW1R2K3H4")]),
        # "n.", the word for number written on, the cues of Indonesian and Russian.
        ("passaporto n. YA4829173 in scadenza", [(14, 23, "YA4829173")]),
        ("paspoortnummer NXC3R8P16, verloopt in 2027", [(15, 24, "NXC3R8P16")]),
        ("nomor paspor C4829173 untuk umrah", [(13, 21, "C4829173")]),
        ("Загранпаспорт 75 4829173 – хватит ли срока?", [(14, 24, "75 4829173")]),
        # "n.º", the Czech genitive, and the owner named between cue and number.
        ("passaporte n.º CB482917.", [(15, 23, "CB482917")]),
        ("číslo pasu 45829173", [(11, 19, "45829173")]),
        ("Paspoortnummer van Daan is NXR4K71P3", [(27, 36, "NXR4K71P3")]),
        # The cue in its case forms, a comma or a parenthesis before the number, an owner in other languages.
        ("tässä passin numero XP1234567 hakemusta varten", [(20, 29, "XP1234567")]),
        ("w załączniku skan paszportu nr ZS9081726", [(31, 40, "ZS9081726")]),
        ("ecco il numero del mio passaporto, YB7362514, grazie", [(35, 44, "YB7362514")]),
        ("copia del pasaporte (nº PAE918273) adjunta", [(24, 33, "PAE918273")]),
        ("Passnummeret til Ola er FK8273645", [(24, 33, "FK8273645")]),
        ("az útlevelem száma BE1928374, lejár", [(19, 28, "BE1928374")]),
        ("passport of Mr Smith is 123456789", [(24, 33, "123456789")]),
        # A few words between the cue and the number: a nationality, an owner, a
        # word for number, a verb; the cue in its case forms.
        ("portador do passaporte brasileiro n.º FX123456, desde", [(38, 46, "FX123456")]),
        ("Ik ben mijn paspoort kwijt (nummer NW1R2K3H4).", [(35, 44, "NW1R2K3H4")]),
        ("Pașaportul lui Andrei are numărul 05412345 și expiră", [(34, 42, "05412345")]),
        ("Číslo mého pasu je 45123456 a", [(19, 27, "45123456")]),
        ("fotocòpia del meu passaport (núm. PAK123456)", [(34, 43, "PAK123456")]),
        ("αριθμός διαβατηρίου AE1234567 και", [(20, 29, "AE1234567")]),
        ("Nomor paspor saya C4821234 buat jaga-jaga", [(18, 26, "C4821234")]),
        ("Mein Pass ist abgelaufen, Nummer C01X00T47", [(33, 42, "C01X00T47")]),
        ("pasaportumun numarası U12345678", [(22, 31, "U12345678")]),
        ("passeport néerlandais n° NW1R2K3H4", [(25, 34, "NW1R2K3H4")]),
        # The passport field of an airline's DOCS record.
        ("SSR DOCS YY HK1/P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN", [(22, 31, "S12345678")]),
        ("SSR DOCS YY HK1 P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN", [(22, 31, "S12345678")]),
        # The passport column of a slash-separated header and row.
        ("NAME/PASSPORT/NATIONALITY: DOE JANE/533380006/USA", [(36, 45, "533380006")]),
        ("Name / Passport No / Nationality\nJane Doe / X1234567 / ESP", [(44, 52, "X1234567")]),
    ],
)
def test_numbers_after_a_passport_cue_are_found(
    recognizer: PassportRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "order 123456789",  # no cue
        "passport is 12345",  # too short
        "passport 1234567890",  # too long
        "passport photo 2024",
        "I lost my passport in 2019 at the airport",
        "passport: ABCDEFGHI",  # fewer than two digits
        "passports: 2 adults",  # a count
        "pp 533380006",  # "pp" in lower case is pages
        "and/or passport/visa: yes/no",
        # Past a gap, not a date, a year, a price, a phone or flight number, nor
        # another document's number; not past a sentence's end or a line's.
        "passport expires on 12 May 2030",
        "mein Pass ist seit 2019 abgelaufen",
        "biaya paspor Rp 1500000",
        "the passport fee is 1234567 euros",
        "passport office phone 612345678",
        "lost my passport, flight KL1234567",
        "paspoort en rijbewijs nummer 1234567",
        "I lost my passport. AB1234567 is the order",
        "passport lost\nAB1234567",
        "passport number is 1234567.50",
        "my boarding pass number is 12345678",
        "boarding pass nr 12345678",
        "pasnr. 12345",  # too short
        "pas nr. 1234567.50",  # an amount
        "Pass-Nr. 14:30 Gate 12345678",  # a time
        "Je n'ai pas le numéro 12345678",
        "passport number is probably somewhere in the old email 1234567",
        "passport renewal form 1234567 8901",
        # The passport word without a number after it: a year, a count.
        "تم تجديد جواز السفر في 2020 وسافرت 3 مرات",
        "Tôi mất hộ chiếu hôm qua lúc 10 giờ",
    ],
)
def test_other_numbers_are_not(recognizer: PassportRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
