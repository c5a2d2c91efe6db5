"""Recognize the cells of a data export's personal columns: "case_id,name,dob,ssn,email,…".

Exports, logs and spreadsheets pasted into a message write a header line of
field names and rows of values under it. The recognizers of each kind read a
value by its cue or its shape, and a cell has neither: "1987-11-03" under
"dob", "431-62-0958" under "ssn", "Dana Whitfield" under "name" pass as a
date, a number and two words. The header says what each column holds, as a
form's label says what its field holds.

A product list has a "name" column too ("name,price,sku"), and a spec sheet
a "Mobile" or a "Pan" one ("Date, Mobile, Revenue"), so a cell is taken only
where it looks like what its column names (an e-mail holds an "@", a card
passes the Luhn check, an IP parses), and a table counts as one of people
only where such a cell of a person's identifier is in it (an e-mail, a
phone, a national number, a card…); then its name and address columns are
people's and places too.
"""

from __future__ import annotations

import ipaddress
from collections.abc import Callable, Sequence

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.card_number import luhn_valid
from privacy.desensitize.recognizers.results import recognizer_result

# Field names, lower case, words joined by a blank (snake_case, camelCase and
# kebab-case read so), and the entity their column holds.
_COLUMNS: dict[str, str] = {
    **dict.fromkeys(
        ("dob", "date of birth", "birth date", "birthdate", "birthday", "born", "geburtsdatum",
         "fecha nacimiento", "fecha de nacimiento", "data nascimento", "date naissance"),
        "DATE_OF_BIRTH",
    ),
    **dict.fromkeys(("ssn", "social security", "social security number", "ssn number"), "US_SSN"),
    **dict.fromkeys(("email", "e mail", "email address", "mail", "correo", "courriel"), "EMAIL_ADDRESS"),
    **dict.fromkeys(
        ("phone", "phone number", "mobile", "mobile number", "tel", "telephone", "cell", "msisdn",
         "whatsapp", "telefono", "teléfono", "telefone", "telefon", "téléphone"),
        "PHONE_NUMBER",
    ),
    **dict.fromkeys(("ip", "ip address", "last ip", "client ip", "ip addr", "src ip", "remote ip"), "IP_ADDRESS"),
    **dict.fromkeys(("card", "card number", "cc number", "credit card", "card no"), "CREDIT_CARD"),
    **dict.fromkeys(("iban",), "IBAN_CODE"),
    **dict.fromkeys(("passport", "passport no", "passport number"), "PASSPORT"),
    **dict.fromkeys(
        ("national id", "nid", "nin", "id number", "tax id", "tin", "cpf", "dni", "nif", "pesel", "bsn",
         "aadhaar", "nric", "curp", "rut", "cnic"),
        "NATIONAL_ID",
    ),
    **dict.fromkeys(("plate", "licence plate", "license plate", "registration", "reg"), "LICENSE_PLATE"),
    **dict.fromkeys(
        ("name", "full name", "first name", "last name", "given name", "surname", "customer", "customer name",
         "patient", "patient name", "employee", "employee name", "holder", "account holder", "passenger",
         "contact", "contact name", "guest", "guest name", "tenant", "driver", "nombre", "nome", "nom"),
        "PERSON",
    ),
    **dict.fromkeys(("address", "street", "street address", "home address", "dirección", "adresse"), "STREET_ADDRESS"),
    **dict.fromkeys(("zip", "zip code", "postcode", "postal code", "plz"), "POSTCODE"),
}
# The columns whose cells, where they look the part, make a table one of people.
_PERSONAL = frozenset(
    {"EMAIL_ADDRESS", "PHONE_NUMBER", "US_SSN", "PASSPORT", "NATIONAL_ID", "CREDIT_CARD", "IBAN_CODE"}
)
_DELIMITERS = (",", ";", "\t", "|")
MIN_COLUMNS = 3
MAX_FIELD_WORDS = 3
# A header's field: a short name, no digits but an index ("address2"), a "#" or "No." at its end.
_FIELD_NAME = regex.compile(r"\p{L}[\p{L}_ ()/-]{0,30}(?:\d|[ \t]?#|[ \t]No\.)?")
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
_SEPARATORS = regex.compile(r"[_\-./()#]+|\s+")
_INDEX = regex.compile(r"(?:[ \t]+no|\d)$")
# A cell that holds nothing: "", "-", "N/A", "null".
_EMPTY = regex.compile(r"(?i:|-+|n/?a|null|none|nan)")
# A Markdown table's rule under its header: "|---|:---:|".
_RULE = regex.compile(r"[ \t]*\|?(?:[ \t]*:?-{3,}:?[ \t]*\|)*[ \t]*:?-{3,}:?[ \t]*\|?[ \t]*")
_DIGITS = regex.compile(r"\d")
_LETTER = regex.compile(r"\p{L}")
_IBAN = regex.compile(r"[A-Z]{2}\d{2}[A-Z0-9 ]{11,32}")
# A date: "1987-11-03", "03.11.87", "3 Nov 1987", "03NOV87", "Nov 3, 1987".
_DATE = regex.compile(
    r"\d{1,4}[./ -]\d{1,2}[./ -]\d{2,4}|\d{1,2}[ -]?\p{L}{3,9}[ -]?\d{2,4}|\p{L}{3,9} \d{1,2},? \d{4}"
)


def _is_ip(cell: str) -> bool:
    try:
        ipaddress.ip_address(cell)
    except ValueError:
        return False
    return True


def _digits(cell: str) -> str:
    return "".join(_DIGITS.findall(cell))


