"""Recognize street addresses in the formats of Spain, Italy, Portugal and Brazil,
Mexico, India, Australia, South Africa, Japan (romanized) and Korea, and English
number-first addresses with a long tail of districts, city, state and postcode."""

from __future__ import annotations

from dataclasses import dataclass

import regex
from presidio_analyzer import EntityRecognizer, LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers.address_tail import read_tail
from privacy.desensitize.recognizers.results import recognizer_result

LOCALITIES_KEY = "localities"
COUNTRY_KEY = "country_code"
POSTCODES_KEY = "postcodes"
POSTCODE_COUNTRY_KEY = "postcode_country"

# A street name word; dates name streets in Spanish and Portuguese ("Avenida 9 de
# Julio", "Rua 25 de Março", "Calle 5 de Mayo").
_NAME_WORD = (
    r"(?:\p{Lu}[\p{L}'’-]*\.?|\d{1,2}\s+de\s+\p{Lu}\p{Ll}+"
    r"|\d{1,3}(?:st|nd|rd|th|º|ª)?(?=\s+\p{Lu}))"
)
_ROMANCE_CONNECTOR = (
    r"(?:de\s+la|de\s+los|de\s+las|de|del|la|las|los|di|della|delle|dei|degli|do|da|dos|das"
    r"|e|y|dels|d['’]|l['’])"
)

# Spanish, Catalan, Italian, Portuguese and Mexican streets: the type word first,
# the number after the name: "Calle de Alcalá 45", "C/ Mayor, 12", "Via del
# Corso 123", "Av. Paulista, 1578", "Paseo de la Reforma 222", "Rua Augusta s/n".
_ROMANCE_TYPE = (
    r"(?:calle|c/|avenida|avda\.?|av\.|av|paseo|pº|plaza|pza\.?|ronda|camino|carretera|ctra\.?"
    r"|traves[ií]a|rambla|glorieta|v[ií]a|viale|corso|piazza|piazzale|largo|vicolo|lungotevere"
    r"|strada|contrada|rua|r\.|travessa|alameda|pra[çc]a|estrada|rodovia|calzada|calz\.?"
    r"|privada|cerrada|prolongaci[óo]n|circuito|carrer|passeig|pla[çc]a|avinguda|calle\s+de|ul\.|ulica"
    r"|boulevard|blvd\.?|bulevar|p\.zza|p\.za|v\.le|c\.so|l\.go|v\.lo)"
)
_ROMANCE_NUMBER = (
    r"(?:,?\s+(?:n[º°o]\.?\s*|#\s*|num\.?\s*)?\d{1,5}[A-Za-z]?(?:\s?[-/]\s?\d{1,4})?(?!\d)"
    r"|,?\s+(?i:s/n|sin\s+n[úu]mero|snc))"
)
_ROMANCE_UNIT = (
    r"(?:,?\s+(?:\d{1,2}\s?[º°ª]\s?(?:[A-Z]|\d{1,2}\s?[ºª])?(?![\p{L}\p{N}])"
    r"|(?i:piso|planta|puerta|pta\.?|int\.?|interior|apto\.?|apartamento|apt\.?|sala|scala"
    r"|esc\.?|bloco|bloque|depto\.?|dpto\.?|interno|casa|lote)\s*[\w-]+|(?i:bajo|ático|atico)))*"
)
_ROMANCE_STREET = (
    rf"(?<![\p{{L}}\p{{N}}])(?i:{_ROMANCE_TYPE})(?:(?<=/)\s*|\s+)"
    rf"(?:(?:{_ROMANCE_CONNECTOR})\s*)?{_NAME_WORD}"
    rf"(?:\s+(?:(?:{_ROMANCE_CONNECTOR})\s*)?{_NAME_WORD}){{0,5}}"
    rf"{_ROMANCE_NUMBER}{_ROMANCE_UNIT}"
)

