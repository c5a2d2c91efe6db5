"""Recognize a name written in another script than the text around it: "… and 山下 were", "…, Святополк, …"."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.language import shows_english
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.word_before import (
    PLACE_OR_THING_WORDS,
    THING_TAKERS,
    word_before,
)
from privacy.desensitize.scripts import CASELESS

# A short run of caseless characters with no letter or digit of any script
# glued to it: "Don't go to town, 지후!", "马 and 吴", "太一 had given". Four
# characters hold a Chinese or Korean full name or a Japanese given name.
_CASELESS_RUN = regex.compile(rf"(?<![\p{{L}}\p{{N}}])[{CASELESS}]{{1,4}}(?![\p{{L}}\p{{N}}])")
# One to three capitalized Cyrillic or Greek words, not run on by a number
# (a street and its house: "Αλεξανδρούπολης 133") nor written in capitals
# (a town on an envelope: "ΛΕΥΚΩΣΙΑ").
_CASED_WORD = r"[\p{Cyrillic}\p{Greek}&&\p{Lu}][\p{Cyrillic}\p{Greek}&&\p{Ll}]+"
_CASED_RUN = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}]){_CASED_WORD}(?:[ \t]+{_CASED_WORD}){{0,2}}(?![\p{{L}}\p{{N}}]|[ \t]+\d)",
    regex.V1,
)
_CASELESS_LETTER = regex.compile(rf"[{CASELESS}]")
_CASED_LETTER = regex.compile(r"[\p{Lu}\p{Ll}]")
# Text around caseless characters must be in a cased script: at least this
# many cased letters for each caseless one.
CASED_PER_CASELESS = 4
# Words of the calendar: weekdays ("月曜日", "월요일", "星期一"), which
# messages write in characters as they write names, and any word before a
# time of day ("on Τρίτη morning").
_CALENDAR = regex.compile(r"曜日|요일|星期|礼拜|禮拜")
_TIME_OF_DAY = regex.compile(r"[ \t]+(?i:morning|afternoon|evening|night|noon)(?!\p{L})")


class OtherScriptNameRecognizer(LocalRecognizer):
    """Marks a name written in another script than the text it stands in as a person.

    Where a message is written in one script, a word in another is most
    often the one thing the writer could not put into the first: a person's
    name ("For my take on 伊藤", "They had 6: Ana, Святополк and Климент",
    "says Ράλλης"). The English model never tags it, and a cue rule only sees
    it after a cue. Two cases: a short run of Han, kana or Hangul in text of
    a cased script (several cased letters for each caseless one) or in text
    that reads as English (a list of names may hold more characters than
    letters: "They had 6: Ana, 結衣, 翼, 太一, 結衣 and 篤司"), and
    capitalized Cyrillic or Greek words in text that reads as English (its
    function words say so; a list of names may hold more Cyrillic letters
    than English ones). A run glued to other letters or digits is part of a
    longer word, an address ("上海市…88号") or a number, and a run the
    gazetteer knows is a place, as is one after a word that takes places or
    things ("flew to 東京", "the 愛 character"), the object of a verb that
    takes food, drink or things far more often than people ("I love 寿司",
    "we had 拉面 for lunch": a dish is the other word writers leave in its
    script), a street before its house number, or a weekday ("月曜日",
    "on Τρίτη morning").
    """

    ENTITY = "PERSON"
    # Below the NER model (0.85): a place, an address or a name the model or
    # a rule reads on a longer span wins.
    SCORE = 0.6
    EXPLANATION = "Name in another script than the text around it"

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()
        super().__init__(supported_entities=[self.ENTITY])

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per run, where the text around it is in another script."""
        runs: list[regex.Match[str]] = []
        caseless = len(_CASELESS_LETTER.findall(text))
        if caseless and (
            len(_CASED_LETTER.findall(text)) >= CASED_PER_CASELESS * caseless or shows_english(text)
        ):
            runs += _CASELESS_RUN.finditer(text)
        if _CASED_RUN.search(text) and shows_english(text):
            runs += _CASED_RUN.finditer(text)
        return [
            recognizer_result(self, self.ENTITY, run.start(), run.end(), self.SCORE, self.EXPLANATION)
            for run in runs
            if not self._names_a_place(run.group())
            and not _after_a_place_or_thing_word(text, run.start())
            and not _CALENDAR.search(run.group())
            and not _TIME_OF_DAY.match(text, run.end())
        ]

    def _names_a_place(self, name: str) -> bool:
        return normalize_place_name(name) in self._place_keys or bool(
            self._gazetteer.find_country(name)
        )


def _after_a_place_or_thing_word(text: str, start: int) -> bool:
    """Whether the word before the run takes places or things: "flew to 東京",
    "the 愛 character", "we ate 拉面", "some 烏龍"."""
    return word_before(text, start) in PLACE_OR_THING_WORDS | THING_TAKERS
