"""The languages a synthetic user writes in: English, and the local languages of the
countries whose people mostly talk to an assistant in their own.

A user who writes French and a neighbour who writes Dutch share a region, its habits
and its places, but hardly a word of template text: a difference a user's own adapter
can learn and a merge of many users dilutes. Each translation keeps every template's
meaning and slots, in the English templates' order, so a test can hold them to it.
Slot words that are everyday vocabulary (weekdays, months, "tomorrow", a habit, a
drink) are said in the user's language; names, brands, places and identifiers stay
as the country writes them (a landmark loses only its English article).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType, ModuleType

from netgpt.synthetic.languages import dutch, english, french, german
from netgpt.synthetic.regions import Region


@dataclass(frozen=True)
class Language:
    code: str
    messages: tuple[str, ...]  # the generic messages, in English's order
    notes: tuple[str, ...]
    tails: tuple[str, ...]
    region_templates: Mapping[str, tuple[str, ...]]  # region name -> its templates; English's are the region's
    when: tuple[str, ...]
    on_day: str  # "on {day}"
    weekdays: tuple[str, ...]  # monday first
    months: tuple[str, ...]
    openers: tuple[str, ...]
    words: Mapping[str, str]  # English habit or vocabulary word -> this language's

    def templates_of(self, region: Region) -> tuple[str, ...]:
        if self.code == "en":
            return region.templates
        return self.region_templates[region.name]

    def weekday(self, english_day: str) -> str:
        return self.weekdays[english.WEEKDAYS.index(english_day)]

    def word(self, english_word: str) -> str:
        return self.words.get(english_word, english_word)

    def landmark(self, name: str) -> str:
        """A local says a landmark's own name without the English article."""
        return name if self.code == "en" else name.removeprefix("the ")


def _language(code: str, module: ModuleType) -> Language:
    return Language(code, module.MESSAGES, module.NOTES, module.TAILS,
                    MappingProxyType(module.REGION_TEMPLATES), module.WHEN, module.ON_DAY, module.WEEKDAYS,
                    module.MONTHS, module.OPENERS, MappingProxyType(module.WORDS))


LANGUAGES: Mapping[str, Language] = MappingProxyType({
    code: _language(code, module)
    for code, module in (("en", english), ("fr", french), ("nl", dutch), ("de", german))
})
