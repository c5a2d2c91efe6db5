"""Recognize the cells of a data export's personal columns: "case_id,name,dob,ssn,email,…".

Exports, logs and spreadsheets pasted into a message write a header line of
field names and rows of values under it. The recognizers of each kind read a
value by its cue or its shape, and a cell has neither: "1987-11-03" under
"dob", "431-62-0958" under "ssn", "Dana Whitfield" under "name" pass as a
date, a number and two words. The header says what each column holds, as a
form's label says what its field holds.

A product list has a "name" column too ("name,price,sku"), so a table counts
as a table of people only where one of its columns is an identifier of a
person (an e-mail, a phone, a birth date, a national number, a card…); then
its name and address columns are people's and places too.
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

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
    **dict.fromkeys(("card", "card number", "cc", "cc number", "credit card", "pan"), "CREDIT_CARD"),
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
# The columns that make a table one of people.
_PERSONAL = frozenset(_COLUMNS.values()) - {"PERSON", "STREET_ADDRESS", "POSTCODE", "LICENSE_PLATE"}
_DELIMITERS = (",", ";", "\t", "|")
MIN_COLUMNS = 3
# A header's field: a short name, no digits but an index ("address2").
_FIELD_NAME = regex.compile(r"[ \t]*\p{L}[\p{L}_ .()/-]{0,30}\d?[ \t]*")
_CAMEL = regex.compile(r"(?<=\p{Ll})(?=\p{Lu})")
_SEPARATORS = regex.compile(r"[_\-./()]+|\s+")
# A cell that holds nothing: "", "-", "N/A", "null".
_EMPTY = regex.compile(r"(?i:|-+|n/?a|null|none|nan)")


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
            header = lines[index][1]
            table = _table_under(header, lines[index + 1 :])
            if table is None:
                index += 1
                continue
            delimiter, kinds, rows = table
            for row_start, row in rows:
                for (start, end), kind in zip(_cells(row, delimiter), kinds, strict=True):
                    if kind is not None and kind in entities and not _EMPTY.fullmatch(row[start:end]):
                        results.append(
                            recognizer_result(
                                self, kind, row_start + start, row_start + end, self.SCORE, self.EXPLANATION,
                                pattern_name="table column",
                            )
                        )
            index += 1 + len(rows)
        return results


def _lines(text: str) -> list[tuple[int, str]]:
    """Each line with its offset."""
    lines, offset = [], 0
    for line in text.split("\n"):
        lines.append((offset, line))
        offset += len(line) + 1
    return lines


def _table_under(
    header: str, below: list[tuple[int, str]]
) -> tuple[str, list[str | None], list[tuple[int, str]]] | None:
    """The delimiter, the entity of each column and the rows, where ``header``
    names three columns or more, one of them a person's identifier, and the
    lines below it split into as many cells."""
    for delimiter in _DELIMITERS:
        fields = [header[start:end] for start, end in _cells(header, delimiter)]
        if len(fields) < MIN_COLUMNS or not all(_FIELD_NAME.fullmatch(field) for field in fields):
            continue
        kinds = [_COLUMNS.get(_field_key(field)) for field in fields]
        if not _PERSONAL.intersection(kind for kind in kinds if kind):
            return None
        rows = []
        for row_start, row in below:
            if len(_cells(row, delimiter)) != len(fields):
                break
            rows.append((row_start, row))
        return (delimiter, kinds, rows) if rows else None
    return None


def _field_key(field: str) -> str:
    """A field name as :data:`_COLUMNS` keys it: lower case, its words joined by one blank."""
    words = _SEPARATORS.sub(" ", _CAMEL.sub(" ", field.strip())).strip()
    return regex.sub(r"\d$", "", words).strip().casefold()


def _cells(line: str, delimiter: str) -> list[tuple[int, int]]:
    """The offsets of each cell's value in a delimited line, without its blanks or
    quotes; a quoted cell may hold the delimiter ("\"Whitfield, Dana\"")."""
    cells = []
    position = 0
    while True:
        if line.startswith('"', position):
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

