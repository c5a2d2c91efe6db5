"""Recognize national identity numbers: after their name, or alone where a check digit proves them."""

from __future__ import annotations

from collections.abc import Callable

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import (
    NOT_BEFORE_ALNUM,
    OWNER_BETWEEN,
    CuePatternRecognizer,
    cued,
)
from privacy.desensitize.recognizers.escapes import NOT_AFTER_NUMBER, NOT_BEFORE_NUMBER
from privacy.desensitize.recognizers.ssn import NATIONAL_CHARACTERS, NATIONAL_NUMBER
from privacy.desensitize.scripts import ascii_digits

_COUNTRY_ID = (
    r"(?:thai|sa|south\s+african|kenyan|ugandan|tanzanian|rwandan|ghanaian|nigerian|zambian|zimbabwean"
    r"|malawian|namibian|ethiopian|egyptian|moroccan|tunisian|algerian|jordanian|lebanese|omani|kuwaiti"
    r"|bahraini|qatari|saudi|emirati|uae|iraqi|israeli|turkish|iranian|pakistani|afghan|bangladeshi"
    r"|nepali|sri\s+lankan|indian|malaysian|singapore|indonesian|filipino|philippine|vietnamese"
    r"|cambodian|chinese|taiwanese|korean|japanese|mongolian|kazakh|uzbek|georgian|armenian|ukrainian"
    r"|polish|czech|romanian|serbian|croatian|greek|cypriot|italian|spanish|portuguese|belgian|dutch"
    r"|estonian|latvian|lithuanian|mexican|colombian|venezuelan|peruvian|chilean|argentine|brazilian"
    r"|ecuadorian|jamaican|fijian|samoan|kebele|voter)\s+id(?:\s+card)?"
)
# The names countries give the number they file each resident under.
_CUE = (
    r"(?i:dni|nie|nif|cpf|rut|cuit|cuil|bsn|burgerservicenummer|pesel|codice\s+fiscale|c\.\s?f\."
    r"|aadhaa?r(?:\s+(?:no|number))?|personnummer|personnr|henkil[öo]tunnus|hetu|f[øo]dselsnummer"
    r"|cpr(?:-nummer)?|(?:t\.?\s?c\.?\s+)?kimlik\s+(?:no|numaras[ıi]|numaram)|personalausweis(?:es|nummer)?"
    r"|ausweisnummer"
    # Tax and social security numbers that file a resident too, and identity cards
    # of more countries: "Steuer-ID", "NIP", "NPWP", "ΑΦΜ", "numéro fiscal",
    # "número de la Seguridad Social", "carta d'identità", "Cartão de Cidadão",
    # "buletinul", "δελτίου ταυτότητας", "adóazonosító jel", Greece's social
    # security number "ΑΜΚΑ" (in Greek letters as in Latin ones).
    r"|steuer-?id|steueridentifikationsnummer|steuernummer|nip|npwp|αφμ|num[ée]ro\s+fiscal"
    r"|seguridad\s+social|seguretat\s+social|carta\s+d['’]identit[àa]|cart[ãa]o\s+de\s+cidad[ãa]o"
    r"|buletin(?:ul)?|δελτίου\s+ταυτότητας|αριθμός\s+ταυτότητας|adóazonosító(?:\s+jel)?|személyi\s+igazolvány"
    r"|dowodu\s+osobistego|dowód\s+osobisty|občansk(?:ého|ý)\s+průkaz(?:u)?"
    r"|id(?:entity)?\s+(?:card\s+)?(?:number|no\.?|nr\.?)|national\s+id(?:entity)?(?:\s+(?:card|number|no\.?))*"
    r"|carte\s+d['’]identit[ée]|c[ée]dula(?:\s+de\s+ciudadan[íi]a)?|nric|emirates\s+id|hkid|mykad"
    r"|rodn[ée]\s+[čc][íi]slo|jmbg|egn|cnp|amka|α\.?μ\.?κ\.?α\.?|[ıi]d\s+no|nik|no\.?\s+ktp|снилс|инн"
    # Croatia's OIB, Ukraine's РНОКПП (ІПН), Ireland's PPS number, Nigeria's NIN.
    r"|oib|рнокпп|іпн|(?-i:PPSN?)|pps\s+(?:no|number)|(?-i:NIN)"
    # The identity numbers of more countries by their acronyms, in capitals as
    # forms print them: Pakistan's CNIC, Bangladesh's NID, Hong Kong's HKID,
    # Qatar's QID, Singapore's FIN, Morocco's CIN, Jamaica's TRN, Ethiopia's
    # FAN, the Philippines' PCN (Sri Lanka's NIC and Korea's RRN have shapes of
    # their own below: a network card and a payment's reference share the
    # acronyms); and by what they are called in words: Japan's "My Number",
    # Iran's "Kod-e Melli", a "national identification number", a
    # "citizenship certificate no".
    # Nigeria's BVN and Tanzania's NIDA file a resident too. Chats write the
    # acronyms in lower case ("my cnic is …"): so taken only those that are no
    # English word nor another number's (not "fin", "tin"; "pcn" a parking
    # fine, "trn" a transaction, "qid" a query).
    r"|(?-i:CNIC|NID|QID|FIN|CIN|TRN|FAN|PCN|TIN|BVN|NIDA)|(?-i:cnic|nid|nin|bvn|nida)"
    # Tax numbers that file a resident: New Zealand's IRD number, Ukraine's
    # RNOKPP, Kenya's KRA PIN, Brazil's RG, Australia's TFN, and the words for
    # a taxpayer's or a person's number (Kazakhstan's IIN and Mexico's RFC
    # have shapes of their own below: a card's issuer and a standard share
    # the acronyms).
    r"|ird\s+(?:no\.?|number)|(?-i:RNOKPP|RG|TFN)|kra\s+pin|tax\s+file\s+number"
    r"|tax(?:payer)?\s+(?:id(?:entification)?\s+)?(?:number|no\.?)|tax\s+id"
    r"|personal\s+(?:identity|identification|id)\s+(?:code|number|no\.?)"
    # An identity card named by its country or its kind: "Thai ID", "SA ID",
    # "Kenyan ID", "kebele ID", "voter ID".
    rf"|{_COUNTRY_ID}"
    # Identity numbers of more countries by their acronyms, in capitals:
    # Senegal's and Côte d'Ivoire's CNI, Mali's NINA, Mozambique's NUIT and BI,
    # Guatemala's DPI, Peru's RUC, North Macedonia's EMBG, Slovenia's EMŠO,
    # Kazakhstan's ИИН, the "C.I." of Romania and the Andes; and in words: a
    # "personal code", an "identification number" (not a vehicle's), the
    # Spanish "carné de identidad", the Lithuanian "asmens kodas".
    r"|(?-i:CNI|NINA|NUIT|RUC|EMBG|EMŠO|ИИН|C\.\s?I\.)|(?<!(?i:power|print|dots|pixels)[ \t]+)(?-i:BI|DPI)"
    r"|personal\s+code|asmens\s+kodas"
    r"|(?<!vehicle\s)identification\s+(?:no\.?|number)|(?:c[ée]dula|carn[ée]t?|documento|tarjeta)\s+de\s+identidad"
    r"|my\s+number|individual\s+number|resident\s+registration(?:\s+(?:no\.?|number))?|kod-e\s+melli"
    r"|national\s+(?:identification|registration|code)(?:\s+(?:number|no\.?))?|civil\s+id|iqama"
    r"|citizenship(?:\s+certificate)?\s+(?:no\.?|number)|ghana\s+card(?:\s+pin)?|philsys(?:\s+card)?"
    # "ID" alone, in capitals, where a form or a list of a person's details puts
    # it: opening a line, after a comma or a bracket, or after "my", "his"…;
    # elsewhere it names a thing's record ("Build ID", "the ID 123 of the router").
    r"|(?<=(?:^|\n|[,;(][ \t]*|(?<![\p{L}\p{N}])(?i:my|your|his|her|their)[ \t]+))(?-i:ID)"
    # A driving licence files its holder too, and its number is no phone's.
    r"|driver['’]?s?\s+licen[cs]e|driving\s+licen[cs]e|f[üu]hrerschein(?:nummer)?|permis\s+de\s+conduire"
    r"|licencia\s+de\s+conduc(?:ir|ción)|carteira\s+de\s+motorista|rijbewijs(?:nummer)?"
    # The identity and health-insurance numbers of more countries in their own
    # words and scripts: Estonia's "isikukood", South Africa's "ID-nommer",
    # Germany's "Versichertennummer", Greece's "Αρ. Ταυτότητας", the
    # Arab states' "الرقم القومي" / "رقم الهوية (الوطنية)" / "رقم البطاقة
    # (الوطنية الموحدة)", Iran's "کد ملی", Afghanistan's "تذکره", Pakistan's
    # "شناختی کارڈ نمبر", Nepal's "नागरिकता नं.", Thailand's
    # "เลขประจำตัวประชาชน", Taiwan's "身分證字號" (China's has its check digit),
    # Japan's "個人番号", Korea's "주민등록번호", Vietnam's "CCCD" / "CMND",
    # East Africa's "kitambulisho", Ethiopia's Fayda ("የፋይዳ መለያ ቁጥር").
    r"|isikukood|id-?nommer|(?:kranken)?versichertennummer|αρ\.?\s*ταυτότητας"
    r"|الرقم\s+القومي|رقم\s+(?:الهوية|البطاقة)(?:\s+(?:الوطنية|الشخصية|الموحدة))*|الهوية\s+الوطنية"
    r"|کد\s+ملی|شماره\s+ملی|تذکره|شناختی\s+کارڈ(?:\s+نمبر)?|नागरिकता(?:\s+प्रमाणपत्र)?(?:\s+(?:नं\.?|नम्बर|नंबर))?"
    r"|เลข(?:ประจำตัว|บัตร)ประชาชน|身分證(?:字號|號碼?)?|身份證(?:號碼?)?|個人番号|マイナンバー"
    r"|주민(?:등록)?번호|(?-i:CCCD|CMND)|căn\s+cước(?:\s+công\s+dân)?|kitambulisho(?:\s+cha\s+taifa)?"
    r"|(?:የ)?ፋይዳ(?:\s+መለያ)?(?:\s+ቁጥር)?"
    # India's "पहचान पत्र" (identity card), Bangladesh's "জাতীয় পরিচয়পত্র" and
    # "এনআইডি", Ethiopia's "(ብሔራዊ) መታወቂያ (ቁጥር)", Israel's "תעודת זהות" / "ת.ז.".
    r"|(?:मतदाता\s+)?पहचान\s+पत्र(?:\s+(?:सं\.?|संख्या|नं\.?|नंबर))?|(?:জাতীয়\s+)?পরিচয়পত্র(?:\s+(?:নং|নম্বর))?"
    r"|এনআইডি(?:\s+(?:নং|নম্বর))?|(?:ብሔራዊ\s+)?መታወቂያ(?:\s+ቁጥር)?|תעודת\s+זהות|מספר\s+זהות|ת\.ז\.?)"
)
# "is", "no.", "number" and the like, also in the languages of the cues: "mój
# PESEL to", "o meu NIF é", "NIK saya", "mein Ausweis ist", "το ΑΜΚΑ μου είναι".
_FILLER = (
    r"(?:\s*(?i:is|was|:|：|#|-|–|,|no\.?|nr\.?|n\.?[°º]|number|nummer|número|numero|de|\(|\)|to|jest|é|è|est|ist|es|je"
    # A short note in brackets: "NIC (old):", "Taxpayer number (RNOKPP):".
    r"|\([\p{L} .'’-]{1,30}\)"
    rf"|är|er|saya|anda|numer|číslo|č\.|lautet|sunt|είναι|μου|seria|și|numărul|actuale|atual)|{OWNER_BETWEEN}){{0,8}}\s*"
)

