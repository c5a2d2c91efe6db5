"""Recognize URLs that name a person: profile pages, personal sites."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import (
    CuePatternRecognizer,
    cued,
    sorted_unique,
)

_SCHEME = r"(?:https?://)?(?:www\.|m\.|[a-z]{2}\.)?"
# Sites whose first path segment is an account: a person's handle or name.
_PROFILE_SITES = (
    r"(?:linkedin\.com/(?:in|pub)/|github\.com/|gitlab\.com/|bitbucket\.org/"
    r"|(?:twitter|x)\.com/|instagram\.com/|facebook\.com/|fb\.com/|threads\.net/@?"
    r"|tiktok\.com/@|medium\.com/@|youtube\.com/(?:@|c/|user/)|twitch\.tv/|bsky\.app/profile/"
    r"|t\.me/|about\.me/|keybase\.io/|behance\.net/|dribbble\.com/|soundcloud\.com/"
    r"|pinterest\.[a-z.]+/|reddit\.com/u(?:ser)?/|flickr\.com/(?:people|photos)/"
    r"|strava\.com/athletes/|vimeo\.com/|linktr\.ee/|patreon\.com/|substack\.com/@"
    r"|[\w-]+\.substack\.com|[\w-]+\.github\.io|[\w-]+\.wordpress\.com|[\w-]+\.blogspot\.com)"
)
# First path segments of those sites that are pages of the site, not accounts.
_SITE_PAGES = (
    r"(?:about|login|signup|explore|features|pricing|search|settings|help|home|hashtag"
    r"|marketplace|topics|trending|orgs|organizations|enterprise|sponsors|collections"
    r"|company|school|jobs|groups|events|pages|watch|p|reel|reels|share|intent|i|status"
    r"|privacy|terms|legal|policies|blog|docs|support)(?![\w.-])"
)
_PATH = r"(?:/[\w.~%@+-]*)*"
_PROFILE = regex.compile(
    rf"(?<![\w@/.-]){_SCHEME}{_PROFILE_SITES}(?!{_SITE_PAGES})[\w.%-]*[\w]{_PATH}",
    regex.IGNORECASE,
)
# Handles on federated servers, "mastodon.social/@jane", and home pages under
# a tilde, "example.edu/~jdoe".
_FEDERATED = regex.compile(
    r"(?<![\w@/.-])(?:https?://)?[\w-]+(?:\.[\w-]+)+/(?:@|~)\p{L}[\w.-]*\w" + _PATH,
    regex.IGNORECASE,
)
# Any URL the writer calls their own (or someone's) site: "my website is jdoe.dev".
_SITE_CUE = (
    r"(?i:(?:my|his|her|their|\p{Lu}\p{Ll}+['’]s)\s+(?:personal\s+)?"
    r"(?:website|web\s*site|site|homepage|home\s+page|blog|portfolio|page|cv|resume))"
)
_URL = r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,24}(?:/[\w.~%@+/-]*)?"
_CUED_SITE = cued(
    _SITE_CUE,
    _URL,
    filler=r"(?:\s*(?:is|:|-|at|on|\())*\s*",
    before="",
    cue_end="",
    after=r"(?<![.,])",
    flags=regex.IGNORECASE,
)


class PersonUrlRecognizer(CuePatternRecognizer):
    """Marks profile URLs (linkedin.com/in/jane-doe, github.com/janedoe, x.com/jd,
    mastodon.social/@jane) and sites the text calls someone's own.

    URLs in general are kept: a link to a shop, a paper or a news story tells a
    model what the user cares about and names nobody. A profile URL, however,
    carries the account name, so it is replaced whole. Pages of those sites
    that are not accounts (github.com/features, linkedin.com/company/…) stay.
    """

    ENTITY = "URL"
    SCORE = 0.7
    EXPLANATION = "URL that names a person"
    PATTERNS = (_CUED_SITE,)
    SCORE_PROFILE = 0.9

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per personal URL, trailing punctuation excluded."""
        profiles = [
            self.result(start, end, self.SCORE_PROFILE, self.EXPLANATION)
            for pattern in (_PROFILE, _FEDERATED)
            for match in pattern.finditer(text)
            for start, end in self.spans(text, match)
        ]
        return sorted_unique(profiles + self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The URL without the sentence punctuation written after it."""
        for start, end in super().spans(text, match):
            yield start, _trimmed_end(text, start, end)


def _trimmed_end(text: str, start: int, end: int) -> int:
    """End of a URL without the sentence punctuation written after it."""
    while end > start and text[end - 1] in ".,;:!?)":
        end -= 1
    return end
