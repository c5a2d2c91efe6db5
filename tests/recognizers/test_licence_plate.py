"""LicencePlateRecognizer alone: unmistakable national formats anywhere, any plate after a cue."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import LicencePlateRecognizer

from . import assert_found, assert_nothing

ENTITY = "LICENSE_PLATE"
SHAPE = (0.55, 0.65)
CUED = (0.8, 0.9)


@pytest.fixture(scope="module")
def recognizer() -> LicencePlateRecognizer:
    return LicencePlateRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Seen it: AB12 CDE.", [(9, 17, "AB12 CDE")]),  # United Kingdom
        ("Parked the AB-123-CD outside", [(11, 20, "AB-123-CD")]),  # France
        ("the AB123CD part", [(4, 11, "AB123CD")]),  # Italy
        ("Dutch one 12-ABC-3 here", [(10, 18, "12-ABC-3")]),  # Netherlands
        ("Brazil ABC1D23 car", [(7, 14, "ABC1D23")]),  # Brazil
        ("the 1-ABC-123 towed", [(4, 13, "1-ABC-123")]),  # Belgium
        ("the AA-00-AA van", [(4, 12, "AA-00-AA")]),  # Portugal
        ("seen MH 12 AB 1234 gone", [(5, 18, "MH 12 AB 1234")]),  # India
        ("Машина с номером А482ВС 116 стоит", [(17, 27, "А482ВС 116")]),  # Russia
        ("34 ABC 482 plakalı aracım", [(0, 10, "34 ABC 482")]),  # Turkey, before its word for plate
        ("car is white vios 51F-123.45, driver", [(18, 28, "51F-123.45")]),  # Vietnam
        ("xe mình biển 29B1-417.82 hôm trước", [(13, 24, "29B1-417.82")]),
        ("Tài xế: anh Tùng, xe 29-B1 482.17", [(21, 33, "29-B1 482.17")]),
        ("Vehicle: 粤B·8K2L9 (hotel parking B2)", [(9, 17, "粤B·8K2L9")]),  # China, its middle dot
        ("车位登记京A·7K418被拖走了", [(4, 12, "京A·7K418")]),  # between words, as Chinese writes
        ("车牌京A12345被拖走了", [(2, 9, "京A12345", CUED)]),  # after its word for plate, any separator
        ("我的车牌是苏E-8K2L9", [(5, 13, "苏E-8K2L9", CUED)]),
        ("车牌号码为：京A12345", [(6, 13, "京A12345", CUED)]),
        ("车牌号码： 粤B12345", [(6, 13, "粤B12345", CUED)]),  # a blank after the colon
        ("车牌号码（粤B12345）", [(5, 12, "粤B12345", CUED)]),  # in brackets
        ("车牌号码【粤B12345】", [(5, 12, "粤B12345", CUED)]),
        ("车牌号码 : 粤B12345", [(7, 14, "粤B12345", CUED)]),  # a blank before the colon
        ("Numer rejestracyjny KR 4X812", [(20, 28, "KR 4X812", CUED)]),
        ("motor saya plat B 2817 TKA dicuri", [(16, 26, "B 2817 TKA", CUED)]),
        ("SPZ: 1A2 3456", [(5, 13, "1A2 3456", CUED)]),
        ("plaka 34 ABC 123", [(6, 16, "34 ABC 123", CUED)]),
        ("licence plate 7ABC123", [(14, 21, "7ABC123", CUED)]),
        ("my plate is 6XYZ 789", [(12, 20, "6XYZ 789", CUED)]),
        ("Kennzeichen: B-AB 1234", [(13, 22, "B-AB 1234", CUED)]),
        ("number plate is CA 123-456", [(16, 26, "CA 123-456", CUED)]),
        # A shape after a cue is one plate, at the cued score.
        ("Spain plate 1234 BCD", [(12, 20, "1234 BCD", CUED)]),
        # Cues inflected or abbreviated.
        ("Nr rejestracyjny: KR 7G412", [(18, 26, "KR 7G412", CUED)]),
        # More cue words, and Greek plates in their own capitals.
        ("auto (rekkari BXT-318) on pihalla", [(14, 21, "BXT-318", CUED)]),
        ("leiebil med skilt EK 20931 i dag", [(18, 26, "EK 20931", CUED)]),
        ("nr rej. KR 12345 do sprzedania", [(8, 16, "KR 12345", CUED)]),
        ("με πινακίδα ΝΙΚ-2241 στο πάρκινγκ", [(12, 20, "ΝΙΚ-2241", CUED)]),
        ("aracın plakası 06 ABK 742", [(15, 25, "06 ABK 742", CUED)]),
        ("Registreringsnumret: MLB 48K", [(21, 28, "MLB 48K", CUED)]),
        # A car a word or two before a plate-shaped code.
        ("Min bil ABX 27K blev bortbogserad", [(8, 15, "ABX 27K", CUED)]),
        ("Mașina mea, BV 12 XYZ, a fost ridicată", [(12, 21, "BV 12 XYZ", CUED)]),
        ("ajetaan autolla (RTX-482) pohjoiseen", [(17, 24, "RTX-482", CUED)]),
        # Up to six words after the car or a word that only means a plate.
        ("Benim arabamın plakası ruhsatta hatalı görünüyor, aslında 06 FRB 227 olmalı", [(58, 68, "06 FRB 227", CUED)]),
        ("Das Kennzeichen von Papas altem Wagen war damals HH 4821 K", [(49, 58, "HH 4821 K", CUED)]),
        ("Het kenteken van onze caravan staat als 87-XLT-4 op de factuur", [(40, 48, "87-XLT-4", CUED)]),
        ("Auton rekisterinumero on muistaakseni nyt ZKP-318", [(42, 49, "ZKP-318", CUED)]),
        ("Registreringsnumret på husbilen som stod där var TRP 92H", [(49, 56, "TRP 92H", CUED)]),
        ("my car, the grey one outside, is TW 4471 C", [(33, 42, "TW 4471 C", CUED)]),
        # Currency letters before digits open a plate, not a price.
        ("bez samochodu KR 7G412 nie wyjadę", [(14, 22, "KR 7G412", CUED)]),
        # "reg nr" however abbreviated, Mexican "placas", and a plate right before the
        # Hungarian word for plate or after it in its case forms.
        ("parkerat på min plats igen, reg nr KLM 48F. Jag", [(35, 42, "KLM 48F", CUED)]),
        ("reg.nr. ABC 123", [(8, 15, "ABC 123", CUED)]),
        ("Choqué con una camioneta placas JKN-482-B en el", [(32, 41, "JKN-482-B", CUED)]),
        ("Ma reggel az MXK-482 rendszámú autó nekiment", [(13, 20, "MXK-482", CUED)]),
        ("az AA BC-123 forgalmi rendszámú kocsi", [(3, 12, "AA BC-123", CUED)]),
        ("A kocsi rendszáma: ABC-123.", [(19, 26, "ABC-123", CUED)]),
        # Brazil's old shape after a cue; Mercosul's stands alone (above).
        ("meu carro ABC-1234 foi guinchado", [(10, 18, "ABC-1234", CUED)]),
        # Dots and middle dots between groups, one group of six, "reg" alone, a truck or a taxi.
        ("motorbike plate 72-B1 456.78, driver", [(16, 28, "72-B1 456.78", CUED)]),
        ("Third party: plate KD·RT·37, phone", [(19, 27, "KD·RT·37", CUED)]),
        ("Tenant vehicle for the carpark: LMX417", [(32, 38, "LMX417", CUED)]),
        ("a minibus taxi, reg ND 913-204, swerved", [(20, 30, "ND 913-204", CUED)]),
        ("He drives the company truck D 4417 KQB to Bandung", [(28, 38, "D 4417 KQB", CUED)]),
        # A car told by its colour and its make or model; "plates".
        ("if u see a red polo CA 913-402 in the driveway", [(20, 30, "CA 913-402", CUED)]),
        ("look for the blue toyota NKT 77C at the gate", [(25, 32, "NKT 77C", CUED)]),
        ("a grey Toyota RAV4 with plates AB 7105 KT hit me", [(31, 41, "AB 7105 KT", CUED)]),
        # A cue in brackets; the Croatian words for plate; Chilean "patente".
        ("Parking permit for car (SPZ): 7AK 4417", [(30, 38, "7AK 4417", CUED)]),
        ("Registarska oznaka vozila: ZG 5521-KH", [(27, 37, "ZG 5521-KH", CUED)]),
        ("Estacionamiento para patente KXTR-48", [(29, 36, "KXTR-48", CUED)]),
        # The word for vehicle in more languages; vans, buses and bikes; Greek
        # capitals and a six-character group from afar.
        ("Vehicle: ΙΚΥ-4812 (Toyota Yaris)", [(9, 17, "ΙΚΥ-4812", CUED)]),
        ("Placa del vehículo en garantía: PBX-1234", [(32, 40, "PBX-1234", CUED)]),
        ("collect them with the minivan 30 A 418 BC, group", [(30, 41, "30 A 418 BC", CUED)]),
        ("Driver Byron, microbus P-418DKR, +502", [(23, 31, "P-418DKR", CUED)]),
        ("the boda guy has it, his bike is UFB 417K. he's", [(33, 41, "UFB 417K", CUED)]),
        ("we'll drive in Tevita's van HX 418, meet", [(28, 34, "HX 418", CUED)]),
        # "Plate" from afar, a hyphenated word between.
        ("plate on the photo is 123 ABC 02 but", [(22, 32, "123 ABC 02", CUED)]),
        ("Car plate for pick-up: WXY 1234", [(23, 31, "WXY 1234", CUED)]),
        # The words for the car and its registration number in more languages.
        ("Pia gari yangu T 482 DKL nimeiacha pale", [(15, 24, "T 482 DKL", CUED)]),
        ("pojazd sprawcy: WA 4827K, polisa OC", [(16, 24, "WA 4827K", CUED)]),
        ("Toyota Yaris, αρ. εγγραφής KXR 114, από", [(27, 34, "KXR 114", CUED)]),
    ],
)
def test_plates_are_found(recognizer: LicencePlateRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SHAPE)


@pytest.mark.parametrize(
    "text",
    [
        "registration 12345",  # no letter
        "价格 12.50, 订单 SF1870299279659",  # no province before
        # A province's character before a product, a flight or a model, without the plate's dot.
        "全新RTX 4090，现货",
        "明天回京CA1234，下午到",
        "产品型号：青HX3000，",
        "阿里云ECS2024",
        "plate number: ABC",  # no digit
        "plate ABCDEFGHIJK",  # too long
        "model X5 2024",
        "ISO 9001 certified",
        "Ref AB-123-CD-9",  # part of a longer code
        "ab12 cde",
        "The meeting is 10 AM 2024",  # the Turkish shape without its word
        "registration is at 10 AM tomorrow",
        "registration is 10 AM",
        "mit dem Auto nach ICE 597 fahren",  # a train where the car goes
        "hos Bilia kostar en Volvo XC60 589 900 kr",  # a model, too short for a plate
        "the car costs 25 000 EUR",
        # A price or an amount after the car or a plate word.
        "Mein Auto hat damals 14 500 EUR gekostet",
        "bilen såldes förra veckan för SEK 85 000 kontant",
        "arabanın fiyatı şimdi 950 000 TL oldu",
        "Kennzeichen und Versicherung zusammen 1 200 CHF im Jahr",
        # A measure.
        "Das Auto fährt laut Tacho 210 KM pro Stunde",
        "the car has 45 KW and a 2 TB disk",
        # A flight or a train.
        "Parked the car at the airport, then flight BA 2490 to Rome",
        "la voiture au parking, puis le vol AF 1234 de nuit",
        "Auto abgestellt, weiter mit dem Zug RB 4711",
        "left the car in Mainz and took the IC 2034 onwards",
        # A make and model, a model year or a trim.
        "Mein Auto ist ein BMW 320D von 2019",
        "Min bil är en Volvo XC60 T8 från 2021",
        # A make alone is no cue: chassis, engine and trim codes follow it in ads.
        "Toyota Premio NZT 260 for sale Nairobi",
        "Vendo Opel Astra CDTI 110 del 2016",
        "Honda GX 390 water pump",
        # "ute" is Scandinavian "out"; a price is no Vietnamese plate.
        "Er ute på Gardermoen nå, SK 4321 er forsinket",
        "Kingston RAM 16GB 129.99, 32GB 249.99",
        "voiture neuve: Golf GTI 2020 en rouge",
        "Mein Auto hat den sparsamen TDI 150 unter der Haube",
        "Das Auto, ein VW ID.3 in Weiß",
        # A labelled order, booking, ticket or product code.
        "the car rental booking is RNT 48213 for Friday",
        "Auto bestellt, Bestellnummer AB 12345 notiert",
        "la macchina è al parcheggio, biglietto TK 58213",
        # Brazil's old shape alone is a booking code.
        "localizador LOC-8827 confirmado",
        "car at 10 AM 2024 meeting",
        # Before the Hungarian word for plate, a time, a price or a train is none.
        "a 10:30 rendszámú",
        "a 4 500 Ft rendszámú",
        "a IC 2034 rendszámú",
        "placa de video RTX 3080",
        "reg nr 12345",  # no letter
        "the taxi stopped at GPS 31°37'23.5\"N",  # a coordinate's degrees
        "plate size 52.0 x 11.0 cm",  # measures
        "a bottle of red wine 2019 AOC",  # a vintage
        "My white Epson ET-2720 keeps jamming",  # a printer: no car's word after the colour
        "REACH Reg EC 1907/2006",  # a regulation's number runs on after its slash
        "the red booking ref ABX 12345",  # a labelled code
        # Prices after a plate, in the currencies of more countries.
        "Mixed rice plate RM 12.50, teh tarik RM 3.20",
        "a plate of pho, 45K VND",
        "plate of ugali Ksh 1500 only",
        # The Dutch particle "van" before a road's or a company's code.
        "Jan van Dijk woont aan de A12 bij Utrecht",
        "factuur van Bol.com AB12345",
    ],
)
def test_codes_that_are_no_plates_are_not(recognizer: LicencePlateRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