# A Hong Kong identity card: one or two letters, six digits and the check
# character in brackets ("K331883(4)").
_HKID = r"[A-Z]{1,2}\d{6}[ ]?\([0-9A]\)"
# A Greek identity card: one or two Greek capitals and six digits ("ΑΚ 482915").
_GREEK_ID_CARD = r"[Α-Ω]{1,2}[ -]?\d{6}"
# Identity cards and driving licences carry a document number, not the resident's:
# letters and digits as on a passport ("C5X8RM4T1", "CA48213KD", "TZ 482193"),
# after the card's name only.
_CARD_CUE = (
    r"(?i:personalausweis(?:es|nummer)?|ausweisnummer|carta\s+d['’]identit[àa]|carte\s+d['’]identit[ée]"
    r"|dowodu\s+osobistego|dowód\s+osobisty|občansk(?:ého|ý)\s+průkaz(?:u)?|cart[ãa]o\s+de\s+cidad[ãa]o"
    r"|buletin(?:ul)?|δελτίου\s+ταυτότητας|személyi\s+igazolvány|id(?:entity)?\s+card|rijbewijs(?:nummer)?"
    r"|f[üu]hrerschein(?:nummer)?|driver['’]?s?\s+licen[cs]e|driving\s+licen[cs]e)"
)
_DOCUMENT_NUMBER = r"(?=(?:[A-Z]*\d){2})[A-Z0-9]{1,5}[ -]?[A-Z0-9]{1,8}"
# The names of an identity card or its number, in words or by the acronyms
# of the countries that print letters in it.
_IDENTITY_CARD_CUE = (
    r"(?i:national\s+id(?:entity)?(?:\s+(?:card|number|no\.?))*|id(?:entity)?\s+card(?:\s+(?:number|no\.?))?"
    r"|identity\s+(?:number|no\.?)|civil\s+id|national\s+identification(?:\s+(?:number|no\.?))?"
    r"|voter(?:['’]s)?\s+id(?:\s+card)?)|(?:मतदाता\s+)?पहचान\s+पत्र"
    r"|(?-i:CNIC|NID|NIN|CNI|CIN|NIDA|EPIC)"
)
# Letters and digits mixed in one run, two digits and a letter at least.
_MIXED_CARD_NUMBER = r"(?=[A-Z0-9]{0,15}\d[A-Z0-9]{0,15}\d)(?=\d{0,15}[A-Z])[A-Z0-9]{6,16}"