# What a cell of each column must look like to be taken.
_LOOKS_THE_PART: dict[str, Callable[[str], bool]] = {
    "EMAIL_ADDRESS": lambda cell: "@" in cell and " " not in cell,
    "PHONE_NUMBER": lambda cell: 7 <= len(_digits(cell)) <= 15,
    "US_SSN": lambda cell: len(_digits(cell)) == 9,
    "CREDIT_CARD": lambda cell: 13 <= len(_digits(cell)) <= 19 and luhn_valid(_digits(cell)),
    "IBAN_CODE": lambda cell: _IBAN.fullmatch(cell.upper()) is not None,
    "IP_ADDRESS": _is_ip,
    "DATE_OF_BIRTH": lambda cell: _DATE.fullmatch(cell) is not None,
    "PASSPORT": lambda cell: 6 <= len(cell.replace(" ", "")) <= 12 and len(_digits(cell)) >= 4,
    "NATIONAL_ID": lambda cell: len(_digits(cell)) >= 5,
    "LICENSE_PLATE": lambda cell: bool(_digits(cell)) and _LETTER.search(cell) is not None,
    "POSTCODE": lambda cell: bool(_digits(cell)) and len(cell) <= 10,
    "PERSON": lambda cell: _LETTER.search(cell) is not None,
    "STREET_ADDRESS": lambda cell: _LETTER.search(cell) is not None,
}


class TableColumnRecognizer(LocalRecognizer):
    """Marks the cells under the personal columns of a delimited table of people."""

    SCORE = 0.8
    EXPLANATION = "Cell under a personal column of a table"

    def __init__(self) -> None:
        super().__init__(supported_entities=sorted(set(_COLUMNS.values())), name="TableColumnRecognizer")

    def load(self) -> None:
        """Nothing to load."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per non-empty cell of a personal column."""
        lines = _lines(text)
        results = []
        index = 0
        while index < len(lines):
            table = _table_at(lines, index)
            if table is None:
                index += 1
                continue
            delimiter, kinds, rows, read = table
            found = [
                (kind, row_start + start, row_start + end)
                for row_start, row in rows
                for (start, end), kind in zip(_cells(row, delimiter), kinds, strict=True)
                if kind is not None and _looks_the_part(kind, row[start:end])
            ]
            if any(kind in _PERSONAL for kind, _, _ in found):
                results += [
                    recognizer_result(
                        self, kind, start, end, self.SCORE, self.EXPLANATION, pattern_name="table column"
                    )
                    for kind, start, end in found
                    if kind in entities
                ]
            index += read
        return results


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line with its offset."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _looks_the_part(kind: str, cell: str) -> bool:
    return not _EMPTY.fullmatch(cell) and _LOOKS_THE_PART[kind](cell)


def _table_at(
    lines: Sequence[tuple[int, str]], index: int
) -> tuple[str, list[str | None], list[tuple[int, str]], int] | None:
    """The delimiter, the entity of each column, the rows and the number of
    lines read, where line ``index`` names three columns or more, one of them
    a person's identifier, and the lines below it (a Markdown rule skipped)
    split into as many cells. Each delimiter is tried in turn."""
    header = lines[index][1]
    for delimiter in _DELIMITERS:
        fields = [header[start:end] for start, end in _cells(header, delimiter)]
        if len(fields) < MIN_COLUMNS or not all(
            _FIELD_NAME.fullmatch(field) and len(field.split()) <= MAX_FIELD_WORDS for field in fields
        ):
            continue
        kinds = [_COLUMNS.get(_field_key(field)) for field in fields]
        if not _PERSONAL.intersection(kind for kind in kinds if kind):
            continue
        rows = []
        below = index + 1
        if below < len(lines) and delimiter == "|" and _RULE.fullmatch(lines[below][1]):
            below += 1
        while below < len(lines) and len(_cells(lines[below][1], delimiter)) == len(fields):
            rows.append(lines[below])
            below += 1
        if rows:
            return delimiter, kinds, rows, below - index
    return None


def _field_key(field: str) -> str:
    """A field name as :data:`_COLUMNS` keys it: lower case, its words joined by one blank."""
    words = _SEPARATORS.sub(" ", _CAMEL.sub(" ", field.strip())).strip().casefold()
    return _INDEX.sub("", words).strip()


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """The offsets of each cell's value in a delimited line, without its blanks or
    quotes; a quoted cell may hold the delimiter ("\"Whitfield, Dana\""). A
    Markdown row's outer bars open and close no cell."""
    if delimiter == "|":
        stripped = line.strip()
        if stripped.startswith("|") and stripped.endswith("|") and len(stripped) > 1:
            opening = line.index("|")
            inner = _split(line[opening + 1 : line.rindex("|")], delimiter)
            return [(start + opening + 1, end + opening + 1) for start, end in inner]
    return _split(line, delimiter)


def _split(line: str, delimiter: str) -> list[tuple[int, int]]:
    cells = []
    position = 0
    while True:
        quote = position
        while line.startswith(" ", quote):
            quote += 1
        if line.startswith('"', quote):
            position = quote
            closing = line.find('"', position + 1)
            while closing != -1 and line.startswith('""', closing):
                closing = line.find('"', closing + 2)
            if closing == -1:
                return []
            cells.append((position + 1, closing))
            after = line.find(delimiter, closing)
            if after == -1:
                return cells
            position = after + 1
            continue
        after = line.find(delimiter, position)
        end = len(line) if after == -1 else after
        start = position
        while start < end and line[start] in " \t":
            start += 1
        stop = end
        while stop > start and line[stop - 1] in " \t\r":
            stop -= 1
        cells.append((start, stop))
        if after == -1:
            return cells
        position = after + 1

