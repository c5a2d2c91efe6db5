"""Recognize given names typed in lower case in a chat, where they stand as names do:
"sipho and i are bringing the cake", "mhairi are ye coming", "at karen's flat".

A chat typed in lower case gives neither the model nor the capital-letter
rules anything to go on, and the cue recognizer takes a lowercase name only
after a verb of contacting or a statement of one's name. Here a text that is
typed all but wholly in lower case is read word by word: a given name of
the lexicon that is no common or frequent English word, no function word of
a language we weigh, no place and no chat greeting is a person where it
stands as one: opening the message or a clause, after a greeting, a kin word
or a word that joins people ("and", "with", "tell"), before a possessive, or
before a verb people do ("says", "is bringing").
"""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import is_function_word
from privacy.desensitize.name_words import ADDRESS_TERMS, ADDRESS_TERMS_AFTER, GREETINGS
from privacy.desensitize.recognizers.person_lexicon import WORDS_NO_NAME_IS, NameLexicon, person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result

_WORD = regex.compile(r"(?<![\p{L}\p{N}@./_#-])\p{L}[\p{L}'’-]*")
# At most this share of a chat's words start with a capital: names, "I", a brand.
MAX_CAPITALIZED_SHARE = 0.12
MIN_WORDS = 4

def _words(words: tuple[str, ...]) -> str:
    """The words as one alternation, the longest first and blanks of any width
    inside, so that "bula vinaka" is read whole before "bula"."""
    return "|".join(regex.escape(w).replace(r"\ ", r"[ \t]+") for w in sorted(words, key=len, reverse=True))


# Greetings, kin and terms of address, and the words that join people, before
# a name: "hey priya", "salam maryam", "pak budi", "tell rohit", "sipho and i",
# "with santi", "cousin bilal".
_BEFORE = regex.compile(
    r"(?:^|[.!?,:;\n(]|(?<![\p{L}\p{N}])(?i:dear|and|&|n|with|w/|for|from|to|tell|ask|call|text|ring|msg|message"
    rf"|dm|ping|{_words(GREETINGS)}|{_words(ADDRESS_TERMS)})(?![\p{{L}}\p{{N}}]))[ \t]*\Z"
)
# A possessive, a verb people do, or the end of a clause after a name.
_AFTER = regex.compile(
    r"['’]s(?!\p{L})|[ \t]+(?:and[ \t]+(?:i|me)|says|said|is|was|will|can|cant|can't|already|just|wants|asked"
    r"|told|texted|called|coming|bringing|brought|still|owes|changed|booked|sent|paid)(?!\p{L})"
    rf"|[ \t]+(?:{_words(ADDRESS_TERMS_AFTER)})(?![\p{{L}}\p{{N}}])"
    r"|[ \t]*[,!?]|[ \t]*\Z"
)
# Chat greetings and terms of address that the lexicon lists as given names somewhere.
_CHAT_WORDS = frozenset(
    "hej hoi ciao salam selam habibi habibti yaar yalla achi akhi sisi didi kia ora tayo bhai bro sis babe"
    " bestie beshie mate chur lol haha kak".split()
)
_REACH = 30


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
        if len(words) < MIN_WORDS or sum(w.group()[:1].isupper() for w in words) > MAX_CAPITALIZED_SHARE * len(words):
            return []
        results = []
        for word in words:
            name = regex.sub(r"['’]s\Z", "", word.group())
            end = word.start() + len(name)
            if not self._may_be_a_name(name):
                continue
            if _BEFORE.search(text, max(0, word.start() - _REACH), word.start()) or _AFTER.match(text, end):
                results.append(recognizer_result(self, self.ENTITY, word.start(), end, self.SCORE, self.EXPLANATION))
        return results

    def _may_be_a_name(self, word: str) -> bool:
        lexicon = self._lexicon
        return (
            word.islower()
            and len(word) >= 3
            and word not in _CHAT_WORDS
            and word not in WORDS_NO_NAME_IS
            and lexicon.is_given(word)
            and not lexicon.is_common(word)
            and not lexicon.is_english(word)
            and not is_function_word(word)
            and not (
                self._gazetteer.find_city(word) or self._gazetteer.find_region(word)
                or self._gazetteer.find_country(word)
            )
        )
