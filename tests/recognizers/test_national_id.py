"""NationalIdRecognizer alone: any national number after its name, checked shapes alone."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import NationalIdRecognizer
from privacy.desensitize.recognizers.national_id import (
    belgian_national_number_valid,
    cn_resident_id_valid,
    codice_fiscale_valid,
    cpf_valid,
    cuit_valid,
    curp_valid,
    dni_valid,
    hetu_valid,
    pan_valid,
    verhoeff_valid,
)

from . import assert_found, assert_nothing

ENTITY = "NATIONAL_ID"
CUED = (0.8, 0.9)
CHECKED = (0.7, 0.8)


@pytest.fixture(scope="module")
def recognizer() -> NationalIdRecognizer:
    return NationalIdRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("my NIE is X1234567L.", [(10, 19, "X1234567L")]),
        ("PESEL 97100666900", [(6, 17, "97100666900")]),
        ("BSN: 123456782", [(5, 14, "123456782")]),
        ("Ivana Horvat, OIB 12345678903", [(18, 29, "12345678903")]),
        ("РНОКПП 3012345678, тел.", [(7, 17, "3012345678")]),
        ("My PPS number is 1234567TA", [(17, 26, "1234567TA")]),
        ("national ID card number 123456789", [(24, 33, "123456789")]),
        ("personnummer 811218-9876", [(13, 24, "811218-9876")]),
        # A driving licence's number, which libphonenumber reads as a phone's.
        ("My driver's license number is 4047753316", [(30, 40, "4047753316")]),
        ("Führerscheinnummer: B072RRE2I55", [(20, 31, "B072RRE2I55")]),
        ("Driver's License No: D123-456-789", [(21, 33, "D123-456-789")]),
        # The word for "is" or "my" of the cue's language.
        ("mój PESEL to 93110548261.", [(13, 24, "93110548261")]),
        # Tax and social security numbers and identity cards of more countries, after a comma too.
        ("Steuer-ID: 51 284 709 163", [(11, 25, "51 284 709 163")]),
        ("ΑΦΜ: 094827361", [(5, 14, "094827361")]),
        ("numer NIP 714-203-55-18 do faktury", [(10, 23, "714-203-55-18")]),
        ("el número de la Seguridad Social, 41/20558813/07, para", [(34, 48, "41/20558813/07")]),
        ("mijn BSN, 204817365, voor de verzekering", [(10, 19, "204817365")]),
        # An identity card's document number: letters and digits, after the card's name only.
        ("Personalausweisnummer lautet T22000129, danke", [(29, 38, "T22000129")]),
        ("la carta d'identità, CA00000AA, scade a maggio", [(21, 30, "CA00000AA")]),
        ("δελτίου ταυτότητας ΑΒ 123456, παρακαλώ", [(19, 28, "ΑΒ 123456")]),
        ("NIK saya 3174054512920003", [(9, 25, "3174054512920003")]),
        ("T.C. kimlik numaram 28471936550", [(20, 31, "28471936550")]),
        ("seria i numer dowodu osobistego: AYZ748291", [(33, 42, "AYZ748291")]),
        ("Číslo občanského průkazu paní Aleny Marešové: 204518739", [(46, 55, "204518739")]),
        # Alone, only shapes whose check digit holds.
        ("ref 12345678Z ok", [(4, 13, "12345678Z", CHECKED)]),
        ("CF RSSMRA85T10A562S", [(3, 19, "RSSMRA85T10A562S", CHECKED)]),
        ("conta 111.444.777-35", [(6, 20, "111.444.777-35", CHECKED)]),
        ("身份证 110105194910011237", [(4, 22, "110105194910011237", CHECKED)]),
        ("my SSN: 44030420000229105x.", [(8, 26, "44030420000229105x", CHECKED)]),
        ("ref 85.07.30-033.28 ok", [(4, 19, "85.07.30-033.28", CHECKED)]),
        # A Belgian number after a name of its own, however written, if its check digits hold.
        ("Mijn rijksregisternummer is 85.07.30-033.28, graag", [(28, 43, "85.07.30-033.28")]),
        ("NUMÉRO NATIONAL : 85073003328", [(18, 29, "85073003328")]),
        ("numéro de registre national: 850730 033 28", [(29, 42, "850730 033 28")]),
        ("NISS 01020312345", [(5, 16, "01020312345")]),
        # A Mexican CURP alone if its check digit holds; after its name, any code of its shape.
        ("ref RAOL850823HDFMCS07.", [(4, 22, "RAOL850823HDFMCS07", CHECKED)]),
        ("CURP: RAOL850823HDFMCS07", [(6, 24, "RAOL850823HDFMCS07")]),
        ("nacida en 2002, GOMA020131MJCRRNA7", [(16, 34, "GOMA020131MJCRRNA7", CHECKED)]),
        ("Mi CURP es GOMA020131MJCRRNA8 y", [(11, 29, "GOMA020131MJCRRNA8")]),  # mistyped
        # A Colombian cédula after "C.C." or "CC", in groups of three or not, or after "cédula".
        ("Mis datos: Andrés, C.C. 1.036.482.719 de Medellín", [(24, 37, "1.036.482.719")]),
        ("CC 1036482719", [(3, 13, "1036482719")]),
        ("cédula de ciudadanía No. 71.234.567", [(25, 35, "71.234.567")]),
        # An Argentine CUIT or CUIL: alone as written if its check digit holds; after its name, however written.
        ("fecha de nac. 02/03/1994, 27-38194026-3", [(26, 39, "27-38194026-3", CHECKED)]),
        ("CUIT 27-38194026-3", [(5, 18, "27-38194026-3")]),
        ("mi CUIL es 20123456786", [(11, 22, "20123456786")]),
        # An Indian PAN alone in its exact shape, after its name in any.
        ("PAN: BXKPV4821L", [(5, 15, "BXKPV4821L")]),
        ("My PAN card number is AAACR5055K", [(22, 32, "AAACR5055K")]),
        ("sent on behalf of BXKPV4821L today", [(18, 28, "BXKPV4821L", CHECKED)]),
        # A Finnish identity code anywhere, its check character holding.
        ("Co-applicant: Jussi Korhonen, 110292-4576", [(30, 41, "110292-4576", CHECKED)]),
        ("hetu 010594Y9032 ok", [(5, 16, "010594Y9032")]),  # after its name, cued
        # Greece's AMKA after its name in Greek letters, in any case.
        ("ΑΜΚΑ: 25067118460", [(6, 17, "25067118460")]),
        ("ο αμκα μου είναι 15038801237", [(17, 28, "15038801237")]),
        ("Α.Μ.Κ.Α. 15038801237", [(9, 20, "15038801237")]),
        # More countries' acronyms in capitals, their names in words, and "ID" alone.
        ("CNIC: 35202-1234567-1", [(6, 21, "35202-1234567-1")]),
        ("Landlord: A. Wong (HKID C123456(9))", [(24, 34, "C123456(9)")]),
        ("My Number: 1234 5678 9012", [(11, 25, "1234 5678 9012")]),
        ("National code (Kod-e Melli): 0012345678", [(29, 39, "0012345678")]),
        ("Tenant: J. Mwangi, ID 24681357", [(22, 30, "24681357")]),
        ("HKID C123456 (9)", [(5, 16, "C123456 (9)")]),
        ("NIC No: 852341234V", [(8, 18, "852341234V")]),
        ("RRN 900917-2645111", [(4, 18, "900917-2645111")]),
        # Numbers longer than sixteen characters, and acronyms a chat writes in lower case.
        ("NIDA: 19900726-41118-00002-17", [(6, 29, "19900726-41118-00002-17")]),
        ("NID 19927512345678901", [(4, 21, "19927512345678901")]),
        ("bro my cnic is 42101-7654321-3", [(15, 30, "42101-7654321-3")]),
        ("BVN 22318845102", [(4, 15, "22318845102")]),
        # Tax numbers that file a resident, an identity card named by its country
        # or kind, and a short note in brackets after the name.
        ("IRD number: 049-091-850", [(12, 23, "049-091-850")]),
        ("IIN: 870203450123", [(5, 17, "870203450123")]),
        ("RFC: GARC850314K27", [(5, 18, "GARC850314K27")]),
        ("KRA PIN: P051234567Q", [(9, 20, "P051234567Q")]),
        ("RFC: LOPM900101AB3", [(5, 18, "LOPM900101AB3")]),
        ("Thai ID: 3 1005 01234 56 1", [(9, 26, "3 1005 01234 56 1")]),
        ("SA ID: 900101 5800 086", [(7, 22, "900101 5800 086")]),
        ("kebele ID AA-KL-045112", [(10, 22, "AA-KL-045112")]),
        ("NIC (new): 199012345678", [(11, 23, "199012345678")]),
        ("Taxpayer number (RNOKPP): 2987654321", [(26, 36, "2987654321")]),
        ("Personal identity code: 150390-123X", [(24, 35, "150390-123X")]),
        # More countries' acronyms and names in words; "n.º".
        ("titulaire de la CNI n° 2 751 1990 01234, demeurant", [(23, 39, "2 751 1990 01234")]),
        ("titulaire du NINA 1 90 15 0412 003 K, domicilié", [(18, 36, "1 90 15 0412 003 K")]),
        ("portador do BI n.º 110100123456A, NUIT 102345678", [(19, 32, "110100123456A"), (39, 48, "102345678")]),
        ("con C.I. 4512378 LP, nacido", [(9, 19, "4512378 LP")]),
        ("Marta Xoc de Pérez, DPI 2548 71234 0101", [(24, 39, "2548 71234 0101")]),
        ("personal code (asmens kodas) 48905120342, residing", [(29, 40, "48905120342")]),
        ("identification no. 4120589A001PB7", [(19, 33, "4120589A001PB7")]),
        ("pide tu carné de identidad: 85041208731 y", [(28, 39, "85041208731")]),
        # Names of the number in more languages and scripts, and a full-width colon.
        ("Patsient: Märt Tamm, isikukood 49003120246", [(31, 42, "49003120246")]),
        ("ID-nommer: 8001015009087", [(11, 24, "8001015009087")]),
        ("Αρ. Ταυτότητας: ΑΚ 582019", [(16, 25, "ΑΚ 582019")]),
        ("الرقم القومي: 29001011234567", [(14, 28, "29001011234567")]),
        ("رقم الهوية الوطنية: 1023456789", [(20, 30, "1023456789")]),
        ("کد ملی: 0012345678", [(8, 18, "0012345678")]),
        ("شناختی کارڈ نمبر 35202-1234567-1،", [(17, 32, "35202-1234567-1")]),
        ("नागरिकता नं.: 12-01-70-01234", [(14, 28, "12-01-70-01234")]),
        ("เลขประจำตัวประชาชน 1-1020-00123-45-6", [(19, 36, "1-1020-00123-45-6")]),
        ("身分證字號：A123456789", [(6, 16, "A123456789")]),
        ("주민등록번호: 900101-1234567", [(8, 22, "900101-1234567")]),
        ("Số CCCD: 001090012345", [(9, 21, "001090012345")]),
        ("Esther (kitambulisho 23456781) ameomba", [(21, 29, "23456781")]),
        ("এনআইডি নম্বর: 1234567890", [(14, 24, "1234567890")]),
        ("ብሔራዊ መታወቂያ ቁጥር: 1234 5678 9012", [(16, 30, "1234 5678 9012")]),
        ("מספר זהות: 012345678", [(11, 20, "012345678")]),
        ("ת.ז. 012345678", [(5, 14, "012345678")]),
        # Digits of the number's own script.
        ("کد ملی: ۰۰۱۲۳۴۵۶۷۸", [(8, 18, "۰۰۱۲۳۴۵۶۷۸")]),
        ("الرقم القومي: ٢٩٠٠١٠١١٢٣٤٥٦٧", [(14, 28, "٢٩٠٠١٠١١٢٣٤٥٦٧")]),
        ("জাতীয় পরিচয়পত্র নং ১৯৯০১২৩৪৫৬৭৮৯", [(21, 34, "১৯৯০১২৩৪৫৬৭৮৯")]),
        ("Mi CURP es RAOL٨٥0823HDFMCS07", [(11, 29, "RAOL٨٥0823HDFMCS07")]),
        # A card's number of letters and digits mixed, short or with few digits;
        # Mauritius' NIC.
        ("Signataire : BENNANI Omar, CIN BK48213\n", [(31, 38, "BK48213")]),
        ("National ID: MW7Q2K95\nAddress", [(13, 21, "MW7Q2K95")]),
        ("Bring your NIC (K0607854300127) tomorrow", [(16, 30, "K0607854300127")]),
        # A voter's card, in English and Hindi.
        ("Voter ID: XYZ1234567", [(10, 20, "XYZ1234567")]),
        ("मतदाता पहचान पत्र: ABC1234567", [(19, 29, "ABC1234567")]),
    ],
)
def test_national_numbers_are_found(
    recognizer: NationalIdRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, CUED)


@pytest.mark.parametrize(
    "text",
    [
        "ref 12345678A",  # the wrong DNI letter
        "RSSMRA85T10A562T",  # the wrong check letter
        "111.444.777-36",  # the wrong CPF digits
        "110105194910011246",  # the wrong MOD 11-2 check
        "110105194913011237",  # no 13th month
        "order 97100666900",  # a PESEL's shape without its name
        "DNI pending",
        "ID number: 12345",  # too short
        "ref 85.07.30-033.29",  # the wrong Belgian check digits
        "numéro national 85073003329",
        "appelez le numéro national 0800 123 456",  # a phone's national number
        "rendez-vous le 12.03.24 à 14h30",  # a date and a time
        "ref RAOL850823HDFMCS08",  # the wrong CURP check digit
        "CURP: RAOL851323HDFMCS07",  # no 13th month
        "SKU BXRT850823HZZMCS07",  # no state ZZ
        "CURP pendiente, vuelo AM 0458",
        "el motor de 1.600 cc 2.000.000 pesos",  # cubic centimetres and a price
        "C.C. 1.036.482,50",  # an amount
        "CC 2024",
        "ref 27-38194026-4",  # the wrong CUIT check digit
        "27381940263",  # a CUIT's digits, not its shape, without its name
        "expediente 27-38194026-3-1",  # part of a longer number
        "ref BXKDV4821L",  # no kind of PAN holder is D
        "ticket 110292-4577",  # the wrong Finnish check character
        "ticket 320292-4576",  # no 32nd day
        "SKU ABCDE12345F",  # five digits
        "order ABCPD1234EF",  # part of a longer code
        "a non-stick pan 4821",
        "ΑΜΚΑ: 150388",  # too short
        "το ΑΜΚΑ κοστίζει 12,50 €",  # a price after the word
        # "ID" of a thing's record, and in lower case.
        "Order ID 55821934",
        "your booking ID: 88213344",
        "user ID 12345678",
        "my id 24681357",
        "Build ID 20240518123",
        "The ID 123456789 belongs to the router",
        "RRN: 412345678901 (retrieval reference number)",  # a card payment's reference
        "Check NIC 10.0.0.12 config",  # a network card
        "a tin 400123456 of tomatoes",  # an English word, not the acronym in lower case
        "NID 1234567890123456789012",  # longer than any national number
        "see RFC 7231 for the semantics",  # a standard
        "See RFC 7230-7235 for HTTP",
        "The header format follows RFC 5322 3.6.4",
        "Card IIN 45671234 identifies the issuing bank",  # a card issuer's number
        "got a pcn 12345678 for parking",  # a parking fine
        "the qid 123456789 query failed",
        "the Thai ID card costs 100 baht",
        "vehicle identification number 1HGCM82633A004352",  # a car's
        "the BI 2024 report 12345678",
        "printed at 600 DPI",
        "Power BI: 12345678 rows loaded.",
        "Released 2024-03-01 — ID 12345678 of the build",  # "ID" after a dash names a build
        "رقم الطلب: 20240612345",  # an order's number
        "订单号：202406121234",
        "National ID: PENDING",  # no digit
        "आज पहचान पत्र बनवाने गया, 3 घंटे लगे",  # the card, and a number of hours
        "CIN A12 sent",  # too short for a card
        "Router: TP-Link, ID R7800X2, firmware 1.2",  # "ID" alone names a device's model
    ],
)
def test_other_numbers_are_not(recognizer: NationalIdRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_checks() -> None:
    assert dni_valid("12345678Z") and dni_valid("X1234567L") and not dni_valid("12345678A")
    assert codice_fiscale_valid("RSSMRA85T10A562S") and not codice_fiscale_valid("RSSMRA85T10A562T")
    assert cpf_valid("111.444.777-35") and not cpf_valid("111.111.111-11")
    assert pan_valid("BXKPV4821L") and not pan_valid("BXKDV4821L")
    assert hetu_valid("131052-308T") and hetu_valid("010594Y9021") and not hetu_valid("131052-308U")
    assert cuit_valid("27-38194026-3") and cuit_valid("20-12345678-6") and not cuit_valid("27-38194026-4")
    assert curp_valid("RAOL850823HDFMCS07") and not curp_valid("RAOL850823HDFMCS08")
    assert verhoeff_valid("2363") and not verhoeff_valid("2364")
    # Born in 1985, and in 2001: the nine digits led by a 2.
    assert belgian_national_number_valid("85.07.30-033.28") and belgian_national_number_valid("01020312345")
    assert not belgian_national_number_valid("85.07.30-033.29") and not belgian_national_number_valid("85.13.30-033.70")
    assert cn_resident_id_valid("110105194910011237") and not cn_resident_id_valid("110105194910011238")
