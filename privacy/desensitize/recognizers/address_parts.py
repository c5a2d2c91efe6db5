"""Recognize an address written as parts named by their units' words, in any language.

"…، شارع الثورة، عمارة ١٤، الطابق الثاني، عمّان": most of the world writes
an address as a list of its units, large to small or small to large, each
part with the word for what it is: a street, a building, a floor, a flat, a
plot, a ward, a district ("Degmada Hodan,
Xaafadda Taleex, Waddada Wadnaha", "Баянзүрх дүүрэг, 26-р хороо, 48-р
байр", "مکان نمبر 48، گلی نمبر 7، بلاک C"). The street grammars read a
street's name and number in the languages they know; where no label
announces the address either, the units' words are what tell it. Two parts
in a row with two kinds of unit, one of them with its number, make an
address when a known town closes it ("lane 4, lane 5" is a race, "table 4:
2 house salads" an order); the parts after the units go with it through the
last one that names a known town or holds a number, so that the town is
what is left. A town the units' parts name themselves counts too
("ქ. თბილისი", "Toshkent sh.").
"""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    NUMBERS_AROUND,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
    TOWN_WORD,
)
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.scripts import LIST_COMMAS, UNCASED_LETTERS

# The words for an address's units, by language: Arabic, Persian and Dari,
# Urdu, Hindi, Marathi and Nepali, Bengali, Tamil, Amharic, Hebrew, Georgian,
# Armenian, Mongolian, Uzbek, Somali, Hausa, Yoruba, Swahili, Vietnamese,
# Indonesian and Malay, Filipino, Albanian, Latin American Spanish, Turkish,
# Irish, and the English of South Asia, Africa and the Caribbean. Each is a
# unit of a place (a street, a building, a floor, a flat, a plot, a district),
# not a place's name; abbreviations keep their dot. Words that name things as
# often are left out: "house", "flat", "block", "lane", "sector", "compound"
# (a menu's house wine, a race's lanes), Persian "واحد" (a course's credit),
# Arabic "طريق" ("عن طريق" is "by way of"), Amharic "ቁጥር" ("number").
_UNIT_WORD = (
    r"(?:شارع|ش\.|شقة|عمارة|بناية|مبنى|الطابق|طابق|الدور|برج|زقاق|دار|محلة|نهج|حي|منزل|فيلا|جادة|زنقة|درب|ممر"
    r"|خیابان|کوچه|پلاک|طبقه|بلوار|میدان|ساختمان|مجتمع|محله|قریه|ولسوالی|ناحیه|بن‌بست"
    r"|مکان|گلی|بلاک|سیکٹر|فیز|محلہ|کالونی|فلیٹ"
    r"|प्लॉट|मकान|सेक्टर|नगर|गली|वार्ड|वडा|मार्ग|फ्लैट|ब्लॉक|कॉलोनी|मोहल्ला|नं\."
    r"|বাড়ি|বাসা|রোড|ফ্ল্যাট|সড়ক|গলি|ব্লক|সেক্টর|লেন"
    r"|இல\.|தெரு|சாலை|வீதி|ஒழுங்கை"
    r"|ክፍለ|ወረዳ|ቀበሌ"
    r"|רחוב|רח['׳]|דירה|קומה|שד['׳]|כניסה"
    r"|ქ\.|ქუჩა|გამზ\.|გამზირი|ბინა|კორპ\."
    r"|փ\.|փողոց|պող\.|պողոտա|բն\.|բնակարան|շենք|թաղ\."
    r"|дүүрэг|хороо|хороолол|байр|орц|тоот|гудамж"
    r"|(?i:sh\.|tumani|kvartal|xonadon|uy|ko['ʻ‘]chasi|mahallasi|mavzesi"
    r"|degmada|xaafadda|waddada|guriga|gida|titin|lamba|unguwar|nọ́mbà|òpópónà|ojúlé|mtaa|nyumba|kijiji"
    r"|phường|quận|tòa|ngõ|ngách|hẻm|thôn|xã|huyện|kel\.|kec\.|gg\.|gang|dusun|brgy\.|barangay|purok|sitio"
    r"|rruga|pallati|shkalla|lagjja|hyrja|kati|urb\.|mz\.|manzana|lote|depto\.|mah\.|cad\.|sok\.|daire"
    r"|ascaill|bóthar|sráid"
    r"|lot|plot|village|upazila|p\.o\.|hse|road|street))"
)
# After an article or a possessive a unit's word is a thing, not a part of an
# address ("past the village", "near the house 3 times").
_UNIT = regex.compile(
    rf"(?<![\p{{L}}\p{{M}}])(?<!(?i:the|a|an|this|that|my|our|your|his|her|their)[ \t]+)"
    rf"{_UNIT_WORD}(?![\p{{L}}\p{{M}}])"
)
# Parts are separated by a comma of any script, a semicolon (Arabic's too),
# a spaced dash or a line break: "شقة ٥ - عمارة ١٢ - شارع النيل - الجيزة".
_SEPARATOR = regex.compile(rf"[{LIST_COMMAS};؛\n]|[ \t][-–—][ \t]")
_DIGIT = regex.compile(r"\d")
_WORDS = regex.compile(r"\S+")
# A part after the units' parts belongs to the address when it is short: a
# district, a town, a postcode.
MAX_PLACE_WORDS = 4
MAX_PLACE_PARTS = 3
# What the parts' words run over: a field's label before a colon, a sentence
# after a full stop that ends a word of four letters or more, not an
# abbreviation ("Urb. Santa", "გამზ. 12"), or an opening bracket ("…، عمّان
# (قرب الدوار الثالث)").
_LABEL = regex.compile(r"[^\n:：]{0,40}[:：][ \t]*")
_SENTENCE_END = regex.compile(r"(?<=\p{L}{4})\.(?=[ \t]+\p{L}|[ \t]*$)|[(（]")
# A unit's word with its number, before or after it, a word for "number", a
# sign or the unit's name between them ("شقة ١٠", "مکان نمبر 48", "Lot 48",
# "48-р байр", "14-uy", "١٢ شارع", "خیابان گلها ۱۲"): without one, units'
# words are as often a flat's description in an advertisement ("في الطابق
# الثاني، شقة جميلة، حي هادئ").
_NUMBERED_UNIT = regex.compile(
    rf"{_UNIT.pattern}[ \t]*[.:#№]?[ \t]*(?:(?:نمبر|رقم|عدد|नं\.|(?i:no|nr|number)\.?)[ \t]*[.:]?[ \t]*)?\d"
    # The unit's name between: capitalized or in a script without case, the
    # number closing the part ("شقة جميلة 3 غرف" counts rooms).
    rf"|{_UNIT.pattern}(?:[ \t]+(?:\p{{Lu}}|[{UNCASED_LETTERS}])[^\s\d{LIST_COMMAS};؛]{{0,19}}){{1,3}}[ \t]+"
    r"\d{1,5}[\p{L}]?(?:[/-]\d{1,4})?[ \t.]*\Z"
    rf"|(?<![\d/-])\d[\d/-]{{0,9}}(?:-?\p{{L}}{{1,2}})?[ \t-]*{_UNIT.pattern}"
)
# A unit's part is short: its word, a name, a number and a label before them.
# A clause is longer ("and parked near the house 3 times").
MAX_UNIT_PART_WORDS = 6
MAX_WORDS_BEFORE_UNIT = 2
# A name between two units' parts: a district's, a building's.
MAX_BETWEEN_WORDS = 3
_GEORGIAN = regex.compile(r"\p{Georgian}")
_NUMBER_BEFORE = regex.compile(r"(?<![\d/-])\d[\d/-]{0,9}[ \t]+\Z")


