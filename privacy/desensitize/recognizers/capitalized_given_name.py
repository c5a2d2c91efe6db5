"""Recognize a lone given name by its capital letter, in languages that write their nouns in lowercase."""

from __future__ import annotations

import regex
from presidio_analyzer import LocalRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.language import (
    is_function_word_in,
    leading_language,
    writes_nouns_in_lowercase,
)
from privacy.desensitize.name_cases import nominatives
from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.recognizers.person_lexicon import (
    ORGANIZATION_WORDS,
    WORDS_NO_NAME_IS,
    NameLexicon,
    person_name_lexicon,
)
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.word_before import word_before, word_before_match
from privacy.desensitize.sentence_start import starts_a_sentence

# A capitalized word, not glued to letters, digits, a dot or an address
# ("www.Ana.pt", "Ana@…"); a Turkish case ending after an apostrophe stays
# outside the name ("Deniz'e").
# A capitalized word, also after the elided article or preposition of French,
# Catalan and Italian ("la tante d'Inès", "de l'Oriol", "dell'Anna"), not inside
# a word after its apostrophe ("O'Brien", "Deniz'e").
_CAPITALIZED = regex.compile(
    r"(?:(?<![\p{L}\p{N}'’.@/_-])|(?<=(?<!\p{L})(?i:d|l|dell|all|dall|nell|sull|s|qu)['’]))"
    r"\p{Lu}\p{Ll}{2,}(?:-\p{Lu}\p{Ll}+)?(?![\p{L}\p{N}@/_]|[.-]\p{L})"
)
_WORD_BEFORE = regex.compile(r"(\S+)[ \t]+$")
# A particle and the word before it: "Café de Flore", "Gare de Lyon".
_PARTICLE_BEFORE = regex.compile(r"(\S+)[ \t]+(\p{Ll}+)[ \t]+$")
_OPENING_QUOTES = "\"'“«„‘‹"
_CLOSING_QUOTES = "\"'”»“’›"
_WORD_AFTER = regex.compile(r"[ \t]+(\S+)")
_REACH = 40
# Storms are named with given names ("la borrasca Filomena", "Orkan Ksawery"):
# the beginnings of the words for a storm, casefolded, in the languages we weigh.
_STORM_STEMS = (
    "storm", "orkan", "orkaan", "hurrican", "huracán", "huracan", "uragan", "ouragan", "furacão",
    "typhoon", "tyfoon", "taifun", "tifón", "tifone", "cyclon", "ciclón", "ciclon", "zyklon", "cyklon",
    "tempête", "tempesta", "tempestade", "tormenta", "borrasca", "medicane", "myrsky", "ekstremvær",
    "ekstremvejr", "oväder", "bouř", "vihar", "fırtına", "furtun", "badai", "sturm", "wichur",
    "κακοκαιρ", "καταιγίδ", "τυφών", "шторм", "ураган", "тайфун", "циклон",
)
# A name day celebrates a name, not a person ("dziś imieniny obchodzi Jadwiga",
# "zítra má svátek Naděžda"): the beginnings of its words, looked for a few words back.
_NAME_DAY_STEMS = (
    "svát", "imienin", "nimipäiv", "navnedag", "namnsdag", "névnap", "onomastic", "namenstag",
    "meniny", "γιορτ", "именин",
)
_NAME_DAY_REACH = 3
_NAME_DAY_CHARACTERS = 80
_WORDS_BEFORE = regex.compile(r"[\p{L}]+")
# Verbs of saying and asking after their subject, in the languages we weigh:
# the word before them is a person even at a sentence's start.
_SAYING_VERBS = frozenset(
    """
    dice dijo pregunta preguntó dit demande disse diz pergunta perguntou chiede chiese ha zegt zei vraagt vroeg
    säger sa frågar frågade sier spør spurte siger spurgte mówi powiedział powiedziała pyta pytał pytała
    říká řekl řekla ptá sanoo sanoi kysyy kysyi spune zice a întrebat mondja mondta kérdezi kérte
    söyledi diyor sordu bilang tanya λέει είπε ρωτάει ρώτησε diu va
    """.split()
)
# Definite articles of the languages that never write one before a person's
# name: after them a given name is a thing's ("langs de Dom", "den Lego").
# Romance languages and Greek do write them so ("la Giulia", "o João").
_ARTICLES_NO_NAME_TAKES = {
    "nl": frozenset({"de", "het"}),
    "sv": frozenset({"den", "det"}),
    "da": frozenset({"den", "det"}),
    "nb": frozenset({"den", "det"}),
}
# Definite articles that Romance languages put before a person's name in
# speech ("la Pau", "el Jordi", "il Marco", "l'Estel"): after one, a given name
# is a person's even where it also names a town or is an English word ("Pau",
# "Mar"), as towns take no article. Not after "de": "de la Pau" is peace, and
# "Plaça de la Pau" a square.
_PERSONAL_ARTICLES = frozenset({"la", "el", "il", "lo"})
_ELIDED_ARTICLE = regex.compile(r"(?<!\p{L})[lL]['’]$")
_OF = frozenset({"de", "del", "di", "della", "dello", "da", "do", "d"})
# German and the Scandinavian languages write a name's genitive with an "s"
# and no apostrophe, before the noun it owns ("Tims Auto", "Annas mamma",
# "Noahs fødselsdagsgave"). A given name with that "s", before a word (a
# capitalized one in German, where every noun is) and after no article ("des
# Marks", "eines Franks"), is a person's.
_GENITIVE = regex.compile(r"(?<![\p{L}\p{N}'’.@/_-])(?P<name>\p{Lu}\p{Ll}{2,})s(?=[ \t]+(?P<owned>\p{L}))")
_GENITIVE_S_ARTICLES = {
    "de": frozenset("des eines meines deines seines ihres unseres eures dieses jenes jedes".split()),
    "sv": frozenset(),
    "da": frozenset(),
    "nb": frozenset(),
}
# Metadata key of a name whose end the recognizer knows: the word after it is
# no part of it (the noun a genitive owns), so it must not grow over it.
NAME_ENDS_KEY = "name_ends"
# "and" of the languages we weigh, between two given names.
_AND = frozenset("og och et y e i en und és ve dan και a".split())
# A name followed by a short number is a numbered thing ("Clio 4", "linha 3").
_NUMBERED = regex.compile(r"[ \t]+\d{1,3}(?!\d)")


