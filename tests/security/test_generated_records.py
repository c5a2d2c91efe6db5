"""Records built at random from the pieces the recognizers key on never fail the desensitizer.

A recognizer that raises fails the whole record: "Address: 12 Main St.,
Phone: 555 0100" did (an assertion in the labelled-address reader, whose
value's last comma had been stripped), and no written test had a label's
value end on a comma before the next label. Here a seeded generator mixes
labels of several scripts with every separator, values that end on a comma,
a dot, a bracket or nothing, cue words at the text's end, digits of other
scripts and invisible characters; each record must come back as text.
"""

from __future__ import annotations

import random

import pytest

from privacy.desensitize.desensitizer import Desensitizer, default_desensitizer

SEED = 20261207
RECORDS = 300
LABELS = (
    "Address", "Adres", "Adresse", "Name", "Surname", "Given names", "DOB", "Passport No", "IBAN", "Tel",
    "العنوان", "عنوان", "כתובת", "पता", "ঠিকানা", "住所", "地址", "주소", "ที่อยู่", "Հասցե", "አድራሻ", "Manzil",
)
SEPARATORS = (": ", ":", "：", "՝ ", "፡ ", " - ", "\t", " ")
VALUES = (
    "12 Main St.", "Toshkent sh. 100115", "شقة ٥، عمارة ١٢", "DE88 3704 0044 0532 0130 00", "+44 20 7946 0958",
    "Mary Ann (née", "خالد بن", "ولد  في", "١٢٣٤٥", "१२३४", "๑๒๓", "", "…", "(", "ـ", "\u200b", "Ab-" * 5,
    "ք. Երևան", "ქ. თბილისი", "Kowalska z domu", "geb.", "Nickname", "H2.8", "Showa 63 (1988)",
)
ENDINGS = (",", ".", ", ", "، ", "፣", "，", ";", " | ", "\n", "", ")", "  ")


def _record(draw: random.Random) -> str:
    parts = []
    for _ in range(draw.randint(1, 6)):
        parts.append(draw.choice(LABELS) + draw.choice(SEPARATORS))
        for _ in range(draw.randint(0, 3)):
            parts.append(draw.choice(VALUES) + draw.choice(ENDINGS))
    return "".join(parts)


@pytest.fixture(scope="module")
def desensitizer() -> Desensitizer:
    return default_desensitizer()


def test_generated_records_come_back_as_text(desensitizer: Desensitizer) -> None:
    draw = random.Random(SEED)
    texts = ["Address: 12 Main St., Phone: 555 0100", *(_record(draw) for _ in range(RECORDS))]
    results = desensitizer.desensitize_batch(texts)
    assert len(results) == len(texts)
    assert all(isinstance(result.text, str) for result in results)
