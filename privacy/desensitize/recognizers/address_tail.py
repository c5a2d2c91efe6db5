"""The part of an address after the street: districts, city, state, postcode.

Every country orders these differently ("Sumida-ku, Tokyo 131-0045",
"Indiranagar, Bengaluru, Karnataka 560038", "06600 Ciudad de México, CDMX",
"Cape Town, 8001"), but all write them as comma-separated parts after the
street. Rather than one grammar per country, this reads such parts one by one
and keeps them while they look like address parts; the recognizers supply the
street grammar before it. The parts are returned so that the city can be picked
among them by the gazetteer.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import regex

from privacy.desensitize.scripts import LIST_COMMAS, UNCASED_LETTERS

# Metadata keys of an address result, read by the desensitizer: the place
# parts of the address, the country it names or its postcode's shape implies,
# its postcodes, and the country its postcode or state code suggests.
LOCALITIES_KEY = "localities"
COUNTRY_KEY = "country_code"
POSTCODES_KEY = "postcodes"
POSTCODE_COUNTRY_KEY = "postcode_country"
# Numbers and blanks around a part's words: a postcode, a house number. What
# is left of "101 Reykjavík" or "4025 DEBRECEN" is the town to look up.
NUMBERS_AROUND = regex.compile(r"^[\d \t./-]+|[\d \t./-]+$")
# The short word for a town or city before or after its name: Russian and
# Belarusian "г.", Bulgarian "гр.", Ukrainian "м.", Armenian "ք.", Georgian
# "ქ.", Uzbek and Albanian "sh." ("г. Гродно", "ք. Երևան", "Toshkent sh.").
# A part that holds one names the town; the town is what is left without
# it. Other short words are a street's or a district's ("ش. بغداد" is
# Baghdad Street, "Kel. Bandung" a ward).
TOWN_WORD = regex.compile(r"(?<![\p{L}\p{M}])(?:г|гр|м|ք|ქ|(?i:sh))\.(?![\p{L}\p{M}])")


def without_town_word(part: str) -> str:
    """``part`` without the short word for a town in it, and the blanks around."""
    return TOWN_WORD.sub(" ", part).strip()
# Countries the rest of the record suggests (an international phone prefix, a
# country named outside the address): weaker than anything in the address.
RECORD_COUNTRIES_KEY = "record_countries"

# Postcodes of the supported countries, and the country each shape implies
# when it is unambiguous.
POSTCODE_SHAPES: dict[str, str | None] = {
    # Postcodes led by their country's letters, as Moldova and the Baltics
    # write them and much of Europe did: "MD-2001", "LT-01103", "LV-1050", "CH-8001".
    r"MD-\d{4}": "MD",
    r"LT-\d{5}": "LT",
    r"LV-\d{4}": "LV",
    r"(?:CH|D|F|A|B|L|FL|SI|HR|BG|RO|FI|SE|DK|NO|IS|EE|CZ|SK|PL|HU|AT|BE|LU|PT|ES|IT|GR|CY|MK|RS|BA|ME|AL)"
    r"-\d{4,5}": None,
    r"[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}": "GB",
    r"[A-Z]\d[A-Z]\s?\d[A-Z]\d": "CA",
    r"\d{4}\s?[A-Z]{2}": "NL",
    r"[A-Z]\d{2}\s?[A-Z\d]{4}": "IE",
    r"\d{5}-\d{3}": "BR",
    r"\d{4}-\d{3}": "PT",
    r"\d{3}-\d{4}": "JP",
    r"\d{5}-\d{4}": "US",
    r"\d{3}\s\d{3}": "IN",
    r"\d{3}\s\d{2}": None,  # CZ, SK, SE, GR
    r"[A-HJ-NP-Z]\d{4}(?:[A-Z]{3})?": "AR",
    r"\d{2}-\d{3}": "PL",
    r"\d{4,6}": None,
}
POSTCODE = "(?:" + "|".join(POSTCODE_SHAPES) + ")"
_POSTCODE_COUNTRIES = [
    (regex.compile(rf"{shape}"), country) for shape, country in POSTCODE_SHAPES.items()
]

# Words written inside a place name: "Kingston upon Hull", "Ciudad de México",
# "Rio de Janeiro", "Frankfurt am Main", "Kostelec nad Orlicí", "Kámen u Pacova",
# "Saint-Denis", "Dar es Salaam".
_CONNECTOR = (
    r"(?:de|del|la|las|los|do|da|dos|das|di|upon|on|am|an|der|den|sur|en|le|y|e|van|of|el"
    r"|nad|pod|na|pri|u|bei|im|ob|aan|bij|lès|les|sous|aux"
    # The Arabic article as place names romanize it: "Dar es Salaam", "Ras al Khaimah";
    # Swahili "of": "Mtaa wa Mafia", "Barabara ya Morogoro".
    r"|es|al|as|ad|ar|ash|wa|ya)"
)
# District words written short, which open a part before the district's name:
# a Mexican colonia or fraccionamiento ("Col. Centro", "Fracc. Las Palmas"),
# the Indonesian kelurahan, kecamatan, kabupaten and desa ("Kel. Bangka",
# "Kec. Mampang Prapatan", "Kab. Bogor", "Ds. Sukamaju"), a Romanian county
# or municipality ("jud. Cluj", "mun. Turda").
_DISTRICT_ABBREVIATION = r"(?:col|fracc|kel|kec|kab|ds|jud|mun)\."
# A state written short with a dot ("Jal.", "Calif.") or by its initials
# ("N.L.", "B.C.S.") ends a part; a short name after a district word and
# before a full stop is the district's ("Kab. Bogor.").
_STATE_ABBREVIATION = (
    rf"(?<!(?i:{_DISTRICT_ABBREVIATION})[ \t]+)"
    r"(?:\p{Lu}\p{Ll}{1,4}\.|(?:\p{Lu}\.){2,3})(?=[ \t]*(?:[,.!?;\n]|$|\d))"
)
# District words written in full before the district's name or number, often
# in lower case: "bairro Centro", "sector 4", "colonia Roma", "desa Sukamaju",
# "Kecamatan Cilandak", "județul Cluj", "comuna Florești".
_DISTRICT_OPENER = (
    r"(?:colonia|fraccionamiento|sector|sectorul|barrio|bairro|frazione|quartiere|quartier"
    r"|kelurahan|kecamatan|kabupaten|desa|dusun|județul|judetul|municipiul|comuna)"
)
_WORD = (
    rf"(?:(?i:{_DISTRICT_ABBREVIATION}|sec\.|blk\.|st\.|ste\.)|(?i:{_DISTRICT_OPENER})(?=[ \t]+[\p{{Lu}}\d])"
    rf"|{_STATE_ABBREVIATION}|\p{{Lu}}[\p{{L}}'’–-]*"
    # A word of a script without capitals: "القاهرة", "ধানমন্ডি", "ঢাকা-১২০৯".
    rf"|[{UNCASED_LETTERS}][{UNCASED_LETTERS}\p{{M}}\u200c-]*"
    r"|\d{1,3}(?:st|nd|rd|th)|\(\p{Lu}[\p{L}-]*\))"
)
# How data exports write an empty field: pandas' "nan", SQL's "NULL", "N/A".
# A postal block exported with its region missing ("Grimstad\nnan\n4876") goes
# on past it; the marker names no place.
MISSING_VALUE = r"(?:nan|NaN|null|NULL|None|N/A|n/a)"
_MISSING_VALUE = regex.compile(MISSING_VALUE)
_TOKEN = (
    rf"(?:{MISSING_VALUE}(?![\p{{L}}\p{{N}}/])|{POSTCODE}(?![\p{{L}}\p{{N}}])|{_WORD}(?![\p{{L}}\p{{N}}])"
    rf"|{_CONNECTOR}(?=\s\p{{Lu}}))"
)
# One part: up to six tokens, e.g. "Karnataka 560038", "06600 Ciudad de México";
# a short number may follow a word ("Sector 62", "Phase 2", "Street 23B"). A number of up to
# three digits alone on its line is a region's code ("Cite Badrani\n, 61\n
# 96086", a French département): it names no place, and is kept only before
# the block's postcode, when the next part holds that postcode (even one that
# looks like a year: "Cite Ezzitoun 2\n12\n2036") or names a known place or
# country. Anywhere else such a number is a quantity on an invoice or a form
# ("…10115 Berlin\nQty\n3\nTotal\n1250").
_LABEL_COLON = regex.compile(r"[ \t]*:(?!\d)")
_REGION_NUMBER = regex.compile(r"\d{1,3}(?=[ \t]*(?:\n|\Z))")
# A part may also be a lowercase word and its number, as West Africa numbers
# its streets, houses and plots ("rue 214", "maison 17", "carré 1123", "lot
# 112"): like an unknown part, it is kept only before a part that counts. The
# number closes the part: "zalo 0935 772 148" is a phone.
_NUMBERED_PART = r"\p{Ll}[\p{L}.º°'’-]{1,11}[ \t]+\d{1,5}[A-Za-z]?(?=[ \t]*(?:[,\n]|$))"
# Where the house is from a landmark or a main road, as West and East Africa
# and South Asia write it: "off Ngong Rd", "near Darkuman Junction", "behind
# the Total station", "opposite Kotoka Airport". Like an unknown part, it is
# kept only before a part that counts ("…, off Ngong Rd, Nairobi").
_LANDMARK_LEAD = (
    r"(?:(?i:near|behind|opposite|opp\.|off|beside|facing|next[ \t]+to|close[ \t]+to)[ \t]+"
    r"(?:(?i:the)[ \t]+)?)"
)
_PART = regex.compile(
    rf"{_LANDMARK_LEAD}?{_TOKEN}(?:[ \t]+(?:{_TOKEN}|\d{{1,4}}[A-Za-z]?(?![\p{{L}}\p{{N}}]))){{0,5}}"
    rf"|{_NUMBERED_PART}|{_REGION_NUMBER.pattern}"
)
# Parts are separated by commas and line breaks (a postal block has one part
# a line, some lines ending in a comma), spaced dashes, or a slash between two
# names ("Kadıköy/İstanbul"). A line may start with the marks of a quoted
# message or a list ("> ", "| ", "- ", "}} "), which are no part of the address.
_SEPARATOR = regex.compile(
    rf"(?:[ \t]*(?:[{LIST_COMMAS}]|\n(?:[ \t]*[^\p{{L}}\p{{N}}\s{LIST_COMMAS}]{{1,3}})?))+[ \t]*"
    r"|[ \t][-–][ \t]+|[ \t]*/[ \t]*(?=\p{Lu})|[ \t]+"
)
# The flat, floor, door or building inside an address, written after the
# street or on a line of its own: "Apt. 4", "Suite 300", "Flat 4B", "Wohnung 3",
# "bte 2", "Daire: 3", "Torre 2", "bât. B", "scala C", "byt 12", and the ordinal
# floors and doors of Spain and Portugal ("2º dcha", "1.º Dto", "3º andar",
# "bajo"). A floor counted before its word ("2. Etage", "3e étage", "3. patro",
# "4th floor") and a German building part ("Hinterhaus") too. They are part of
# the address and go with it; they name no place.
UNIT_WORD = (
    r"(?:apt|apartment|appt|app|appartement|suite|ste|unit|flat|room|rm|floor|fl|level|lvl"
    r"|office|villa|building|bldg|block|blk|tower|twr|shop|house|wohnung|whg|etage|stock"
    r"|stiege|tür|top|bte|boîte|bus|piso|planta|puerta|pta|apto|apartamento|depto|dpto"
    r"|departamento|andar|daire|kat|interior|interno|int|torre|casa|oficina|local|escalera|esc"
    r"|byt|mieszkanie|lok|lokal"
    r"|portal|bloco|bloque|lote|sala|kamer|verdieping|lgh|lejl|huoneisto|no|nr|box"
    # The plots and lots of African and Pacific towns: "Plot 23", "Lot 17",
    # "Allotment 12", "Stand 4410", "Erf 112", "Hse 14", "îlot 9". Not
    # "Section": Taiwan numbers its roads so ("Lane 45, Section 2, Zhongshan North Road").
    r"|plot|lot|allotment|stand|erf|hse|îlot|ilot|dormitory|dorm"
    # Romanian blocks of flats: "bl. A4, sc. 2, et. 3, ap. 12" (bloc, scara,
    # etaj, apartament); Indonesian estates and towers: "Blok C3", "Lt. 5"
    # (lantai, a floor); the block and lot of Mexico and Peru: "Mz. 4 Lt. 12"
    # (manzana, lote); a Brazilian "conj. 5" (conjunto) and a Spanish or
    # Portuguese "Edif. B" (edificio).
    r"|bloc|scara|etaj|blok|lantai|manzana|edificio|edifício"
    # Abbreviations that are words without their dot: Finnish "as." (asunto),
    # Polish "m." (mieszkanie), Latvian "dz." (dzīvoklis), Russian and
    # Ukrainian "кв." (flat) and "корп." (building), and those of the line above.
    r"|(?:as|m|ap|bl|sc|et|lt|mz|conj|edif|dz|кв|корп)(?=\.))"
)
# "byt č. 12", "Wohnung Nr. 3": a number sign between the word and the number.
_NUMBER_SIGN = r"(?:[ \t]*(?i:č|nr|no|n[º°])\.?)?"
_FLOOR_WORD = (
    r"(?:etage|étage|og|obergeschoss|stock|stockwerk|patro|piętro|p\.|kat|våning|vån|verdieping"
    r"|piano|floor|fl|emelet|em(?=\.)|kerros|etasje|etg|sal|όροφος"
    # Swedish stairs up ("3 tr", "2 trappor") and Dutch storeys ("3 hoog").
    r"|tr|trappor|trappa|trp|hoog)"
)
# The side of the landing after a floor, or its door: German "links", Danish "th."
# (til højre), Hungarian "1. em. 3." (floor, then door).
_FLOOR_SIDE = r"(?:[ \t]+(?:(?i:links|rechts|mitte|li|re|th|tv|mf)\.?|\d{1,3}\.)(?![\p{L}\p{N}]))?"
# Hungarian and Czech writers count floors in Roman numerals too: "IV. em. 2.",
# "III. patro".
_ROMAN_FLOOR = r"(?<![\p{L}\p{N}])(?-i:[IVX]{1,4})\."
_COUNTED_FLOOR = (
    rf"(?:\d{{1,2}}(?:\.|e|er|re|ème|eme|st|nd|rd|th|ος|[º°ª])?|{_ROMAN_FLOOR})[ \t]?(?i:{_FLOOR_WORD})\.?"
    rf"(?![\p{{L}}\p{{N}}]){_FLOOR_SIDE}"
)
# A Danish floor and side alone ("2. th.", "st. tv."), a Hungarian floor and door
# ("2/4."), a Norwegian dwelling number ("H0302").
_DANISH_FLOOR = r"(?:\d{1,2}\.|st\.|kl\.)[ \t]?(?:th|tv|mf)\.?(?![\p{L}\p{N}])"
_HUNGARIAN_FLOOR_DOOR = r"\d{1,2}/\d{1,3}\.(?![\p{L}\p{N}])"
_NORWEGIAN_DWELLING = r"[HKLU]\d{4}(?![\p{L}\p{N}])"
_BUILDING_PART = (
    r"(?i:hinterhaus|vorderhaus|seitenflügel|seitenflugel|gartenhaus|quergebäude|dachgeschoss"
    r"|souterrain|rez-de-chaussée|rdc)(?![\p{L}\p{N}])"
)
_UNIT_ID = r"(?:[A-Z]?\d{1,5}[A-Za-z]?(?:[-/]\d{1,4}[A-Za-z]?)?|[A-Z])(?![\p{L}\p{N}])"
# The numbers of an Indonesian neighbourhood and its ward, always written as a
# pair: "RT 003/RW 005", "RT. 03 RW. 05", "RT/RW 003/005". They say where in a
# village, and name no place; "RT" alone is as often a retweet.
_RT_RW = (
    r"(?:RT\.?[ \t]*\d{1,3}[ \t]*/?[ \t]*RW\.?[ \t]*\d{1,3}"
    r"|RT[ \t]*/[ \t]*RW\.?[ \t]*\d{1,3}[ \t]*/[ \t]*\d{1,3})(?![\p{L}\p{N}])"
)
# A floor, a staircase, a door or a part of a building says where inside a
# building (an RT/RW, where inside a village), not that the words before it are
# a street: after a street they go with the address, but they make no address
# of "Raum 12, 2. Etage" or "Salle 12, porte B" (`Tail.has_unit` ignores them).
_PLACE_INSIDE = (
    rf"(?:{_COUNTED_FLOOR}|{_BUILDING_PART}|{_DANISH_FLOOR}|{_HUNGARIAN_FLOOR_DOOR}|{_NORWEGIAN_DWELLING}|{_RT_RW}"
    r"|(?i:escalier|bâtiment|bât|bat|porte|scala|vchod)\.?[ \t]*(?:[A-Z]?\d{1,3}|[A-Z])(?![\p{L}\p{N}]))"
)
_ROMANCE_SIDE = (
    r"(?i:esq(?:uerd[oa])?|dt[oa]|dir(?:eit[oa])?|dcha|dch|der(?:echa)?|izq(?:uierda)?|izda"
    r"|fr(?:ente)?|fte|centro|ctro|andar|piso|planta|pta|puerta|porta)\.?(?![\p{L}\p{N}])"
)
UNIT = (
    rf"(?:(?i:{UNIT_WORD})\.?{_NUMBER_SIGN}[ \t]*[:#№]?[ \t]*{_UNIT_ID}"
    rf"|{_PLACE_INSIDE}"
    r"|\d{1,2}(?:[ \t]?\.?[ \t]?[º°ª]|o)(?![\p{L}\p{N}])"
    rf"(?:[ \t]*(?:{_ROMANCE_SIDE}|[A-Z](?![\p{{L}}\p{{N}}])|\d{{1,2}}[ \t]?[ºª])){{0,3}}"
    r"|(?i:bajo|ático|atico|entresuelo|r/c|rés-do-chão|cave|sobreloja|baixos|baix|entresòl|àtic)(?![\p{L}\p{N}])"
    r"(?:[ \t]+[A-Z](?![\p{L}\p{N}]))?"  # and its door: "bajo B"
    # Catalan ordinal floors and doors: "4t", "1r 2a", "3r", "5è".
    r"|\d{1,2}(?:r|n|t|è)(?:[ \t]+\d{1,2}a)?(?![\p{L}\p{N}])"
    r"|\#[ \t]?\d{1,5}[A-Za-z]?(?:-\d{1,5}[A-Za-z]?)?(?![\p{L}\p{N}])"  # Singapore's "#15-04"
    r"|[DK][:.][ \t]*\d{1,4}(?![\p{L}\p{N}]))"  # Turkish door and floor, "D: 5", "K: 2"
)
# Bounded: "Tower 2 Floor 5 Apt 12" is three; an unbounded run let crafted
# "flat 1 flat 1 …" be read to its end from every flat in it (n² time).
_UNIT_PART = regex.compile(rf"{UNIT}(?:[ \t]+{UNIT}){{0,4}}")
_ONLY_PLACES_INSIDE = regex.compile(rf"{_PLACE_INSIDE}(?:[ \t]+{_PLACE_INSIDE})*")
_BLANK = regex.compile(r"[ \t]+")
_YEAR = regex.compile(r"(?:19|20)\d\d")
_POSTCODE_TOKEN = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){POSTCODE}(?![\p{{L}}\p{{N}}])")
_STATE_CODE = regex.compile(rf"\(?\p{{Lu}}{{2,3}}\)?|\(\p{{Lu}}[\p{{L}}-]*\)|{_STATE_ABBREVIATION}")
# Endings and words of district names: Japanese wards and Korean districts
# ("Shinjuku-ku", "Gangnam-gu", "Yeoksam-dong"), Indian nagars and sectors,
# and the district words above.
_DISTRICT = regex.compile(
    r"(?i:(?<!\p{L})\p{L}+-(?:ku|gu|shi|si|cho|machi|dong|gun|ken|fu|to|do|eup|myeon)"
    r"|nagar|layout|ward|district|mah\.|mahallesi|mh\.|qu|xian|new\s+area|subdistrict|hay"
    rf"|{_DISTRICT_OPENER}|(?<!\p{{L}}){_DISTRICT_ABBREVIATION})(?!\p{{L}})"
)
MAX_PARTS = 6
# State and province codes that tell the country of a numeric postcode.
_STATE_COUNTRIES = {
    **dict.fromkeys("NSW VIC QLD TAS ACT NT".split(), "AU"),
    **dict.fromkeys("ON QC BC AB MB SK NS NB NL PE YT NU".split(), "CA"),
    **dict.fromkeys(
        "AL AK AZ AR CA CO CT DE DC FL GA HI ID IL IN IA KS KY LA ME MD MA MI MN MS MO MT NE NV NH NJ"
        " NM NY NC ND OH OK OR PA RI SC SD TN TX UT VT VA WV WI WY".split(),
        "US",
    ),
}


# What may stand before a street as part of its address: a flat or building
# ("Tower 3, Apt 1204, …", "Suite 940 …"), a building number written before the
# A number after a hyphen ends a code ("〒150-0001 東京都…"), a postcode's own.
# street's own ("0189 Rue des Buissons 386"), or a numbered block or zone
# ("Zone 66, Street 850, Building 12, …"), one part at a time, nearest first.
_HEAD_PART = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}-])(?:{UNIT}|\d{{1,6}}[A-Za-z]?|(?P<numbered>\p{{Lu}}\p{{L}}+[ \t]\d{{1,5}}[A-Z]?))"
    r"(?P<separator>[ \t]*[,\n][ \t]*|[ \t]+)\Z"
)
_HEAD_PARTS = 3
_HEAD_WINDOW = 40


def read_head(text: str, start: int) -> int:
    """Where an address that starts at ``start`` really starts, once the flat,
    building and block numbers written before its street are taken in.

    A capitalized word with a number ("Street 850") counts only before a
    comma or line break, where it reads as a part of the address and not as
    prose ("Chapter 5 …").
    """
    for _ in range(_HEAD_PARTS):
        head = _HEAD_PART.search(text[max(0, start - _HEAD_WINDOW) : start])
        if head is None or (head["numbered"] and not head["separator"].strip(" \t")):
            break
        start -= len(head.group())
    return start


# A word of a street line read back from a flat on the next line: a
# capitalized word ("Armendáriz", "Anne-Lise"), a house number ("8141", "79."),
# a connector ("da", "van") or a lowercase word of four letters or more
# ("Českého odboje", "Bem rakpart"), which must not open the line's street.
_LINE_WORD = regex.compile(
    rf"\p{{Lu}}[\p{{L}}'’.-]*|\d{{1,6}}[A-Za-z]?\.?|{_CONNECTOR}|\p{{Ll}}[\p{{L}}'’-]{{3,}}"
)
_OPENS_LINE_STREET = regex.compile(r"\p{Lu}|\d")
_LINE_NUMBER = regex.compile(r"\d{1,6}[A-Za-z]?\.?")
_CAPITALIZED = regex.compile(r"\p{Lu}\p{L}")
_LINE_WORDS = 10
_UNIT_LINE_START = regex.compile(r"\n[ \t]*\Z")
_NON_BLANK = regex.compile(r"\S+")


def read_street_line(text: str, start: int) -> int:
    """Where an address that starts with a flat at the head of a line really
    starts: at the street on the line before, if that line ends in one.

    A postal block writes the street on its own line and the flat under it
    ("Calle Ibirapita 8057\\n Suite 516\\n Dolores"); a street line is a run of
    capitalized words and a house number, whatever its grammar. The run is
    read back from the line's end while its words look like a street's, so
    the words that announce the address stay ("meet me at", "Address:"); it
    needs a number and a capitalized word, as a name line or a sentence has
    not both.
    """
    if not _UNIT_PART.match(text, start) or not _UNIT_LINE_START.search(text, 0, start):
        return start
    line_end = text.rfind("\n", 0, start)
    words = list(_NON_BLANK.finditer(text, text.rfind("\n", 0, line_end) + 1, line_end))
    taken: list[regex.Match[str]] = []
    for word in reversed(words[-_LINE_WORDS:]):
        if not _LINE_WORD.fullmatch(word.group()):
            break
        taken.insert(0, word)
    while taken and not _OPENS_LINE_STREET.match(taken[0].group()):
        taken.pop(0)
    has_number = any(_LINE_NUMBER.fullmatch(w.group()) for w in taken)
    if not (has_number and any(_CAPITALIZED.match(w.group()) for w in taken)):
        return start
    return taken[0].start()


@dataclass(frozen=True)
class Tail:
    """Where the address ends, its place parts (postcodes removed), and a country hint."""

    end: int
    places: tuple[str, ...]
    country_code: str | None
    has_postcode: bool
    postcodes: tuple[str, ...] = ()
    # The country a state or province code suggests ("VIC", "ON"). Weaker than
    # a postcode's shape: Italian province codes ("MI", "PA") are US states too.
    state_country: str | None = None
    # Whether a flat, floor or door was read, and whether a country was named.
    has_unit: bool = False
    has_country: bool = False

    def metadata(self, places: tuple[str, ...] | None = None) -> dict[str, object]:
        """The place parts a street result carries for the desensitizer, which
        generalizes the address to them; ``places`` when more were read than the
        tail's own (a town before the street)."""
        return {
            LOCALITIES_KEY: self.places if places is None else places,
            COUNTRY_KEY: self.country_code,
            POSTCODES_KEY: self.postcodes,
            POSTCODE_COUNTRY_KEY: self.country_code or self.state_country,
        }


