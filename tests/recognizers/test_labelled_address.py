"""LabelledAddressRecognizer alone: the value of a form's address field, whatever its country's form."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import LabelledAddressRecognizer
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.7, 0.7)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> LabelledAddressRecognizer:
    return LabelledAddressRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, value, town",
    [
        ("Permanent address: Mirobod district, 7-kvartal, house 3, apt 12, Tashkent\nPhone: 1",
         "Mirobod district, 7-kvartal, house 3, apt 12, Tashkent", "Tashkent"),
        ("Home address (tabien baan): 12/7 Moo 4, Tambon Suthep, Chiang Mai 50200",
         "12/7 Moo 4, Tambon Suthep, Chiang Mai 50200", "Chiang Mai"),
        ("Name: A. B.\nGuide address: House No. 41, Lazimpat, Kathmandu-2  Phone: 98",
         "House No. 41, Lazimpat, Kathmandu-2", "Kathmandu"),
        ("Địa chỉ / Address: Số 9, ngõ 12 Láng Hạ, phường Thành Công, Hà Nội",
         "Số 9, ngõ 12 Láng Hạ, phường Thành Công, Hà Nội", "Hà Nội"),
        # Labels in more languages, with lowercase words after the word; three
        # parts ending in a known town need no number.
        ("Address verified: C-4/112, Lajpat Nagar II, New Delhi 110024\nNeighbours: 2",
         "C-4/112, Lajpat Nagar II, New Delhi 110024", "New Delhi"),
        ("Card: 1\nAddress: Yopougon Niangon Sud, Cité SICOGI, bât. C, Abidjan\nInsurance: X",
         "Yopougon Niangon Sud, Cité SICOGI, bât. C, Abidjan", "Abidjan"),
        # A field's value that goes on as a sentence ends at its town.
        ("Your address for the visa letter: #45, St. 310, Khan Chamkarmon, Phnom Penh — please confirm.",
         "#45, St. 310, Khan Chamkarmon, Phnom Penh", "Phnom Penh"),
        ("Alamat kos: Jl. Kaliurang Km 5 No. 12, Yogyakarta 55281. Nama saya Rizky, HP 0857-1122-3344.",
         "Jl. Kaliurang Km 5 No. 12, Yogyakarta 55281", "Yogyakarta"),
        # A full stop inside a field's value, no town before it: the line is read.
        ("Address: Calle Mayor 12. Piso 3, Madrid\nPhone: 1", "Calle Mayor 12. Piso 3, Madrid", "Madrid"),
        # A label inside a sentence, and the words for where one lives.
        ("Vasile Rusu, IDNP 2002001456783, adresa: str. Ismail 86, ap. 31, MD-2001 Chișinău. Suma va fi virată",
         "str. Ismail 86, ap. 31, MD-2001 Chișinău", "Chișinău"),
        ("titulaire de la CNI, demeurant à Villa n°45, Cité Keur Gorgui, Dakar, sollicite la délivrance",
         "Villa n°45, Cité Keur Gorgui, Dakar", "Dakar"),
        ("con DNI 0801, con residencia en Colonia Palmira, casa 2031, Tegucigalpa. Favor presentarse a las 8:00",
         "Colonia Palmira, casa 2031, Tegucigalpa", "Tegucigalpa"),
        ("pour le locataire demeurant à Tokoin Wuiti, rue 214, maison 17, Lomé.\nPropriétaire : Afi",
         "Tokoin Wuiti, rue 214, maison 17, Lomé.", "Lomé."),
        # Labels of more languages; a town after a number the tail does not read
        # as a postcode, or before the street.
        ("Heimilisfang: Laugavegur 54, 101 Reykjavík\nSími: 1", "Laugavegur 54, 101 Reykjavík", "Reykjavík"),
        ("LAKCÍM: 4025 DEBRECEN, PIAC U. 48. 3/12", "4025 DEBRECEN, PIAC U. 48. 3/12", "DEBRECEN"),
        ("Residence: House 88, Group 4, Phum Ou Khcheay, Battambang",
         "House 88, Group 4, Phum Ou Khcheay, Battambang", "Battambang"),
        # Scripts with commas of their own and words without capitals: Arabic,
        # Persian, Ethiopic; Armenian's and Ethiopic's marks after a label; a
        # postcode that names no town, the short word for a town before its name.
        ("العنوان: ٧ شارع النيل، الطابق الثالث، شقة ٥، الدقي، الجيزة\nالهاتف: 1",
         "٧ شارع النيل، الطابق الثالث، شقة ٥، الدقي، الجيزة", "الجيزة"),
        ("آدرس: شیراز، بلوار زند، کوچه ۱۴، پلاک ۳\nتلفن: 1", "شیراز، بلوار زند، کوچه ۱۴، پلاک ۳", "شیراز"),
        ("አድራሻ፡ ባሕር ዳር፣ ቀበሌ 04፣ የቤት ቁጥር 221\nስልክ፡ 1", "ባሕር ዳር፣ ቀበሌ 04፣ የቤት ቁጥር 221", "ባሕር ዳር"),
        ("Հասցե՝ ք. Գյումրի, Շիրակացի փ. 12, բն. 3, 3101\nՀեռ՝ 1",
         "ք. Գյումրի, Շիրակացի փ. 12, բն. 3, 3101", "Գյումրի"),
        ("முகவரி: இல. 21, கோவில் தெரு, மதுரை\nதொலைபேசி: 1", "இல. 21, கோவில் தெரு, மதுரை", "மதுரை"),
    ],
)
def test_a_form_address_field_is_read_whole(
    recognizer: LabelledAddressRecognizer, text: str, value: str, town: str
) -> None:
    start = text.index(value)
    (result,) = assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)
    assert town in result.recognition_metadata[LOCALITIES_KEY]


@pytest.mark.parametrize(
    "text",
    [
        "Email address: nina.k@example.com, backup n.k@example.org",
        "IP address: 10.0.0.1, 10.0.0.2",
        "Address: same as above, 2nd page",
        "Address: Baker Street, London",  # no number
        "Address: 12 Main Road",  # one part: the street grammars' to read
        "Residence permit: RP-4481923, valid 2027",  # a document's number
        "Cím: A Pál utcai fiúk, 1906",  # Hungarian "cím" is a book's title too
        "Artist in residence: Jane Doe, 2019-2020",
        "住所：未定（2024年に決定予定）",  # no unit of an address: "to be decided in 2024"
        "Please address: the 3 points, in order",  # the verb
        "Keynote address: Prof. Jane Doe, 09:30, Main Hall",  # a speech
        "Fault address: 0x00000000, code 11",  # a memory address
        "Address: 10.0.0.5, 255.255.255.0",  # a network's
        "Public address: 12 speakers, 2 amps",
        # Inside a sentence, only an address whose parts end in a known town or postcode.
        "we discussed the address: 3 items, 2 open questions, next steps",
        "my email address: nina@example.com, thanks",
        "demeurant à la même adresse, 12 ans, célibataire",
        "Eventi: residente en Madrid, Barcelona, Sevilla y Bilbao.",  # a list of towns
        "The company is sise à Lyon, France, rue 12, Paris.",  # a company's seat
        # "العنوان" is a title as often as an address: without a known town, nothing.
        "العنوان: تقرير المبيعات، الربع الثالث، 2024\nالمؤلف: قسم التسويق",
        "العنوان: مدن الملح، الجزء ٣، بيروت ١٩٨٤",  # a book's title naming its town
        "عنوان: کتاب سال، جلد ۳، ۱۴۰۲",  # Persian: "title: yearbook, volume 3, 1402"
        "የኢሜይል አድራሻ፡ በኋላ፣ 2 ቀን",  # an email address, in Amharic
    ],
)
def test_other_fields_are_not(recognizer: LabelledAddressRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize(
    "text, value",
    [
        ("כתובת: רחוב הרצל 15, רמת ישי\nטלפון: 1", "רחוב הרצל 15, רמת ישי"),
        ("ठेगाना: वडा नं. ४, सुन्दरबजार, लमजुङ\nफोन: 1", "वडा नं. ४, सुन्दरबजार, लमजुङ"),
        ("አድራሻ፡ ቀበሌ 04፣ የቤት ቁጥር 221፣ ወልዲያ\nስልክ፡ 1", "ቀበሌ 04፣ የቤት ቁጥር 221፣ ወልዲያ"),
    ],
)
def test_a_label_that_means_only_an_address_needs_no_known_town(
    recognizer: LabelledAddressRecognizer, text: str, value: str
) -> None:
    """Only Arabic and Persian "عنوان" is a title too: Hebrew, Nepali or
    Amharic labels vouch for their value in a script without capitals, as a
    Latin label does, though its town is too small for the gazetteer."""
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)


@pytest.mark.parametrize(
    "text, value",
    [
        ("住所：東京都渋谷区神宮前3-2-1\n電話: 1", "東京都渋谷区神宮前3-2-1"),
        ("주소: 서울특별시 강남구 테헤란로 152", "서울특별시 강남구 테헤란로 152"),
        ("地址：浙江省杭州市西湖区文三路90号。", "浙江省杭州市西湖区文三路90号"),
        ("ที่อยู่: 45 ซอยสุขุมวิท 36 คลองเตย", "45 ซอยสุขุมวิท 36 คลองเตย"),
    ],
)
def test_a_field_in_a_script_written_without_commas_is_read_whole(
    recognizer: LabelledAddressRecognizer, text: str, value: str
) -> None:
    start = text.index(value)
    assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)


def test_a_value_that_ends_on_a_comma_is_read_without_failing(recognizer: LabelledAddressRecognizer) -> None:
    # Its last comma stripped, the value had no comma left, and an assertion
    # failed the whole record; one part is no field's address either.
    assert recognizer.analyze("Address: 12 Main St., Phone: 555 0100", ["STREET_ADDRESS"]) == []
