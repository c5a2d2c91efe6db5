"""Recognize street addresses in the formats of Spain, Italy, Portugal and Brazil,
Mexico, Colombia, India, Australia, South Africa, Japan, Korea, China, the Gulf,
Turkey, Morocco, Ghana, Central and Northern Europe, US military mail, and
English number-first addresses, each with a long tail of flats, districts,
city, state, country and postcode (a postal block, one part a line, included)."""

from __future__ import annotations

from dataclasses import dataclass, replace

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import COUNTRY_KEY as COUNTRY_KEY
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY as LOCALITIES_KEY
from privacy.desensitize.recognizers.address_tail import (
    POSTCODE_COUNTRY_KEY as POSTCODE_COUNTRY_KEY,
)
from privacy.desensitize.recognizers.address_tail import POSTCODES_KEY as POSTCODES_KEY
from privacy.desensitize.recognizers.address_tail import (
    RECORD_COUNTRIES_KEY as RECORD_COUNTRIES_KEY,
)
from privacy.desensitize.recognizers.address_tail import UNIT, read_head, read_street_line, read_tail
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import NOT_STREETS, address_cue_before
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.recognizers.word_start import DOTTED_WORD_START, word_start

# A street name word; dates name streets in Spanish and Portuguese ("Avenida 9 de
# Julio", "Rua 25 de Março", "Calle 5 de Mayo").
_NAME_WORD = (
    r"(?:\p{Lu}[\p{L}'’-]*\.?|\d{1,2}[ \t]+de[ \t]+\p{Lu}\p{Ll}+"
    r"|\d{1,3}(?:st|nd|rd|th|º|ª)?(?=[ \t]+\p{Lu}))"
)
_ROMANCE_CONNECTOR = (
    r"(?:de[ \t]+la|de[ \t]+los|de[ \t]+las|de|del|la|las|los|di|della|delle|dei|degli|do|da|dos|das"
    r"|dal|dalla|dalle|dello|al|alla|sul|sulla"
    r"|e|y|dels|d['’]|l['’])"
)

# Spanish, Catalan, Italian, Portuguese and Mexican streets: the type word first,
# the number after the name: "Calle de Alcalá 45", "C/ Mayor, 12", "Via del
# Corso 123", "Av. Paulista, 1578", "Paseo de la Reforma 222", "Rua Augusta s/n".
_ROMANCE_TYPE = (
    r"(?:calle|c/|avenida|avda\.?|av\.|av|paseo|pº|plaza|pza\.?|ronda|camino|carretera|ctra\.?"
    r"|traves[ií]a|rambla|glorieta|v[ií]a|viale|corso|piazza|piazzale|largo|vicolo|lungotevere"
    r"|strada|contrada|rua|r\.|travessa|alameda|pra[çc]a|estrada|rodovia|calzada|calz\.?"
    r"|privada|cerrada|prolongaci[óo]n|circuito|carrer|passeig|pla[çc]a|avinguda|calle[ \t]+de|ul\.|ulica"
    r"|boulevard|blvd\.?|bulevar|p\.zza|p\.za|v\.le|c\.so|l\.go|v\.lo|derb|zanqat|zankat|zenkat|autopista)"
)
# Mexican and Central American numbers say on which side of the town's axis
# the building stands: "Av. Constitución 2150 Pte.", "Calle 5 de Mayo 30 Ote.",
# "Av. Juárez 120 Sur" (poniente, oriente, norte, sur).
_ORIENTATION = r"(?:[ \t]+(?i:(?:pte|ote|nte)\.|poniente|oriente|norte|sur)(?![\p{L}\p{N}]))?"
_ROMANCE_NUMBER = (
    r"(?:,?[ \t]+(?:n[º°o]\.?[ \t]*|#[ \t]*|num\.?[ \t]*)?(?:\d{1,2}\.\d{3}|\d{1,5}[A-Za-z]?)"
    r"(?:[ \t]?[-/][ \t]?\d{1,4})?(?!\d|\.\d)"
    rf"{_ORIENTATION}"
    r"|,?[ \t]+(?i:s/n|sin[ \t]+n[úu]mero|snc))"
)
_ROMANCE_UNIT = (
    rf"(?:,?[ \t]+(?:{UNIT}"
    r"|\d{1,2}[ \t]?[º°ª][ \t]?(?:[A-Z]|\d{1,2}[ \t]?[ºª])?(?![\p{L}\p{N}])"
    r"|(?i:piso|planta|puerta|pta\.?|int\.?|interior|apto\.?|apartamento|apt\.?|sala|scala"
    r"|esc\.?|bloco|bloque|depto\.?|dpto\.?|interno|casa|lote)[ \t]*[\w-]+|(?i:bajo|ático|atico)))*"
)
_ROMANCE_STREET = (
    rf"(?<![\p{{L}}\p{{N}}])(?i:{_ROMANCE_TYPE})(?:(?<=/)[ \t]*|[ \t]+)"
    rf"(?:(?:{_ROMANCE_CONNECTOR})[ \t]*)?{_NAME_WORD}"
    rf"(?:[ \t]+(?:(?:{_ROMANCE_CONNECTOR})[ \t]*)?{_NAME_WORD}){{0,5}}"
    rf"{_ROMANCE_NUMBER}{_ROMANCE_UNIT}"
)

