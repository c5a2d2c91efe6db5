"""Recognize URLs and handles that name a person: profiles, payment, booking and chat links."""

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

_SCHEME = r"(?:https?://)?(?:www\.|m\.|mobile\.|[a-z]{2}\.)?"
# Sites whose first path segment (after the prefix given) is an account: a
# person's handle, name or number. Social networks, code hosts, payment links
# (a payee), booking pages (whose calendar), chat links (who to write to).
_PROFILE_SITES = (
    # social networks and publishing
    r"(?:linkedin\.com/(?:in|pub)/|(?:twitter|x)\.com/|instagram\.com/|facebook\.com/|fb\.com/"
    r"|threads\.net/@?|tiktok\.com/@|medium\.com/@|youtube\.com/(?:@|c/|user/|channel/)"
    r"|twitch\.tv/|bsky\.app/profile/|about\.me/|behance\.net/|dribbble\.com/|soundcloud\.com/"
    r"|pinterest\.[a-z.]+/|reddit\.com/u(?:ser)?/|flickr\.com/(?:people|photos)/|vimeo\.com/"
    r"|strava\.com/athletes/|linktr\.ee/|patreon\.com/|substack\.com/@|snapchat\.com/add/"
    r"|vk\.com/|ok\.ru/profile/|weibo\.com/(?:u/)?|xing\.com/profile/|quora\.com/profile/"
    r"|researchgate\.net/profile/|orcid\.org/|academia\.edu/|goodreads\.com/user/show/"
    r"|letterboxd\.com/|last\.fm/user/|steamcommunity\.com/(?:id|profiles)/|chess\.com/member/"
    r"|lichess\.org/@/|open\.spotify\.com/user/|producthunt\.com/@|discord\.com/users/"
    # code hosts
    r"|github\.com/|gitlab\.com/|bitbucket\.org/|keybase\.io/|codeberg\.org/"
    r"|stackoverflow\.com/users/|kaggle\.com/"
    # payment links
    r"|venmo\.com/(?:u/)?|account\.venmo\.com/u/|paypal\.me/|paypal\.com/paypalme/|cash\.app/\$?"
    r"|revolut\.me/|monzo\.me/|buymeacoffee\.com/|ko-fi\.com/|wise\.com/pay/me/"
    r"|gofundme\.com/f/|liberapay\.com/|opencollective\.com/"
    r"|link\.mercadopago\.com(?:\.[a-z]{2})?/|mpago\.la/|paystack\.(?:com|shop)/pay/|flutterwave\.com/pay/"
    # booking pages
    r"|calendly\.com/|cal\.com/|savvycal\.com/|tidycal\.com/|zcal\.co/|doodle\.com/bp/"
    r"|meetings(?:-[a-z0-9]+)?\.hubspot\.com/|calendar\.app\.google/|koalendar\.com/e/"
    # chat links
    r"|wa\.me/\+?|t\.me/|telegram\.me/|m\.me/|signal\.me/#?\w*/?|line\.me/ti/p/~?|kik\.me/"
    r"|teams\.microsoft\.com/l/chat/0/0\?users="
    # personal subdomains
    r"|[\w-]+\.substack\.com|[\w-]+\.github\.io|[\w-]+\.wordpress\.com|[\w-]+\.blogspot\.com"
    r"|[\w-]+\.tumblr\.com|[\w-]+\.carrd\.co|[\w-]+\.neocities\.org)"
)
# First path segments of those sites that are pages of the site, not accounts.
_SITE_PAGES = (
    r"(?:about|login|signup|explore|features|pricing|search|settings|help|home|hashtag"
    r"|marketplace|topics|trending|orgs|organizations|enterprise|sponsors|collections"
    r"|company|school|jobs|groups|events|pages|watch|p|reel|reels|share|intent|i|status"
    r"|privacy|terms|legal|policies|blog|docs|support|download|apps?|business|developers"
    r"|careers|security|contact|integrations|resources|customers|product|solutions"
    r"|profile\.php)(?![\w.-])"
)
_PATH = r"(?:/[\w.~%@+=-]*)*"
_PROFILE = regex.compile(
    rf"(?<![\w@/.-]){_SCHEME}{_PROFILE_SITES}(?!{_SITE_PAGES})[\w.%$+-]*[\w]{_PATH}",
    regex.IGNORECASE,
)
_HOST = r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,24}"
# A path segment that says the next one is an account, on any site:
# "/u/jane", "/users/1234/jane", "/profile/jane", "/@jane", "/~jdoe".
_ACCOUNT_SEGMENT = (
    r"(?:u|user|users|profile|profiles|people|person|member|members|author|authors|perfil"
    r"|benutzer|utilisateur|utente|usuario|gebruiker|athletes|channel)/"
)
_HANDLE_PATH = regex.compile(
    rf"(?<![\w@/.-]){_HOST}(?:/[\w.%-]+)*?/(?:@|~|{_ACCOUNT_SEGMENT}@?)\p{{L}}?[\w.%-]*\w{_PATH}",
    regex.IGNORECASE,
)
# A page that picks its account by a query parameter: "facebook.com/profile.php?id=1000…",
# "scholar.google.com/citations?user=AbC", "api.whatsapp.com/send?phone=4477…".
_QUERY_BEFORE = r"\?(?:[\w%-]+=[\w%.-]*&)*?"
_QUERY_AFTER = r"=[\w%+.@-]+(?:&[\w%-]+=[\w%.+@-]*)*"
_ACCOUNT_QUERY = regex.compile(
    rf"(?<![\w@/.-]){_HOST}(?:/[\w.%-]+)*/?{_QUERY_BEFORE}"
    rf"(?:uid|user|user_?id|profile_?id|member_?id|phone|users){_QUERY_AFTER}"
    # "id" alone names an account only on a profile page: "profile.php?id=…".
    rf"|(?<![\w@/.-]){_HOST}(?:/[\w.%-]+)*/(?:profile|user|member|people|account)[\w.%-]*"
    rf"{_QUERY_BEFORE}id{_QUERY_AFTER}"
    # A UPI payment link names its payee's address and name: "upi://pay?pa=jane@okbank&pn=Jane".
    rf"|(?<![\w@/.-])upi://pay{_QUERY_BEFORE}(?:pa|pn){_QUERY_AFTER}",
    regex.IGNORECASE,
)
# Fediverse handles, "@jane@mastodon.social": an account written as an address.
_FEDIVERSE_HANDLE = regex.compile(
    r"(?<![\w@/.])@\p{L}[\w.-]*\w@(?:[\w-]+\.)+[a-z]{2,24}(?![\w.-]*\w)", regex.IGNORECASE
)
# A handle with its platform named before it: "IG: @jane.doe", "my insta is
# jane.doe", "snap jdoe_22", "Discord: jane#1234".
_PLATFORM = (
    r"(?i:instagram|insta|ig|twitter|tiktok|snapchat|snap|telegram|tg|discord|threads"
    r"|bluesky|mastodon|github|twitch|youtube|skype|kik|wechat|line\s+id|handle|username"
    r"|user\s+name|user\s+id)"
)
_HANDLE = r"\p{L}[\w.]*[\w](?:#\d{4})?"
_HANDLE_END = r"(?![\w@.-]*\w)"
# With its "@", after any words: "insta @jane.doe", "find me on TikTok @jdoe".
_CUED_AT_HANDLE = cued(
    _PLATFORM,
    rf"@{_HANDLE}",
    filler=r"(?:\s*(?:is|:|-|–|=|me|at|on))*\s*",
    after=_HANDLE_END,
)
# Without one, right after a colon ("IG: jane.doe"), or after "is" when it
# holds a dot, underscore or digit as handles do ("my insta is jane_doe").
_CUED_BARE_HANDLE = cued(
    _PLATFORM,
    rf"{_HANDLE}",
    filler=r"(?:\s*[:=]\s*|\s+(?:is|-|–)\s+(?=[\w.]*[._\d]))",
    after=_HANDLE_END,
)
# Any URL the writer calls their own (or someone's) site: "my website is jdoe.dev",
# "mijn portfolio staat op …", "min blogg …", "il mio sito è …", "blog saya …",
# "blogum …". A site with no owner named ("the website is …") is anybody's.
_OWNER = (
    r"my|his|her|their|\p{Lu}\p{Ll}+['’]s|mijn|m['’]n|zijn|haar|hun|mein|meine|meinen|sein|seine|ihr|ihre"
    r"|mon|ma|son|sa|mi|su|(?:il|la)\s+(?:mia|mio|sua|suo)|(?:o\s+|a\s+)?(?:meu|minha|seu|sua)"
    r"|min|mitt|mina|hans|hennes|mój|moja|moje|můj|мой|моя|мои"
)
_SITE_WORD = (
    r"website|web\s*site|site|homepage|home\s+page|blog|blogg|blogue|portfolio|portafolio|portfólio|page"
    r"|cv|resume|webseite|seite|site\s+(?:perso|web)|sitio(?:\s+web)?|página|pagina|sito|web|hemsida"
    r"|webbplats|strona|stránka|stránky|сайт|блог"
)
_SITE_CUE = (
    rf"(?i:(?:(?:{_OWNER})\s+(?:personal\s+|persönliche\s+|eigen\s+)?(?:{_SITE_WORD}))"
    r"|(?:blog|website|situs|web)\s+(?:saya|aku|ku)|(?:web\s+)?(?:blogum|sitem|web\s+sitem))"
)
_URL = r"(?:https?://)?(?:[\w-]+\.)+[a-z]{2,24}(?:/[\w.~%@+/-]*)?"
# A form's or contact card's own field for a site, at the start of a line:
# "Website:\nhttps://jdoe.dev", "Homepage: jdoe.net". The card is someone's.
_FIELD_CUE = r"(?i:web\s*site|homepage|home\s+page|web|blog|portfolio)"
_FIELD_SITE = cued(
    _FIELD_CUE,
    _URL,
    filler=r"[ \t]*:[ \t]*(?:\n|\\n)?[ \t]*",
    before=r"(?:(?<![^\n])|(?<=\\n))[ \t]*",
    after=r"(?<![.,])",
)
_CUED_SITE = cued(
    _SITE_CUE,
    _URL,
    # The copulas between owner and address, in the languages above; no "on"
    # of another language ("ma page est sur facebook.com" is the platform's).
    filler=r"(?:\s*(?:is|:|-|at|on|\(|ist|est|es|è|é|är|er|je|jest|staat\s+op|ada\s+di|adalah|это|—))*\s*",
    before="",
    cue_end="",
    after=r"(?<![.,])",
    flags=regex.IGNORECASE,
)
# A link the writer shares or posts as theirs: "I've shared files with you
# https://…", "just posted a photo https://…", "uploaded the video: …". Share
# and post links lead to the writer's files or account, whatever the site;
# a site posted *on* or *to* is somebody else's ("posted it on reddit.com").
_SHARE_CUE = (
    r"(?i:(?:i['’]ve|i\s+have|i|we['’]ve|we\s+have|we|just)\s+(?:just\s+)?"
    r"(?:shared|posted|uploaded|put))"
)
_SHARED_LINK = cued(
    _SHARE_CUE,
    _URL,
    filler=r"(?:[ \t]+(?!(?i:on|onto|to|at|in|into)\b)[\w'’]+){0,5}?[ \t]*[:\-–]?[ \t]+",
    after=r"(?<![.,])",
)
# Words after a platform cue that are no handle: "my insta is private".
_NOT_HANDLES = frozenset(
    "private public down open closed the a an my is not none same below above here there"
    " everyone".split()
)


