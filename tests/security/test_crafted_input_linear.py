"""A hostile client's crafted text costs the address recognizers (and the names' by chat or title) linear time.

``netgpt serve`` desensitizes every prompt, up to 8,000 characters. One word
of capitals joined by apostrophes, hyphens or dots ("A'A'A'…") once made the
postcode and street patterns read to the word's end from every capital in
it: 8,000 such characters held a core for seconds per recognizer. The
attacker here is any API client. How the cost is compared, at two lengths
and in CPU time, and why: `linear_time`.
"""

from __future__ import annotations

import pytest
from presidio_analyzer import EntityRecognizer

from privacy.desensitize.gazetteer import default_gazetteer
from privacy.desensitize.recognizers import (
    AddressPartsRecognizer,
    ChatNameRecognizer,
    CuedStreetRecognizer,
    DateOfBirthRecognizer,
    LabelledAddressRecognizer,
    LabelledIdentifierRecognizer,
    LowercaseStreetRecognizer,
    NamedStreetRecognizer,
    NationalIdRecognizer,
    PassportRecognizer,
    PhonePatternRecognizer,
    PostcodeRecognizer,
    StreetAddressRecognizer,
    TitledNameInScriptRecognizer,
    WorldStreetAddressRecognizer,
)
from privacy.desensitize.street_mentions import street_repeats

from .linear_time import assert_linear, best_cpu_time, crafted

UNITS = (
    "A'", "A’", "A-", "Ab-", "Aa'", "A.", "unit-", "ul.", "d'A", "s-A", "'s-A", "A--", "ABCDE-",
    "Aa---", "123 Ab ", "1 rue abc ", "'t A", "χλμ Α ",
    "address of ", "address of A", "address to a ", "send a ", "corner of A and ", ",1234 5 Ab Apt 5 ",
    "corner of ul. Ab 5. and ", "on Ab ",
    "no. 1 ", "flat 1 ", "road 12, ", "1º A ", "Apt 4 ", "Address: 1, ", "\naddress in a a: ",
    # Scripts without capitals: wards and blocks, Korean districts, Thai address words, titles and labels.
    "区1-", "강남구 ", "1 ต.ก ", "姓名：王 ", "السيد أ ", "นายก ", "区町村", "市区町村1号",
    # Arabic names joined by "son of"; a zero-width non-joiner inside a word.
    "أ بن ", "عبد ولد ", "ا\u200c",
    # Arabic-script and Ethiopic commas between a label's parts.
    "العنوان: ١، ", "، ا ", "፣ ሀ ",
)


@pytest.fixture(scope="module")
def recognizers() -> dict[str, EntityRecognizer]:
    gazetteer = default_gazetteer()
    streets, world_streets = StreetAddressRecognizer(gazetteer), WorldStreetAddressRecognizer(gazetteer)
    return {
        "postcode": PostcodeRecognizer(gazetteer),
        "street": streets,
        "world street": world_streets,
        "cued street": CuedStreetRecognizer(gazetteer),
        "named street": NamedStreetRecognizer(gazetteer),
        "lowercase street": LowercaseStreetRecognizer(gazetteer, (streets, world_streets)),
        "labelled address": LabelledAddressRecognizer(gazetteer),
        "titled name in script": TitledNameInScriptRecognizer(),
        "address parts": AddressPartsRecognizer(gazetteer),
    }


@pytest.mark.parametrize(
    "name",
    [
        "postcode", "street", "world street", "cued street", "named street", "lowercase street", "labelled address",
        "titled name in script", "address parts",
    ],
)
@pytest.mark.parametrize("unit", UNITS)
def test_a_crafted_word_costs_linear_time(
    recognizers: dict[str, EntityRecognizer], name: str, unit: str
) -> None:
    recognizer = recognizers[name]

    def timed(length: int) -> float:
        text = crafted(unit, length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"{name} on {unit!r}", timed)


@pytest.mark.parametrize(
    "text, expected",
    [
        # A quotation mark, an elision or Dutch 's- before a name still lets it start.
        ("'Paris 75002'", "Paris 75002"),
        ("Valle d'Aosta 11100", "Aosta 11100"),
        ("O'Connellstraat 5, 1012 AB Amsterdam", "Connellstraat 5, 1012 AB Amsterdam"),
        ("Storm van 's-Gravesandeweg 123, 2242 JE Wassenaar", "Gravesandeweg 123"),
        # A capitals' prefix, or hyphens written for a dash.
        ("EU-Paris 75002", "Paris 75002"),
        ("USA-Austin, TX 78701", "Austin, TX 78701"),
        ("--Lindenstraße 5, Berlin", "Lindenstraße 5"),
        ("Ship to: ---Hauptstraße 5, Berlin", "Hauptstraße 5"),
    ],
)
def test_words_that_open_with_a_quote_or_elision_are_still_read(
    recognizers: dict[str, EntityRecognizer], text: str, expected: str
) -> None:
    found = [
        text[result.start : result.end]
        for recognizer in recognizers.values()
        for result in recognizer.analyze(text, recognizer.supported_entities, None)
    ]
    assert any(expected in span for span in found), found