# English order, number first, for the countries the older recognizer does not
# read to the end: "1 Martin Place, Sydney NSW 2000", "12 Long Street, Cape Town,
# 8001", "12, MG Road, Bengaluru 560001", "45 Jan Smuts Ave, Rosebank, Johannesburg".
_EN_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Square|Sq|Terrace|Tce|Crescent|Cres|Close|Way|Parkway|Pkwy|Highway|Hwy|Row|Quay"
    r"|Gardens|Grove|Mews|Circle|Cir|Trail|Alley|Parade|Pde|Esplanade|Promenade|Marg|Cross"
    r"|Circuit|Walk|Rise|Wharf|Expressway|Freeway|Pike|Plaza|Loop"
    # "Str." and "Av" the way Greek, Cypriot, Romanian and German writers
    # abbreviate a street or avenue in English: "35 Pentelis Str., Nicosia",
    # "92 Vasileos Pavlou str", "269 Pireaus Av".
    r"|Str(?=\.)|str|Av"
    # More of the US Postal Service's street suffixes (Publication 28).
    r"|Branch|Brook|Crossing|Xing|Estates?|Ferry|Fields?|Forest|Fork|Gateway|Glen|Harbor"
    r"|Haven|Heights|Hts|Hills?|Hollow|Island|Isle|Junction|Knoll|Lakes?|Landing|Locks"
    r"|Lodge|Manor|Meadows?|Mills?|Mount|Mountain|Orchard|Oval|Pass|Path|Pines|Plains|Point"
    r"|Port|Prairie|Ranch|Ridge|Route|Run|Shores?|Springs?|Station|Stream|Summit|Trace"
    r"|Turnpike|Union|Valley|View|Village|Ville|Vista|Wells?|Bypass|Canyon|Causeway|Cliffs?"
    r"|Common|Corners?|Cove|Creek|Crest|Curve|Dale|Divide|Extension|Flats?|Ford|Green"
    r"|Inlet|Motorway|Neck|Overpass|Radial|Ramp|Rapids|Skyway|Spur|Tunnel|Viaduct|Bridge"
    # Chinese streets in pinyin: "Nanjing Lu", "Jianguomenwai Dajie", "Nanluogu Xiang".
    r"|Lu|Jie|Dajie|Dadao|Hutong|Xiang|Nong|Gonglu|Zhonglu|Beilu|Nanlu|Xilu|Donglu)"
)
# A flat's number is short ("1204", "GF-12A"); bounding it keeps a run such as
# "unit-unit-unit…" from being read to its end from every "unit" in it.
_EN_UNIT_FIRST = (
    r"(?:(?i:flat|unit|apt\.?|apartment|suite|level|shop|house[ \t]+no\.?|h[./]?[ \t]?no\.?|plot(?:[ \t]+no\.?)?"
    # The flat's own number has a digit, or is a letter alone: "Towers, 9 Lake
    # Road" is a building's name and its street, no tower "s".
    r"|door[ \t]+no\.?|room|office|villa|tower)(?:[ \t]*(?=[\w-]{0,11}\d)[\w-]{1,12}|[ \t]+[A-Z](?![\w-]))"
    r"(?:,[ \t]*|[ \t]*/[ \t]*(?=\d)|[ \t]+))?"
    # The house's own number sign: "No. 22", "H/No. 22 Mango Tree Lane".
    r"(?:(?i:h[./]?[ \t]?no\.?|no\.?|n[º°]\.?|\#)[ \t]*)?"
)
_EN_STREET = (
    rf"(?<![\p{{L}}\p{{N}}]){_EN_UNIT_FIRST}\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,5}}[A-Za-z]?)?,?[ \t]+"
    rf"(?:{_NAME_WORD}[ \t]+){{1,4}}(?:{_EN_TYPE})(?![\p{{L}}])\.?"
    r"(?:[ \t]+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)(?![\p{L}]))?"
)
# Indian addresses often start with the flat or house and a building name, and
# only the postcode (PIN) at the end vouches for them.
# So do the flats, villas and towers of Gulf addresses, which often have no
# street at all: "Tower 3, Apt 1204, Dubai Marina, Dubai".
_UNIT_LED = (
    r"(?<![\p{L}\p{N}])(?i:flat|house[ \t]+no\.?|h[./]?[ \t]?no\.?|plot(?:[ \t]+no\.?)?|door[ \t]+no\.?|shop"
    r"|block|bldg\.?|building|apt\.?|apartment|suite|unit|villa|tower|office|room"
    # A section of a town only before its lot: "Section 42, Lot 17". Alone,
    # a section is as often a law's ("Section 4, Paris Agreement"), a lot an
    # auction's and a stand a fair's ("Lot 3, London", "Stand 4, Berlin").
    r"|allotment|erf|hse|dormitory|section(?=[ \t]*\d{1,4},[ \t]*(?i:lot|allotment|plot)[ \t]*\d))"
    r"[ \t]*(?:no\.?[ \t]*)?"
    r"[A-Z]?-?\d{1,5}[A-Z]?(?:/\d{1,4})?(?![\p{L}\p{N}])"
)
# The house in the flat's place and a street numbered, not named, after it,
# as Nigeria, India and Pakistan write it: "House 7, 3rd Avenue", "Plot 12,
# 2nd Cross Road", "house 221-B, street 12".
_UNIT_THEN_NUMBERED_STREET = (
    r"(?<![\p{L}\p{N}])(?i:house|h[./]?[ \t]?no\.?|plot|flat|villa)[ \t]*(?:no\.?[ \t]*)?[A-Z]?-?\d{1,5}(?:-?[A-Z])?"
    rf",[ \t]*(?:\d{{1,3}}(?:st|nd|rd|th)[ \t]+(?:{_EN_TYPE}|(?i:street|avenue|road|cross|main|close|lane)\.?)"
    r"|(?i:street|road|lane)[ \t]+\d{1,3})(?![\p{L}\p{N}])"
)
# Korean road names: "Sejong-daero 110", "123 Teheran-ro", "Jong-ro 1-gil 15".
_KR_STREET = (
    r"(?<![\p{L}\p{N}])(?:\d{1,4}(?:-\d{1,4})?,?[ \t]+)?\p{Lu}\p{Ll}+(?:-\p{Ll}+)*-(?:ro|gil|daero)"
    r"(?:[ \t]+\d{1,3}(?:beon)?-?gil)?(?:[ \t]+\d{1,4}(?:-\d{1,4})?(?!\d))?"
)
# Japanese block addresses, romanized: "1-1-2 Oshiage", "Nishi-Shinjuku 2-8-1",
# "Marunouchi 1-chome 9-1".
_JP_STREET = (
    r"(?:(?<![\p{L}\p{N}])\d{1,2}-\d{1,2}(?:-\d{1,3})?,?[ \t]+\p{Lu}[\p{L}-]*"
    rf"|{word_start('-')}\p{{Lu}}[\p{{L}}-]*[ \t]+"
    r"\d{1,2}(?:-?chome)?[- ]\d{1,2}(?:-\d{1,3})?(?![\p{L}\p{N}-]))"
)
# French order, number first, read to the end: "350 rue Saint-Paul Est, Montréal
# (Québec) H2Y 1H2", "3 rue Lepic, 75018 Paris".
_FR_TYPE = r"(?:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|côte|montée)"
_FR_STREET = (
    r"(?<![\p{L}\p{N}])\d{1,5}(?:[ \t]?(?:bis|ter|[A-Za-z])(?!\p{L}))?,?[ \t]+"
    rf"(?i:{_FR_TYPE})"
    # After a connector, lowercase words may come before a capitalized one:
    # "rue des six frères Ruellan".
    rf"(?:[ \t]+(?:(?:de|du|des|la|le|les|l['’]|d['’])[ \t]*(?:\p{{Ll}}{{3,}}[ \t]+){{0,3}})?{_NAME_WORD}){{1,5}}"
)
# Japanese addresses written large to small: "Tokyo-to, Chiyoda-ku, Marunouchi
# 1-9-1", "〒100-0005 Tokyo, Chiyoda, Marunouchi 1-1-1". The places before the
# block are the localities.
_JP_LARGE_FIRST = (
    r"(?<![\p{L}\p{N}])(?:〒[ \t]?\d{3}-\d{4},?[ \t]*)?"
    r"(?P<before>(?:\p{Lu}\p{L}+(?:-(?:to|fu|ken|do|shi|ku|cho|machi|gun)(?:,\s*|\s+)|,[ \t]*)){1,3})"
    r"\p{Lu}[\p{L}-]*[ \t]+\d{1,2}(?:-?chome)?-\d{1,2}(?:-\d{1,3})?(?![\p{L}\p{N}-])"
)
_JP_SUFFIX = regex.compile(r"-(?:to|fu|ken|do|shi|ku|cho|machi|gun)$")
# Post office boxes: "PO Box 123", "Postfach 10 20 30", "Apartado 45", "Caixa Postal 1200".
_PO_BOX = (
    r"(?<![\p{L}\p{N}])(?i:p\.?[ \t]?o\.?[ \t]?box|post[ \t]+office[ \t]+box|postfach"
    r"|apartado(?:[ \t]+de[ \t]+correos)?|caixa[ \t]+postal|casella[ \t]+postale"
    r"|bo[iî]te[ \t]+postale|postbus|private[ \t]+bag)[ \t]*\d{1,6}(?:[ \t]\d{2}){0,2}"
)
# Streets without a type word ("14 Deansgate", "B-45, Sector 62") are taken
# only when a postcode follows in the tail.
_BARE_STREET = (
    r"(?<![\p{L}\p{N}-])(?:(?i:no\.?|n[º°]|\#)[ \t]*)?(?:[A-Z]-?)?\d{1,5}[A-Za-z]?"
    r"(?:[ \t]+\p{Lu}\p{Ll}[\p{L}'’-]*){0,3}"
    r"(?=[ \t]*,)"
)

