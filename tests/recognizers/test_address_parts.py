"""AddressPartsRecognizer alone: addresses written as parts named by their units' words."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import AddressPartsRecognizer
from privacy.desensitize.recognizers.address_tail import LOCALITIES_KEY

from . import assert_found, assert_nothing

ENTITY = "STREET_ADDRESS"
SCORES = (0.65, 0.65)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> AddressPartsRecognizer:
    return AddressPartsRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, value, town",
    [
        # Arabic, the number before the street; a known town after the units'
        # parts goes with them, a landmark in brackets does not.
        ("نلتقي في بيت العائلة: ٣٠ شارع الجامعة، عمارة ٧، الطابق الرابع، إربد (قرب المسجد).",
         "٣٠ شارع الجامعة، عمارة ٧، الطابق الرابع، إربد", "إربد"),
        # Urdu: the number after the word for "number"; a word of a script
        # without case before the first unit is not taken ("resident").
        ("دستخط کنندہ، مقیم مکان نمبر 9، گلی نمبر 3، بلاک F، فیصل آباد، نے",
         "مکان نمبر 9، گلی نمبر 3، بلاک F، فیصل آباد", "فیصل آباد"),
        # Mongolian and Uzbek: the name before its unit, the number glued on.
        ("Тэмдэглэл.\nХаяг: Сүхбаатар дүүрэг, 8-р хороо, 12-р байр, 45 тоот, Улаанбаатар\nУтас: 1",
         "Сүхбаатар дүүрэг, 8-р хороо, 12-р байр, 45 тоот, Улаанбаатар", "Улаанбаатар"),
        ("Manzil: Samarqand sh., Registon ko'chasi, 5-uy, 2-xonadon. Rahmat",
         "Samarqand sh., Registon ko'chasi, 5-uy, 2-xonadon", "Samarqand"),
        # The word for a town inside its part, a postcode after it.
        ("Manzil: Chilonzor tumani, Toshkent sh. 100115, 5-uy",
         "Chilonzor tumani, Toshkent sh. 100115, 5-uy", "Toshkent"),
        # Parts apart by spaced dashes or semicolons; a district's name between
        # two units; the unit's name between its word and its number.
        ("العنوان المطلوب شقة ٣ - عمارة ٩ - شارع التحرير - الإسكندرية\n",
         "شقة ٣ - عمارة ٩ - شارع التحرير - الإسكندرية", "الإسكندرية"),
        ("Ship to Plot 8; Road 3; Dhaka", "Plot 8; Road 3; Dhaka", "Dhaka"),
        ("لطفا بفرستید به خیابان نرگس ۷، شهرک قدس، کوچه لاله، مشهد. ممنون",
         "خیابان نرگس ۷، شهرک قدس، کوچه لاله، مشهد", "مشهد"),
        # Georgian: the town inside the first unit's part ("მცხოვრები", "resident",
        # before it is no capitalized name, so not taken); Hausa; English of the Caribbean.
        ("მცხოვრები ქ. ქუთაისი, რუსთაველის გამზ. 12, ბინა 4, ითხოვს",
         "ქ. ქუთაისი, რუსთაველის გამზ. 12, ბინა 4", "ქუთაისი"),
        # ("a" is read as the English article: the address starts at "lamba", "number").
        ("yana zaune a Gida mai lamba 12, Titin Sarki, Kano, tun", "lamba 12, Titin Sarki, Kano", "Kano"),
        ("late of Lot 9, Sandy Lane Road, Bridgetown, entered into rest", "Lot 9, Sandy Lane Road, Bridgetown",
         "Bridgetown"),
    ],
)
def test_units_parts_are_an_address(
    recognizer: AddressPartsRecognizer, text: str, value: str, town: str | None
) -> None:
    start = text.index(value)
    (result,) = assert_found(recognizer, text, [(start, start + len(value), value)], ENTITY, SCORES)
    if town is not None:
        assert town in result.recognition_metadata[LOCALITIES_KEY]


@pytest.mark.parametrize(
    "text",
    [
        # Units' words without a number are a flat's description, a clause's words.
        "في الطابق الثاني، شقة جميلة، حي هادئ",
        "للبيع: في الطابق الثاني، شقة جميلة 3 غرف، حي هادئ، عمّان",  # a flat's rooms, not its number
        "Tour: road trip 2 days; village stay; Lagos",
        "The estate, the house, the flat: all sold by 2020.",
        "We drove down the road, past the village, and parked near the house 3 times.",
        # A known town must close the units; one kind of unit is a list, not
        # an address; "واحد" is a course's credit, "ቁጥር" a number.
        "late of Lot 9, Sandy Lane Road, entered into rest",
        "Order for table 4: 2 house salads, 1 house wine, 3 soups.",
        "In the final, lane 4, lane 5 and lane 6 swam under 48 seconds.",
        "Take road 5 for 3 km, then lane 2, village hall on the left.",
        "ریاضی ۱: ۳ واحد، فیزیک ۱: ۲ واحد، شیمی: ۲ واحد",
        "ቁጥር 1፣ ቁጥር 2 እና ቁጥር 3 ተመርጠዋል።",
        # One unit's part alone; long clauses are no parts.
        "Lot 12 goes to auction on 5 May, with the rest.",
        "Phase 2, Block 4 and Sector 7 of the plan were approved in 2023.",
        # A street's or a ward's short word is no town's: "ش. بغداد" is
        # Baghdad Street in Cairo, "Kel." a ward of any town.
        "شقة ٥، ش. بغداد، عمارة ١٢، مصر الجديدة",
        "Gg. Mawar 12, Kel. Bandung",
    ],
)
def test_other_lists_are_no_address(recognizer: AddressPartsRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