# English order, number first, for the countries the older recognizer does not
# read to the end: "1 Martin Place, Sydney NSW 2000", "12 Long Street, Cape Town,
# 8001", "12, MG Road, Bengaluru 560001", "45 Jan Smuts Ave, Rosebank, Johannesburg".
_EN_TYPE = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Place|Pl"
    r"|Square|Sq|Terrace|Tce|Crescent|Cres|Close|Way|Parkway|Pkwy|Highway|Hwy|Row|Quay"
    r"|Gardens|Grove|Mews|Circle|Cir|Trail|Alley|Parade|Pde|Esplanade|Promenade|Marg|Cross"
    r"|Circuit|Walk|Rise|Wharf|Expressway|Freeway|Pike|Plaza|Loop)"
)
_EN_UNIT_FIRST = (
    r"(?:(?i:flat|unit|apt\.?|apartment|suite|level|shop|house\s+no\.?|h\.?\s?no\.?|plot(?:\s+no\.?)?"
    r"|door\s+no\.?|no\.)\s*[\w-]+(?:,\s*|\s*/\s*(?=\d)|\s+))?"
)
_EN_STREET = (
    rf"(?<![\p{{L}}\p{{N}}]){_EN_UNIT_FIRST}\d{{1,5}}[A-Za-z]?(?:[-/]\d{{1,5}}[A-Za-z]?)?,?\s+"
    rf"(?:{_NAME_WORD}\s+){{1,4}}(?:{_EN_TYPE})(?![\p{{L}}])\.?"
    r"(?:\s+(?:North|South|East|West|NE|NW|SE|SW|N|S|E|W)(?![\p{L}]))?"
)
# Indian addresses often start with the flat or house and a building name, and
# only the postcode (PIN) at the end vouches for them.
_UNIT_LED = (
    r"(?<![\p{L}\p{N}])(?i:flat|house\s+no\.?|h\.?\s?no\.?|plot(?:\s+no\.?)?|door\s+no\.?|shop"
    r"|block|bldg\.?|building)\s*(?:no\.?\s*)?[A-Z]?-?\d{1,5}[A-Z]?(?:/\d{1,4})?"
)
# Korean road names: "Sejong-daero 110", "123 Teheran-ro", "Jong-ro 1-gil 15".
_KR_STREET = (
    r"(?<![\p{L}\p{N}])(?:\d{1,4}(?:-\d{1,4})?,?\s+)?\p{Lu}\p{Ll}+(?:-\p{Ll}+)*-(?:ro|gil|daero)"
    r"(?:\s+\d{1,3}(?:beon)?-?gil)?(?:\s+\d{1,4}(?:-\d{1,4})?(?!\d))?"
)
# Japanese block addresses, romanized: "1-1-2 Oshiage", "Nishi-Shinjuku 2-8-1",
# "Marunouchi 1-chome 9-1".
_JP_STREET = (
    r"(?<![\p{L}\p{N}])(?:\d{1,2}-\d{1,2}(?:-\d{1,3})?,?\s+\p{Lu}[\p{L}-]*"
    r"|\p{Lu}[\p{L}-]*\s+\d{1,2}(?:-?chome)?[- ]\d{1,2}(?:-\d{1,3})?(?![\p{L}\p{N}-]))"
)
# French order, number first, read to the end: "350 rue Saint-Paul Est, Montréal
# (Québec) H2Y 1H2", "3 rue Lepic, 75018 Paris".
_FR_STREET = (
    r"(?<![\p{L}\p{N}])\d{1,5}(?:\s?(?:bis|ter|[A-Za-z])(?!\p{L}))?,?\s+"
    r"(?i:rue|avenue|av\.|boulevard|bd|place|chemin|allée|impasse|quai|route|cours|côte|montée)"
    rf"(?:\s+(?:(?:de|du|des|la|le|les|l['’]|d['’])\s*)?{_NAME_WORD}){{1,5}}"
)
# Japanese addresses written large to small: "Tokyo-to, Chiyoda-ku, Marunouchi
# 1-9-1", "〒100-0005 Tokyo, Chiyoda, Marunouchi 1-1-1". The places before the
# block are the localities.
_JP_LARGE_FIRST = (
    r"(?<![\p{L}\p{N}])(?:〒\s?\d{3}-\d{4},?\s*)?"
    r"(?P<before>(?:\p{Lu}\p{L}+(?:-(?:to|fu|ken|do|shi|ku|cho|machi|gun)(?:,\s*|\s+)|,\s*)){1,3})"
    r"\p{Lu}[\p{L}-]*\s+\d{1,2}(?:-?chome)?-\d{1,2}(?:-\d{1,3})?(?![\p{L}\p{N}-])"
)
_JP_SUFFIX = regex.compile(r"-(?:to|fu|ken|do|shi|ku|cho|machi|gun)$")
# Post office boxes: "PO Box 123", "Postfach 10 20 30", "Apartado 45", "Caixa Postal 1200".
_PO_BOX = (
    r"(?<![\p{L}\p{N}])(?i:p\.?\s?o\.?\s?box|post\s+office\s+box|postfach|apartado(?:\s+de\s+correos)?"
    r"|caixa\s+postal|casella\s+postale|bo[iî]te\s+postale|postbus|private\s+bag)\s*\d{1,6}(?:\s\d{2}){0,2}"
)
# Streets without a type word ("14 Deansgate", "B-45, Sector 62") are taken
# only when a postcode follows in the tail.
_BARE_STREET = (
    r"(?<![\p{L}\p{N}-])(?:(?i:no\.?|n[º°]|\#)\s*)?(?:[A-Z]-?)?\d{1,5}[A-Za-z]?(?:\s+\p{Lu}\p{Ll}[\p{L}'’-]*){0,3}"
    r"(?=\s*,)"
)


