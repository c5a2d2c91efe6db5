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
    ],
)
def test_urls_that_name_nobody_are_not(recognizer: PersonUrlRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)