class AddressPartsRecognizer(StreetRecognizer):
    """Marks an address written as a list of its units, each named by its word."""

    ENTITY = "STREET_ADDRESS"
    SCORE = 0.65
    EXPLANATION = "Address parts named by their units' words"

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per run of unit parts, with the short parts after it."""
        if not _UNIT.search(text):
            return []
        results = []
        parts = _parts(text)
        units = [_is_a_unit_part(text, start, end) for start, end in parts]
        index = 0
        while index < len(parts):
            if not units[index]:
                index += 1
                continue
            last = index
            while not _SENTENCE_END.search(text, *parts[last]):
                if self._continues(text, parts, units, last, last + 1):
                    last += 1
                elif self._continues(text, parts, units, last, last + 2) and _is_short(text, *parts[last + 1]):
                    # A district's name between two units ("خیابان گلها ۱۲، شهرک غرب، کوچه یاس").
                    last += 2
                else:
                    break
            run = parts[index : last + 1]
            if len(run) >= 2 and _distinct_units(text, run) and any(
                _NUMBERED_UNIT.search(text, start, end) for start, end in run
            ):
                address = self._address(text, parts, index, last)
                if address.recognition_metadata[LOCALITIES_KEY]:
                    results.append(address)
            index = last + 1
        return results

    @staticmethod
    def _continues(text: str, parts: list[tuple[int, int]], units: list[bool], last: int, following: int) -> bool:
        """Whether the part at ``following`` is a unit's part on the line of the part at ``last``."""
        return (
            following < len(parts) and units[following]
            and _same_line(text, parts[last][1], parts[following][0])
            and not any(_SENTENCE_END.search(text, *part) for part in parts[last + 1 : following])
        )

    def _address(self, text: str, parts: list[tuple[int, int]], first: int, last: int) -> RecognizerResult:
        start = _opening(text, *parts[first])
        if first > 0 and _same_line(text, parts[first - 1][1], parts[first][0]):
            # A known place before the units ("جبل عمّان، شارع …") opens the address.
            previous_start = _opening_words(text, *parts[first - 1])
            if self._gazetteer.is_place(text[previous_start : parts[first - 1][1]].strip()):
                start = previous_start
        sentence_end = _SENTENCE_END.search(text, *parts[last])
        end = sentence_end.start() if sentence_end else parts[last][1]
        places = [
            town
            for part_start, part_end in parts[first : last + 1]
            if TOWN_WORD.search(text[max(start, part_start) : part_end])
            and (town := self._town_in(text[max(start, part_start) : part_end]))
        ]
        for following in parts[last + 1 : last + 1 + MAX_PLACE_PARTS]:
            if sentence_end or not _same_line(text, end, following[0]):
                break
            part_end = _SENTENCE_END.search(text, *following)
            value_end = part_end.start() if part_end else following[1]
            value = text[following[0] : value_end].strip()
            if not value or len(_WORDS.findall(value)) > MAX_PLACE_WORDS:
                break
            name = NUMBERS_AROUND.sub("", value)
            if name and self._gazetteer.is_place(name):
                places.append(name)
                end = following[0] + len(text[following[0] : value_end].rstrip())
            elif _DIGIT.search(value):
                end = following[0] + len(text[following[0] : value_end].rstrip())
            if part_end:
                break
        end = start + len(text[start:end].rstrip(" \t."))
        metadata = {LOCALITIES_KEY: tuple(places), COUNTRY_KEY: None, POSTCODES_KEY: (), POSTCODE_COUNTRY_KEY: None}
        return recognizer_result(
            self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION, pattern_name="address parts", **metadata
        )

    def _town_in(self, part: str) -> str | None:
        """The known town a unit's part names, without the unit's word, a
        number, or words before it ("მცხოვრები ქ. თბილისი": "resident, city …")."""
        words = [
            word for word in _WORDS.findall(NUMBERS_AROUND.sub("", _UNIT.sub(" ", part)).strip(" \t.:"))
            if not _lowercase(word)
        ]
        for size in range(min(len(words), MAX_PLACE_WORDS), 0, -1):
            name = " ".join(words[-size:])
            if self._gazetteer.is_place(name):
                return name
        return None


