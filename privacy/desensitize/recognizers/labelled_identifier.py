"""Recognize the value of a form's identity-number field, whatever the country calls it.

Forms everywhere write "<name of the number>: <value>": "NHIS Membership No.:
08452199", "Registration No.: УП89041512", "Mother's ID (kebele): KK/11/00938".
The national-ID recognizer knows the names of many such numbers; no list
holds them all. A field whose label ends in a word for number or identity
("No.", "Number", "ID"), and whose value is shaped like an identifier
(capitals and at least five digits, no lower case, no amount, date or time),
holds a number that identifies its holder, unless the label names a code, a
phone or a thing (an order, a ticket, a flight, an account, a policy, a
meter, a company: see ``_NOT_PERSONAL``).
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.code_labels import names_a_code
from privacy.desensitize.currencies import ISO_CURRENCY
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.scripts import FIELD_COLONS

# The colon, then a value of capitals (any script), digits and single
# separators, 5 to 26 characters: "GHA-721904385-6", "V-18.447.209", "ΑΚ 582019".
# "ID" in capitals stands for the colon too: "Customer ID 31029475", "Khmer ID 170348291".
_VALUE = regex.compile(
    rf"(?:(?<=[{FIELD_COLONS}][ \t]{{0,3}})|(?<=(?<![\p{{L}}\p{{N}}])ID[ \t]{{1,3}}))"
    r"(?P<value>[\p{Lu}\d](?:[\p{Lu}\d()]|[ .\-/](?=[\p{Lu}\d(])){4,25})(?<=[\p{Lu}\d)])"
    r"(?![\p{L}\p{N}]|[.\-/][\p{L}\p{N}])"
)
_ID_BEFORE = regex.compile(r"ID[ \t]{1,3}\Z")
_DIGIT = regex.compile(r"\d")
MIN_DIGITS = 5
# A date or a time is no identifier: "21/08/24", "2024-10-05", "18.30".
_DATE_OR_TIME = regex.compile(r"\d{1,4}[./-]\d{1,2}(?:[./-]\d{1,4})?|\d{1,2}[:.]\d{2}")
# An amount: digits in groups of three, or with decimals ("1.250.000", "0.00012345").
_AMOUNT = regex.compile(r"\d{1,3}(?:[.,]\d{3})+|\d+[.,]\d+")
# The label: the words before the colon on its line, after any column break
# or the colon of the field before ("Names: Nyasha Chigumba. ID: 08-771904 C 67").
_LABEL = regex.compile(
    rf"(?:^|(?<=[\n|·;,—–{FIELD_COLONS}]|[ \t]{{2}}))[ \t]*(?P<label>[^\n|·;,{FIELD_COLONS}—–]{{1,48}}?)[ \t]*\Z"
)
_NOTE = regex.compile(r"[ \t]*\([^()\n]{1,30}\)\Z")
_LABEL_WORD = regex.compile(r"[\p{L}\p{M}#]+")
# Words that end a label of a number ("No.", "Nr", "Number", "ID") in the
# languages we weigh, lowercase, and the documents a person holds under a
# number of their own ("Residence permit:", "Driving licence:").
_NUMBER_WORDS = frozenset(
    """
    no nr nro num number numbers numéro numero número nummer numer id ident identity # permit licence license
    nommer numarası numarasi nömrəsi номер нумар αριθμός नं सं संख्या नम्बर नंबर নং নম্বর எண்
    ნომერი համար ቁጥር نمبر 번호
    """.split()
)
# Words for number that open the label where the language names the thing
# after its number: "رقم الهوية", "شماره پرونده", "Số thẻ BHYT", "Αρ.
# Μητρώου", "номер полиса", "nomor anggota", "namba ya mwanachama".
_NUMBER_FIRST = frozenset("رقم شماره số αρ αριθμός номер nomor namba nambari".split())
# Chinese, Japanese, Korean and Thai glue the word for number to the thing's
# name: "病歷號碼", "会員番号", "회원번호", "เลขสมาชิก".
_GLUED_NUMBER = regex.compile(r"(?:号|號|号码|號碼|番号|번호)\Z|\A(?:เลข|หมายเลข)")
# Things' numbers in those words, the first-word languages' and the glued
# scripts': orders, invoices, flights, bookings, parcels, phones, rooms,
# contracts, products, postcodes.
_THING_WORDS_IN_OTHER_SCRIPTS = frozenset(
    """
    الطلب الفاتورة الرحلة الحجز الشحنة التتبع الهاتف الجوال الموبايل الغرفة المقعد الإيصال العقد
    سفارش فاکتور پرواز تلفن موبایل همراه تماس رزرو قرارداد
    đơn hóa vé chuyến điện phòng ghế hợp заказа счета счёта рейса телефона билета квартиры договора
    παραγγελίας τιμολογίου πτήσης τηλεφώνου pesanan resi faktur penerbangan telepon tiket kamar simu oda tiketi
    """.split()
)
_GLUED_THINGS = regex.compile(
    r"订单|訂單|单号|單號|快递|快遞|运单|運單|航班|车次|車次|房间|房間|电话|電話|手机|手機|发票|發票|合同|合約|契約|产品|產品"
    r"|商品|型号|型號|邮编|郵遞|注文|予約|郵便|주문|예약|송장|전화|휴대폰|우편|โทร|คำสั่งซื้อ|พัสดุ|ใบเสร็จ|เที่ยวบิน|ห้อง"
    r"|รหัสไปรษณีย์"
)
# Words that name a thing's number, not a person's, lowercase. Order, booking,
# ticket and other code words are `names_a_code`'s, asked beside this list;
# phone words stay here, as `code_labels`' phone stems are too wide for a
# label ("Fonasa" starts like "fon"). An account's or an insurance policy's
# number is its holder's for as long as they hold it, and HIPAA's Safe Harbor
# lists both among the identifiers to remove: they are not here.
_NOT_PERSONAL = frozenset(
    """
    claim case file contract receipt transaction txn job meter chassis engine
    vin flight room seat gate platform bus train route table batch model version part phone mobile
    cell fax tel telephone gsm whatsapp viber momo mpesa gcash box po store branch terminal till
    merchant agent shop unit house flat apartment apt plot block street building floor zip contact
    ph mob hp wa incident container patent company imo confirmation queue token
    device product item session serial build tracking request reference ref business trade
    isbn issn doi asin gtin mpn awb hs hsn gst gstin vat abn acn ein uen crn kvk siret siren bic swift
    imei iccid sn pid uid otp atm cpu gpu ram dau mau gdp gnp fy xp kpi eu usdt usdc btc eth shib
    """.split()
)
# A label that is an acronym alone names most countries' numbers of a person
# ("EMŠO:", "EMBG:", "ИИН:", "RUC:", "DPI:"), and as many things' totals and
# counters ("TOTAL:", "BTC:"): so only before a longer number, seven digits
# at least, and only an acronym that is no English word nor a currency. A
# number of ten digits or more counts nothing, unless round: there a short
# English word is an acronym too ("INN: 165518392090", "PIN:
# 22504199000123"), not a longer one ("TOTAL: 1500000000", "EPOCH: 1700000000").
_ACRONYM = regex.compile(r"\p{Lu}{2,6}")
_CURRENCY_CODE = regex.compile(ISO_CURRENCY)
MIN_DIGITS_AFTER_AN_ACRONYM = 7
MIN_DIGITS_AFTER_A_WORD_ACRONYM = 10
MAX_LETTERS_OF_A_WORD_ACRONYM = 3
_ROUND = regex.compile(r"0000\Z")


class LabelledIdentifierRecognizer(LocalRecognizer):
    """The value of a field labelled as a number or identity, shaped like an identifier."""

    ENTITY = "NATIONAL_ID"
    SCORE = 0.6
    EXPLANATION = "Identifier-shaped value of a field labelled as a person's number"

    def __init__(self) -> None:
        super().__init__(supported_entities=[self.ENTITY], name="LabelledIdentifierRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per identifier-shaped value after a number's label."""
        results = []
        for match in _VALUE.finditer(text):
            value = match.group("value")
            if len(_DIGIT.findall(value)) < MIN_DIGITS or _DATE_OR_TIME.fullmatch(value) or _AMOUNT.fullmatch(value):
                continue
            without_colon = _ID_BEFORE.search(text, max(0, match.start() - 5), match.start())
            colon = (
                without_colon.start() + 2
                if without_colon
                else max(text.rfind(":", 0, match.start()), text.rfind("：", 0, match.start()))
            )
            label = _LABEL.search(text, max(0, colon - 48), colon)
            if label is None or not _labels_a_persons_number(label.group("label"), _DIGIT.findall(value)):
                continue
            results.append(
                recognizer_result(self, self.ENTITY, match.start(), match.end(), self.SCORE, self.EXPLANATION)
            )
        return results