# Spanish DNI and NIE: eight digits (or X/Y/Z and seven) and a letter that is
# the number modulo 23.
_DNI_LETTERS = "TRWAGMYFPDXBNJZSQVHLCKE"
_DNI = regex.compile(rf"{NOT_AFTER_NUMBER}(?:\d{{8}}|[XYZ]-?\d{{7}})-?[A-Z]{NOT_BEFORE_ALNUM}")
# Italian codice fiscale: surname, name, birth date and place codes, and a check letter.
_CODICE_FISCALE = regex.compile(
    rf"{NOT_AFTER_NUMBER}[A-Z]{{6}}\d{{2}}[A-EHLMPR-T]\d{{2}}[A-Z]\d{{3}}[A-Z]{NOT_BEFORE_ALNUM}"
)
_CF_ODD = dict(
    zip(
        "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ",
        (1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 1, 0, 5, 7, 9, 13, 15, 17, 19, 21, 2, 4, 18, 20, 11, 3, 6, 8, 12,
         14, 16, 10, 22, 25, 24, 23),
        strict=True,
    )
)
# Brazilian CPF as written: 000.000.000-00, two check digits.
_CPF = regex.compile(rf"{NOT_AFTER_NUMBER}\d{{3}}\.\d{{3}}\.\d{{3}}-\d{{2}}{NOT_BEFORE_ALNUM}")
# Indian Aadhaar as written: three groups of four digits, the first not 0 or 1,
# the last a Verhoeff check digit.
_AADHAAR = regex.compile(rf"{NOT_AFTER_NUMBER}[2-9]\d{{3}}([ -])\d{{4}}\1\d{{4}}{NOT_BEFORE_ALNUM}")
_VERHOEFF_D = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 2, 3, 4, 0, 6, 7, 8, 9, 5), (2, 3, 4, 0, 1, 7, 8, 9, 5, 6),
    (3, 4, 0, 1, 2, 8, 9, 5, 6, 7), (4, 0, 1, 2, 3, 9, 5, 6, 7, 8), (5, 9, 8, 7, 6, 0, 4, 3, 2, 1),
    (6, 5, 9, 8, 7, 1, 0, 4, 3, 2), (7, 6, 5, 9, 8, 2, 1, 0, 4, 3), (8, 7, 6, 5, 9, 3, 2, 1, 0, 4),
    (9, 8, 7, 6, 5, 4, 3, 2, 1, 0),
)
_VERHOEFF_P = (
    (0, 1, 2, 3, 4, 5, 6, 7, 8, 9), (1, 5, 7, 6, 2, 8, 3, 0, 9, 4), (5, 8, 0, 3, 7, 9, 6, 1, 4, 2),
    (8, 9, 1, 6, 0, 4, 3, 5, 2, 7), (9, 4, 5, 3, 1, 2, 7, 6, 8, 0), (4, 2, 8, 6, 5, 7, 3, 9, 0, 1),
    (2, 7, 9, 3, 8, 0, 6, 4, 1, 5), (7, 0, 4, 6, 9, 1, 3, 2, 5, 8),
)
# Chinese resident identity number (GB 11643-1999): six digits of the
# region, the birth date, three of sequence and an ISO 7064 MOD 11-2 check
# character (a digit or X). Some forms and foreign sites ask for it as the
# "social security number".
_CN_RESIDENT_ID = regex.compile(
    rf"{NOT_AFTER_NUMBER}[1-9]\d{{5}}(?:18|19|20)\d{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])"
    rf"\d{{3}}[\dXx]{NOT_BEFORE_ALNUM}"
)
_MOD_11_2_WEIGHTS = tuple(2 ** (17 - position) % 11 for position in range(17))
# Belgian national register number (rijksregisternummer, numéro national,
# NISS/INSZ): the birth date as YYMMDD, three digits of sequence and two check
# digits, written on the identity card as 85.07.30-033.28.
_BELGIAN_NUMBER = r"\d{2}\.?\d{2}\.?\d{2}[-. ]?\d{3}[-. ]?\d{2}"
_BELGIAN_WRITTEN = regex.compile(rf"{NOT_AFTER_NUMBER}\d{{2}}\.\d{{2}}\.\d{{2}}-\d{{3}}\.\d{{2}}{NOT_BEFORE_NUMBER}")
# Its names in Dutch, French and German. "numéro national" alone is also a
# phone number's (as against an international one), so after these names only
# a number whose check digits hold is taken.
_BELGIAN_CUE = (
    r"(?i:rijksregister(?:nummer|nr\.?)?|nationaal\s+(?:register)?nummer|insz(?:-?nummer)?|niss"
    r"|num[ée]ro\s+(?:(?:de|au)\s+)?(?:registre\s+)?national|registre\s+national|nationalregisternummer)"
)
_BELGIAN_CUED = cued(_BELGIAN_CUE, _BELGIAN_NUMBER, filler=_FILLER, after=NOT_BEFORE_NUMBER)
# Mexican CURP: four letters of the name, the birth date, sex, the state of
# birth, three consonants of the name, a character that tells the century and
# a check digit ("RAOL850823HDFMCS07"); ASCII digits only, which its check's
# alphabet holds.
_CURP_STATES = (
    "AS|BC|BS|CC|CL|CM|CS|CH|DF|DG|GT|GR|HG|JC|MC|MN|MS|NT|NL|OC|PL|QT|QR|SP|SL|SR|TC|TS|TL|VZ|YN|ZS|NE"
)
_CURP_SHAPE = (
    rf"[A-Z][AEIOUX][A-Z]{{2}}[0-9]{{2}}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])[HMX](?:{_CURP_STATES})"
    r"[B-DF-HJ-NP-TV-Z]{3}[A-Z0-9][0-9]"
)
_CURP = regex.compile(rf"{NOT_AFTER_NUMBER}{_CURP_SHAPE}{NOT_BEFORE_ALNUM}")
_CURP_ALPHABET = "0123456789ABCDEFGHIJKLMNÑOPQRSTUVWXYZ"
# A Colombian cédula de ciudadanía after "C.C." or "CC" (in capitals: "cc" is
# a carbon copy or cubic centimetres): seven to ten digits, often in groups of
# three ("1.036.482.719").
_CEDULA_CUE = r"(?:(?i:c\.\s?c\.)|(?-i:CC))"
_CEDULA = r"\d{1,3}(?:\.\d{3}){2,3}|\d{7,10}"
# Argentine CUIT and CUIL as written: a prefix of the kind of person (20, 23,
# 24, 27 people, 30, 33, 34 companies), the DNI's eight digits and a mod-11
# check digit ("27-38194026-3").
_CUIT = regex.compile(rf"{NOT_AFTER_NUMBER}(?:2[0347]|3[034])-\d{{8}}-\d{NOT_BEFORE_NUMBER}")
_CUIT_WEIGHTS = (5, 4, 3, 2, 7, 6, 5, 4, 3, 2)
# Indian PAN: five letters, four digits and a letter ("BXKPV4821L"), the
# fourth letter the kind of holder (P a person, C a company, H a Hindu
# undivided family…).
_PAN_SHAPE = r"[A-Z]{5}\d{4}[A-Z]"
_PAN = regex.compile(rf"{NOT_AFTER_NUMBER}{_PAN_SHAPE}{NOT_BEFORE_ALNUM}")
_PAN_HOLDERS = frozenset("ABCFGHJLPTK")
_PAN_CUE = r"(?i:pan(?:\s+card)?|permanent\s+account\s+number)"
# Finnish personal identity code (henkilötunnus): the birth date as DDMMYY, the
# century's sign ("+" 1800s, "-" or Y–U 1900s, "A"–"F" 2000s), three digits and
# a check character, the nine digits modulo 31 ("110292-4576", "010594Y9032").
# The shape is looked for first: most positions of a text hold no six digits
# and a century's sign, and fail there before the look back.
_HETU = regex.compile(
    rf"(?=\d{{6}}[-+A-FU-Y]){NOT_AFTER_NUMBER}(?:0[1-9]|[12]\d|3[01])(?:0[1-9]|1[0-2])\d{{2}}[-+A-FU-Y]\d{{3}}"
    rf"[0-9A-FHJ-NPR-Y]{NOT_BEFORE_ALNUM}"
)
_HETU_CHECKS = "0123456789ABCDEFHJKLMNPRSTUVWXY"
_NOT_CHARACTERS = regex.compile(r"[^0-9A-Z]")
_NOT_DIGITS = regex.compile(r"\D")


