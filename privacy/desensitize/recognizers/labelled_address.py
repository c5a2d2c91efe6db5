"""Recognize the value of a form's address field: "Permanent address: 88/14 Moo 3, Tambon Nong Pa Khrang, …".

A form says outright that what follows its label is an address, in whatever
form the country writes it: Thai "Moo" and "Tambon", Vietnamese "phường" and
"quận", Japanese block numbers, Nepali wards, Kazakh "mkr." and "kv.". The
street grammars know some of these forms and read the rest in part, leaving
the flat or the district behind. After the label the whole field's value is
the address, when it holds a number and more than one part, or three parts
that end in a known town ("Yopougon Niangon Sud, Cité SICOGI, bât. C,
Abidjan").

Letters and chats put the label inside a sentence ("…, adresa: str. Ismail
86, ap. 31, MD-2001 Chișinău. Suma va fi…") or announce a home in words of
their language ("demeurant à", "domiciliado en", "residente na", "hiện cư
trú tại"). There the sentence goes on after the address, so the value ends
with the last part that names a town, a postcode or a country.
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_parts import names_a_unit
from privacy.desensitize.recognizers.address_tail import NUMBERS_AROUND, Tail, read_tail, without_town_word
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.scripts import FIELD_COLONS, GLUED, LABEL_MARKS, LIST_COMMAS, mostly_uncased

# A label that opens its line and ends in the word for an address: "Address:",
# "Permanent address:", "Guide address:", "Address in Fiji:", "Địa chỉ /
# Address:". An email, IP, web or MAC address is no postal one.
_ADDRESS_WORD = (
    r"(?i:address|addr\.|adresse|dirección|direccion|endereço|indirizzo|adres|adresa|địa[ \t]+chỉ|dia[ \t]+chi"
    r"|anschrift|domicilio|morada|адрес|адреса|адресa|manzil|alamat|anwani"
    # The word for an address or a home in more languages and scripts:
    # Hungarian, Finnish, Icelandic, Estonian, Latvian, Lithuanian, South
    # Slavic, Swedish, Dutch, Romanian, Azerbaijani, Kazakh, Mongolian,
    # Tagalog, Greek, Hebrew, Arabic, Persian, Hindi, Bengali, Thai, Georgian,
    # Armenian, Amharic, Chinese, Japanese and Korean; a residence or domicile.
    # Not Hungarian "cím" nor South Slavic "naslov": a book's title as often.
    r"|lakcím|osoite|heimilisfang|aadress|adrese|adresas|adress|woonadres|domiciliu|adresă|ünvan"
    r"|мекенжай|хаяг|tirahan|residence|residência|residencia|residenza|domicile|wohnort|wohnsitz"
    r"|διεύθυνση|כתובת|العنوان|عنوان|نشانی|آدرس|पता|ঠিকানা|ที่อยู่|მისამართი|հասցե|አድራሻ|地址|住址|住所|주소"
    # Nepali, Urdu, Tamil, Telugu, Sinhala, Burmese and Khmer.
    r"|ठेगाना|پتہ|پتا|முகவரி|చిరునామా|ලිපිනය|လိပ်စာ|អាសយដ្ឋាន)"
)
_LABEL = regex.compile(
    r"(?m:^)[ \t]*(?P<label>(?:[\p{L}/'’ -]{0,40}?[ \t/])?"
    rf"{_ADDRESS_WORD}"
    r"(?:[ \t]+(?i:in|of|at|for)[ \t]+[\p{L} ]{1,20}|(?:[ \t]+\p{Ll}+){1,2})?)[ \t]*(?:\([^()\n]{1,30}\))?"
    rf"[ \t]*[{FIELD_COLONS}{LABEL_MARKS}][ \t]*"
)
# The words for an address that are other words too: Arabic and Persian
# "عنوان" is a title. Hindi "पता" is "know" as well, but a colon after it
# labels a form's field: Hindi forms print it so ("पता: वार्ड नं. 9, …").
_ANOTHER_WORD_TOO = regex.compile(r"(?<![\p{L}\p{M}])(?:ال)?عنوان(?![\p{L}\p{M}])")
# Inside a sentence: the word for an address and up to four lowercase words
# before a colon ("adresa:", "address for the visa letter:", "dia chi ship
# nha:"), or the words that announce where someone lives in the languages we
# weigh.
_INLINE_LABEL = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?:(?P<label>{_ADDRESS_WORD}(?:[ \t]+\p{{Ll}}+){{0,4}})[ \t]*[{FIELD_COLONS}{LABEL_MARKS}]"
    r"|(?i:demeurant|domiciliée?|résidant|habitant)[ \t]+(?:à|au)"
    r"|(?i:domiciliad[oa]|residente|con[ \t]+residencia|residencia)[ \t]+(?:en|na|no|em)"
    r"|(?i:cư[ \t]+trú[ \t]+tại|thường[ \t]+trú[ \t]+tại)"
    r"|(?i:makazi(?:[ \t]+yangu)?|anakaa|wohnhaft[ \t]+in))[ \t]+"
)
# Nor a speech, a memory or a loudspeaker's ("Keynote address:", "Fault
# address:", "Public address:"), nor "address" the verb ("Please address:").
_NOT_POSTAL = regex.compile(
    r"(?<![\p{L}\p{N}])(?i:e-?mail|ip|mac|web|url|wallet|bitcoin|server|network|memory|billing[ \t]+same"
    r"|return|please|to|we|must|should|will|can|how|keynote|welcome|opening|closing|public|fault|base"
    r"|virtual|physical[ \t]+memory|start|end|load"
    # A residence's permit, card or status is a document's number.
    r"|residen\w*[ \t]+(?:permit|card|status)|in[ \t]+residence)(?![\p{L}\p{N}])"
    # An email address in other scripts, prefixes glued on: "عنوان البريد
    # الإلكتروني", "ईमेल पता", "የኢሜይል አድራሻ", "이메일 주소", "电子邮件地址".
    r"|البريد[ \t]+ال[إا]لكتروني|ईमेल|ইমেইল|ኢሜይል|이메일|电子邮件|電子郵件"
)
# The value runs to the line's end, or to the next field on the same line: a
# run of blanks, a bar or a semicolon, or a capitalized label and its colon.
_VALUE = regex.compile(r"[^\n|;]{6,160}?(?=[ \t]*(?:\n|$|\||;|[ \t]{2}|[ \t]\p{Lu}[\p{L} ]{1,20}:))")
# The value up to a sentence's end, a full stop after a number or a long word
# and a capital after it ("…, Yogyakarta 55281. Nama saya…"; "Jl. Kaliurang"
# and "Urb. Cayma" are abbreviations). It is read first, and where its parts
# name no town the whole line is ("Calle Mayor 12. Piso 3, Madrid").
_SENTENCE = regex.compile(
    r"[^\n|;]{6,160}?(?=[ \t]*(?:\n|$|\||;|[ \t]{2}|[ \t]\p{Lu}[\p{L} ]{1,20}:|(?<=\d|\p{L}{6})\.[ \t]+\p{Lu}))"
)
# A field's value that goes on as a sentence after its town ("…, Ha Noi.
# nguoi nhan …", "…, Phnom Penh — please confirm") ends at the town.
_SENTENCE_GOES_ON = regex.compile(r"[.!?]?[ \t]+(?:[—–-][ \t]+)?\p{L}|[.!?][ \t]*$")
_LIST_SEPARATOR = regex.compile(rf"[{LIST_COMMAS}]|[ \t]+(?:y|and|et|e|und|i)[ \t]+")
# Without a number, a value needs this many parts, its last a known town.
MIN_PARTS_WITHOUT_NUMBER = 3
_DIGIT = regex.compile(r"\d")
_PART = regex.compile(rf"[{LIST_COMMAS}]")
# Chinese, Japanese, Korean and Thai write an address's parts without commas,
# large to small ("東京都渋谷区神宮前3-2-1", "서울특별시 강남구 테헤란로 152"):
# four letters of those scripts with a number and a word of an address's
# units (a ward, a city, a road, a district) make a field's value whole;
# "未定（2024年に決定予定）" ("to be decided in 2024") is none.
_WRITTEN_WITHOUT_COMMAS = regex.compile(
    r"(?=.*\d)(?=.*(?:[都道府県市区町村郡丁目番号路街]|[시도구군동읍면로길](?![\p{Hangul}])|ถนน|ซอย|หมู่|ตำบล|แขวง|เขต|อำเภอ))"
    rf"(?:.*?[{GLUED}]){{4}}"
)
# A value that is a link, a memory address, a network address or a time.
_NOT_AN_ADDRESS = regex.compile(
    r"@|https?://|www\.|(?i:same[ \t]+as|see[ \t]+above|n/?a$)|(?i:^0x)|^\d{1,3}(?:\.\d{1,3}){3}(?!\d)"
    r"|(?<!\d)\d{1,2}:\d{2}(?!\d)"
)


class LabelledAddressRecognizer(StreetRecognizer):
    """Marks the value of a form's address field, when it holds a number and two parts or more."""

    ENTITY = "STREET_ADDRESS"
    SCORE = 0.7
    EXPLANATION = "Value of a form's address field"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per address field's value, its towns read off its last parts."""
        results = []
        at_line_start = {
            label.end(): label["label"] for label in _LABEL.finditer(text) if not _NOT_POSTAL.search(label["label"])
        }
        inline = {
            label.end(): label["label"] or ""
            for label in _INLINE_LABEL.finditer(text)
            if not (label["label"] and _NOT_POSTAL.search(text, max(0, label.start() - 12), label.end()))
        }
        labels = inline | at_line_start
        for value_start in sorted(labels):
            reading = self._reading(text, value_start)
            if reading is None:
                continue
            start, end, tail = reading
            named = bool(tail.places or tail.postcodes)
            if value_start not in at_line_start:
                # In a sentence the address ends where its places do.
                if not named:
                    continue
                end = tail.end
            elif named and _SENTENCE_GOES_ON.match(text, tail.end, end):
                end = tail.end
            written = text[start:end]
            parts = len(_PART.findall(written)) + 1
            if (parts < 2 and not _WRITTEN_WITHOUT_COMMAS.search(written)) or _NOT_AN_ADDRESS.search(written):
                continue
            known_town = any(self._gazetteer.is_place(place) for place in tail.places)
            if (
                _ANOTHER_WORD_TOO.search(labels[value_start])
                and mostly_uncased(written)
                and not (known_town and names_a_unit(written))
            ):
                # Arabic "العنوان" and Persian "عنوان" are a title as often
                # ("العنوان: تقرير المبيعات، الربع الثالث، 2024"), and no
                # capital tells a town there: a known town and a unit's word
                # with its number must vouch ("العنوان: مدن الملح، الجزء ٣،
                # بيروت ١٩٨٤" is a book). Hebrew "כתובת" or Nepali "ठेगाना"
                # mean an address only, and need no more than any label.
                continue
            without_number = named and parts >= MIN_PARTS_WITHOUT_NUMBER and self._not_only_places(written)
            if not (_DIGIT.search(written) or without_number):
                continue
            results.append(
                recognizer_result(
                    self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION,
                    pattern_name="labelled address", **tail.metadata(),
                )
            )
        return results

    def _reading(self, text: str, value_start: int) -> tuple[int, int, Tail] | None:
        """The value's span and the places of its last parts: up to the
        sentence's end where those name a town or postcode, else the line's."""
        for pattern in (_SENTENCE, _VALUE):
            value = pattern.match(text, value_start)
            if value is None:
                continue
            # A comma the value ends on parts nothing: "Address: 12 Main St., Phone: 1".
            written = value.group().rstrip(" \t.,")
            if not _PART.search(written):
                if pattern is _VALUE and _WRITTEN_WITHOUT_COMMAS.search(value.group()):
                    end = value.start() + len(value.group().rstrip(" \t.,。"))
                    return value.start(), end, Tail(end=end, places=(), country_code=None, has_postcode=False)
                continue
            start, end = value.start(), value.start() + len(written)
            tail = self._places(text, start, end)
            if tail.places or tail.postcodes or pattern is _VALUE:
                return start, end, tail
        return None

    def _not_only_places(self, value: str) -> bool:
        """Whether a part of the value names no known place: a list of towns
        ("Madrid, Barcelona, Sevilla y Bilbao") is no address."""
        return any(
            not self._gazetteer.is_place(part.strip(" \t.")) for part in _LIST_SEPARATOR.split(value) if part.strip()
        )

    def _places(self, text: str, start: int, end: int) -> Tail:
        """The towns, postcodes and country of the value's last parts: read
        from the last comma back, the first reading that finds a known town,
        else the first that finds any part that counts ("բն. 47, 0012" reads
        a flat as a place). An unknown part ("4-kvartal") ends a reading from
        further back."""
        tail = None
        first_reading = None
        for comma in reversed([m.start() for m in _PART.finditer(text, start, end)]):
            tail = read_tail(text, comma, self._gazetteer.opens_with_place, None, self._gazetteer.find_country_code)
            if any(self._gazetteer.is_place(place) for place in tail.places):
                return tail
            if (tail.places or tail.postcodes) and first_reading is None:
                first_reading = tail
        assert tail is not None  # the value holds a comma
        tail = first_reading or tail
        # A town after a number the tail does not read as a postcode ("101
        # Reykjavík"), in a part before the street ("4025 DEBRECEN, PIAC U.
        # 48") or before a postcode that names no town ("ք. Երևան, …, 0012"),
        # the short word for a town anywhere in its part ("г.", "ք.", "sh."). The
        # postcode's shape says less than the town: its country is not kept.
        for part in reversed(_PART.split(text[start:end])):
            name = NUMBERS_AROUND.sub("", without_town_word(part))
            if name and self._gazetteer.is_place(name):
                return Tail(end=tail.end, places=(name,), country_code=None, has_postcode=False)
        return tail