class CapitalizedGivenNameRecognizer(LocalRecognizer):
    """Marks a lone capitalized given name inside a sentence as a person, in
    text whose language writes its common nouns in lowercase.

    The English model misses most names in other languages ("pásame el
    móvil de Lucía", "liga à Graça", "kun je Koen even appen"),
    and elsewhere the desensitizer drops a lone name the lexicon finds there
    (most words of another language are rare in English, so rarity says
    nothing). But Spanish, French, Dutch, Polish, Swedish, Turkish and most
    other languages capitalize only names and sentence starts: a capitalized
    word inside a sentence that is a given name of the lexicon is a person
    there, whatever the word means in lowercase (Umut, Deniz, Virág and
    Dolores are also "hope", "sea", "flower" and "pains"). Not in German,
    which capitalizes its nouns ("mit Ernst"), nor in English, where the
    tagger and the lexicon's rules decide. A word at a sentence's start, one
    next to another capitalized word (a full name, a station, a brand:
    "Santa Lucia", "Milano Centrale"; the other person rules take full
    names, and "Café de Flore" is one too), a word in quotes ("«Алёнка»"),
    a place the gazetteer knows, a function word ("Per"), a common
    English word written without accents (an English brand or title in the
    text: "Will", "Grace"), a word before a short number ("Clio 4") or a
    company word stays, and so does a name after a word for a storm or a
    name day, which name no one ("la borrasca Filomena"). In a language that
    declines names, a word that is a given name of the lexicon once its case
    ending is taken off is one too ("řekni Petrovi"). Brands, dishes and famous people named like a
    person alone ("un parfum Chanel", "om Zlatan") are replaced: the
    lexicon cannot tell them apart, and a kept name is the worse mistake.
    """

    ENTITY = "PERSON"
    # Above the NER model (0.85): Presidio drops a result inside another of
    # the same type that scores as high, and the model's spans around such a
    # name ("el número de Lucía") are what the desensitizer drops in other
    # languages. Places and addresses still win: their recognizers' patterns
    # go first, and a place the gazetteer knows is no result here.
    SCORE = 0.86
    # After a personal article, above the gazetteer's (0.9) on the same span:
    # a town takes no article, so "la Pau" is a person and no town.
    ARTICLED_SCORE = 0.91
    EXPLANATION = "Capitalized given name inside a sentence of a language that writes nouns in lowercase"

    def __init__(self, gazetteer: Gazetteer, lexicon: NameLexicon | None = None) -> None:
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()
        self._lexicon = lexicon
        super().__init__(supported_entities=[self.ENTITY])

    def load(self) -> None:
        """The lexicon loads on first use: it is shared with the lexicon recognizer."""

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per capitalized given name inside a sentence."""
        if not _CAPITALIZED.search(text):
            return []
        code = leading_language(text)
        genitives = self._genitives(text, code) if code in _GENITIVE_S_ARTICLES else []
        if not writes_nouns_in_lowercase(text):
            return genitives if code == "de" else []
        results = genitives
        for word in _CAPITALIZED.finditer(text):
            end = self._name_end(text, word, code)
            if end is not None:
                score = self.ARTICLED_SCORE if _after_a_personal_article(text, word.start()) else self.SCORE
                results.append(recognizer_result(self, self.ENTITY, word.start(), end, score, self.EXPLANATION))
        return results

    def _name_end(
        self, text: str, word: regex.Match[str], code: str | None
    ) -> int | None:
        """Where the person named by ``word`` ends, or None when it names none: at the
        word, or after the capitalized word that follows a declined given name (its
        surname, declined too: "Evu Kučerovou", "Zofii Kamińskiej")."""
        name = word.group()
        lexicon = self._lexicon or person_name_lexicon()
        if is_function_word_in(name.casefold(), leading_language(text)) or name.casefold() in WORDS_NO_NAME_IS:
            return None
        given = lexicon.is_given(name)
        declined = not given and self._declined_given_name(name, code)
        if not (given or declined):
            return None
        # A given name joined by "and" to another is one whatever English makes of it ("Rose et Hugo").
        paired = self._paired_with_a_given_name(text, word)
        articled = given and _after_a_personal_article(text, word.start())
        # A name that is also a word English writes ("Grace", "Mark") may be
        # that word quoted; one English has only as a name ("Serena") may not.
        if name.isascii() and lexicon.is_common(name) and lexicon.is_english(name) and not (paired or articled):
            return None
        if starts_a_sentence(text, word.start()) and not (paired or _says(text, word)):
            return None
        if _capitalized_before(text, word) or self._is_stray(text, word, articled):
            return None
        after = _WORD_AFTER.match(text, word.end())
        if after is None or not after.group(1)[:1].isupper():
            return word.end()
        # The surname may close a clause: "wystawiony na Zofię Nowakowską, trzeba…".
        surname = after.group(1).rstrip(",.;:!?)")
        if declined and _CAPITALIZED.fullmatch(surname) and not self._names_a_place(surname):
            return after.start(1) + len(surname)
        return None

    def _genitives(self, text: str, code: str) -> list[RecognizerResult]:
        """The given names in the genitive before the noun they own ("Tims Auto", "Annas mamma")."""
        lexicon = self._lexicon or person_name_lexicon()
        results = []
        for word in _GENITIVE.finditer(text):
            if (
                (code != "de" or word["owned"].isupper())
                and lexicon.is_given(word["name"])
                # A name in its own right is no genitive ("Mercedes GLC"), and
                # one after a capitalized word ends a longer name ("Dronning Louises Bro").
                and not lexicon.is_name(word.group())
                and not _capitalized_before(text, word)
                and not is_function_word_in(word.group().casefold(), code)
                and word_before(text, word.start()) not in _GENITIVE_S_ARTICLES[code]
                and not self._names_a_place(word["name"])
            ):
                result = recognizer_result(self, self.ENTITY, word.start(), word.end(), self.SCORE, self.EXPLANATION)
                result.recognition_metadata[NAME_ENDS_KEY] = True
                results.append(result)
        return results

    def _paired_with_a_given_name(self, text: str, word: regex.Match[str]) -> bool:
        """Whether "and" joins the word to a capitalized given name after it ("Sol og Mari")."""
        after = _WORD_AFTER.match(text, word.end())
        if after is None or after.group(1).casefold() not in _AND:
            return False
        mate = _WORD_AFTER.match(text, after.end(1))
        if mate is None:
            return False
        other = mate.group(1).rstrip(",.;:!?")
        lexicon = self._lexicon or person_name_lexicon()
        return _CAPITALIZED.fullmatch(other) is not None and lexicon.is_given(other)

    def _declined_given_name(self, word: str, code: str | None) -> bool:
        """Whether ``word`` is a given name of the lexicon in one of the case forms of the language ``code``."""
        lexicon = self._lexicon or person_name_lexicon()
        # Whether the name is also an English word does not matter here: the
        # word as written is declined, no English word in the text.
        return any(lexicon.is_given(name) and not self._names_a_place(name) for name in nominatives(word, code))

    def _is_stray(self, text: str, word: regex.Match[str], articled: bool) -> bool:
        """Whether the name names something else here: a title, a storm, a numbered thing, a
        place (not after a personal article: "la Pau" is no town)."""
        name = word.group()
        if _quoted(text, word) or _names_a_storm_or_a_name_day(text, word.start()):
            return True
        if _NUMBERED.match(text, word.end()) or _company_word_after(text, word.end()):
            return True
        if word_before(text, word.start()) in _ARTICLES_NO_NAME_TAKES.get(leading_language(text) or "", ()):
            return True
        return not articled and self._names_a_place(name)

    def _names_a_place(self, name: str) -> bool:
        return normalize_place_name(name) in self._place_keys or bool(self._gazetteer.find_country(name))


def _after_a_personal_article(text: str, start: int) -> bool:
    """Whether a Romance definite article stands right before the word, and no "de" before it."""
    reach = max(0, start - _REACH)
    if _ELIDED_ARTICLE.search(text, reach, start):
        article_start = start - 2
    elif (article := word_before_match(text, start)) and article.group(1) in _PERSONAL_ARTICLES:
        article_start = article.start(1)
    else:
        return False
    return word_before(text, article_start) not in _OF


def _capitalized_before(text: str, word: regex.Match[str]) -> bool:
    """Whether a capitalized word stands right before the name, no punctuation
    between ("Santa Lucia"), or with a particle between ("Café de Flore", "Gare de
    Lyon"): the name ends a longer one, which the other rules read or leave whole.
    A capitalized word right after it makes a longer name too ("Lucía Pérez",
    "Milano Centrale"), unless the name is declined: then the word is its surname."""
    reach = max(0, word.start() - _REACH)
    before = _WORD_BEFORE.search(text, reach, word.start())
    if before is not None and _capitalized_neighbour(text, before):
        return True
    particle = _PARTICLE_BEFORE.search(text, reach, word.start())
    return particle is not None and particle.group(2) in PARTICLES and _capitalized_neighbour(text, particle)


def _capitalized_neighbour(text: str, before: regex.Match[str]) -> bool:
    """Whether the word in group 1 of ``before`` would make one name with the word
    after it. A sentence's first word is capitalized anyway and does not: "Hola
    Carmen" is a greeting and "Paspoortnummer van Daan" a label (a full name there,
    "Sergio Castillo", is found whole by the other rules, and the longer span wins)."""
    word = before.group(1)
    if not word[:1].isupper() or not word[-1:].isalpha():
        return False
    return not starts_a_sentence(text, before.start(1))


def _names_a_storm_or_a_name_day(text: str, start: int) -> bool:
    """Whether the word before is one for a storm, or one of the few before is one for a name day."""
    # A bounded look back: on a long line, every word read back to the line's start cost n².
    reach = max(0, start - _NAME_DAY_CHARACTERS)
    line_start = max(text.rfind("\n", reach, start), text.rfind(".", reach, start), reach - 1) + 1
    words = [w.casefold() for w in _WORDS_BEFORE.findall(text, line_start, start)][-_NAME_DAY_REACH:]
    if words and words[-1].startswith(_STORM_STEMS):
        return True
    return any(w.startswith(_NAME_DAY_STEMS) for w in words)


def _quoted(text: str, word: regex.Match[str]) -> bool:
    """Whether quotes enclose the word alone: a title or a brand ("«Алёнка»", "„Mickiewicz”")."""
    start, end = word.start(), word.end()
    return start > 0 and end < len(text) and text[start - 1] in _OPENING_QUOTES and text[end] in _CLOSING_QUOTES


def _says(text: str, word: regex.Match[str]) -> bool:
    """Whether a verb of saying or asking follows the word: its subject is a person ("Kuba mówi…")."""
    after = _WORD_AFTER.match(text, word.end())
    return after is not None and after.group(1).casefold().rstrip(",.;:!?") in _SAYING_VERBS


def _company_word_after(text: str, end: int) -> bool:
    after = _WORD_AFTER.match(text, end)
    return after is not None and after.group(1).casefold().rstrip(".,") in ORGANIZATION_WORDS