def dni_valid(number: str) -> bool:
    """Whether a DNI's or NIE's letter is its number modulo 23."""
    compact = _NOT_CHARACTERS.sub("", number)
    digits = str("XYZ".index(compact[0])) + compact[1:-1] if compact[0] in "XYZ" else compact[:-1]
    return _DNI_LETTERS[int(digits) % 23] == compact[-1]


def codice_fiscale_valid(code: str) -> bool:
    """Whether a codice fiscale's last letter is the check letter of the fifteen before it."""
    total = sum(
        _CF_ODD[c] if position % 2 == 0 else int(c) if c.isdigit() else ord(c) - ord("A")
        for position, c in enumerate(code[:15])
    )
    return chr(ord("A") + total % 26) == code[15]


def cpf_valid(number: str) -> bool:
    """Whether a CPF's two last digits are its mod-11 check digits."""
    digits = [int(c) for c in number if c.isdigit()]
    if len(set(digits)) == 1:
        return False
    for length in (9, 10):
        check = sum(d * w for d, w in zip(digits[:length], range(length + 1, 1, -1), strict=True)) * 10 % 11
        if check % 10 != digits[length]:
            return False
    return True


def cn_resident_id_valid(number: str) -> bool:
    """Whether a Chinese resident identity number's last character is its MOD 11-2 check."""
    total = sum(int(digit) * weight for digit, weight in zip(number[:17], _MOD_11_2_WEIGHTS, strict=True))
    check = (12 - total % 11) % 11
    return number[17].upper() == ("X" if check == 10 else str(check))