def names_a_unit(text: str) -> bool:
    """Whether ``text`` holds the word for an address's unit, with its number."""
    return _NUMBERED_UNIT.search(text) is not None


def _distinct_units(text: str, run: list[tuple[int, int]]) -> bool:
    """Whether the run's parts name two kinds of unit: "lane 4, lane 5 and
    lane 6" is a list of one kind, not an address."""
    return len({unit.group().casefold() for start, end in run for unit in _UNIT.finditer(text, start, end)}) >= 2


def _lowercase(word: str) -> bool:
    """Whether a word opens in lower case in a script that writes capitals:
    Georgian's letters are lowercase to Unicode, but the script writes none."""
    return word[:1].islower() and not _GEORGIAN.match(word)


def _is_short(text: str, start: int, end: int) -> bool:
    return 0 < len(_WORDS.findall(text, start, end)) <= MAX_BETWEEN_WORDS


def _parts(text: str) -> list[tuple[int, int]]:
    """The spans between separators, empty ones left out."""
    parts, start = [], 0
    for separator in _SEPARATOR.finditer(text):
        if separator.start() > start:
            parts.append((start, separator.start()))
        start = separator.end()
    if start < len(text):
        parts.append((start, len(text)))
    return parts


def _same_line(text: str, end: int, start: int) -> bool:
    return "\n" not in text[end:start]


def _opening(text: str, start: int, end: int) -> int:
    """Where the first unit part's address starts: after a label's colon, at
    the name before its unit's word ("Баянзүрх дүүрэг", "Chilonzor tumani":
    up to two capitalized words and nothing else before them; a word of a
    script without case may as well be "resident" or "for sale"), else at a
    number before the unit's word ("١٢ شارع") or at the word itself ("late
    of Lot 9", "کرایہ دار ساکن مکان …")."""
    start = _after_label(text, start, end)
    unit = _UNIT.search(text, start, end)
    if unit is None:  # the unit's word labels the field: "Village: Char Kukri"
        return _opening_words(text, start, end)
    before = list(_WORDS.finditer(text, start, unit.start()))
    name = []
    for word in reversed(before[-MAX_WORDS_BEFORE_UNIT:]):
        if not word.group()[0].isupper():
            break
        name.append(word)
    if name and len(name) == len(before):
        return name[-1].start()
    number = _NUMBER_BEFORE.search(text, start, unit.start())
    if number:
        return number.start()
    return unit.start()


def _is_a_unit_part(text: str, start: int, end: int) -> bool:
    """Whether a part names a unit of an address: a unit's word among its
    last few words, after any label ("…lamba 12", not a clause's word)."""
    start = _after_label(text, start, end)
    words = list(_WORDS.finditer(text, start, end))
    tail_start = words[-MAX_UNIT_PART_WORDS].start() if len(words) > MAX_UNIT_PART_WORDS else start
    return _UNIT.search(text, tail_start, end) is not None


def _opening_words(text: str, start: int, end: int) -> int:
    """Where a part's words start, after any label and blanks."""
    start = _after_label(text, start, end)
    return start + len(text[start:end]) - len(text[start:end].lstrip())


def _after_label(text: str, start: int, end: int) -> int:
    """Where a part starts after a field's label and its colon, if it has one."""
    label = _LABEL.match(text, start, end)
    return label.end() if label else start