class PersonUrlRecognizer(CuePatternRecognizer):
    """Marks URLs and handles that lead to a person's account: profiles
    (linkedin.com/in/jane-doe, github.com/janedoe, facebook.com/profile.php?id=…),
    payment and booking links (paypal.me/jdoe, venmo.com/u/jdoe, calendly.com/jdoe),
    chat links (wa.me/4477…, t.me/jdoe), handles under an account segment on any
    site ("/u/jdoe", "/@jane", "/~jdoe"), fediverse handles ("@jane@mastodon.social"),
    handles after the platform's name ("IG: @jane.doe"), sites the text calls
    someone's own, and links the writer says they shared or posted.

    URLs in general are kept: a link to a shop, a paper or a news story tells a
    model what the user cares about and names nobody. A link to an account,
    however, carries the account's name or number, so it is replaced whole.
    Pages of those sites that are not accounts (github.com/features,
    linkedin.com/company/…) stay.
    """

    ENTITY = "URL"
    SCORE = 0.7
    EXPLANATION = "URL that names a person"
    PATTERNS = (_CUED_SITE, _FIELD_SITE, _SHARED_LINK, _CUED_AT_HANDLE, _CUED_BARE_HANDLE)
    SCORE_PROFILE = 0.9

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per personal URL or handle, trailing punctuation excluded."""
        profiles = [
            self.result(start, end, self.SCORE_PROFILE, self.EXPLANATION)
            for pattern in (_PROFILE, _HANDLE_PATH, _ACCOUNT_QUERY, _FEDIVERSE_HANDLE)
            for match in pattern.finditer(text)
            for start, end in self.spans(text, match)
        ]
        return sorted_unique(profiles + self.cued_results(text))

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The URL without the sentence punctuation written after it; no common word as a handle."""
        for start, end in super().spans(text, match):
            end = _trimmed_end(text, start, end)
            if text[start:end].lstrip("@").casefold() not in _NOT_HANDLES:
                yield start, end


def _trimmed_end(text: str, start: int, end: int) -> int:
    """End of a URL without the sentence punctuation written after it."""
    while end > start and text[end - 1] in ".,;:!?)":
        end -= 1
    return end