def _labels_a_persons_number(label: str, digits: list[str]) -> bool:
    """Whether a field's label names a number that identifies a person: it ends
    in a word for number or identity, after any note in brackets, or is an
    acronym alone before a number of seven digits or more, and no word of it
    names a thing, a code or a phone."""
    words = _LABEL_WORD.findall(_NOTE.sub("", label))
    if not words or len(words) > 5:
        return False
    if any(
        word.casefold() in _NOT_PERSONAL or word.casefold() in _THING_WORDS_IN_OTHER_SCRIPTS or names_a_code(word)
        or _GLUED_THINGS.search(word)
        for word in words
    ):
        return False
    last = words[-1]
    if last.casefold() in _NUMBER_WORDS or _GLUED_NUMBER.search(last):
        return True
    if len(words) > 1 and words[0].casefold() in _NUMBER_FIRST:
        return True
    return (
        len(words) == 1
        and len(digits) >= MIN_DIGITS_AFTER_AN_ACRONYM
        and _ACRONYM.fullmatch(last) is not None
        and _CURRENCY_CODE.fullmatch(last) is None
        and (not person_name_lexicon().is_english(last) or _a_word_as_acronym(last, "".join(digits)))
    )


def _a_word_as_acronym(word: str, digits: str) -> bool:
    """Whether a short English word ("PIN", "INN") labels a long number that
    counts nothing: ten digits or more, not ending in four zeros."""
    return (
        len(word) <= MAX_LETTERS_OF_A_WORD_ACRONYM
        and len(digits) >= MIN_DIGITS_AFTER_A_WORD_ACRONYM
        and _ROUND.search(digits) is None
    )