# A US state code counts as one only before a ZIP code ("IL 62704"): written
# after the town, two capitals are as often an Italian province ("Milano MI")
# or a Spanish one, and the country they suggest would be invented.
_US_STATE_BEFORE_ZIP = regex.compile(r"(?<![\p{L}\p{N}])(\p{Lu}{2})[ \t]+\d{5}(?:-\d{4})?(?!\d)")


def _state_country(part: str) -> str | None:
    """The country a state or province code in ``part`` tells, if any."""
    for word in part.split():
        country = _STATE_COUNTRIES.get(word.strip("()"))
        if country and country != "US":
            return country
    us = _US_STATE_BEFORE_ZIP.search(part)
    return "US" if us and _STATE_COUNTRIES.get(us.group(1)) == "US" else None


def address_hints(fragment: str) -> tuple[tuple[str, ...], str | None, str | None]:
    """The postcodes in the place part of an address, the country their shape
    implies, and the country a state or province code in it suggests."""
    postcodes = tuple(m.group().strip() for m in _POSTCODE_TOKEN.finditer(fragment))
    country = next((c for c in map(postcode_country, postcodes) if c), None)
    return postcodes, country, _state_country(fragment)


def _vouches(part: str, postcodes: list[str]) -> bool:
    """Whether a part read after a mere space holds a real postcode.

    A four-digit year ("London 2024") is taken for one only after a state
    code ("Sydney NSW 2000").
    """
    has_state = any(_STATE_CODE.fullmatch(w) for w in part.split())
    return any(has_state or not _YEAR.fullmatch(p.strip()) for p in postcodes)


