"""WorldStreetAddressRecognizer alone: a national street grammar, then the parts after it."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import WorldStreetAddressRecognizer
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
    RECORD_COUNTRIES_KEY,
)

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
WITH_PLACE = (0.75, 0.8)
STREET_ONLY = (0.55, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> WorldStreetAddressRecognizer:
    return WorldStreetAddressRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, places, postcodes, postcode_country",
    [
        ("Calle de Alcalá 45, 28014 Madrid", ("Madrid",), ("28014",), None),
        ("Via del Corso 123, 00186 Roma", ("Roma",), ("00186",), None),
        (
            "Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200",
            ("Bela Vista", "São Paulo"),
            ("01310-200",),
            "BR",
        ),
        ("1 Martin Place, Sydney NSW 2000", ("Sydney",), ("2000",), "AU"),  # from the state
        ("12 Long Street, Cape Town, 8001", ("Cape Town",), ("8001",), None),
        (
            "Flat 4B, Prestige Tower, Indiranagar, Bengaluru 560038",
            ("Prestige Tower", "Indiranagar", "Bengaluru"),
            ("560038",),
            None,
        ),
        (
            "1-1-2 Oshiage, Sumida-ku, Tokyo 131-0045",
            ("Sumida-ku", "Tokyo"),
            ("131-0045",),
            "JP",
        ),
        ("Sejong-daero 110, Jung-gu, Seoul", ("Jung-gu", "Seoul"), (), None),
        ("PO Box 123, Wellington", ("Wellington",), (), None),
        ("14 Deansgate, Manchester M3 2BA", ("Manchester",), ("M3 2BA",), "GB"),
        # Written large to small, the places come before the block.
        ("Tokyo-to, Chiyoda-ku, Marunouchi 1-9-1", ("Tokyo", "Chiyoda"), (), None),
    ],
)
def test_whole_addresses_carry_their_places_and_postcodes(
    recognizer: WorldStreetAddressRecognizer,
    text: str,
    places: tuple[str, ...],
    postcodes: tuple[str, ...],
    postcode_country: str | None,
) -> None:
    (result,) = assert_found(recognizer, text, [(0, len(text), text)], ENTITY, WITH_PLACE)
    metadata = result.recognition_metadata
    assert metadata[LOCALITIES_KEY] == places
    assert metadata[POSTCODES_KEY] == postcodes
    assert metadata[POSTCODE_COUNTRY_KEY] == postcode_country
    assert metadata[COUNTRY_KEY] in (None, postcode_country)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Calle Mayor 12", (0, 14, "Calle Mayor 12")),
        ("meet at Rua Augusta 12 today", (8, 22, "Rua Augusta 12")),
        pytest.param(
            "meet at Rua Augusta s/n today",
            (8, 23, "Rua Augusta s/n"),
            marks=pytest.mark.xfail(
                strict=True, reason="the grammar reads s/n, but a match without a digit is dropped"
            ),
        ),
        ("my PO Box 77, thanks", (3, 12, "PO Box 77")),
        # Hungarian possessive and embankment type words, Italian "dalla"
        ("at Árpád fejedelem útja 28 today", (3, 26, "Árpád fejedelem útja 28")),
        ("at Bem rakpart 81 today", (3, 17, "Bem rakpart 81")),
        ("on Csabai kapu 70 today", (3, 17, "Csabai kapu 70")),  # kapu: a gate, and a street's type word
        ("at Nagy Lajos sor 4 today", (3, 19, "Nagy Lajos sor 4")),
        ("at Bajcsy-Zsilinszky sugárút 12 today", (3, 31, "Bajcsy-Zsilinszky sugárút 12")),
        ("at Gozsdu udvar 2 today", (3, 17, "Gozsdu udvar 2")),
        ("at Via dalla Staziun 87 today", (3, 23, "Via dalla Staziun 87")),
        # After a connector, lowercase words inside a French name
        ("at 40 rue des six frères Ruellan", (3, 32, "40 rue des six frères Ruellan")),
        ("di Perum Graha Raya Blok A No. 3 ya", (3, 32, "Perum Graha Raya Blok A No. 3")),  # an estate needs no street
        ("en Av. Juárez 120 Pte. hoy", (3, 22, "Av. Juárez 120 Pte.")),  # the side of the town's axis
        # Ukrainian, Hebrew, Thai and Peruvian type words in Latin letters
        ("at vul. Shevchenka 12 today", (3, 21, "vul. Shevchenka 12")),
        ("at Rehov Herzl 7 today", (3, 16, "Rehov Herzl 7")),
        ("at Soi Ari 4 today", (3, 12, "Soi Ari 4")),
        ("en Jr. Cusco 350 hoy", (3, 16, "Jr. Cusco 350")),
        # Romanian and Polish squares and roundabouts, Malay, Swahili and Filipino streets
        ("la Piața Unirii 3 azi", (3, 17, "Piața Unirii 3")),
        ("przy rondo Daszyńskiego 2 dziś", (5, 25, "rondo Daszyńskiego 2")),
        ("di Lebuh Pantai 12 ya", (3, 18, "Lebuh Pantai 12")),
        ("sa Kalye Real 8 bukas", (3, 15, "Kalye Real 8")),
        ("en la Autopista Norte 24 hoy", (6, 24, "Autopista Norte 24")),
    ],
)
def test_streets_strong_alone_need_no_place(
    recognizer: WorldStreetAddressRecognizer, text: str, expected: tuple[int, int, str]
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, STREET_ONLY)
    assert result.recognition_metadata[LOCALITIES_KEY] == ()


@pytest.mark.parametrize(
    "text",
    [
        "12 Main Street, Tom will call",  # a weak street needs a place or postcode after it
        "calle sin numero",
        "12 Angry Men",
        "14 Deansgate, Manchester",  # a street without a type word needs a postcode
        "Flat 4B",
        # A floor, door or staircase says where inside a building, not that a room is a street.
        "Raum 12, 2. Etage, bitte pünktlich",
        "Salle 12, porte B, pour l'examen",
        "Aula 5, scala B, secondo piano",
        # An estate word makes a block and house an address; without it they are none.
        "Blok C3 sudah penuh, coba Blok D.",
        "The song was No. 5 on the list for weeks.",
        "Perum Bulog menaikkan harga beras minggu ini.",
        "Naik bus Perum Damri nomor 5 ke bandara.",
        "He bought ap. 3 of the lot yesterday.",
        # A law's section, an auction's lot, a fair's stand, though a town follows.
        "See Section 4, Paris Agreement",
        "Lot 3, London auction of silver",
        "Stand 4, Hall B, Berlin",
        "Bus KN 3 Rd closed",  # a coded street needs a town after it
    ],
)
def test_weak_streets_alone_are_not(recognizer: WorldStreetAddressRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text, places",
    [
        # China, in English, pinyin and characters
        ("Room 1203, No. 88 Century Avenue, Pudong New District, Shanghai 200120", None),
        ("No. 10 Jianguomenwai Dajie, Chaoyang District, Beijing", None),
        ("Nanjing West Road No. 1266, Jing'an District, Shanghai", None),
        ("上海市浦东新区世纪大道88号1203室", ("上海市", "上海", "浦东新区", "浦东新")),
        # Czech, Polish, Hungarian, Nordic, Finnish, German and Belgian type words
        ("Václavské náměstí 12, 110 00 Praha 1", ("Praha 1",)),
        ("Vinohradská 25, 120 00 Praha 2, Czech Republic", ("Praha 2", "Czech Republic")),
        ("ul. Siostrzana 48, 30-001 Kraków", ("Kraków",)),
        ("Bécsi utca 35, 1023 Budapest", ("Budapest",)),
        ("35 Pentelis Str., Nicosia", ("Nicosia",)),  # "Str." in English order
        ("92 Vasileos Pavlou str Apt. 921, Limassol", ("Limassol",)),
        ("269 Pireaus Av, Athens", ("Athens",)),
        ("'s-Gravendamseweg 15, 2215 Voorhout", ("Voorhout",)),  # an old Dutch article
        ("'t Goylaan 46, 3525 Utrecht", ("Utrecht",)),
        ("Drottninggatan 12, 111 51 Stockholm", ("Stockholm",)),
        ("Mannerheimintie 5, 00100 Helsinki", ("Helsinki",)),
        ("Karl Johans gate 22, 0159 Oslo", ("Oslo",)),
        ("Musterstraße 12, Wohnung 3, 80331 München", ("München",)),
        # Turkey, Colombia, Morocco, Portugal, Spain
        ("Atatürk Mah. Cumhuriyet Cad. No: 12 D: 5, Kadıköy/İstanbul", ("Kadıköy", "İstanbul")),
        ("Carrera 7 # 71-21, Bogotá", ("Bogotá",)),
        ("Calle 100 # 8A-55, Apto 301, Bogotá, Colombia", ("Bogotá", "Colombia")),
        ("Derb Sidi Bouloukat 12, Marrakech", ("Marrakech",)),
        ("Rua Augusta 45, 2º Esq, 1100-048 Lisboa", ("Lisboa",)),
        ("Avenida da Liberdade 110, 1º Dto, Lisboa", ("Lisboa",)),
        ("C/ Mayor 5, 2º dcha, 28013 Madrid", ("Madrid",)),
        # a floor counted before its word, a building part, an entrance letter, a staircase
        ("Sophienstraße 14, Hinterhaus 2. Etage, 10178 Berlin", ("Berlin",)),
        ("27 rue des Martyrs, bât. B, 3e étage, 75009 Paris", ("Paris",)),
        ("Via dei Mille 48, scala C, interno 7, 80121 Napoli", ("Napoli",)),
        ("Vinohradská 1245/58, 3. patro, byt 12, 120 00 Praha 2", ("Praha 2",)),
        ("Storgatan 17 B, lgh 1102, 411 38 Göteborg", ("Göteborg",)),
        # floors, flats and doors of more countries, and house numbers with a floor or a repeat
        ("Dlouhá 712/14, byt č. 5, 110 00 Praha 1", ("Praha 1",)),
        ("Fredrikinkatu 21 B 14, 00100 Helsinki", ("Helsinki",)),
        ("Aleksanterinkatu 9 as. 4, 00100 Helsinki", ("Helsinki",)),
        ("Dronningens gate 12, 4. etasje, 7011 Trondheim", ("Trondheim",)),
        ("Nørregade 14, 3. tv., 1165 København", ("København",)),
        ("Torstraße 90, 2. OG rechts, 10119 Berlin", ("Berlin",)),
        ("Via Roma 12, 2° piano, 10121 Torino", ("Torino",)),
        ("Carrer de Mallorca 210, 3r 2a, 08008 Barcelona", ("Barcelona",)),
        ("Rambla Nova 30, baixos, 43004 Tarragona", ("Tarragona",)),
        ("Keizersgracht 220-2hg, 1016 DZ Amsterdam", ("Amsterdam",)),
        ("Lange Nieuwstraat 7 bis, 3512 PA Utrecht", ("Utrecht",)),
        ("ul. Piotrkowska 101 m. 8, 90-425 Łódź", ("Łódź",)),
        ("Váci utca 12. 3. em. 4., 1052 Budapest", ("Budapest",)),
        ("Ερμού 10, 3ος όροφος, 105 63 Αθήνα", ("Αθήνα",)),
        ("Götgatan 12, 3 tr, 116 46 Stockholm", ("Stockholm",)),
        ("Oudegracht 40, 2 hoog, 3511 AR Utrecht", ("Utrecht",)),
        ("Wycker Brugstraat 5-C, 6221 EA Maastricht", ("Maastricht",)),
        ("Calle Larios 8, bajo A, 29005 Málaga", ("Málaga",)),
        # Romanian blocks of flats, Brazilian blocks and neighbourhoods, the
        # side of a Mexican town's axis, Indonesian wards and districts
        ("Str. Florilor nr. 5, bl. C2, sc. B, et. 4, ap. 17, 400394 Cluj-Napoca", ("Cluj-Napoca",)),
        ("Bd. Unirii 5, bl. 3, ap. 22, sector 3, București", ("sector 3", "București")),
        (
            "Rua das Acácias, 210, bloco 2, ap. 904, bairro Centro, Curitiba - PR, 80010-000",
            ("bairro Centro", "Curitiba"),
        ),
        ("Calle Morelos 45 Ote., Col. Centro, 44100 Guadalajara, Jal.", ("Centro", "Guadalajara")),
        ("Av. Juárez 120 Sur, Col. Centro, 83000 Hermosillo, Son.", ("Centro", "Hermosillo")),
        (
            "Jl. Mawar No. 7, RT 002/RW 011, Kel. Cilandak, Kec. Pasar Minggu, Jakarta Selatan 12560",
            ("Cilandak", "Pasar Minggu", "Jakarta Selatan"),
        ),
        ("Jl. Melati Blok C3 No. 8, Bandung 40162", ("Bandung",)),  # a block before the house
        ("Perumahan Bumi Indah Blok F7 No. 12, Tangerang 15810", ("Tangerang",)),
        ("Perum Graha Raya Blok A No. 3, Kab. Bogor", ("Bogor",)),
        ("Komplek Taman Duta No. 5, Depok", ("Depok",)),
        ("Pannónia utca 37. IV. em. 2., 1136 Budapest", ("Budapest",)),
        # Gulf addresses: towers, flats and villas, often without a street
        ("Tower 3, Apt 1204, Dubai Marina, Dubai, UAE", ("Dubai Marina", "Dubai")),
        ("Villa 12, Street 5, Al Barsha 1, Dubai", ("Street 5", "Al Barsha 1", "Dubai")),
        ("Villa 9, Street 23B, Al Barsha 2, Dubai", ("Street 23B", "Al Barsha 2", "Dubai")),  # a lettered number
        # Plots, allotments and lots of African and Pacific towns; a name joined by an en dash
        ("Plot 1127, Block 244, Kisaasi–Kyanja Rd, Kampala", ("Kisaasi–Kyanja Rd", "Kampala")),
        ("Allotment 12, Section 403, Hohola, Port Moresby", ("Section 403", "Hohola", "Port Moresby")),
        ("Section 42, Lot 17, Eriku, Lae", ("Eriku", "Lae")),
        # Swahili "of" inside a part; a street named by a district's letters and a number
        ("Plot 221, Mtaa wa Mafia, Kariakoo, Ilala, Dar es Salaam", None),
        ("KG 548 St, House 12, Kacyiru, Gasabo, Kigali", ("Kacyiru", "Gasabo", "Kigali")),
        # A part placed by a landmark or a main road; a house's number after "H/No."
        ("Hse 14, Kabarnet Gardens, off Ngong Rd, Nairobi", None),
        ("H/No. 22 Mango Tree Lane, near Darkuman Junction, Accra", None),
        ("12 Ladipo Oluwole Street, off Adeniyi Jones, Ikeja", None),
        # Australia and North America, flat first or after the street
        ("Unit 5/12 Smith Street, Fitzroy VIC 3065", ("Fitzroy",)),
        ("123 Main St Apt. 4, Springfield, IL 62704", ("Springfield",)),
    ],
)
def test_addresses_of_more_countries_are_read_whole(
    recognizer: WorldStreetAddressRecognizer, text: str, places: tuple[str, ...] | None
) -> None:
    results = recognizer.analyze(text, [ENTITY])
    longest = max(results, key=lambda r: r.end - r.start)
    assert (longest.start, longest.end) == (0, len(text))
    if places is not None:
        assert longest.recognition_metadata[LOCALITIES_KEY] == places


@pytest.mark.parametrize(
    "text",
    [
        # name / street / flat / town nobody knows / country and postcode, one a line
        "42 Elm Street\nApt 3B\nSmallville\nUnited Kingdom SW1A 1AA",
        "0189 Rue des Buissons 386\n Suite 559\n Runkelen\n Belgium 65601",
        "Skogarlond 53\n Apt. 177\n Himmiste\n\n Estonia 51162",
        "Suite 940 99530 Martin Linges veg 149\nHEIMDAL 7072",
        # A street line of no known grammar above the flat's line.
        "Parva Domus 8141 Jukić Dam\n Suite 676\n San Gregorio de Polanco\n Uruguay 62500",
        "Ibirapita 8057 Armendáriz Light\n Suite 516\n Dolores\n Uruguay 18162",
    ],
)
def test_postal_blocks_are_read_to_their_last_line(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    results = recognizer.analyze(f"{text}\n\nThanks, see you", [ENTITY])
    longest = max(results, key=lambda r: r.end - r.start)
    assert (longest.start, longest.end) == (0, len(text))


@pytest.mark.parametrize(
    "text, country",
    [
        ("0189 Rue des Buissons 386\n Runkelen\n Belgium 65601", "BE"),
        ("Tower 3, Apt 1204, Dubai Marina, Dubai, UAE", "AE"),
        ("Via Montenapoleone 8, 20121 Milano MI", None),  # a province code, not Michigan
    ],
)
def test_a_named_country_is_the_strongest_hint(
    recognizer: WorldStreetAddressRecognizer, text: str, country: str | None
) -> None:
    results = recognizer.analyze(text, [ENTITY])
    longest = max(results, key=lambda r: r.end - r.start)
    assert longest.recognition_metadata[COUNTRY_KEY] == country
    assert longest.recognition_metadata[POSTCODE_COUNTRY_KEY] == country


@pytest.mark.parametrize(
    "text",
    ["PSC 1234, Box 5678, APO AE 09876", "Unit 2000 Box 8062\nDPO AE 21369", "USS Nimitz\nFPO AP 96620"],
)
def test_military_mail_is_an_address_without_a_place(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    (result,) = assert_found(recognizer, text, [(0, len(text), text)], ENTITY, STREET_ONLY)
    assert result.recognition_metadata[LOCALITIES_KEY] == ()


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # Japanese blocks, Korean roads and Thai houses in their own scripts, large to small.
        ("〒150-0001 東京都渋谷区神宮前3-2-1 ハイツ青山201", "東京都渋谷区神宮前3-2-1 ハイツ青山201"),
        ("大阪市北区梅田1丁目2番3号に住んでいます", "大阪市北区梅田1丁目2番3号"),
        ("저는 서울특별시 강남구 테헤란로 152에 살아요", "서울특별시 강남구 테헤란로 152"),
        ("배송지: 해운대구 해운대해변로 27, 303동 1504호 입니다", "해운대구 해운대해변로 27, 303동 1504호"),
        ("บ้านเลขที่ 99/12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่ 50200 ครับ", "99/12 หมู่ 3 ต.สุเทพ อ.เมือง จ.เชียงใหม่ 50200"),
    ],
)
def test_addresses_in_their_own_scripts(recognizer: WorldStreetAddressRecognizer, text: str, address: str) -> None:
    start = text.index(address)
    results = recognizer.analyze(text, [ENTITY])
    assert max((r.start, r.end) for r in results) == (start, start + len(address))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        # Post-Soviet towns before the street, a district's name with a number,
        # a flat after the house number without the house word.
        ("Сдаётся: г. Алматы, мкр. Самал-2, д. 58, кв. 34. Звоните", "г. Алматы, мкр. Самал-2, д. 58, кв. 34"),
        ("м. Харків, просп. Героїв Харкова, 214, кв. 88", "м. Харків, просп. Героїв Харкова, 214, кв. 88"),
        # A Dutch "bis", Latvian avenues and flats, an Estonian "tn".
        ("Bezorgadres: Oudegracht 271-bis, 3511 PA Utrecht", "Oudegracht 271-bis, 3511 PA Utrecht"),
        ("Izīrē: Brīvības gatve 214, dz. 48, Rīga, LV-1039.", "Brīvības gatve 214, dz. 48, Rīga, LV-1039"),
        ("Elukoht: Riia tn 48-12, 51010 Tartu", "Riia tn 48-12, 51010 Tartu"),
    ],
)
def test_streets_of_more_countries_are_read_with_their_towns_and_flats(
    recognizer: WorldStreetAddressRecognizer, text: str, address: str
) -> None:
    start = text.index(address)
    results = recognizer.analyze(text, [ENTITY])
    assert (start, start + len(address)) in {(r.start, r.end) for r in results}


@pytest.mark.parametrize(
    ("text", "places", "country"),
    [
        ("東京都渋谷区神宮前3-2-1", ("東京都", "東京", "渋谷区", "渋谷"), "JP"),
        ("上海市浦东新区世纪大道88号1203室", ("上海市", "上海", "浦东新区", "浦东新"), None),
        ("서울특별시 강남구 테헤란로 152", ("서울특별시", "서울", "강남구", "강남"), "KR"),
        # A road's name is no place, though a province shares it: "ถ. เชียงใหม่".
        ("45 ถ. เชียงใหม่ แขวงคลองเตย เขตคลองเตย กรุงเทพฯ 10110", ("คลองเตย", "คลองเตย", "กรุงเทพฯ", "กรุงเทพ"), "TH"),
    ],
)
def test_an_address_in_characters_names_its_places_within_it(
    recognizer: WorldStreetAddressRecognizer, text: str, places: tuple[str, ...], country: str | None
) -> None:
    (result,) = recognizer.analyze(text, [ENTITY])
    assert result.recognition_metadata[LOCALITIES_KEY] == places
    assert result.recognition_metadata[COUNTRY_KEY] == country


@pytest.mark.parametrize(
    "text",
    [
        "価格は3-2-1です",  # block numbers with no ward or town before them
        "테헤란로 152번 버스",  # a road and a number with no district: a bus
        "ราคา 99 บาท ที่ถนน",  # a price, one road word
        "친구 집으로 3시에 갔다.",  # a friend, the particle "으로", a time
        "연구 결과로 2023년에 발표했다",  # a number with its counter
        "株式市場は3-5%下落した。",  # a market's share: two numbers
        "都市部で1-2割の人が",
    ],
)
def test_numbers_in_those_scripts_need_the_address_words(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


def test_a_ghana_digital_address_is_in_ghana(recognizer: WorldStreetAddressRecognizer) -> None:
    (result,) = assert_found(
        recognizer, "my digital address is GA-183-8164", [(22, 33, "GA-183-8164")], ENTITY,
        STREET_ONLY,
    )
    assert result.recognition_metadata[COUNTRY_KEY] == "GH"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("at Upco Inc., 71248 Köie 53, Sagariste", (14, 38, "71248 Köie 53, Sagariste")),
        ("Univar Inc., 053 Melum 50, Finnbogastaðir.", (13, 41, "053 Melum 50, Finnbogastaðir")),
    ],
)
def test_a_building_number_before_and_a_town_after_vouch_for_a_name_and_number(
    recognizer: WorldStreetAddressRecognizer, text: str, expected: tuple[int, int, str]
) -> None:
    (result,) = assert_found(recognizer, text, [expected], ENTITY, WITH_PLACE)
    # The town is taken with the address, so that no level leaves it beside it.
    assert result.recognition_metadata[LOCALITIES_KEY] == (expected[2].split(", ")[-1],)


@pytest.mark.parametrize(
    "text, value",
    [
        ("his address: 20718 93 Zeas Pasalimani, Piraeus", "20718 93 Zeas Pasalimani, Piraeus"),
        ("Ship to: 10431 25 Ermou, Athens", "10431 25 Ermou, Athens"),
        # A town nobody lists, and no English word, taken with the address.
        ("his address: 23573 2505 Heatherleigh, Cooksville", "23573 2505 Heatherleigh, Cooksville"),
        ("at N FIELD Co.Ltd., 7935 69 Av Sidi Lakhmi, Tunis", "7935 69 Av Sidi Lakhmi, Tunis"),
        # A flat after the name stands for the rest of the address.
        ("I once lived in 626 30 N. Stadion Suite 198 Larnaka. Now in Lima", "626 30 N. Stadion Suite 198"),
        ("Address:     2936 42 Gladstonos Apt. 540 Geri Nicosia", "2936 42 Gladstonos Apt. 540"),
        # The address word on the line above, heading the block with a colon.
        ("here's her address:\n\n1382 262 Pavlou Drandaki Suite 281 Limassol", "1382 262 Pavlou Drandaki Suite 281"),
        # With no address word before: a flat and a known town after it.
        ("Office: 74205 81 Chalkokondili Suite 310, Limassol", "74205 81 Chalkokondili Suite 310, Limassol"),
        ("Office: 8369 58 Machiton Scholis Apt. 513 Limassol", "8369 58 Machiton Scholis Apt. 513"),
    ],
)
def test_a_building_and_a_house_number_before_a_name_start_an_address(
    recognizer: WorldStreetAddressRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, (STREET_ONLY[0], WITH_PLACE[1]))


@pytest.mark.parametrize(
    "text",
    [
        # Two numbers and a name, with no more of an address after them.
        "I moved to 300 12 Monkeys.",
        "The score went to 112 108 Lakers, a close game.",
        "Tickets: 250 30 Seconds To Mars, 120 Muse",
        "We won in 2019 3 Grammys, Paris.",  # a year is no building number
        "Shipped 400 12 Pack Cases to Paris.",  # not where an address starts
        "Prices: 220 16 GB Phones, 300 32 GB Phones.",  # a size, not a name
        # Counts, scores and sizes: the name opens with an English word, or no
        # known town, postcode or flat follows.
        "Prices: 220 16 Blue Phones, Samsung.",
        "Meet at 1530 2 Ladies, Paris.",
        "Resolution: 2560 1440 Pixels, Dell.",
        "Charts: 500 10 Greatest Hits Top 5",
        "Order: 1500 2 Double Rooms No 4",
        "Gallery, 1350 12 Oil Paintings, Oslo.",
        "Menu: 120 2 Kebabs, Fresh.",  # an English word is no town
        # A stock, score or ranking line: no postcode, no street word in the
        # name and no address word before it.
        "Points: 11245 1 Djokovic, Serbia",
        "Stock: 1200 24 Nokia, Finland",
        "Final: 112 104 Knicks, Boston next week.",
        "Orders: 220 16 Lenovo Suite 3",
        "Shipment: 240 12 Bosch Unit 3",
        "Units moved to 550 30 Ikea Flat 2",
        "Windows 11, London",  # a name and a number need a postcode, country or flat after them
        "Results, 2019 Model 11, London.",  # a year is no building number
        "Results, 20 Chelsea 3, Arsenal.",  # two digits: a score, not a building
        "Final: Celtics 112 Lakers 108, Boston.",  # a number inside prose is no building's
        "Bus 180 Stop 4, Downtown.",
        "We sold 20 Tickets, Germany wins",
        "Buy 12 Eggs Box 4",
        "Chapter 3, Paris is lovely",
        "Lufthansa gate 22",  # "gate" needs an address part after it
        "the Fire Brigade 5",
        # A count, a number, a name and a flat, then a known place that opens a
        # sentence rather than ending the line: a log, not an address.
        "Hotel bookings: 1450 2 Marriott Suite 12 Paris next week",
        "Stock: 3200 48 Bosch Unit 9 Stuttgart plant",
        "Our stock is at 1200 24 Nokia, Finland",  # "is at" cues an initial only
        "Send the stock list:\n1200 24 Nokia, Finland",  # only "address" or "ship to" heads a block
        # A stadium's gate, a theatre's row, a Canadian regulation.
        "A Puskás Aréna B kapu 3 órakor nyit.",
        "Erkély bal, III. sor 12. szék",
        "The Canadian Aviation Regulations SOR 96-433 apply here.",
    ],
)
def test_names_with_numbers_are_not_streets_alone(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text",
    [
        "> 0710 Luetzowplatz 90\n> Suite 319\n> Fließem\n> Germany 44943",  # a quoted block
        "USNS Käyhkö\nFPO AE 09972",  # any US ship
        "the corner of 1356 Impala St and Sara Locks",
        "5687 Nánási út 66. Suite 195, Budapest",  # a Hungarian ordinal house number
        "Trg revolucije 61, 10000 Zagreb",  # lowercase words in a street name
    ],
)
def test_quoted_blocks_ships_corners_and_ordinals(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    results = recognizer.analyze(text, [ENTITY])
    longest = max(results, key=lambda r: r.end - r.start)
    start = 2 if text.startswith("> ") else 0
    assert (longest.start, longest.end) == (start, len(text))


def test_phone_prefixes_and_countries_of_the_record_are_noted(
    recognizer: WorldStreetAddressRecognizer,
) -> None:
    text = "Ring +54 9 11 4123-4567 when at Calle Mayor 5, Córdoba. I fly home to Chile."
    (result,) = recognizer.analyze(text, [ENTITY])
    assert result.recognition_metadata[RECORD_COUNTRIES_KEY] == ("AR", "CL")


@pytest.mark.parametrize(
    "text",
    ["Charge 4111 1111 1111 1111, or not", "Call 020 7946 0958.", "Room 4, 2024"],
)
def test_numbers_run_on_are_no_house_numbers(
    recognizer: WorldStreetAddressRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text, value",
    [
        # A building's name whose last word opens with a flat's word is no flat "s".
        ("Flat 2, Priya Towers, 9 Lake Road, Kolkata 700029", "9 Lake Road, Kolkata 700029"),
        ("B-4, Ganga Apartments, 21 Warren Road, Chennai 600004", "21 Warren Road, Chennai 600004"),
    ],
)
def test_a_building_word_is_no_flat_before_a_street(
    recognizer: WorldStreetAddressRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, WITH_PLACE)


@pytest.mark.parametrize(
    "text, value",
    [
        # A house, then a street numbered instead of named.
        ("we live at House 12, 5th Avenue, Gwarinpa", "House 12, 5th Avenue"),
        ("address: house 14-C, street 9, karachi", "house 14-C, street 9"),  # the town for the lowercase reader
        # A Brazilian house number with its thousands' dot; a Singapore unit "#15-04".
        ("Rua Harmonia, nº 1.480, apto 12, São Paulo", "Rua Harmonia, nº 1.480, apto 12, São Paulo"),
        ("8 Marine Parade Road, #11-07, Singapore 449282", "8 Marine Parade Road, #11-07, Singapore 449282"),
    ],
)
def test_numbered_streets_thousands_and_singapore_units(
    recognizer: WorldStreetAddressRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    found = [(r.start, r.end) for r in recognizer.analyze(text, [ENTITY], None)]
    assert (start, start + len(value)) in found
