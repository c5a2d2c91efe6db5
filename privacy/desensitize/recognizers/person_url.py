"""Recognize URLs that name a person: profile pages, personal sites."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.results import recognizer_result

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
_CUED_SITE = regex.compile(
    rf"{_SITE_CUE}(?:\s*(?:is|:|-|at|on|\())*\s*(?P<url>{_URL})(?<![.,])", regex.IGNORECASE
)


class PersonUrlRecognizer(LocalRecognizer):
    """Marks profile URLs (linkedin.com/in/jane-doe, github.com/janedoe, x.com/jd,
    mastodon.social/@jane) and sites the text calls someone's own.

    URLs in general are kept: a link to a shop, a paper or a news story tells a
    model what the user cares about and names nobody. A profile URL, however,
    carries the account name, so it is replaced whole. Pages of those sites
    that are not accounts (github.com/features, linkedin.com/company/…) stay.
    """

    SCORE_PROFILE = 0.9
    SCORE_CUED = 0.7

    def __init__(self) -> None:
        super().__init__(supported_entities=["URL"])

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per personal URL, trailing punctuation excluded."""
        spans = {
            (m.start(), _trimmed_end(text, m.start(), m.end()), self.SCORE_PROFILE)
            for pattern in (_PROFILE, _FEDERATED)
            for m in pattern.finditer(text)
        }
        spans |= {
            (m.start("url"), _trimmed_end(text, m.start("url"), m.end("url")), self.SCORE_CUED)
            for m in _CUED_SITE.finditer(text)
        }
        return [
            recognizer_result(self, "URL", start, end, score, "URL that names a person")
            for start, end, score in sorted(spans)
        ]


def _trimmed_end(text: str, start: int, end: int) -> int:
    """End of a URL without the sentence punctuation written after it."""
    while end > start and text[end - 1] in ".,;:!?)":
        end -= 1
    return end