# A house number after the street name, maybe with "No" before it ("Cad. No: 12",
# "Zhongshan Road No. 5"), a second number after a slash or dash ("1234/25", or a
# Dutch floor: "418-3hg"), and an entrance letter apart before a comma ("Storgatan
# 17 B, lgh 1102").
_HOUSE = (
    r"(?:(?i:no|nr|n[º°]|č\.[ \t]?p)[.:]?[ \t]*)?\d{1,4}[A-Za-z]?(?:[ \t]?[/-][ \t]?\d{1,4}(?:hg|hs|[A-Za-z])?)?"
    # A letter after a hyphen: "Boschstraat 12-B".
    r"(?:-[A-Za-z](?![\p{L}\p{N}]))?"
    # Dutch and French repeated numbers ("112 bis"); a Finnish staircase and flat
    # ("Hämeenkatu 14 B 27,"); an entrance letter.
    r"(?:[ \t-](?i:bis|ter)(?![\p{L}\p{N}]))?"
    r"(?:[ \t][A-Z](?:[ \t]\d{1,3})?(?=,))?"
    # Hungarian writes the number as an ordinal ("Bécsi út 35."): the dot is
    # taken before a comma, a line break or a flat, never at a sentence's end.
    rf"(?![\p{{L}}\p{{N}}])(?:\.(?=[ \t]*[,\n]|[ \t]+{UNIT}))?"
)
# A street name: capitalized words, and lowercase ones of four letters or more
# after the first ("Trg revolucije", "Velký průhon", "Tas vezér").
_MORE_NAME_WORDS = (
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*|\p{Ll}[\p{L}'’-]{3,}|\d{1,3}\.?(?=[ \t]+\p{Lu}))){0,3}"
)
_NAMES = rf"\p{{Lu}}[\p{{L}}'’.-]*{_MORE_NAME_WORDS}"
# Street type words written before the name, in Central and Eastern Europe, the
# Balkans, Greece, Russia and Ukraine, Romania, Albania, Malaysia and
# Indonesia: "ul. Siostrzana 48", "al. Jerozolimskie 65", "Calea Victoriei 12",
# "Λεωφ. Κηφισίας 10", "Jalan Ampang 50", "Laan van Meerdervoort 5".
# Abbreviations need their dot.
_PREFIX_TYPE = (
    r"(?:(?:ul|al|os|pl|str|bd|bul|tř|nám|nábř|jl|λ|λεωφ|οδ|ул|пр|пер|бул|вул|пл|просп|şos|șos|sos)\."
    r"|ulica|aleja|osiedle|plac|náměstí|třída|nábřeží|strada|bulevardul|calea|șoseaua|aleea"
    r"|splaiul|улица|проспект|переулок|бульвар|вулиця|площадь|οδός|rruga|ulitsa|prospekt|trg"
    r"|jalan|đường|phố|laan|πλατεία|λεωφόρος|πλ\."
    # Ukrainian, Hebrew, Thai and Peruvian streets in Latin letters: "vul. Sumska 41",
    # "Rehov Dizengoff 142", "Soi Sukhumvit 71", "Jr. Huiracocha 1450".
    r"|vul\.|vulytsia|vulytsya|prosp\.|rehov|rechov|soi|jr\.|jir[óo]n|pasaje|psje\."
    # Romanian and Polish squares and roundabouts, Malay lanes and streets,
    # Swahili and Filipino streets: "Piața Unirii 3", "rondo Daszyńskiego 2",
    # "Lorong Ampang 5", "Lebuh Pantai 12", "Mtaa wa Mafia 14", "Kalye Real 8".
    r"|piața|piata|rondo|lorong|lebuh|barabara|mtaa|kalye"
    # Maltese streets: "Triq il-Wied 12".
    r"|triq)"
)
# The block of an Indonesian street or housing estate, before the house
# number: "Blok C3", "Blok AA-12", "Blk. 4".
_ESTATE_BLOCK = (
    r"(?i:blok|blk\.?)[ \t]*(?:[A-Z]{1,2}-?\d{1,3}[A-Z]?|[A-Z]{1,2}|\d{1,3}[A-Z]?)(?![\p{L}\p{N}])"
)
# After the type word, the name may start in lowercase ("Trg revolucije 61"),
# and a block may come before the number ("Jl. Melati Blok C3 No. 8").
_PREFIX_STREET = (
    rf"{DOTTED_WORD_START}(?i:{_PREFIX_TYPE})[ \t]*\p{{L}}[\p{{L}}'’.-]*{_MORE_NAME_WORDS},?"
    rf"[ \t]+(?:{_ESTATE_BLOCK},?[ \t]+)?{_HOUSE}"
)
# Indonesian housing estates have no street: the estate word and its name,
# then the block, the house or both: "Perumahan Griya Asri Blok C3 No. 8",
# "Perum Citraland Blok B3 No. 17", "Komplek Taman Duta No. 5". The estate
# word makes it an address; "Blok" or "No." alone does not.
_ESTATE_HOUSE = r"(?i:no)\.?[ \t]*\d{1,4}[A-Za-z]?(?![\p{L}\p{N}])"
_ID_ESTATE = (
    r"(?<![\p{L}\p{N}])(?i:perumahan|perum|komplek|kompleks|komp\.|griya)"
    r"(?:[ \t]+\p{Lu}[\p{L}'’-]*){1,4}?,?[ \t]+"
    rf"(?:{_ESTATE_BLOCK}(?:,?[ \t]+{_ESTATE_HOUSE})?|{_ESTATE_HOUSE})"
)
# Street type words written as a word after the name: Hungarian, Turkish, Czech,
# Baltic, Slovene, Nordic and German: "Bécsi utca 35", "Bağdat Cad. No:45",
# "Václavské náměstí 12", "Vilniaus g. 5", "Celovška cesta 150", "Martin Linges
# veg 149", "Landsberger Allee 2". The Norwegian "gate" is also an airport's
# ("Lufthansa gate 22"), so after it an address part must follow.
_POSTFIX_TYPE = (
    r"(?:utca|út|u\.|tér|körút|krt\.|köz|sétány|fasor|rakpart|rkp\.|sugárút|lejtő|lépcső|dűlő|udvar|liget"
    # "kapu" (gate) and "sor" (row) also name a stadium's gate and a theatre's
    # row ("B kapu 3", "III. sor 12"; "SOR 96-433" is a Canadian regulation):
    # in lower case, and not after a letter or a numeral alone.
    r"|(?-i:(?<!(?<![\p{L}\p{N}])[\p{Lu}\p{N}.]{1,4}[ \t]+)(?:kapu|sor))"
    # Hungarian names a street after a person in the possessive: "Árpád
    # fejedelem útja", "Mártírok útja".
    r"|útja|utcája|körútja|sétánya|fasora|rakpartja"
    r"|cad\.|caddesi|cd\.|sok\.|sokak|sokağı|sk\."
    r"|bulvarı|blv\.|bulv\.|yolu|náměstí|nábřeží|třída|ulice|iela|gatvė|g\.|prospektas|pr\."
    r"|tänav|mnt\.|maantee|puiestee|cesta|ulica|veg|vegen|vei|veien|vej|vejen|terrasse|allé"
    r"|plass|plads|torg|torget|gata|gatan|vägen|väg|gränd|stræde|sträte|straße|strasse|str\."
    r"|weg|platz|allee|gasse|damm|ufer|chaussee|laan|straat|plein|kade|gracht|dreef|singel"
    r"|gade|vegur|stræti|straeti|braut|str|põik|tee"
    # Latvian avenues and boulevards, Estonian "tn" (tänav) in lower case:
    # "Brīvības gatve 214", "Riia tn 48-12".
    r"|gatve|bulvāris|(?-i:tn))"
)
# The street type words written before the street's name, whatever the case:
# what a name right after one honours rather than names ("Jalan Tuanku Abdul
# Rahman", "Av. Javier Prado", "Strada Mihai Eminescu").
TYPE_WORD_BEFORE_NAME = rf"(?i:{_ROMANCE_TYPE}|{_FR_TYPE}|{_PREFIX_TYPE})"
# Every street type word above that is written in lowercase, as a whole word:
# what may open or close one side of a crossing ("ul. Lipowa", "rue Pierre
# Motte", "Pozsonyi út").
LOWERCASE_TYPE_WORD = rf"(?:{_ROMANCE_TYPE}|{_FR_TYPE}|{_PREFIX_TYPE}|{_POSTFIX_TYPE})(?!\p{{L}})"
_POSTFIX_STREET = rf"{DOTTED_WORD_START}{_NAMES}[ \t]+(?i:{_POSTFIX_TYPE})(?!\p{{L}}),?[ \t]+{_HOUSE}"
_GATE_STREET = rf"{DOTTED_WORD_START}{_NAMES}[ \t]+gate(?!\p{{L}}),?[ \t]+{_HOUSE}"
# The same type words joined to the name: "Hindsholmvej 75", "Drottninggatan 12",
# "Mannerheimintie 5", "Rengaskuja 57", "Thingvallastraeti 36", "Karl-Marx-Allee 4".
_COMPOUND_TYPE = (
    r"(?:vej|vejen|(?<!(?i:bri))gade|gaden|stræde|gatan|gata|gaten|vägen|väg|gränd|stigen|veien"
    r"|vegen|tie|tien|katu|kuja|polku|väylä|kaari|rinne|raitti|straeti|stræti|vegur|braut|utca"
    r"|iela|gatvė|tänav|straße|strasse|weg|gasse|platz|allee|straat|laan|gracht|plein|kade"
    r"|steeg|dijk|singel|dreef|ulica|damm|ufer|chaussee|str\.|wei)"
)
# Dutch names may open with an old article: "'s-Gravendamseweg 15", "'t Goylaan 46".
_COMPOUND_STREET = (
    rf"{DOTTED_WORD_START}(?:\p{{Lu}}[\p{{L}}'’.-]*[ \t]+){{0,2}}(?:['’]?s-|['’]?t[ \t]+)?"
    rf"\p{{Lu}}[\p{{L}}-]*+\.?(?<=\p{{L}}(?i:{_COMPOUND_TYPE})),?[ \t]+{_HOUSE}"
)
# Turkish: neighbourhood, then street, then number, door and floor: "Atatürk Mah.
# Cumhuriyet Cad. No: 12 D: 5".
_TR_STREET = (
    rf"{DOTTED_WORD_START}(?:{_NAMES}[ \t]+(?i:mah\.|mahallesi|mh\.),?[ \t]+)?{_NAMES}[ \t]+"
    r"(?i:cad\.|caddesi|cd\.|sok\.|sokak|sokağı|sk\.|bulvarı|blv\.|bulv\.|yolu),?[ \t]+"
    r"(?i:no)[.:]?[ \t]*\d{1,4}[A-Za-z]?(?:/\d{1,4}[A-Za-z]?)?(?![\p{L}\p{N}])"
)
# Russian (and other post-Soviet) order: the postcode and "г. <town>" may come
# first, then the street with its type word before or after the name, then
# "д." (house), building and flat: "630091, г. Новосибирск, Красный проспект,
# д. 77, кв. 45", "ул. Баумана, д. 58, кв. 12". The house word makes it one.
_RU_TYPE = (
    r"(?:ул\.|улица|пр-т|пр\.|просп\.|проспект|пер\.|переулок|ш\.|шоссе|наб\.|набережная|б-р|бульвар"
    r"|пл\.|площадь|мкр\.|мкрн\.?|микрорайон|проезд|тупик|вул\.|вулиця|бул\.)"
)
# A name may hold a number after a hyphen ("мкр. Самал-2"); the town before
# the street is a city's ("г.", Ukrainian "м."), a village's ("с.") or a
# settlement's ("смт", "пгт"). Without the house word, a flat after the number
# makes it one: "просп. Героїв Харкова, 214, кв. 88".
_RU_NAME = r"\p{Lu}[\p{L}\d-]*+(?:[ \t]+\p{L}[\p{L}-]*+){0,2}"
_RU_HOUSE = (
    r"\d{1,4}[\p{L}]?(?:[/-]\d{1,4})?(?![\p{L}\p{N}])"
    r"(?:,?[ \t]*(?:корп\.|к\.|стр\.|строение)[ \t]*\d{1,3}(?![\p{L}\p{N}]))?"
)
_RU_FLAT = r",?[ \t]*(?:кв\.|квартира|оф\.|офис)[ \t]*\d{1,4}(?![\p{L}\p{N}])"
_RU_STREET = (
    DOTTED_WORD_START + r"(?P<before>(?:\d{6},?[ \t]*)?(?:(?:[гмс]\.|смт\.?|пгт\.?)[ \t]*\p{Lu}[\p{L}-]*,?[ \t]*)?)"
    rf"(?:{_RU_TYPE}[ \t]*{_RU_NAME}|{_RU_NAME}[ \t]+{_RU_TYPE}),?[ \t]*"
    rf"(?:(?:д\.|дом)[ \t]*{_RU_HOUSE}(?:{_RU_FLAT})?|{_RU_HOUSE}{_RU_FLAT})"
)
# Colombian grid addresses: the street, then "#" and the crossing street and the
# distance from it: "Carrera 7 # 71-21", "Cl. 26 No. 68C-61 Sur".
_CO_STREET = (
    r"(?<![\p{L}\p{N}])(?i:avenida[ \t]+calle|avenida[ \t]+carrera|calle|cll?|carrera|cra|kra?|cr"
    r"|avenida|av|ak|ac|transversal|tv|diagonal|dg|circular|cq)\.?[ \t]+\d{1,3}[ \t]?[A-Z]?"
    r"(?:[ \t]?(?i:bis))?(?:[ \t]?[A-Z](?![\p{L}\p{N}]))?(?:[ \t]+(?i:sur|este|norte|oeste))?"
    r"[ \t]*(?:\#|(?i:no|n[º°o]|nro)\.?)[ \t]*\d{1,3}[ \t]?[A-Z]?(?:[ \t]?(?i:bis))?[ \t]*-[ \t]*\d{1,3}"
    r"(?:[ \t]+(?i:sur|este))?(?![\p{L}\p{N}])"
)
# A street corner: "the corner of 1356 Impala St and Sara Locks".
_CORNER = (
    rf"(?<![\p{{L}}\p{{N}}])(?i:(?:the[ \t]+)?corner[ \t]+of)[ \t]+[^,;:!?\n]{{3,60}}?[ \t]+(?:and|&)[ \t]+"
    rf"\p{{Lu}}[\p{{L}}'’-]*(?:[ \t]+\p{{Lu}}[\p{{L}}'’-]*){{0,2}}[ \t]+"
    rf"(?:{_EN_TYPE}|(?i:{_POSTFIX_TYPE})|Via|Rua|Calle)(?![\p{{L}}])\.?"
)
# US military mail: "PSC 1234, Box 5678, APO AE 09876", "Unit 2000 Box 8062
# DPO AA 21369", "USS Nimitz FPO AP 96620" (or any US ship: USNS, USCGC…).
# It names no place, so it goes.
_MILITARY = (
    r"(?<![\p{L}\p{N}])(?i:(?:psc|cmr|unit)\s+\d{1,5},?\s+box\s+\d{1,5}|us[a-z]{1,3}\s+\p{L}+(?:\s+\p{L}+)?)"
    r"[,\s]+(?i:apo|fpo|dpo)\s+(?i:aa|ae|ap)\s+\d{5}(?:-\d{4})?(?![\p{L}\p{N}])"
)
# Chinese streets named before their number: "Nanjing West Road No. 1266",
# "Zhongshan Lu 123 Hao".
_CN_NAME_FIRST = (
    rf"{DOTTED_WORD_START}{_NAMES}[ \t]+(?:Road|Rd\.?|Street|St\.?|Avenue|Ave\.?|Lu|Jie|Dajie|Dadao)"
    r",?[ \t]+(?:(?i:no\.?[ \t]*\d{1,5}(?:-\d{1,4})?)|\d{1,5}(?:-\d{1,4})?[ \t]?(?i:hao))(?![\p{L}\p{N}])"
)
# Chinese and Japanese addresses in characters, large to small, down to the
# number and the room: "上海市浦东新区世纪大道88号1203室". Each repeat is
# bounded and a ward's name holds no ward word: "区町村区町村…" had the
# pattern try every way to cut it, in time exponential in its length.
_HAN_STREET = (
    r"(?:\p{Han}{2,8}?(?:省|自治区|都|府|県))?(?:\p{Han}{1,6}?市)?(?:[^\P{Han}区县町村镇乡]{1,6}(?:区|县|町|村|镇|乡)){0,3}"
    r"\p{Han}{1,12}?(?:路|街|大道|道|巷|胡同|弄|里|丁目)[\d一二三四五六七八九十]{0,4}(?:段|弄|巷)?"
    r"\d{1,5}(?:-\d{1,4}){0,3}(?:号|號|番地?)(?:[\p{Han}\d-]{0,10}?\d{1,5}(?:室|楼|層|层|单元|栋|座|幢|号|號)){0,4}"
)
# Japanese block addresses in characters, large to small, with the block's
# three numbers: "東京都渋谷区神宮前3-2-1 ハイツ青山201", "大阪市北区梅田1丁目2番3号"
# (two numbers after "市場" or "地区" are a score or a share: "市場は3-5%").
_JP_BLOCK_IN_CHARACTERS = (
    r"(?:\p{Han}{1,3}(?:都|道|府|県))?(?:\p{Han}{1,5}?(?:市|区|町|村|郡)){1,3}"
    r"[\p{Han}\p{Hiragana}\p{Katakana}ー]{0,8}?"
    r"(?:\d{1,2}丁目[ \t]?\d{1,4}(?:番地?|[-－])[ \t]?\d{1,4}号?|\d{1,2}[-－]\d{1,4}[-－]\d{1,4})(?![\d%％])"
    r"(?:[ \t　]*[\p{Han}\p{Katakana}ー]{1,12}[ \t　]*\d{1,4}(?:号室)?(?!\d))?"
)
# Korean road-name addresses in Hangul, large to small, from a district down
# to the road, its number, and a building's dong and flat's ho: "서울특별시
# 강남구 테헤란로 152", "해운대구 해운대해변로 27, 303동 1504호". A city
# without its suffix ("부산") is a word like any other ("저는", "I"); "으로" is
# a particle ("친구 집으로 3시에"), and a number with a counter glued on counts
# ("결과로 2023년", "5개").
_KR_IN_HANGUL = (
    r"(?<![\p{L}\p{N}])(?:\p{Hangul}{2,6}(?:특별시|광역시|특별자치시|특별자치도|도|시)[ \t]+)?"
    r"(?:\p{Hangul}{1,5}(?:시|군|구)[ \t]+){1,2}(?:\p{Hangul}{1,5}(?:읍|면|동)[ \t]+)?"
    r"\p{Hangul}{1,10}(?<!으)(?:로|길)(?:[ \t]?\d{1,3}(?:번)?길)?[ \t]+\d{1,5}(?:-\d{1,4})?"
    r"(?![\d%]|(?!에|의)\p{Hangul})"
    r"(?:(?:,[ \t]*|[ \t]+)\d{1,4}동)?(?:[ \t]*\d{1,5}호)?"
)
# Thai addresses in Thai, the house number first, then at least two of the
# soi, road, subdistrict, district and province words, and the postcode:
# "99/12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่ 50200".
_TH_IN_THAI = (
    r"(?<![\p{L}\p{N}/])(?:เลขที่[ \t]*)?\d{1,4}(?:/\d{1,4})?(?:[ \t]+(?:หมู่(?:ที่)?|ม\.)[ \t]*\d{1,2})?"
    r"(?:[ \t]+(?:ซอย|ซ\.|ถนน|ถ\.|ตำบล|ต\.|แขวง|อำเภอ|อ\.|เขต|จังหวัด|จ\.)[ \t]*\p{Thai}+"
    r"(?:[ \t]+\d{1,3}(?![\d/]))?){2,6}"
    r"(?:[ \t]+\p{Thai}+)?(?:[ \t]+\d{5}(?!\d))?"
)
# The places an address in characters names inside itself, large to small,
# each with its unit ("東京都", "渋谷区", "서울특별시", "จ.เชียงใหม่"): the
# gazetteer knows them with the unit and without ("東京", "서울"), as GeoNames
# lists them. A ward's name holds no unit word, as in the street pattern; a
# Thai word after a road's word is the road's name ("ถ. เชียงใหม่").
_HAN_UNITS = "自治区省都府県市区县町村郡"
_HAN_PLACES = regex.compile(
    rf"(?P<place>(?P<name>\p{{Han}}[^\P{{Han}}{_HAN_UNITS}]{{0,7}})(?:自治区|[{_HAN_UNITS}]))"
)
_KR_PLACES = regex.compile(
    r"(?<![\p{L}\p{N}])(?P<place>(?P<name>\p{Hangul}{1,6}?)(?:특별자치시|특별자치도|특별시|광역시|도|시|군|구))(?![\p{L}\p{N}])"
)
_TH_PLACES = regex.compile(
    r"(?<![\p{L}\p{M}\p{N}.]|(?:ซอย|ซ\.|ถนน|ถ\.)[ \t]*)(?:(?:จังหวัด|จ\.|เขต|อำเภอ|อ\.|แขวง|ตำบล|ต\.)[ \t]*)?"
    r"(?P<place>(?P<name>\p{Thai}+?)ฯ?)(?![\p{Thai}.])"
)
# Ghana Post digital addresses: region and district letters, then two numbers
# that pin a 5 m square: "GA-183-8164".
_GH_DIGITAL = r"(?<![\p{L}\p{N}-])[A-Z]{2}-\d{3,4}-\d{4}(?![\p{L}\p{N}-])"
# Streets named by a district's letters and a number, as Kigali names them
# ("KG 548 St", "KN 3 Rd", "KK 15 Ave"): with a place after them only, since
# letters and a number are a plate or a code as often.
_CODED_STREET = r"(?<![\p{L}\p{N}-])[A-Z]{2}[ \t]\d{1,4}[ \t](?:St|Ave|Av|Rd)\.?(?![\p{L}\p{N}])"
# Any capitalized name and a number, as Nordic, Slovene or Estonian streets are
# often written without a type word ("Skogarlond 53", "Ilichova 59"), when what
# follows is plainly the rest of an address: a country, a flat, or a postcode
# with its town. A number run on by more numbers is a phone or card number.
_NAME_NUMBER = (
    rf"{DOTTED_WORD_START}(?P<street>\p{{Lu}}[\p{{L}}'’.-]*)"
    r"(?:[ \t]+(?:\p{Lu}[\p{L}'’.-]*"
    r"|\p{Ll}[\p{L}'’-]{3,}"
    r"|(?:van|de|der|den|la|le|di|da|do|del|dos|das|von|am|an|im)(?=[ \t]+\p{Lu}))){0,3}"
    r"[ \t]+\d{1,4}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?(?![\p{L}\p{N}]|[ \t]+\d)"
)

# A building or postcode number, then the house number and the street's name
# with no type word, where an address starts: at the start of a line, after a
# comma or colon, or after "to", "in", "at", "on" or "from" ("Second Sight
# Medical Products, 288 55 A. Diakou Street, Synchari", "Address: 2936 42
# Gladstonos Apt. 540", "lived in 626 30 N. Stadion Suite 198"). A year is not
# the first number; the name opens with a capitalized word or an initial ("16
# GB Models" is a size) and ends its clause or meets a flat. Counts, scores and
# sizes look the same ("Prices: 220 16 Blue Phones, Samsung", "Charts: 500 10
# Greatest Hits Top 5"), so the recognizer also wants a name that opens with no
# English word, and after it a postcode, a flat, or a town that is known or no
# English word.
_FLAT = r"(?i:apt|apartment|appt|suite|ste|flat|unit|wohnung)\.?[ \t]*[#:]?[ \t]*\d{1,5}[A-Za-z]?(?![\p{L}\p{N}])"
_TWO_NUMBERS = (
    r"(?<![\p{L}\p{N}])(?=\d)(?<=(?:\A|[\n,:]|(?<![\p{L}\p{N}])(?i:to|in|at|on|from)[ \t])[ \t]{0,10})"
    r"(?!(?:19|20)\d\d[ \t])\d{3,5}[ \t]+\d{1,4}[A-Za-z]?[ \t]+(?P<street>\p{Lu}(?:\p{Ll}[\p{L}'’-]*\.?|\.))"
    rf"(?:[ \t]+(?!{UNIT})\p{{Lu}}[\p{{L}}'’-]*\.?){{0,3}}"
    rf"(?:(?=[ \t]*(?:[,;!?\n]|\.|\Z))|[ \t]+(?P<unit>{_FLAT}))"
)
_WORD = regex.compile(r"\p{L}[\p{L}'’-]+")
# Counts, scores and stock lines have the same shape with a place after them
# ("Points: 11245 1 Djokovic, Serbia", "Stock: 1200 24 Nokia, Finland"), so
# without a postcode two numbers before a name need a street word in the name,
# a flat and a known place after it (after a comma or a mere space), or an
# address word before them on their line ("Ship to:", "lived in").
_REST_OF_LINE = regex.compile(r"[ \t]+(?P<rest>[^\n,;]{1,60})")
_POSTCODE_AT_THE_END = regex.compile(r"(?:[ \t]+\d[\d \t-]{2,8})?[ \t]*[.!?]?[ \t]*\Z")
_STREET_WORD = regex.compile(rf"(?<!\p{{L}})(?:{_EN_TYPE})(?!\p{{L}})")
_ANY_TYPE_WORD = regex.compile(rf"(?<!\p{{L}})(?:{_EN_TYPE}(?!\p{{L}})|(?i:{LOWERCASE_TYPE_WORD}))")


def names_a_street_type(name: str) -> bool:
    """Whether a street type word of any language read here is part of ``name``
    ("Maple Grove", "ul. Lipowa", "Via Roma")."""
    return _ANY_TYPE_WORD.search(name) is not None


def opens_with_english_word(name: str) -> bool:
    """Whether the first word of a name (an initial skipped) is an English one:
    "Blue Phones", "Greatest Hits" are goods and charts, "Kolokotroni" a street."""
    word = _WORD.search(name)
    return word is not None and person_name_lexicon().is_english(word.group())


@dataclass(frozen=True)
class _StreetFormat:
    name: str
    pattern: regex.Pattern[str]
    needs_tail: bool
    needs_postcode: bool = False
    # The address part after the street must be a postcode, country or flat.
    needs_address_tail: bool = False
    # A place must follow: a flat number and a postcode alone ("Room 4, 2024")
    # are as likely a room and a year.
    needs_place: bool = False
    # The country the format is written in alone.
    country: str | None = None
    # The match opens with a building number, which vouches for a town after
    # it as one before it does (`_town_after_a_number`).
    numbered: bool = False
    # The places the match holds itself, read by this pattern (an address in
    # characters, large to small, names its city inside: "東京都渋谷区…").
    places_within: regex.Pattern[str] | None = None


_FORMATS = (
    _StreetFormat("Spanish, Italian or Portuguese street", regex.compile(_ROMANCE_STREET), False),
    _StreetFormat("English street with city and postcode", regex.compile(_EN_STREET), True),
    _StreetFormat(
        "flat or house then locality and postcode", regex.compile(_UNIT_LED), True,
        needs_place=True,
    ),
    _StreetFormat("house, then a numbered street", regex.compile(_UNIT_THEN_NUMBERED_STREET), False),
    _StreetFormat("Korean road name", regex.compile(_KR_STREET), False),
    _StreetFormat("Japanese block address", regex.compile(_JP_STREET), True),
    _StreetFormat(
        "number and street before a postcode", regex.compile(_BARE_STREET), True, True,
        needs_place=True,
    ),
    _StreetFormat("post office box", regex.compile(_PO_BOX), False),
    _StreetFormat("French street, number first", regex.compile(_FR_STREET), False),
    _StreetFormat("Japanese address, large to small", regex.compile(_JP_LARGE_FIRST), False),
    _StreetFormat("street type before the name", regex.compile(_PREFIX_STREET), False),
    _StreetFormat("street type after the name", regex.compile(_POSTFIX_STREET), False),
    _StreetFormat("Norwegian gate", regex.compile(_GATE_STREET), True),
    _StreetFormat("street type joined to the name", regex.compile(_COMPOUND_STREET), False),
    _StreetFormat("Turkish street", regex.compile(_TR_STREET), False),
    _StreetFormat("Russian street and house", regex.compile(_RU_STREET), False),
    _StreetFormat("Indonesian housing estate", regex.compile(_ID_ESTATE), False),
    _StreetFormat("Colombian grid address", regex.compile(_CO_STREET), False),
    _StreetFormat("US military mail", regex.compile(_MILITARY), False),
    _StreetFormat("street corner", regex.compile(_CORNER), False),
    _StreetFormat(
        "building and house number before a name", regex.compile(_TWO_NUMBERS), True, numbered=True,
    ),
    _StreetFormat("Chinese street, number after", regex.compile(_CN_NAME_FIRST), False),
    _StreetFormat(
        "Chinese or Japanese address in characters", regex.compile(_HAN_STREET), False, places_within=_HAN_PLACES,
    ),
    _StreetFormat(
        "Japanese block address in characters", regex.compile(_JP_BLOCK_IN_CHARACTERS), False, country="JP",
        places_within=_HAN_PLACES,
    ),
    _StreetFormat(
        "Korean address in Hangul", regex.compile(_KR_IN_HANGUL), False, country="KR", places_within=_KR_PLACES,
    ),
    _StreetFormat("Thai address in Thai", regex.compile(_TH_IN_THAI), False, country="TH", places_within=_TH_PLACES),
    _StreetFormat("Ghana digital address", regex.compile(_GH_DIGITAL), False, country="GH"),
    _StreetFormat("coded street", regex.compile(_CODED_STREET), True, needs_place=True),
    _StreetFormat(
        "name and number before an address", regex.compile(_NAME_NUMBER), True,
        needs_address_tail=True,
    ),
)
_DIGIT = regex.compile(r"\d")
# A building number or postcode written before a street ("…, 71248 Köie 53,
# …"): three to five digits at the start of a line or after a comma or colon,
# where an address part starts, and not a year. A number inside prose is a
# score, an order or a page ("Celtics 112 Lakers 108, Boston", "Bus 180 Stop
# 4, Downtown").
_NUMBER_BEFORE = regex.compile(
    r"(?:\A|[\n,:])[ \t]*(?!(?:19|20)\d\d[ \t])\d{3,5}[ \t]+\Z"
)
# A town after the street that ends the line, the sentence or the address:
# ", Sagariste", ", HALLTORP", ", ΛΕΥΚΩΣΙΑ, Cyprus".
_TOWN_AFTER = regex.compile(
    r",[ \t]*(?P<town>\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2})[ \t]*(?=[\n.!?;),]|\Z)"
)


def _town_after_a_number(text: str, start: int, end: int, numbered: bool) -> regex.Match[str] | None:
    """The town after a name and number that stand between a building number
    or postcode and that town: an address part on each side vouches for the
    street, as a postcode with its town or a country after it does alone
    ("at Upco Inc., 71248 Köie 53, Sagariste"). `numbered`: the building
    number opens the match itself."""
    if not numbered and not _NUMBER_BEFORE.search(text, max(0, start - 10), start):
        return None
    return _TOWN_AFTER.match(text, end)
# "+971 50 …", "+44 (0)20 …": the country calling code of an international number.
_INTERNATIONAL_PREFIX = regex.compile(r"(?<![\p{L}\p{N}+])\+(\d{1,3})(?=[ \t.(-]*\d)")


def _calling_code_regions(digits: str) -> tuple[str, ...]:
    """The countries a calling code belongs to ("971": AE; "44": GB and the
    Crown dependencies; "1": the whole North American plan).

    Calling codes are prefix-free, so of the first one, two and three digits
    after "+" at most one is a code.
    """
    for size in (1, 2, 3):
        regions: tuple[str, ...] = tuple(
            phonenumbers.COUNTRY_CODE_TO_REGION_CODE.get(int(digits[:size]), ())
        )
        if regions:
            return regions
    return ()
_CAPITALIZED_RUN = regex.compile(r"(?<![\p{L}\p{N}])\p{Lu}[\p{L}.]*(?:[ \t]+\p{Lu}[\p{L}.]*){0,2}")


def _places_before(match: regex.Match[str]) -> tuple[str, ...]:
    """Places written before the street (Japanese order), without their -to/-ku suffixes."""
    before = match.groupdict().get("before")
    if not before:
        return ()
    parts = regex.split(r",[ \t]*|[ \t]+", before.strip(" ,"))
    return tuple(_JP_SUFFIX.sub("", part) for part in parts if part)


def _places_within(match: regex.Match[str], places: regex.Pattern[str] | None) -> tuple[str, ...]:
    """The places an address in characters names inside itself, each with its
    unit and, where two letters or more are left, without it."""
    if places is None:
        return ()
    found: list[str] = []
    for place in places.finditer(match.group()):
        found.append(place["place"])
        if len(place["name"]) >= 2 and place["name"] != place["place"]:
            found.append(place["name"])
    return tuple(found)


class WorldStreetAddressRecognizer(StreetRecognizer):
    """Finds street addresses by a national street grammar plus the parts after it.

    The street grammar (type word and number, or block numbers) starts an
    address; :func:`~privacy.desensitize.recognizers.address_tail.read_tail` then takes in
    districts, city, state and postcode as long as they look like address
    parts. The place parts go into the metadata (``localities``) with the
    postcodes and the country they or a state code imply, and the desensitizer
    writes the address as the largest known city among them, or else the city
    its postcode belongs to. Formats that are weak on their own (a
    number and an English street word, a flat number, block numbers) count
    only with a tail that holds a postcode or known place, and a number with
    capitalized words but no street word only with a postcode.
    """

    SCORE_WITH_PLACE = 0.78
    SCORE_STREET_ONLY = 0.6

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per address, its place parts in the metadata."""
        results: list[RecognizerResult] = []
        for street_format in _FORMATS:
            for match in street_format.pattern.finditer(text):
                if not _DIGIT.search(match.group()):
                    continue
                street = match.groupdict().get("street")
                if street and street in NOT_STREETS:
                    continue
                tail = read_tail(
                    text,
                    match.end(),
                    self._gazetteer.opens_with_place,
                    street_format.country,
                    self._gazetteer.find_country_code,
                )
                places = (*_places_before(match), *_places_within(match, street_format.places_within), *tail.places)
                town = (
                    _town_after_a_number(text, match.start(), match.end(), street_format.numbered)
                    if street_format.needs_address_tail or street_format.numbered
                    else None
                )
                if town is not None and street_format.numbered and not self._could_be_a_town(town["town"]):
                    town = None
                between = town is not None
                if town is not None and tail.end < town.end("town"):
                    # The town goes with the address, so that a coarser level
                    # does not leave it written beside the placeholder.
                    tail = replace(tail, end=town.end("town"), places=(town["town"],))
                    places = (*_places_before(match), *tail.places)
                if street_format.needs_tail and not places and tail.end == match.end() \
                        and not match.groupdict().get("unit"):
                    continue
                if street_format.needs_place and not places:
                    continue
                if street_format.numbered and (
                    opens_with_english_word(match.group()[match.start("street") - match.start():])
                    or not (places or tail.has_postcode or match.group("unit"))
                    or not (
                        tail.has_postcode
                        or _STREET_WORD.search(
                            text, match.start("street"), match.start("unit") if match["unit"] else match.end()
                        )
                        or (match["unit"] and (places or self._place_on_the_line(text, match.end())))
                        or address_cue_before(text, match.start())
                    )
                ):
                    continue
                if street_format.needs_postcode and not tail.has_postcode:
                    continue
                if street_format.needs_address_tail and not (
                    (tail.has_postcode and tail.places)
                    or tail.has_country
                    or tail.has_unit
                    or between
                ):
                    continue
                results.append(
                    recognizer_result(
                        self,
                        "STREET_ADDRESS",
                        read_street_line(text, read_head(text, match.start())),
                        tail.end,
                        self.SCORE_WITH_PLACE if places else self.SCORE_STREET_ONLY,
                        f"Matched the {street_format.name} format",
                        pattern_name=street_format.name,
                        **tail.metadata(places),
                    )
                )
        if results:
            countries = self._record_countries(text)
            for result in results:
                result.recognition_metadata[RECORD_COUNTRIES_KEY] = countries
        return _merged(EntityRecognizer.remove_duplicates(results))

    def _place_on_the_line(self, text: str, start: int) -> bool:
        """Whether the rest of the line from ``start`` is a known place, a
        postcode after it at most: after a flat a town may follow with a mere
        space ("Apt. 513 Limassol"), but a place that opens a sentence goes on
        ("Suite 12 Paris next week")."""
        line = _REST_OF_LINE.match(text, start)
        return bool(line and self._gazetteer.is_place(_POSTCODE_AT_THE_END.sub("", line["rest"])))

    def _could_be_a_town(self, name: str) -> bool:
        """Whether `name` is a known place, or a name no English word is part
        of: most villages are listed nowhere ("Laneia", "Cebbala"), while
        "Fresh", "Toast" and "Ocean View" after a count are no towns."""
        return self._gazetteer.opens_with_place(name) or not any(
            person_name_lexicon().is_english(word) for word in _WORD.findall(name)
        )

    def _record_countries(self, text: str) -> tuple[str, ...]:
        """The countries of the international phone numbers and of the country
        names written anywhere in ``text``, in reading order.

        They only break a tie the address itself leaves ("Calle Mayor 5,
        Córdoba" next to "+54 9 11 …" is in Argentina); they never name a
        country for an address that has no place in it.
        """
        found = [
            (match.start(), region)
            for match in _INTERNATIONAL_PREFIX.finditer(text)
            for region in _calling_code_regions(match.group(1))
        ]
        for words in _CAPITALIZED_RUN.finditer(text):
            names = words.group().split()
            for size in range(min(len(names), 3), 0, -1):
                code = self._gazetteer.find_country_code(" ".join(names[:size]))
                if code:
                    found.append((words.start(), code))
                    break
        return tuple(dict.fromkeys(code for _, code in sorted(found) if code))


def _merged(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """Overlapping readings of one address, as one result over all of them.

    Two grammars often read different stretches of the same address ("0189 Rue
    des Buissons" by the French one, "Buissons 386 … Belgium 65601" by the
    name-and-number one); left apart, each would be replaced on its own. The
    merged result keeps the metadata of the reading that found the most places.
    """
    merged: list[RecognizerResult] = []
    for result in sorted(results, key=lambda r: (r.start, -r.end)):
        last = merged[-1] if merged else None
        if last is None or result.start >= last.end:
            merged.append(result)
            continue
        best = max((last, result), key=lambda r: (len(_places(r)), r.score, r.end - r.start))
        merged[-1] = RecognizerResult(
            best.entity_type,
            last.start,
            max(last.end, result.end),
            best.score,
            best.analysis_explanation,
            best.recognition_metadata,
        )
    return merged


def _places(result: RecognizerResult) -> tuple[str, ...]:
    places: tuple[str, ...] = (result.recognition_metadata or {}).get(LOCALITIES_KEY, ())
    return places
