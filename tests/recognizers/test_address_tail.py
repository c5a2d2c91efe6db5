"""``read_tail`` and ``postcode_country``: districts, city, state and postcode after a street."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers.address_tail import (
    Tail,
    postcode_country,
    read_head,
    read_street_line,
    read_tail,
)

PLACES = {
    "Cape Town", "Sydney", "Bengaluru", "Tokyo", "Ciudad de México", "London", "Dar es Salaam", "Lomé", "Chișinău"
}


def is_place(name: str) -> bool:
    return name in PLACES


def tail(text: str, street: str) -> Tail:
    """The tail read after ``street``, which ``text`` starts with."""
    assert text.startswith(street)
    return read_tail(text, len(street), is_place)


@pytest.mark.parametrize(
    "text, street, expected",
    [
        (
            "12 Long Street, Cape Town, 8001",
            "12 Long Street",
            Tail(31, ("Cape Town",), None, True, ("8001",)),
        ),
        (
            "1 Macquarie St Sydney NSW 2000",  # after a mere space, with a postcode
            "1 Macquarie St",
            Tail(30, ("Sydney",), None, True, ("2000",), "AU"),
        ),
        (
            "Flat 2, Indiranagar, Bengaluru, Karnataka 560038",
            "Flat 2",
            Tail(48, ("Indiranagar", "Bengaluru", "Karnataka"), None, True, ("560038",)),
        ),
        (
            "1-1-2 Oshiage, Sumida-ku, Tokyo 131-0045. Then",
            "1-1-2 Oshiage",
            Tail(40, ("Sumida-ku", "Tokyo"), "JP", True, ("131-0045",)),
        ),
        (
            "Av. Reforma 222, 06600 Ciudad de México, CDMX",
            "Av. Reforma 222",  # a four-letter state code is not read
            Tail(39, ("Ciudad de México",), None, True, ("06600",)),
        ),
        (
            "9 Baker St, London NW1 6XE",
            "9 Baker St",
            Tail(26, ("London",), "GB", True, ("NW1 6XE",)),
        ),
        # The Arabic article inside a town's name: "Dar" alone is a town in Cambodia.
        (
            "Plot 221, Kariakoo, Ilala, Dar es Salaam",
            "Plot 221",
            Tail(40, ("Kariakoo", "Ilala", "Dar es Salaam"), None, False),
        ),
        # An unknown part is kept only when a part that counts follows it.
        (
            "5 Oak Road, Rosebank, Cape Town",
            "5 Oak Road",
            Tail(31, ("Rosebank", "Cape Town"), None, False),
        ),
        # A lowercase word and its number is such a part; a town that closes
        # a sentence is no state written short.
        (
            "Tokoin Wuiti, rue 214, maison 17, Lomé.\nPropriétaire",
            "Tokoin Wuiti",
            Tail(39, ("rue 214", "maison 17", "Lomé."), None, False),
        ),
        # A postcode led by its country's letters.
        (
            "str. Ismail 86, ap. 31, MD-2001 Chișinău. Suma",
            "str. Ismail 86",
            Tail(40, ("Chișinău",), "MD", True, ("MD-2001",), None, True),
        ),
    ],
)
def test_address_parts_are_read_while_they_count(text: str, street: str, expected: Tail) -> None:
    assert tail(text, street) == expected


@pytest.mark.parametrize(
    "text, street",
    [
        ("12 Main Street, Tom will call", "12 Main Street"),
        ("12 Main Street London 2024", "12 Main Street"),  # a year after a space is no postcode
        ("12 Main Street", "12 Main Street"),
        ("12 Main Street, Rosebank", "12 Main Street"),
        ("12 Main Street, page 2, see above", "12 Main Street"),  # a numbered word before no town
        ("12 Main Street, zalo 0935 772 148", "12 Main Street"),  # a phone after a word is no part
        ("12 Rue de Rivoli, near the Louvre. Then lunch.", "12 Rue de Rivoli"),  # a landmark, no town after
    ],
)
def test_nothing_is_read_where_no_part_counts(text: str, street: str) -> None:
    assert tail(text, street) == Tail(len(street), (), None, False)


def test_the_country_of_a_hint_is_kept() -> None:
    text = "Calle Mayor 5, 28013 Madrid"
    assert read_tail(text, 13, is_place, "ES").country_code == "ES"


@pytest.mark.parametrize(
    "postcode, country",
    [
        ("NW1 6XE", "GB"),
        ("H2Y 1H2", "CA"),
        ("1015 CJ", "NL"),
        ("D02 X285", "IE"),
        ("01310-100", "BR"),
        ("131-0045", "JP"),
        ("94103-1234", "US"),
        ("560 038", "IN"),
        ("C1425", "AR"),
        ("00-950", "PL"),
        ("MD-2001", "MD"),
        ("LT-01103", "LT"),
        ("75002", None),  # many countries write five digits
        ("hello", None),
    ],
)
def test_a_postcode_shape_tells_its_country(postcode: str, country: str | None) -> None:
    assert postcode_country(postcode) == country


def country_of(name: str) -> str | None:
    return {"Belgium": "BE", "UAE": "AE"}.get(name)


@pytest.mark.parametrize(
    "text, street, end",
    [
        ("Calle Mayor 5, 2º dcha, hasta luego", "Calle Mayor 5", 22),  # floor and door
        ("Rua do Ouro 12, 3º andar", "Rua do Ouro 12", 24),
        ("123 Main St Apt. 4 and more", "123 Main St", 18),
        ("Rue Royale 10 bte 2, thanks", "Rue Royale 10", 19),
        ("Cumhuriyet Cad. No: 12 D: 5 sağol", "Cumhuriyet Cad. No: 12", 27),
        ("Musterstraße 12, Wohnung 3", "Musterstraße 12", 26),
        # A Romanian block of flats: block, staircase, floor, flat.
        ("Str. Florilor nr. 5, bl. C2, sc. B, et. 4, ap. 17, thanks", "Str. Florilor nr. 5", 49),
        ("Rua da Praia, 80, bloco C, ap. 302 e depois", "Rua da Praia, 80", 34),
        ("Jl. Anggrek No. 9, Blok D2 No. 4 ok", "Jl. Anggrek No. 9", 32),  # Indonesian block and house
        ("Jl. Cempaka No. 3, Lt. 2 ok", "Jl. Cempaka No. 3", 24),  # lantai, a floor
        ("Calle Hidalgo 12, Mz. 7 Lt. 3 y listo", "Calle Hidalgo 12", 29),  # manzana and lote
    ],
)
def test_flats_floors_and_doors_go_with_the_address(text: str, street: str, end: int) -> None:
    result = tail(text, street)
    assert (result.end, result.has_unit, result.places) == (end, True, ())


@pytest.mark.parametrize(
    "text, street, end",
    [
        ("Pannónia utca 37. IV. em. 2. Ha", "Pannónia utca 37.", 28),  # a floor in Roman numerals
        ("Vinohradská 12, III. patro, dobře", "Vinohradská 12", 26),
        # An Indonesian neighbourhood and ward, written as a pair.
        ("Jl. Mawar No. 7, RT 002/RW 011 ya", "Jl. Mawar No. 7", 30),
        ("Jl. Mawar No. 7, RT. 02 RW. 11 ya", "Jl. Mawar No. 7", 30),
        ("Jl. Mawar No. 7, RT/RW 002/011 ya", "Jl. Mawar No. 7", 30),
    ],
)
def test_places_inside_a_building_or_a_village_go_with_the_address(text: str, street: str, end: int) -> None:
    result = tail(text, street)
    assert (result.end, result.has_unit, result.places) == (end, False, ())


@pytest.mark.parametrize(
    "text, street, places, postcodes",
    [
        (
            "Jl. Mawar No. 7, RT 002/RW 011, Kel. Cilandak, Kec. Pasar Minggu 12560",
            "Jl. Mawar No. 7",
            ("Cilandak", "Pasar Minggu"),  # the district words written short are no place
            ("12560",),
        ),
        (
            "Jl. Mawar No. 7, desa Sukamaju, Kab. Bogor 16110",
            "Jl. Mawar No. 7",
            ("desa Sukamaju", "Bogor"),
            ("16110",),
        ),
        ("Rua X 12, bairro Centro, 80010-000", "Rua X 12", ("bairro Centro",), ("80010-000",)),
        ("Bd. Unirii 5, sector 3, 030167", "Bd. Unirii 5", ("sector 3",), ("030167",)),
        ("Str. Lungă 5, jud. Brașov", "Str. Lungă 5", ("jud. Brașov",), ()),
        # A state after the town, written short or by its initials.
        (
            "Calle Morelos 45, Col. Centro, 44100 Guadalajara, Jal.",
            "Calle Morelos 45",
            ("Centro", "Guadalajara"),
            ("44100",),
        ),
        ("Av. Juárez 10, 23000 La Paz, B.C.S.", "Av. Juárez 10", ("La Paz",), ("23000",)),
    ],
)
def test_district_words_and_states_count_as_address_parts(
    text: str, street: str, places: tuple[str, ...], postcodes: tuple[str, ...]
) -> None:
    result = tail(text, street)
    assert (result.end, result.places, result.postcodes) == (len(text), places, postcodes)


@pytest.mark.parametrize(
    "text, street",
    [
        ("Str. Florilor nr. 5, et al. wrote", "Str. Florilor nr. 5"),  # "et" with no flat's number
        ("12 Main Street, sector growth was 4, 2024", "12 Main Street"),  # no district's name after it
        ("Jl. Mawar No. 7, RT 002 only", "Jl. Mawar No. 7"),  # RT alone is as often a retweet
        ("Jl. Mawar No. 7, Blok is closed", "Jl. Mawar No. 7"),  # a block with no number
    ],
)
def test_flat_and_district_words_without_their_number_or_name_are_not_read(text: str, street: str) -> None:
    assert tail(text, street).end == len(street)


def test_a_postal_block_is_read_line_by_line() -> None:
    text = "42 Elm Street\n Suite 5\n Smallville\n Belgium 65601\n\nCheers"
    result = read_tail(text, 13, is_place, country_of=country_of)
    assert text[: result.end].endswith("Belgium 65601")
    assert (result.places, result.country_code, result.has_country) == (
        ("Smallville", "Belgium"),
        "BE",
        True,
    )


@pytest.mark.parametrize("missing", ["nan", "NULL", "N/A"])
def test_an_empty_field_of_an_export_does_not_end_a_postal_block(missing: str) -> None:
    text = f"12 Long Street\n Cape Town\n {missing}\n 8001\n\nCheers"
    result = tail(text, "12 Long Street")
    assert text[: result.end].endswith("8001")
    assert (result.places, result.postcodes) == (("Cape Town",), ("8001",))


@pytest.mark.parametrize("postcode", ["96086", "2036"])  # a four-digit one may look like a year
def test_a_region_number_alone_on_its_line_does_not_end_a_postal_block(postcode: str) -> None:
    text = f"23618 Beiteveien 2\nCite Badrani\n, 61\n {postcode}\nThanks"
    result = tail(text, "23618 Beiteveien 2")
    assert text[: result.end].endswith(postcode)
    assert (result.places, result.postcodes) == (("Cite Badrani",), (postcode,))


def test_a_number_with_no_part_that_counts_after_it_is_not_read() -> None:
    assert tail("12 Long Street, 12 people came", "12 Long Street").end == 14


@pytest.mark.parametrize(
    "after",
    [
        "\nQty\n3\nTotal\n1250",  # counts of an invoice after an unknown word
        "\n12\n2024",  # a year is no postcode
        "\n3\n19,99\n59970",  # two numbers in a row
        "\n2\n14500",  # the block had its postcode
        ", 3, 45000 fans",  # mid-line
    ],
)
def test_a_form_s_numbers_after_a_postal_block_are_not_read(after: str) -> None:
    text = f"12 Long Street, 10115 Berlin{after}"
    assert tail(text, "12 Long Street").end == len("12 Long Street, 10115 Berlin")


def test_a_number_and_a_word_after_a_town_without_postcode_are_not_read() -> None:
    text = "12 Long Street, London\nBoxes\n6\nTracking\n998877"
    assert tail(text, "12 Long Street").end == len("12 Long Street, London")


@pytest.mark.parametrize("label", ["London: +44 20 7946 0000", "London : tomorrow"])
def test_a_word_before_a_colon_labels_a_field_and_is_no_place(label: str) -> None:
    text = f"12 Long Street\n{label}"
    assert tail(text, "12 Long Street").end == 14


@pytest.mark.parametrize("place", ["105 63 Athens: closed on Sunday", "London: delivery on Monday"])
def test_a_colon_after_a_postcode_or_mid_line_ends_a_sentence_not_the_address(place: str) -> None:
    text = f"12 Long Street, {place}"
    assert tail(text, "12 Long Street").end == text.index(":")


def test_a_czech_place_near_another_is_one_name() -> None:
    text = "Školní 645\nKámen u Pacova\nBelgium 52241"
    result = read_tail(text, 10, is_place, country_of=country_of)
    assert text[: result.end].endswith("Belgium 52241")
    assert result.places == ("Kámen u Pacova", "Belgium")


def test_a_slash_separates_district_and_city() -> None:
    text = "Bağdat Cad. No: 45, Kadıköy/Tokyo"
    assert tail(text, "Bağdat Cad. No: 45").places == ("Kadıköy", "Tokyo")


@pytest.mark.parametrize(
    "text, street, state_country",
    [
        ("12 Main St, Springfield, IL 62704", "12 Main St", "US"),
        ("Via Roma 8, 20121 Milano MI", "Via Roma 8", None),  # an Italian province
        ("1 Martin Place, Sydney NSW 2000", "1 Martin Place", "AU"),
    ],
)
def test_a_us_state_counts_only_before_a_zip(
    text: str, street: str, state_country: str | None
) -> None:
    assert read_tail(text, len(street), lambda _: True).state_country == state_country


@pytest.mark.parametrize(
    "text, head",
    [
        ("Deliver to Tower 3, Apt 1204, X", "Tower 3, Apt 1204, X"),
        ("Suite 940 99530 X", "Suite 940 99530 X"),
        ("Zone 66, Street 850, Building 12, X", "Zone 66, Street 850, Building 12, X"),
        ("read Chapter 5 X", "X"),  # a word and a number count only before a comma
        ("tel 0612345678, X", "X"),  # a long number is no building number
    ],
)
def test_flats_and_building_numbers_before_the_street(text: str, head: str) -> None:
    assert text[read_head(text, text.index("X")) :] == head


def test_a_known_place_may_follow_a_flat_after_a_mere_space() -> None:
    text = "Bağdat Cad. No: 45 Daire: 3 Tokyo and more"
    result = tail(text, "Bağdat Cad. No: 45")
    assert (text[: result.end], result.places) == ("Bağdat Cad. No: 45 Daire: 3 Tokyo", ("Tokyo",))


@pytest.mark.parametrize(
    "text, street",
    [
        # The street line above a flat, whatever its grammar; the words that
        # announce it stay.
        ("I'll meet you at Parva Domus 8141 Jukić Dam\n Suite 676\n X", "Parva Domus 8141 Jukić Dam"),
        ("Address:   Im Sandbüel 45 Kurbika Stravenue\n Apt. 889\n X", "Im Sandbüel 45 Kurbika Stravenue"),
        ("it is Českého odboje 1735\nApt. 5\nX", "Českého odboje 1735"),
        ("billing address with Rua Saldanha da Gama 1397\n Suite 702\n X", "Rua Saldanha da Gama 1397"),
    ],
)
def test_the_street_line_above_a_flat_starts_the_address(text: str, street: str) -> None:
    unit = min(text.find(word) for word in ("Suite", "Apt") if word in text)
    assert text[read_street_line(text, unit) :].startswith(f"{street}\n")


@pytest.mark.parametrize(
    "text",
    [
        "Invoice for John Smith\n Suite 5\n X",  # no number: a name or a sentence
        "Order 2024 was sent to\n Suite 5\n X",  # the line ends in a word that is no street's
        "Tel: 555 1234\n Suite 5\n X",  # a label ends the run, and a bare number is no street
        "Our offices\nSuite 5, X",
        "Main Street 5, Suite 5, X",  # a flat on the street's own line: read_head's work
    ],
)
def test_lines_that_are_no_street_stay_out(text: str) -> None:
    unit = text.index("Suite")
    assert read_street_line(text, unit) == unit