def belgian_national_number_valid(number: str) -> bool:
    """Whether a Belgian national register number's last two digits are 97 less its
    first nine modulo 97, those nine led by a 2 for people born from 2000 on, and
    its month one (0 where unknown; 20 or 40 more for a BIS number of a non-resident)."""
    digits = _NOT_DIGITS.sub("", number)
    body, check = digits[:9], int(digits[9:])
    return int(digits[2:4]) % 20 <= 12 and check in (97 - int(body) % 97, 97 - int("2" + body) % 97)


def curp_valid(code: str) -> bool:
    """Whether a CURP's last digit is 10 less the sum of its first seventeen
    characters weighted 18 down to 2, modulo 10."""
    total = sum(_CURP_ALPHABET.index(c) * (18 - position) for position, c in enumerate(code[:17]))
    return (10 - total % 10) % 10 == int(code[17])


def cuit_valid(number: str) -> bool:
    """Whether a CUIT's or CUIL's last digit is 11 less the weighted sum of its first
    ten modulo 11 (0 for 11, 9 for 10)."""
    digits = [int(c) for c in _NOT_DIGITS.sub("", number)]
    check = 11 - sum(digit * weight for digit, weight in zip(digits, _CUIT_WEIGHTS, strict=False)) % 11
    return {11: 0, 10: 9}.get(check, check) == digits[10]


