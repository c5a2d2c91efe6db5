"""PersonUrlRecognizer alone: profile pages anywhere, any site the text calls someone's own."""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import PersonUrlRecognizer

from . import assert_found, assert_nothing

ENTITY = "URL"
PROFILE = (0.85, 0.95)
CUED = (0.65, 0.75)


@pytest.fixture(scope="module")
def recognizer() -> PersonUrlRecognizer:
    return PersonUrlRecognizer()


@pytest.mark.parametrize(
    "text, expected",
    [
        ("see linkedin.com/in/jane-doe.", [(4, 28, "linkedin.com/in/jane-doe")]),
        ("https://github.com/janedoe/project.", [(0, 34, "https://github.com/janedoe/project")]),
        ("x.com/jd and github.com/features", [(0, 8, "x.com/jd")]),
        ("mastodon.social/@jane", [(0, 21, "mastodon.social/@jane")]),
        ("example.edu/~jdoe/", [(0, 18, "example.edu/~jdoe/")]),
        ("my website is jdoe.dev", [(14, 22, "jdoe.dev", CUED)]),
        ("Ana's blog: ana.example.com/posts.", [(12, 33, "ana.example.com/posts", CUED)]),
        ("her homepage (jdoe.net)", [(14, 22, "jdoe.net", CUED)]),
        # … in the languages the owner is named in, before the site or after it.
        ("mijn portfolio staat op www.fleurdijkstra.nl", [(24, 44, "www.fleurdijkstra.nl", CUED)]),
        ("kolla min blogg sarasvardag.se", [(16, 30, "sarasvardag.se", CUED)]),
        ("il mio sito è rossi-foto.it", [(14, 27, "rossi-foto.it", CUED)]),
        ("blog saya ada di ayuputri.id", [(17, 28, "ayuputri.id", CUED)]),
        # Payment, booking and chat links name their payee, calendar or contact.
        ("pay venmo.com/u/Jane-Doe-12 or paypal.me/jd", [(4, 27, "venmo.com/u/Jane-Doe-12"), (31, 43, "paypal.me/jd")]),
        ("cash.app/$janedoe", [(0, 17, "cash.app/$janedoe")]),
        ("mercado pago link.mercadopago.com.mx/lalohdz ok", [(13, 44, "link.mercadopago.com.mx/lalohdz")]),
        ("UPI: upi://pay?pa=sneha.iyer@okhdfcbank&pn=Sneha%20Iyer", [(5, 55, "upi://pay?pa=sneha.iyer@okhdfcbank&pn=Sneha%20Iyer")]),
        ("book calendly.com/jane-doe/30min.", [(5, 32, "calendly.com/jane-doe/30min")]),
        ("wa.me/447700900123 or m.me/jane.doe", [(0, 18, "wa.me/447700900123"), (22, 35, "m.me/jane.doe")]),
        # Accounts picked by a query parameter, or under an account segment on any site.
        (
            "facebook.com/profile.php?id=100012345678901",
            [(0, 43, "facebook.com/profile.php?id=100012345678901")],
        ),
        (
            "https://api.whatsapp.com/send?phone=447700900123",
            [(0, 48, "https://api.whatsapp.com/send?phone=447700900123")],
        ),
        ("forum.example.org/u/jdoe_99", [(0, 27, "forum.example.org/u/jdoe_99")]),
        ("see site.io/users/1234/jane-doe", [(4, 31, "site.io/users/1234/jane-doe")]),
        # Handles: on a fediverse server, and after the platform's name.
        ("@jane@mastodon.social", [(0, 21, "@jane@mastodon.social")]),
        ("IG: @jane.doe, Discord: jane#1234", [(4, 13, "@jane.doe", CUED), (24, 33, "jane#1234", CUED)]),
        ("my twitter is jane_doe99", [(14, 24, "jane_doe99", CUED)]),
        # A site in a form's or contact card's own field.
        ("Personal Info:\nWebsite:\nhttps://www.example.nl/\n", [(24, 47, "https://www.example.nl/", CUED)]),
        ("Homepage: jdoe.net.", [(10, 18, "jdoe.net", CUED)]),
        # A link the writer says they shared or posted: their files, their post.
        ("I've shared files with you https://www.Example.nl/", [(27, 50, "https://www.Example.nl/", CUED)]),
        ("Just posted a photo: pics.example.com/a1b2.", [(21, 42, "pics.example.com/a1b2", CUED)]),
        # A profile the text also calls someone's own: once per score.
        ("my page: github.com/jd", [(9, 22, "github.com/jd", CUED), (9, 22, "github.com/jd")]),
    ],
)
def test_personal_urls_are_found(
    recognizer: PersonUrlRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, PROFILE)


@pytest.mark.parametrize(
    "text",
    [
        "https://www.bbc.co.uk/news",
        "see linkedin.com/company/acme",
        "github.com/features",
        "my site is down",
        "the website is example.com",
        "I moved my blog to medium.com",
        "mon site est en panne",
        "https://shop.example.com/product?id=12345",  # "id" names an account on a profile page only
        "calendly.com/pricing",
        "my insta is private",
        "a snap decision",
        "email jane@example.com",
        "The website: nice.com is good",  # a field only at the start of a line
        "I posted it on reddit.com",  # a site posted on is somebody else's
        "we shared a table at bistro.example.com",
    ],
)
def test_urls_that_name_nobody_are_not(recognizer: PersonUrlRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
