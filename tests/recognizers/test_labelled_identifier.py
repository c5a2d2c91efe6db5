"""LabelledIdentifierRecognizer alone: the value of a field labelled as a person's number."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import LabelledIdentifierRecognizer

from . import assert_found, assert_nothing

ENTITY = "NATIONAL_ID"
SCORES = (0.6, 0.6)


@pytest.fixture(scope="module")
def recognizer() -> LabelledIdentifierRecognizer:
    return LabelledIdentifierRecognizer()


@pytest.mark.parametrize(
    "text, value",
    [
        # A label ending in a word for number or identity, in any words, with a note in brackets.
        ("Health Scheme Membership No.: 07419933\nDOB: 1/2/1990", "07419933"),
        ("Mother's ID (kebele): AB/12/00417. Referred on", "AB/12/00417"),
        ("Registration No.: ЖК91042213\nDate of birth", "ЖК91042213"),
        # Any words before the word for number, groups and a letter's prefix; a note after the value.
        ("Subscriber: A. B.\nTaxpayer No.: 228 417 903 55\nAddress", "228 417 903 55"),
        ("Payee   Personal No.: V-22.418.907   Bank", "V-22.418.907"),
        ("Member ID: 1234567 (expires 2026)", "1234567"),
        ("Residence permit: RP-4481923, valid 2027", "RP-4481923"),
        ("Driving licence: LSR48219AA02", "LSR48219AA02"),
        # An account's and an insurance policy's number are their holder's.
        ("Policy number: 88-20417-A", "88-20417-A"),
        ("Account No.: 0123456789", "0123456789"),
        # An acronym alone before a number of seven digits or more, in any
        # script; a label after a dash that opens a column.
        ("AFM: 141720938", "141720938"),
        ("ИИН: 910302400513\nАдрес", "910302400513"),
        ("Client: MAMANI CCAMA, José Luis\nRUC: 10451278391", "10451278391"),
        ("Name: Maja Kranjc — EMŠO: 2202987505035", "2202987505035"),
        ("Encargada: Marta Xoc de Pérez, DPI: 2548 71234 0101", "2548 71234 0101"),
        # A label after the field before it on one line; an English word as
        # an acronym before ten digits or more.
        ("Names: Nyasha Chigumba. ID: 08-771904 C 67. Home", "08-771904 C 67"),
        ("INN: 165518392090", "165518392090"),
        ("PIN: 22504199000123", "22504199000123"),
        # "ID" in capitals stands for the colon.
        ("Customer ID 31029475 verified", "31029475"),
        ("guardian Yeay Chhun, Khmer ID 170348291.", "170348291"),
        # The word for number last, first, or glued to the thing's name, in
        # other languages and scripts, after a full-width colon too.
        ("Клиентски номер: 1060366\nСума", "1060366"),
        ("Số thẻ BHYT: DN4797994078299", "DN4797994078299"),
        ("رقم الملف الطبي: 55821934", "55821934"),
        ("病歷號碼：5748919\n出生日期", "5748919"),
        ("회원번호: 20481733", "20481733"),
        ("เลขสมาชิก: 10293847", "10293847"),
        ("शिक्षार्थी सं.: 2024073315", "2024073315"),
    ],
)
def test_a_persons_number_after_its_label_is_found(
    recognizer: LabelledIdentifierRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # Codes, things and phones by their labels; a date, a time, a short number, lower case.
        "Order No.: 4419028377",
        "Flight No: BA 01172",
        "GSM: 0532 418 27 96",
        "VAT: 12345678",
        "Reg. date: 2024-10-05",
        "Arrival ID: 18.30",
        "Staff ID: 4417",
        "NRC No.: 12/abCdE(N)048291",
        # No label at all, or prose before the colon.
        "Result: 48291733 votes were cast",
        # An acronym alone before a short number, an English word, a currency,
        # a book's or a device's number; amounts; a company's, a container's, a
        # phone's number.
        "AFM: 141720",
        "TOTAL: 125.000",
        "TOTAL: 1250000",
        "TOTAL: 125000000",  # ten digits or more only
        "TOTAL: 1500000000",  # a longer word, a round number
        "EPOCH: 1700000000",
        "PIN: 4500000000",
        "Order: 12345678. Ref. No: 12345678",
        "Order ID 12345678 shipped",
        "Device ID 12345678",
        "the id 12345678 of the build",
        "USD: 1500000",
        "ISBN: 9780140449136",
        "IMEI: 356938035643809",
        "ATM: 12345678 withdrawals",  # a counter
        "Annual revenue FY: 12000000",  # an acronym after other words
        "GNF: 15000000",  # a currency of the ISO list
        "Balance No.: 1.250.000",
        "Container No.: MSCU1234567",
        "Company No.: 09876543",
        "Contact No.: 98765 43210",
        "Business licence: 12345678, Acme Ltd",  # a business's, not a person's
        # Things' numbers in other languages and scripts.
        "رقم الطلب: 20240612345",
        "Số đơn hàng: 240612345678",
        "номер заказа: 55821934",
        "订单号：202406121234",
        "快递单号：SF1870299279659",
        "電話番号：0312345678",
        "주문번호: 20240612345",
        "หมายเลขพัสดุ: TH12345678901",
    ],
)
def test_other_values_are_not(recognizer: LabelledIdentifierRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
