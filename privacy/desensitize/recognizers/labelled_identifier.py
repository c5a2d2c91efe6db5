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
    "no nr nro num number numbers numéro numero número nummer numer id ident identity # permit licence license".split()
)
# The word for number in more languages: last ("Клиентски номер", "सदस्य सं."),
# first where the language names the thing after its number ("رقم الهوية",
# "Số thẻ BHYT", "nomor anggota"), or glued to the thing's name in Chinese,
# Japanese, Korean and Thai ("病歷號碼", "회원번호", "เลขสมาชิก"). Such a
# label counts only when it names what identifies a person (`_PERSONS`):
# these languages number products, parcels, lots, tenders and trains the
# same way, and no list of things would be whole.
_OTHER_NUMBER_WORDS = frozenset(
    "nommer numarası numarasi nömrəsi номер нумар αριθμός नं सं संख्या नम्बर नंबर নং নম্বর எண் ნომერი համար ቁጥር نمبر"
    .split()
)
_NUMBER_FIRST = frozenset("رقم شماره số αρ αριθμός номер nomor namba nambari".split())
_GLUED_NUMBER = regex.compile(r"(?:号|號|号码|號碼|番号|번호)\Z|\A(?:เลข|หมายเลข)")
# What identifies a person in those languages: identity, file, patient,
# member, customer, account, insurance, student, staff, passport, licence.
_PERSONS = regex.compile(
    r"هوية|بطاقة|المريض|الملف|العضوية|العضو|حساب|التأمين|العميل|المشترك|الطالب|الموظف|الجواز|الرخصة"
    r"|ملی|پرونده|بیمه|عضویت|مشتری|دانشجو|پرسنلی|گذرنامه|شناسنامه"
    r"|cccd|cmnd|bhyt|thẻ|hồ sơ|tài khoản|bảo hiểm|khách hàng|hội viên|sinh viên|nhân viên|hộ chiếu|bệnh nhân"
    r"|паспорт|полис|сч[её]т|клиент|пациент|абонент|страхов|снилс|лицев|студен|табельн|ταυτότητ|μητρώ|λογαριασμ"
    r"|ασφάλισ|πελάτ|μέλους|anggota|rekening|pelanggan|pasien|ktp|polis|mahasiswa|pegawai|mwanachama|akaunti|mteja"
    r"|mgonjwa|müşteri|hasta|üye|hesap|sigorta|kimlik|öğrenci|sicil|müştəri|şəxsiyyət|kliënt|pasiënt|(?<!\p{L})lid(?!\p{L})"
    r"|पंजीकरण|सदस्य|ग्राहक|खाता|आधार|मरीज़|मरीज|रोगी|बीमा|नागरिकता|शिक्षार्थी|छात्र|কর্মী|সদস্য|গ্রাহক|হিসাব|রোগী"
    r"|உறுப்பினர்|வாடிக்கையாளர்|கணக்கு|პირად|ანგარიშ|անձնագր|հաշվ|መለያ|ደንበኛ|ፋይዳ"
    r"|身份|身分|病歷|病历|会员|會員|客户|客戶|账户|帳戶|账号|帳號|保险|保險|學號|学号|工号|员工|員工|患者|診察券|社員|学籍"
    r"|口座|保険|免許|旅券|護照|护照|회원|고객|환자|학번|사번|계좌|보험|주민|여권|면허"
    r"|ประชาชน|สมาชิก|ผู้ป่วย|บัญชี|ประกัน|นักศึกษา|พนักงาน|ลูกค้า|บัตร|ใบขับขี่|หนังสือเดินทาง",
    regex.IGNORECASE,
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
    if any(word.casefold() in _NOT_PERSONAL or names_a_code(word) for word in words):
        return False
    last = words[-1]
    if last.casefold() in _NUMBER_WORDS:
        return True
    if (
        last.casefold() in _OTHER_NUMBER_WORDS
        or _GLUED_NUMBER.search(last)
        or (len(words) > 1 and words[0].casefold() in _NUMBER_FIRST)
    ):
        return _PERSONS.search(label) is not None
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
