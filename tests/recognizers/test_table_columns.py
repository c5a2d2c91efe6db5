"""TableColumnRecognizer alone: the cells under a data export's personal columns."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import TableColumnRecognizer


@pytest.fixture(scope="module")
def recognizer() -> TableColumnRecognizer:
    return TableColumnRecognizer()


def found(recognizer: TableColumnRecognizer, text: str) -> list[tuple[str, str]]:
    results = recognizer.analyze(text, recognizer.supported_entities)
    return sorted((r.entity_type, text[r.start : r.end]) for r in results)


def test_the_cells_of_a_table_of_people_are_found(recognizer: TableColumnRecognizer) -> None:
    text = (
        "FRAUD REVIEW EXPORT\n"
        "case_id,name,dob,ssn,email,last_ip,card,status\n"
        "FR-1,Dana Whitfield,1987-11-03,431-62-0958,dana@example.com,73.158.42.211,4012888888881881,HOLD\n"
        "FR-2,Marcus Whitfield,1985-02-17,228-70-4419,m@example.com,2601:280::1f4,,REVIEW\n"
        "Notes: both accounts ship to Denver."
    )
    assert found(recognizer, text) == sorted([
        ("PERSON", "Dana Whitfield"), ("DATE_OF_BIRTH", "1987-11-03"), ("US_SSN", "431-62-0958"),
        ("EMAIL_ADDRESS", "dana@example.com"), ("IP_ADDRESS", "73.158.42.211"), ("CREDIT_CARD", "4012888888881881"),
        ("PERSON", "Marcus Whitfield"), ("DATE_OF_BIRTH", "1985-02-17"), ("US_SSN", "228-70-4419"),
        ("EMAIL_ADDRESS", "m@example.com"), ("IP_ADDRESS", "2601:280::1f4"),
    ])


@pytest.mark.parametrize(
    "text, expected",
    [
        # Semicolons, quoted cells holding the delimiter, camelCase and another language's names.
        ('id;nombre;correo;telefono\n1;"Pérez, Ana";ana@example.es;612 345 678',
         [("EMAIL_ADDRESS", "ana@example.es"), ("PERSON", "Pérez, Ana"), ("PHONE_NUMBER", "612 345 678")]),
        ("firstName\tlastName\tphoneNumber\nAna\tPérez\t612 345 678",
         [("PERSON", "Ana"), ("PERSON", "Pérez"), ("PHONE_NUMBER", "612 345 678")]),
        # Empty cells hold nothing; a Markdown table, its rule skipped.
        ("name|email|phone\nAna Pérez|N/A|-\nLuis Gómez|luis@example.es|-",
         [("PERSON", "Ana Pérez"), ("PERSON", "Luis Gómez"), ("EMAIL_ADDRESS", "luis@example.es")]),
        ("| Name | E-mail | Phone # |\n|---|---|---|\n| Dana Whitfield | dana@example.com | 555-013-4412 |",
         [("PERSON", "Dana Whitfield"), ("EMAIL_ADDRESS", "dana@example.com"), ("PHONE_NUMBER", "555-013-4412")]),
    ],
)
def test_delimiters_quotes_and_field_names_of_many_writers(
    recognizer: TableColumnRecognizer, text: str, expected: list[tuple[str, str]]
) -> None:
    assert found(recognizer, text) == sorted(expected)


@pytest.mark.parametrize(
    "text",
    [
        # No column of a person's identifier: a product list's names are products.
        "name,price,sku\nChai Latte,4.50,CL-001\nFlat White,3.90,FW-002",
        # Fewer than three columns, or rows that do not split as the header does.
        "name,email\nAna,ana@example.com",
        "name,email,phone\nthis line is prose, not a row",
        # A sentence with commas is no header.
        "Please send the name, email and phone of each guest by Friday.\nThanks, Ana, Luis, Eva",
        "Reach us by email, phone, or post.\nWe open Monday, Tuesday, and Friday.",
        # Cells that do not look like what their column names: a spec sheet, a recipe.
        "Date, Mobile, Revenue\n2024-01, Android, 3000",
        "Tier, Mail, Storage\nFree, 1 GB, 5 GB",
        "Station, Platform, Tel\nCentral, 4, 09:10",
        "Model, Card, price\nHonda CB, 125, 3000",
        # A birth date alone makes no table of people.
        "name,dob,price\nWidget,2024-01-01,3",
    ],
)
def test_other_lines_are_not_tables_of_people(recognizer: TableColumnRecognizer, text: str) -> None:
    assert found(recognizer, text) == []