def pan_valid(code: str) -> bool:
    """Whether a PAN's fourth letter names a kind of holder the Income Tax Department issues it to."""
    return code[3] in _PAN_HOLDERS


def hetu_valid(code: str) -> bool:
    """Whether a Finnish identity code's check character is its nine digits modulo 31."""
    return _HETU_CHECKS[int(code[:6] + code[7:10]) % 31] == code[10]


def verhoeff_valid(number: str) -> bool:
    """The Verhoeff check Aadhaar numbers pass."""
    check = 0
    for position, digit in enumerate(reversed([int(c) for c in number if c.isdigit()])):
        check = _VERHOEFF_D[check][_VERHOEFF_P[position % 8][digit]]
    return check == 0


# Shapes that stand alone, each with the check that proves it.
_CHECKED: tuple[tuple[str, regex.Pattern[str], Callable[[str], bool]], ...] = (
    ("Spanish DNI or NIE", _DNI, dni_valid),
    ("Italian codice fiscale", _CODICE_FISCALE, codice_fiscale_valid),
    ("Brazilian CPF", _CPF, cpf_valid),
    ("Indian Aadhaar", _AADHAAR, verhoeff_valid),
    ("Chinese resident identity number", _CN_RESIDENT_ID, cn_resident_id_valid),
    ("Belgian national register number", _BELGIAN_WRITTEN, belgian_national_number_valid),
    ("Mexican CURP", _CURP, curp_valid),
    ("Argentine CUIT or CUIL", _CUIT, cuit_valid),
    ("Indian PAN", _PAN, pan_valid),
    ("Finnish personal identity code", _HETU, hetu_valid),
)
# Formats after a name of their own, each in its own shape, which fixes its
# length; with the check a value must pass there where the name could
# announce another number too.
_OWN_NAMED: dict[regex.Pattern[str], Callable[[str], bool] | None] = {
    _BELGIAN_CUED: belgian_national_number_valid,
    cued(r"(?i:curp)", _CURP_SHAPE, filler=_FILLER, after=NOT_BEFORE_ALNUM): None,
    cued(_CEDULA_CUE, _CEDULA, filler=_FILLER, after=NOT_BEFORE_NUMBER): None,
    # Sri Lanka's NIC: nine digits and V or X, or twelve digits (Mauritius':
    # a letter and thirteen digits); Korea's RRN: the
    # birth date, a hyphen and seven digits.
    cued(r"(?-i:NIC)", r"\d{9}[VvXx]|\d{12}|[A-Z]\d{13}", filler=_FILLER, after=NOT_BEFORE_ALNUM): None,
    cued(r"(?-i:RRN)", r"\d{6}-\d{7}", filler=_FILLER, after=NOT_BEFORE_NUMBER): None,
    # Kazakhstan's IIN: twelve digits; Mexico's RFC: three or four letters, the
    # birth or founding date and three characters.
    cued(r"(?-i:IIN)", r"\d{12}", filler=_FILLER, after=NOT_BEFORE_NUMBER): None,
    cued(r"(?-i:RFC)", r"[A-ZÑ&]{3,4}\d{6}[A-Z0-9]{3}", filler=_FILLER, after=NOT_BEFORE_ALNUM): None,
    cued(_PAN_CUE, _PAN_SHAPE, filler=_FILLER, after=NOT_BEFORE_ALNUM): None,
    # A card's number of letters and digits mixed, of six characters or with
    # fewer than six digits, which a national number's shape does not take:
    # "CIN C739104", "National ID: KX48T2P7", after the names of an identity
    # card only ("ID" alone names a router's or a build's as often).
    cued(_IDENTITY_CARD_CUE, _MIXED_CARD_NUMBER, filler=_FILLER, after=NOT_BEFORE_ALNUM): None,
}