@dataclass(frozen=True)
class _StreetFormat:
    name: str
    pattern: regex.Pattern[str]
    needs_tail: bool
    needs_postcode: bool = False


_FORMATS = (
    _StreetFormat("Spanish, Italian or Portuguese street", regex.compile(_ROMANCE_STREET), False),
    _StreetFormat("English street with city and postcode", regex.compile(_EN_STREET), True),
    _StreetFormat("flat or house then locality and postcode", regex.compile(_UNIT_LED), True),
    _StreetFormat("Korean road name", regex.compile(_KR_STREET), False),
    _StreetFormat("Japanese block address", regex.compile(_JP_STREET), True),
    _StreetFormat("number and street before a postcode", regex.compile(_BARE_STREET), True, True),
    _StreetFormat("post office box", regex.compile(_PO_BOX), False),
    _StreetFormat("French street, number first", regex.compile(_FR_STREET), False),
    _StreetFormat("Japanese address, large to small", regex.compile(_JP_LARGE_FIRST), False),
)
_DIGIT = regex.compile(r"\d")


def _places_before(match: regex.Match[str]) -> tuple[str, ...]:
    """Places written before the street (Japanese order), without their -to/-ku suffixes."""
    before = match.groupdict().get("before")
    if not before:
        return ()
    parts = regex.split(r",\s*|\s+", before.strip(" ,"))
    return tuple(_JP_SUFFIX.sub("", part) for part in parts if part)


class WorldStreetAddressRecognizer(LocalRecognizer):
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

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        super().__init__(supported_entities=["STREET_ADDRESS"])

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def _is_place(self, name: str) -> bool:
        words = name.split()
        return any(
            self._gazetteer.find_locality(" ".join(words[:end]))
            or self._gazetteer.find_region(" ".join(words[:end]))
            or self._gazetteer.find_country(" ".join(words[:end]))
            for end in range(len(words), 0, -1)
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per address, its place parts in the metadata."""
        results = []
        for street_format in _FORMATS:
            for match in street_format.pattern.finditer(text):
                if not _DIGIT.search(match.group()):
                    continue
                tail = read_tail(text, match.end(), self._is_place)
                places = (*_places_before(match), *tail.places)
                if street_format.needs_tail and not places and tail.end == match.end():
                    continue
                if street_format.needs_postcode and not tail.has_postcode:
                    continue
                results.append(
                    recognizer_result(
                        self,
                        "STREET_ADDRESS",
                        match.start(),
                        tail.end,
                        self.SCORE_WITH_PLACE if places else self.SCORE_STREET_ONLY,
                        f"Matched the {street_format.name} format",
                        pattern_name=street_format.name,
                        **{
                            LOCALITIES_KEY: places,
                            COUNTRY_KEY: tail.country_code,
                            POSTCODES_KEY: tail.postcodes,
                            POSTCODE_COUNTRY_KEY: tail.country_code or tail.state_country,
                        },
                    )
                )
        return EntityRecognizer.remove_duplicates(results)
