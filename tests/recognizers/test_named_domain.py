"""NamedDomainRecognizer alone: a web address whose domain spells a person the record names."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import NamedDomainRecognizer

from . import assert_found, assert_nothing

ENTITY = "URL"
SCORES = (0.7, 0.7)


@pytest.fixture(scope="module")
def recognizer() -> NamedDomainRecognizer:
    return NamedDomainRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        # The name in the record as capitalized words, or in an email address.
        ("Julie Moreau, photographe. Site : juliemoreau.fr", [(34, 48, "juliemoreau.fr")]),
        ("escríbeme a lucia.herrero@gmail.com o mira www.luciaherrero.es/obra",
         [(43, 67, "www.luciaherrero.es/obra")]),
        ("Min hjemmeside er https://ida-holm.dk og mailen er ida@ida-holm.dk",
         [(18, 37, "https://ida-holm.dk")]),
        # Two capitalized words of the record written together, names the lexicon lacks too.
        ("CV – Zorbek Ionescuvu, programator. Portofoliu: zorbekionescuvu.ro",
         [(48, 66, "zorbekionescuvu.ro")]),
        # A surname and a trade, the surname spelled by a link of the record.
        ("bitte via paypal.me/manuelbachmann, Fotos auf www.bachmann-fotografie.ch",
         [(46, 72, "www.bachmann-fotografie.ch")]),
    ],
)
def test_a_domain_that_spells_a_name_of_the_record_is_personal(
    recognizer: NamedDomainRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        # A shop named after a surname that no identifier of the record spells.
        "Order at mueller-shop.de please, ask lena.ortiz@example.com",
        "my site is juliemoreau.fr, have a look",  # nobody of that name in the record
        "Julie bought a jacket on calvinklein.com last week",  # a brand named after a person
        "Anna found it on aliexpress.com and booking.com",
        "write to julie.moreau@gmail.com about the invoice",  # an email's domain is no site
        "Julie Moreau reads lemonde.fr every morning",
    ],
)
def test_other_domains_are_not(recognizer: NamedDomainRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
