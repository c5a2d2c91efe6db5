"""Recognize vehicle licence plates: national formats that are unambiguous, or after a cue."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.code_labels import names_a_code
from privacy.desensitize.currencies import CURRENCY_AFTER_AMOUNT, ISO_CURRENCY, LOCAL_CURRENCY
from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued

_B = r"(?<![\p{L}\p{N}-])"
# A plate ends at its last letter or digit: not inside a longer code, a
# decimal number or a coordinate ("GPS 31°37'").
_E = r"(?![\p{L}\p{N}°º]|[-.·/][\p{L}\p{N}])"
# The one-character names of China's provinces, which open its plates.
_PROVINCE = "[京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼]"
# Current formats whose mix of letters, digits and separators is rare enough in
# prose to stand alone.
_SHAPES = {
    "United Kingdom": r"[A-Z]{2}\d{2}\s?[A-Z]{3}",  # AB12 CDE
    "France or Italy": r"[A-Z]{2}[- ]\d{3}[- ][A-Z]{2}",  # AB-123-CD, AB 123 CD
    "Italy": r"[A-Z]{2}\d{3}[A-Z]{2}",  # AB123CD
    "Spain": r"\d{4}[ -]?[BCDFGHJKLMNPRSTVWXYZ]{3}",  # 1234 BCD
    "Germany": r"[A-ZÄÖÜ]{1,3}[- ][A-Z]{1,2}[ -]\d{1,4}[EH]?",  # B-AB 1234, M AB 123
    "Netherlands": (
        r"(?:[A-Z]{2}-\d{3}-[A-Z]|\d-[A-Z]{3}-\d{2}|[A-Z]-\d{3}-[A-Z]{2}|\d{2}-[A-Z]{3}-\d"
        r"|[A-Z]{3}-\d{2}-[A-Z]|\d-[A-Z]{2}-\d{3}|[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2})"
    ),
    # Mercosul's ABC1D23; the old ABC-1234 only after a cue: alone it is a booking ("LOC-8827").
    "Brazil": r"[A-Z]{3}\d[A-Z]\d{2}",
    "Belgium": r"\d-[A-Z]{3}-\d{3}",  # 1-ABC-123
    "Portugal": r"(?:[A-Z]{2}-\d{2}-[A-Z]{2}|\d{2}-[A-Z]{2}-\d{2}|\d{2}-\d{2}-[A-Z]{2})",  # AA-00-AA
    "India": r"[A-Z]{2}[ -]?\d{1,2}[ -]?[A-Z]{1,3}[ -]?\d{4}",  # MH 12 AB 1234
    # In the Cyrillic letters that look Latin, the region after: А482ВС 116.
    "Russia": r"[АВЕКМНОРСТУХ]\d{3}[АВЕКМНОРСТУХ]{2}\s?\d{2,3}",
    # The province's two digits and series letter, then three digits, a dot
    # and two: 51F-123.45, 29B1-417.82; a dash after the province lets a blank
    # stand before the digits (29-B1 482.17), which alone would be a price ("16GB 129.99").
    "Vietnam": r"\d{2}(?:[A-Z]{1,2}\d?-|-[A-Z]{1,2}\d?[- ])\d{3}\.\d{2}",
    # The province's character, the city's letter, a middle dot, five or six
    # letters and digits: 粤B·8K2L9, 京A·7K418 (plates leave out I and O). The
    # dot sets it apart from a product or a flight after a word ("全新RTX 4090",
    # "回京CA1234"); without it a plate needs its cue (`_CHINESE_CUED`).
    "China": rf"{_PROVINCE}[A-HJ-NP-Z][·•][A-HJ-NP-Z0-9]{{5,6}}",
    # The province, letters and digits, with the word for plate after them,
    # as Turkish puts it ("34 ABC 482 plakalı"): alone the shape is a time
    # and a year ("10 AM 2024").
    "Turkey": r"(?:0[1-9]|[1-7]\d|8[01])\s?[A-Z]{1,3}\s?\d{2,4}(?=\s+plaka)",
}
# Chinese writes no blanks: a plate stands between words ("车牌京A·7K418被拖走了").
_BEFORE_SHAPE = {"China": r"(?<![\p{Latin}\p{N}-])"}
_AFTER_SHAPE = {"China": r"(?![\p{Latin}\p{N}])"}
_FORMATS = [
    (name, regex.compile(rf"{_BEFORE_SHAPE.get(name, _B)}{shape}{_AFTER_SHAPE.get(name, _E)}"))
    for name, shape in _SHAPES.items()
]
# After the Chinese word for a plate (and "number", "is"), glued as Chinese
# writes it, a province's plate with any separator or none: "我的车牌是苏E8K2L9，",
# "车牌号码为：京A12345", "牌照：沪AD71925", "车牌号码： 粤B12345", "车牌（粤B12345）",
# "车牌号码 : 粤B12345", "车牌号码【粤B12345】".
_CHINESE_CUED = regex.compile(
    r"(?<=(?:车牌|車牌|号牌|號牌|牌照)(?:号码|號碼|号|號)?(?:是|为|為)?[ 　]{0,3}(?:[：:（(【「“\"][ 　]{0,3})?)"
    rf"{_PROVINCE}[ ]?[A-HJ-NP-Z][·•.\- ]?[A-HJ-NP-Z0-9]{{5,6}}(?![\p{{Latin}}\p{{N}}])"
)
# Words that only ever name a plate, Hungarian "rendszám" in its case forms
# ("rendszáma", "rendszámot") and the Scandinavian "reg nr", "reg.nr.", "regnr".
# A plate may stand a few words after one ("Arabanın plakası … doğrusu 34 KTR
# 418"), as after the word for the car.
_PLATE_WORD = (
    r"(?i:(?:licen[cs]e|number|reg(?:istration)?)\s+plate|kennzeichen|kennz\.|immatriculation|kenteken"
    r"|car\s+reg|rego|spz|rendsz[áa]m\p{L}{0,4}|rekisteritunnus|rekisterinumero|rekkari|reg(?:istrerings)?\.?\s?nr\.?"
    r"|registreringsnummer|registreringsnumret|nummerplade|plaka(?:s[ıi]|m)?|(?:numer|nr\.?)\s+rejestracyjny"
    r"|(?:αρ\.?|αριθμός)\s+(?:εγγραφής|κυκλοφορίας)|numru\s+tar-re[ġg]istrazzjoni"
    r"|nr\.?\s+rej\.?|registarsk\p{L}{0,3}\s+(?:oznak|tablic)\p{L}{0,3}|nomor\s+polisi|госномер|номерной\s+знак|(?:num[ăa]r(?:ul)?\s+de\s+)?[îi]nmatriculare)"
)
# After "plate", "registration", "Kennzeichen"…, any short run of capitals and
# digits is taken: US, Australian, Indian or Japanese plates have no shape of their own.
# The words here name other things too (a sign-up, a graphics card, a dish, a
# sign), so they must stand right before their plate: "placas" is Mexican
# Spanish for a car's plates ("camioneta placas JKN-482-B").
_CUE = (
    rf"(?:{_PLATE_WORD}|(?i:plates?(?:\s+number)?|registration|reg(?:\.?\s+no)?\.?|plaque|matr[ií]cula|targa|placas?"
    r"|tablice|plat(?:\s+nomor)?|patente|skilt(?:et)?|rejestracja|πινακίδα))"
)
# A car named a few words before its plate, as people write of their own:
# "Min bil KLM 45F blev bortbogserad", "Mașina mea, CJ 07 XKD, a fost…",
# "autolla (KTX-482)".
_CAR = (
    r"(?i:bil(?:en|ens)?|auto(?:lla|n|a|m|t)?|ma[șş]in(?:a|ii)|araba(?:n[ıi]n|m)?|samoch[óo]d(?:u|em)?"
    r"|carro|coche|voiture|macchina|motor|mobil|αυτοκίνητο|машин[аыу]|car|vehicle|fahrzeug"
    r"|truck|lorry|pickup|motorbike|motorcycle|scooter|taxi|cab"
    # The word for vehicle in more languages, and the vans, buses and bikes
    # that carry a driver's guests or a parcel: "Vehículo: BTR-417", "the
    # minivan 30 A 418 BC", "his bike is UFB 417K".
    r"|veh[íi]culo|ve[íi]culo|v[ée]hicule|veicolo|vozil[oa]|vozidl[oa]|jármű|araç|kendaraan"
    r"|minivan|minibus|microbus|campervan|motorhome|bike|boda(?:[ -]boda)?|tuk[ -]?tuk"
    # Polish, Romanian, Swahili, Hindi-Urdu and Tunisian words for the car:
    # "pojazd … WA 4827K", "Vehicul A: …", "gari yangu T 482 DKL", "karhbet amine el clio 187 TU 4521".
    r"|pojazd(?:u|em)?|vehicul(?:ul)?|gari|gaari|karhb(?:a|et))"
)
# Words of going somewhere: "mit dem Auto nach ICE 597" names a train.
_MOTION = (
    r"(?i:nach|zum|zur|to|into|towards|naar|till|til|à|au|a|al|do|na|ke|ku|in|im|från|fra|von|from|van"
    r"|de|da|dari|aus|via)"
)
# Words of a flight or a train: the code after them is its number ("mit dem
# Auto zum Flug LH 1234", "Mietwagen, dann Zug RE 4711").
_FLIGHT_OR_TRAIN = (
    r"(?i:flights?|flug|vol|vuelo|volo|voo|lot(?:u|em)?|vlucht|fly|flyg(?:et)?|flyet|flyvning|lento"
    r"|járat(?:tal)?|zbor(?:ul)?|uçuş(?:u)?|πτήση|рейс(?:ом)?|penerbangan"
    r"|trains?|zug|tren|treno|trem|trein|tåg(?:et)?|toget|juna|pociąg(?:iem)?|vlak(?:em)?"
    r"|vonat(?:tal)?|trenul|τρένο|поезд(?:ом)?)"
)
# A make or model, or the word for one, says the code after it names a model:
# "Volvo XC60 T8", "BMW 320D M", "Modell XC60 2021".
_MAKE = (
    r"(?i:audi|bmw|vw|volkswagen|mercedes(?:-benz)?|benz|opel|ford|toyota|honda|nissan|mazda|kia|hyundai"
    r"|[sš]koda|seat|cupra|renault|peugeot|citro[eë]n|fiat|volvo|saab|tesla|dacia|lada|suzuki|subaru"
    r"|mitsubishi|lexus|porsche|jeep|mini|jaguar|rover|alfa|romeo|lancia|mg|byd|polestar|chevrolet|dodge"
    r"|cadillac|smart|togg|golf|polo|passat|corolla|octavia|model(?:l|o|e|lo)?|modèle"
    # Models that name the car alone in a chat: "the black civic", "a silver altis".
    r"|civic|jetta|altis|vios|hilux|camry|prius|rav4|myvi|axia|innova|fortuner|land[ \t]+cruiser"
    r"|tucson|sportage|elantra|yaris|almera|navara|hiace|onix)"
)
# A trim or engine label in a code makes it a model's: "Golf GTI 2020", "TDI 150".
_TRIM = (
    r"(?:GTI|GTD|GTE|TDI|TSI|TFSI|HDI|CDI|DCI|TDCI|CRDI|AMG|SUV|PHEV|HEV|AWD|4WD|4X4|XDRIVE|QUATTRO|4MATIC)"
)
# A train's category and number: "ICE 597", "IC 2034", "TGV 6611", "EIC 1610".
_TRAIN = r"(?:ICE|IC|EC|EN|EIC|IR|IRE|RE|RB|RJX?|NJ|TGV|AVE|TLK|SJ|YHT|FR|ALVIA)[ -]?\d{1,5}"
# An amount: digits, then their currency ("25 000 EUR", "480 TL", "4 000 Ft"),
# or an ISO code before digits alone ("SEK 45 000"). Only digits before it make
# a currency of two letters: "KR 7G412" is a Kraków plate, not kronor.
_AMOUNT = r"\d+(?:[ .,]\d+)*"
_PRICE = (
    rf"(?:{_AMOUNT}[kKmM]?\s?{CURRENCY_AFTER_AMOUNT}|(?:{ISO_CURRENCY}|{LOCAL_CURRENCY})\s?{_AMOUNT}[kKmM]?(?!\p{{L}}))"
)
# A measure: digits, then a unit of speed, power, size or weight ("120 KM", "45 KW", "2 TB").
_MEASURE = rf"{_AMOUNT}\s?(?i:km/?h?|mph|kwh?|ps|hp|bhp|cv|nm|ccm?|[tgmk]b|ghz|mah|kg|mm|cm)"
# Where an amount, a measure or a train number ends: no digits go on after it
# ("34 TL 418" is a Turkish plate).
_GROUP_END = r"(?![\p{L}\p{N}]|[ -]\d)"
# A time is no plate: "registration is 10 AM", "car at 10 AM 2024".
_TIME = r"\d{1,2}(?:[:.]\d{2})?\s?[AP]\.?M\b"
# At the code's start or at one of its later groups.
_IN_CODE = r"(?:[A-Z0-9]{1,5}[ -]){0,2}"
_NOT_PLATE = (
    rf"(?!{_IN_CODE}(?:{_PRICE}|{_MEASURE}){_GROUP_END}|{_IN_CODE}{_TRIM}(?![\p{{L}}\p{{N}}])"
    rf"|{_TRAIN}{_GROUP_END}|{_MAKE}[ -]|{_TIME})"
)
# A time or a price is no plate: "registration is 10 AM", "plate RM 12.50".
_CUED = cued(
    _CUE,
    rf"(?!{_TIME}|{_IN_CODE}{_PRICE}{_GROUP_END})"
    # Greek plates are written in the Greek capitals that look Latin ("ΙΚΥ-4582"),
    # Vietnamese ones with a dot ("59-X3 123.45"), Chilean ones with middle dots.
    r"(?=[A-ZΑ-Ω0-9 .·-]*\d)(?=[A-ZΑ-Ω0-9 .·-]*[A-ZΑ-Ω])[A-ZΑ-Ω0-9]{1,8}(?:[ .·-][A-ZΑ-Ω0-9]{1,5}){0,3}",
    filler=r"(?:\s*(?:is|was|:|-|#|no\.?|number|reads|of|er|es|è|é|je|jest|\(|\)))*\s*",
    after=_E,
)

# Farther from its cue, the code must look like a plate: five to eight letters
# and digits, two of each at least, in one group ("KPL392") or up to four (a
# model such as "XC60" is shorter; a Polish plate's second group has five:
# "KR 7G412", a Guatemalan one's six: "P-418DKR"; "59-X3 123.45").
_PLATE_SHAPED = (
    r"(?=(?:[ .·-]?[A-ZΑ-Ω0-9]){5,8}(?![A-ZΑ-Ω0-9]))(?=(?:[A-ZΑ-Ω .·-]*\d){2})(?=(?:[\d .·-]*[A-ZΑ-Ω]){2})"
    r"[A-ZΑ-Ω0-9]{1,8}(?:[ .·-][A-ZΑ-Ω0-9]{1,6}){0,3}"
)
# Up to six words between, the fewest first ("Mașina mea, CJ 07 XKD" is no
# plate "07 XKD" after the word "CJ"), none of a flight or a train, the last no
# word of going somewhere and no make.
_GAP_WORD = rf"(?!{_FLIGHT_OR_TRAIN}(?!\p{{L}}))[\p{{L}}'’]{{1,15}}+(?:-\p{{L}}{{1,15}}+)?(?!\p{{N}})"
_GAP = (
    rf"(?:[ \t]*[,:(]?[ \t]+{_GAP_WORD}){{0,6}}?(?<!(?<!\p{{L}})(?:{_MOTION}|{_MAKE}))[ \t]*[,:(]?[ \t]*"
)
# "Plate" alone may be a dish's, so it is a cue from afar only for a code
# shaped like a plate: "plate on the photo is 123 ABC 02".
_NEAR_CUE = cued(
    rf"(?:{_CAR}|{_PLATE_WORD}|(?i:plates?))", rf"{_B}{_NOT_PLATE}{_PLATE_SHAPED}", filler=_GAP, after=_E
)
# A van right before its plate ("van DK-4821-BA", "Tevita's van HX 418"): in
# lower case "van" is also the Dutch particle of names, so only a code shaped
# like a plate and right after it.
_AFTER_VAN = cued(
    r"(?-i:van)", rf"{_B}{_NOT_PLATE}{_PLATE_SHAPED}", filler=r"(?:[ \t]+(?:is|was))?[ \t]+", after=_E
)
# A car told by its colour, then its make or model, then its plate: "a red
# polo CA 482-119", "the black civic CBKD 123", "a grey Toyota RAV4 AB 123".
# The colour says a particular thing is meant, a make or a car's word among
# the one to three words after it that it is a car ("a white Epson ET-2720"
# is a printer).
_COLOUR = (
    r"(?i:white|black|silver|grey|gray|red|blue|green|yellow|orange|brown|beige|gold|golden|maroon|navy"
    r"|purple|dark|light)"
)
_MODEL_WORD = r"(?:\p{L}[\p{L}-]{1,14}|[A-Z0-9]{1,3}-?\d{1,3}[A-Z]?)(?![\p{L}\p{N}])"
# A year and letters after a colour are a vintage's: "red wine 2019 AOC".
_YEAR_AND_LETTERS = r"(?!(?:19|20)\d{2}[ -][A-Z]{2,4}(?![\p{L}\p{N}]))"
_AFTER_COLOUR = cued(
    _COLOUR,
    rf"{_B}{_NOT_PLATE}{_YEAR_AND_LETTERS}{_PLATE_SHAPED}",
    filler=(
        rf"(?=(?:[ \t]+{_MODEL_WORD}){{0,2}}?[ \t]+(?:{_MAKE}|{_CAR})(?![\p{{L}}\p{{N}}]))"
        rf"(?:[ \t]+{_MODEL_WORD}){{1,3}}?[ \t]+(?<!(?<!\p{{L}})(?:{_MOTION})[ \t]+)"
    ),
    after=_E,
)
# Hungarian puts the word for plate after the plate: "az MXK-482 rendszámú
# autó" (the car of plate MXK-482), "AA BC-123 forgalmi rendszámú". (Turkish
# does too: its plates have a shape of their own, above.)
_WORD_AFTER = r"(?i:(?:forgalmi[ \t]+)?rendsz[áa]m\p{L}*)"
# The search starts at the word and looks back for the plate: a pattern that
# started at the plate would try a plate's shape at every position of every text.
_BEFORE_WORD = regex.compile(rf"(?<={_B}{_NOT_PLATE}(?P<value>{_PLATE_SHAPED}){_E}[ \t]+){_WORD_AFTER}")
# Whether a word between cue and code opens with a plate word, which may end
# as a code's label does ("Registreringsnummer", "kentekennummer").
_OPENS_WITH_PLATE_WORD = regex.compile(_PLATE_WORD)
_WORD = regex.compile(r"\p{L}+")
_SEPARATORS = regex.compile(r"[ .·-]")


class LicencePlateRecognizer(CuePatternRecognizer):
    """Marks licence plates: the UK, French, Italian, Spanish, German, Dutch, Belgian,
    Portuguese, Indian, Brazilian and Russian formats anywhere, the Turkish one before
    its word for plate, any plate-shaped code after a plate cue (in a dozen languages),
    a code that looks like a plate up to six words after a word for the car or
    one that only means a plate, unless it is a price, a measure, a flight, a train,
    a model or a labelled code, and one right before the Hungarian word for plate,
    which follows it.

    Only formats with a fixed mix of letters, digits and separators are taken
    without a cue, where a product code seldom looks the same; other
    countries' plates are taken after a cue only.
    """

    ENTITY = "LICENSE_PLATE"
    SCORE = 0.85
    EXPLANATION = "Plate-shaped code after a plate cue"
    PATTERN_NAME = "cued"
    PATTERNS = (_CUED, _NEAR_CUE, _AFTER_VAN, _AFTER_COLOUR, _BEFORE_WORD)
    CHARACTERS = range(4, 10)
    SCORE_SHAPE = 0.6

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per plate."""
        # After its Chinese word for plate a plate has its cue: scored as the cued ones.
        shapes = [(name, pattern, self.SCORE_SHAPE) for name, pattern in _FORMATS]
        results = [
            self.result(match.start(), match.end(), score, f"Licence plate of {name}", pattern_name=name)
            for name, pattern, score in [*shapes, ("China, after its word for plate", _CHINESE_CUED, self.SCORE)]
            for match in pattern.finditer(text)
        ]
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))

    def fits(self, value: str) -> bool:
        """Whether the plate's letters and digits, its separators not counted, are four to nine."""
        return len(_SEPARATORS.sub("", value)) in self.CHARACTERS

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The value's span; at a distance from its cue, not where a word between
        labels an order, a booking, a ticket or a product ("bilen, bokningsnummer KLM4R8T")."""
        if match.re in (_NEAR_CUE, _AFTER_COLOUR) and _code_label_between(match):
            return
        yield from super().spans(text, match)


def _code_label_between(match: regex.Match[str]) -> bool:
    """Whether a word between cue and code labels an order, a booking, a ticket
    or a product, by the words of :mod:`privacy.desensitize.code_labels`."""
    between = match.string[match.end("cue") : match.start("value")]
    return any(
        names_a_code(word) and not _OPENS_WITH_PLATE_WORD.match(word) for word in _WORD.findall(between)
    )