class NationalIdRecognizer(CuePatternRecognizer):
    """Marks national identity numbers: any number of a national number's shape after
    the name of one ("DNI", "PESEL", "BSN", "codice fiscale", "CPF", "Aadhaar",
    "personnummer", "ID number", a driving licence), and, alone, the formats whose check digit
    proves them: Spanish DNI/NIE (mod-23 letter), Italian codice fiscale (check
    letter), Brazilian CPF written 000.000.000-00 (two mod-11 digits), Indian
    Aadhaar written in three groups of four (Verhoeff), Chinese resident
    identity numbers (a birth date inside, MOD 11-2 check character), Belgian
    national register numbers written 85.07.30-033.28 (mod 97), Mexican CURPs
    (a birth date, sex and state inside, a check digit), Argentine CUIT/CUIL
    written 27-38194026-3 (mod 11), Indian PANs (the holder's kind as the
    fourth letter), Finnish identity codes (a birth date inside, mod 31).
    After a name of its own ("rijksregisternummer", "numéro
    national", "NISS"), a Belgian number is taken however written, if its check
    digits hold; after "CURP" or "PAN", any code of a CURP's or a PAN's shape;
    after "C.C.", a Colombian cédula's seven to ten digits.

    Social security and national insurance numbers are US_SSN's
    (:class:`~privacy.desensitize.recognizers.ssn.SsnRecognizer`); these are
    the numbers a country files its residents under otherwise. Numbers with
    weak checks (the Dutch BSN's 11-test, PESEL) or none are taken only after
    their name: alone, one random number in ten or eleven would pass.
    """

    ENTITY = "NATIONAL_ID"
    SCORE = 0.85
    EXPLANATION = "Number after the name of a national identity number"
    PATTERN_NAME = "cued"
    PATTERNS = (
        cued(_CUE, rf"(?:{_HKID}|{NATIONAL_NUMBER}|{_GREEK_ID_CARD})", filler=_FILLER, after=NOT_BEFORE_ALNUM),
        cued(_CARD_CUE, _DOCUMENT_NUMBER, filler=_FILLER, after=NOT_BEFORE_ALNUM),
        *_OWN_NAMED,
    )
    CHECKS = _OWN_NAMED
    CHARACTERS = NATIONAL_CHARACTERS
    SCORE_CHECKED = 0.75

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per national identity number, read with its
        digits as ASCII ones: "٢٩٨٠١٠١١٢٣٤٥٦٧", "۰۰۱۲۳۴۵۶۷۸", "９００１０１－…"."""
        text = text.translate(ascii_digits())
        checked = [
            self.result(
                match.start(),
                match.end(),
                self.SCORE_CHECKED,
                f"{name} whose check digit holds",
                pattern_name=name,
            )
            for name, pattern, valid in _CHECKED
            for match in pattern.finditer(text)
            if valid(match.group())
        ]
        return EntityRecognizer.remove_duplicates(checked + self.cued_results(text))