@pytest.mark.parametrize("unit", ["1 ", "- ", "Ab ", "Baker Street "])
def test_a_crafted_street_line_and_its_repeats_cost_linear_time(unit: str) -> None:
    """The street-name pattern looks at the rest of a line from every place
    its name could start: on a line of numbers or dashes ("1 1 1 …") that
    was quadratic, until lines over MAX_LINE_CHARACTERS went unread. A street
    named thousands of times is checked against the taken spans in log time each."""

    def timed(length: int) -> float:
        line = crafted(unit, length)
        text = f"{line}\n12 Baker Street, London. {line}"
        address = len(line) + 1
        streets = [(0, len(line)), (address, address + 15)]
        return best_cpu_time(lambda: list(street_repeats(text, streets, [(address + 17, address + 23)])))

    assert_linear(f"street repeats on {unit!r}", timed)


@pytest.mark.parametrize("name", ["postcode", "street", "world street", "cued street", "named street"])
@pytest.mark.parametrize("address", ["12 Aa, ", "Baker Street 5, ", "Hauptstraße 5, 10115 "])
def test_one_long_word_after_an_address_costs_linear_time(
    recognizers: dict[str, EntityRecognizer], name: str, address: str
) -> None:
    """The parts after a street are read as places, and each is checked for a
    district's ending ("Shinjuku-ku"). That check tried the word's letters from
    every letter in it, so one word of 8,000 letters after an address cost a
    third of a second per prompt where 2,000 cost a hundredth."""
    recognizer = recognizers[name]

    def timed(length: int) -> float:
        text = address + crafted("A", length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"{name} after {address!r}", timed)


def test_a_run_of_capitals_after_a_passport_cue_costs_linear_time() -> None:
    """The number's look-ahead for two digits read a run of capitals to its end."""
    recognizer = PassportRecognizer()

    def timed(length: int) -> float:
        text = "passport " + crafted("A", length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear("passport and capitals", timed)


@pytest.mark.parametrize("unit", ["salam ", "at abcd's ", "😂 abcd says ", "yo keanu ", "abcd and i "])
def test_a_crafted_chat_costs_the_chat_name_recognizer_linear_time(unit: str) -> None:
    """Each word of a lowercase chat looks back for a greeting and ahead for a verb:
    both reads must stay within a few words, whatever repeats."""
    recognizer = ChatNameRecognizer(default_gazetteer())

    def timed(length: int) -> float:
        text = crafted(unit, length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"chat name {unit!r}", timed)


# The cues of identifiers and birth dates in other scripts and languages, their
# number words last, first or glued, and the digits of other scripts they read.
CUED_NUMBER_UNITS = (
    "رقم الهوية: ١", "身份證號碼：1", "주민등록번호: 1-", "เลขบัตรประชาชน 1 ", "身份证号1",
    "numer ", "número de ", "Kundennummer: 1-", "رقم ", "번호", "会员号", "เลข", "No. 1 ",
    "生年月日：1990年", "تاريخ الميلاد: ١", "дата рождения 1.", "令和1年", "民國", "born on 1 ",
    "geboren am 1.", "נולד ב-1", "१४-०८-", "۱۳۸۲/", "DOB: 1.1.1990 (1 ", "born Heisei 1 (1990) ",
)


@pytest.mark.parametrize(
    "recognizer",
    [NationalIdRecognizer(), LabelledIdentifierRecognizer(), DateOfBirthRecognizer()],
    ids=lambda recognizer: recognizer.name,
)
@pytest.mark.parametrize("unit", CUED_NUMBER_UNITS)
def test_crafted_cues_of_numbers_cost_linear_time(recognizer: EntityRecognizer, unit: str) -> None:
    """A cue repeated, each one opening a search for its number nearby: the
    searches must stay within the words after it, whatever follows."""

    def timed(length: int) -> float:
        text = crafted(unit, length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"{recognizer.name} on {unit!r}", timed)


@pytest.mark.parametrize("tail", ["xyz road", " to house 5, flat 2, road 3", "x road 5, lot 6"])
def test_a_long_number_before_a_unit_word_costs_linear_time(tail: str) -> None:
    """A unit's number read back from its word over a run of digits ("111…1
    road"): each start once, the number at most ten characters."""
    recognizer = AddressPartsRecognizer(default_gazetteer())

    def timed(length: int) -> float:
        text = crafted("1", length) + tail
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"address parts after digits, {tail!r}", timed)


@pytest.mark.parametrize("unit", ["Phone: ", ": ", " :", "Phone \n", "call me at "])
def test_a_phone_cue_and_its_filler_repeated_cost_linear_time(unit: str) -> None:
    """"Phone" and thousands of ": " took seconds: a blank before a colon could
    open either of two stretches of the filler, and every split was tried."""
    recognizer = PhonePatternRecognizer()

    def timed(length: int) -> float:
        text = "Phone" + crafted(unit, length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"phone filler {unit!r}", timed)
