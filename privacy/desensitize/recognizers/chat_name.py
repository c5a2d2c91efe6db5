"""Recognize given names typed in lower case in a chat, where they stand as names do:
"sipho and i are bringing the cake", "mhairi are ye coming", "at karen's flat".

A chat typed in lower case gives neither the model nor the capital-letter
rules anything to go on, and the cue recognizer takes a lowercase name only
after a verb of contacting or a statement of one's name. Here a text that is
typed all but wholly in lower case is read word by word: a given name of
the lexicon that is no common or frequent English word, no function word of
a language we weigh, no place and no chat greeting is a person where it
stands as one: opening the message or a clause (an emoji closes one), after
a greeting, a kin word or a word that joins or meets people ("and", "with",
"tell", "see"), before a possessive, or before a verb people do ("says", "is
bringing"). A word no list knows at all (a nickname, a name of a smaller
language) is one only where both sides say so: "at dazza's", "wanjiku says".

An English chat that opens in lower case may carry more capitals (an
address or a plate pasted into it); one in another language may not, since
its own words are unknown here.
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import is_function_word, shows_english
from privacy.desensitize.name_words import ADDRESS_TERMS, ADDRESS_TERMS_AFTER, GREETINGS
from privacy.desensitize.recognizers.cue_pattern import alternation
from privacy.desensitize.recognizers.person_lexicon import WORDS_NO_NAME_IS, NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.public_name import public_names
from privacy.desensitize.recognizers.results import recognizer_result

_WORD = regex.compile(r"(?<![\p{L}\p{N}@./_#-])\p{L}[\p{L}'’-]*")
# At most this share of a chat's words start with a capital: names, "I", a brand.
MAX_CAPITALIZED_SHARE = 0.12
# ...or this share, when its first word is lower case too: an address or a
# plate copied into a lowercase chat brings its capitals with it.
MAX_CAPITALIZED_SHARE_LOWER_START = 0.35
MIN_WORDS = 4

# Greetings, kin and terms of address, and the words that join people, before
# a name: "hey priya", "salam maryam", "pak budi", "tell rohit", "sipho and i",
# "with santi", "cousin bilal".
_CLAUSE_START = r"^|[.!?,:;\n(\p{So}]\uFE0F?"
_GREETING_OR_TERM = f"{alternation(GREETINGS, any_blanks=True)}|{alternation(ADDRESS_TERMS, any_blanks=True)}"


def _before(words: str) -> regex.Pattern[str]:
    """A clause's start, a greeting or term of address, or one of ``words``, right before a name."""
    return regex.compile(
        rf"(?:{_CLAUSE_START}|(?<![\p{{L}}\p{{N}}])(?i:{words}|{_GREETING_OR_TERM})(?![\p{{L}}\p{{N}}]))[ \t]*\Z"
    )


_BEFORE = _before(r"dear|and|&|n|with|w/|for|from|to|tell|ask|call|text|ring|msg|message|dm|ping|see|meet|invite"
                  r"|thanks|thx")
# Where a word the lexicon does not know stands as only a person does: after a
# greeting, a term of address or a word that joins people, and before a
# possessive or a verb of saying or wanting ("zimejaa. wanjiku says", "at
# dazza's new place"). The lexicon lacks many a nickname and a name of a
# smaller language; a foreign word seldom stands between the two.
_BEFORE_UNKNOWN = _before("at|and|with|to|from|tell|ask|call")
_AFTER_UNKNOWN = regex.compile(
    r"['’]s(?!\p{L})|[ \t]+(?:and[ \t]+(?:i|me)|says|said|wants|asked|told|texted|called|owes)(?!\p{L})"
)
# A possessive, a verb people do, or the end of a clause after a name.
_AFTER = regex.compile(
    r"['’]s(?!\p{L})|[ \t]+(?:and[ \t]+(?:i|me)|says|said|is|was|will|can|cant|can't|already|just|wants|asked"
    r"|told|texted|called|coming|bringing|brought|still|owes|changed|booked|sent|paid)(?!\p{L})"
    rf"|[ \t]+(?:{alternation(ADDRESS_TERMS_AFTER, any_blanks=True)})(?![\p{{L}}\p{{N}}])"
    r"|[ \t]*[,!?]|[ \t]*\Z"
)
# Chat greetings, terms of address and short days that the lexicon lists as given names somewhere.
_CHAT_WORDS = frozenset(
    "hej hoi ciao salam selam habibi habibti yaar yalla achi akhi sisi didi kia ora tayo bhai bro sis babe"
    " bestie beshie mate chur lol haha kak abi abla mon tue tues wed thu thur thurs fri sat sun".split()
)
_REACH = 30
_PUBLIC_NAMES = frozenset(name.casefold() for name in public_names())


class ChatNameRecognizer(LocalRecognizer):
    """Lowercase given names where a chat places a name."""

    ENTITY = "PERSON"
    SCORE = 0.6
    EXPLANATION = "Given name typed in lower case where a chat places a name"

    def __init__(self, gazetteer: Gazetteer, lexicon: NameLexicon | None = None) -> None:
        self._gazetteer = gazetteer
        self._lexicon = lexicon or person_name_lexicon()
        super().__init__(supported_entities=[self.ENTITY], name="ChatNameRecognizer")

    def load(self) -> None:
        """Nothing to load: the lexicon is shared and loaded once."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """One result per lowercase given name in a text typed in lower case."""
        words = list(_WORD.finditer(text))
        if not _typed_in_lower_case(text, words):
            return []
        results = []
        for word in words:
            name = regex.sub(r"['’]s\Z", "", word.group())
            start, end = word.start(), word.start() + len(name)
            if self._may_be_a_name(name):
                found = bool(_BEFORE.search(text, max(0, start - _REACH), start) or _AFTER.match(text, end))
            else:
                found = self._unknown_word(name) and bool(
                    _BEFORE_UNKNOWN.search(text, max(0, start - _REACH), start) and _AFTER_UNKNOWN.match(text, end)
                )
            if found:
                results.append(recognizer_result(self, self.ENTITY, start, end, self.SCORE, self.EXPLANATION))
        return results

    def _may_be_a_name(self, word: str) -> bool:
        return self._lexicon.is_given(word) and not self._lexicon.is_common(word) and self._no_other_word(word)

    def _unknown_word(self, word: str) -> bool:
        """A word no list we hold knows: no name, English word, function word, place or
        brand ("chatgpt says", "at ikea's")."""
        return (
            len(word) >= 4
            and not self._lexicon.is_name(word)
            and word not in _PUBLIC_NAMES
            and self._no_other_word(word)
        )

    def _no_other_word(self, word: str) -> bool:
        return (
            word.islower()
            and len(word) >= 3
            and word not in _CHAT_WORDS
            and word not in WORDS_NO_NAME_IS
            and not self._lexicon.is_english(word)
            and not is_function_word(word)
            and not (
                self._gazetteer.find_city(word) or self._gazetteer.find_region(word)
                or self._gazetteer.find_country(word)
            )
        )


def _typed_in_lower_case(text: str, words: list[regex.Match[str]]) -> bool:
    """Whether a text is a chat typed all but wholly in lower case. The looser
    share holds only for English: Indonesian or Turkish chats typed in lower
    case are full of words no list here knows."""
    if len(words) < MIN_WORDS:
        return False
    capitalized = sum(w.group()[:1].isupper() for w in words)
    if capitalized <= MAX_CAPITALIZED_SHARE * len(words):
        return True
    return (
        words[0].group()[:1].islower()
        and capitalized <= MAX_CAPITALIZED_SHARE_LOWER_START * len(words)
        and shows_english(text)
    )