def postcode_country(postcode: str) -> str | None:
    """The country a postcode's shape implies, if only one country writes it so."""
    for pattern, country in _POSTCODE_COUNTRIES:
        if pattern.fullmatch(postcode):
            return country
    return None


def read_tail(
    text: str,
    start: int,
    is_place: Callable[[str], bool],
    country_code: str | None = None,
    country_of: Callable[[str], str | None] | None = None,
) -> Tail:
    """Read address parts from ``start`` while they look like address parts.

    A part counts when it holds a postcode, a state or province code, a
    district word, a known place, or country name; an unknown part (a suburb,
    a building, a town the gazetteer does not know) is kept only when a part
    that counts follows it. So "…, Cape Town, 8001" is read whole, and "…, Tom
    will call" is not read at all. A flat, floor or door ("Apt. 4", "2º dcha")
    counts too: it belongs to the address, though it names no place. Parts
    are separated by commas, spaced dashes or line breaks, so a postal block
    written one part a line is read to its last line; a part after a mere
    space ("1 Macquarie St Sydney NSW 2000") must hold a postcode or be a flat,
    or be a known place right after a flat ("No:45 Daire:3 Kadıköy İstanbul").
    A country named in a part (``country_of`` tells its code) is the
    strongest hint of all, stronger than a postcode's shape.
    """
    end = start
    has_postcode = False
    found_postcodes: list[str] = []
    state_country: str | None = None
    places: list[str] = []
    pending: list[str] = []
    named_country: str | None = None
    has_unit = False
    any_unit = False  # a place inside a building counts here too
    after_region = False
    cursor = start
    for _ in range(MAX_PARTS):
        separator = _SEPARATOR.match(text, cursor)
        if separator is None:
            break
        unit = _UNIT_PART.match(text, separator.end())
        if unit is not None:
            cursor = end = unit.end()
            has_unit = has_unit or not _ONLY_PLACES_INSIDE.fullmatch(unit.group())
            any_unit = True
            places += [p for p in pending if p]
            pending = []
            continue
        part = _PART.match(text, separator.end())
        if part is None:
            break
        value = part.group()
        region = bool(_REGION_NUMBER.fullmatch(value))
        if region and (has_postcode or after_region or "\n" not in separator.group()):
            break
        postcodes = [m.group() for m in _POSTCODE_TOKEN.finditer(value)]
        if "\n" in separator.group() and not postcodes and _LABEL_COLON.match(text, part.end()):
            # A line that opens with a word and a colon labels a field ("Mobile: …",
            # "Fax:"); after a postcode or mid-line, the colon ends a sentence
            # ("…105 63 Athens: closed on Sunday").
            break
        words = [w for w in _POSTCODE_TOKEN.sub(" ", value).split() if not _MISSING_VALUE.fullmatch(w)]
        # A town closing a sentence reads like a state written short ("…, Lomé.").
        place = "" if region else " ".join(
            w for w in words if not _STATE_CODE.fullmatch(w) or (w.endswith(".") and is_place(w[:-1]))
        )
        after_unit = any_unit and end == separator.start()
        if (
            _BLANK.fullmatch(separator.group())
            and not _vouches(value, postcodes)
            and not (after_unit and place and is_place(place))
        ):
            break
        country = country_of(" ".join(words)) if country_of and words else None
        if after_region and not (country or postcodes or (place and is_place(place))):
            break
        after_region = region
        pending.append(place)
        cursor = part.end()
        counts = (
            country is not None
            or bool(postcodes)
            or bool(words and all(_STATE_CODE.fullmatch(w) for w in words))
            or bool(_DISTRICT.search(value))
            or (bool(place) and is_place(place))
        )
        if counts:
            named_country = named_country or country
            end = cursor
            places += [p for p in pending if p]
            pending = []
            has_postcode = has_postcode or bool(postcodes)
            found_postcodes += [p.strip() for p in postcodes]
            for postcode in postcodes:
                country_code = country_code or postcode_country(postcode.strip())
            state_country = state_country or _state_country(value)
    return Tail(
        end,
        tuple(places),
        named_country or country_code,
        has_postcode,
        tuple(found_postcodes),
        state_country,
        has_unit,
        named_country is not None,
    )
