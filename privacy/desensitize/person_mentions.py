"""The other mentions of a person already found in a record: repeats and the words next to a name.

Recognizers judge each name where it stands, so one mention of a person may be
caught and another missed: "sung by Jimmy Webb in 1991 (though Webb's song…)",
"Shane had given Shane his address" where a cue vouches for one of them, or a
full name of which NER took only the first words ("Svetlana Gennadievna
Potapova" as "Svetlana Gennadievna"). Once the record shows that a word names a
person, its other mentions and the name words written against the found span
name that person too, and leaving them would give the person away.

This runs over the whole record after detection, not in a recognizer: it needs
what every recognizer found, across all the record's segments.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import regex

from privacy.desensitize.disjoint_spans import DisjointSpans
from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.language import is_function_word
from privacy.desensitize.name_particles import PARTICLE_ALTERNATION
from privacy.desensitize.name_words import (
    ARABIC_NAME_JOINERS,
    CYRILLIC_SURNAME,
    FORMS_OF_ADDRESS,
    PATRONYMIC,
    PATRONYMIC_MARKERS,
)
from privacy.desensitize.recognizers.person_lexicon import ORGANIZATION_WORDS, NameLexicon
from privacy.desensitize.scripts import GLUED, UNCASED_LETTERS

# A name of descent with the Arabic article ("المصري", "العتيبي"): an
# adjective of origin too. Given names that open with the same letters
# ("الياس", "الناز") are no such word.
_NISBA = regex.compile(r"ال\p{Arabic}+[يىی]")
# A capitalized word, as names are written: "Webb", "Çağla", "O'Brien", "Seo-yeon",
# and Dutch names that open with the digraph IJ, both letters capital: "IJzermans".
_CAPITALIZED = r"(?:\p{Lu}['’])?(?:IJ|\p{Lu})\p{Ll}+(?:-\p{L}+)*"
# "Webb's" is "Webb".
_NAME_WORD = regex.compile(rf"(?<![\p{{L}}\p{{N}}'’-]){_CAPITALIZED}(?![\p{{L}}\p{{N}}]|-\p{{L}})")
# The word right after or right before a span, one blank away; a patronymic
# after it in any case.
_NEXT = regex.compile(rf"[ \t]({_CAPITALIZED})(?![\p{{L}}\p{{N}}])")
_NEXT_LOWERCASE = regex.compile(r"[ \t](\p{Ll}{3,})(?![\p{L}\p{N}])")
# A name in capitals goes on in capitals: "RODRÍGUEZ/ANA LUCÍA".
_NEXT_IN_CAPITALS = regex.compile(r"[ \t](\p{Lu}{2,}(?:-\p{Lu}{2,})*)(?![\p{L}\p{N}])")
_NEXT_PATRONYMIC = regex.compile(rf"[ \t]({PATRONYMIC})(?![\p{{L}}\p{{N}}])")
# A Turkic "son of" or "daughter of" after the father's name, and the surname
# after it if any: "Leyla Rauf qızı", "Elvin Rauf oğlu Həsənov".
_NEXT_PATRONYMIC_MARKER = regex.compile(
    rf"[ \t]((?i:{'|'.join(sorted(PATRONYMIC_MARKERS, key=len, reverse=True))}))(?![\p{{L}}\p{{N}}'ʻ])"
    rf"(?:[ \t]({_CAPITALIZED})(?![\p{{L}}\p{{N}}]))?"
)
_PREVIOUS = regex.compile(rf"(?<![\p{{L}}\p{{N}}.])({_CAPITALIZED})[ \t]$")
# Forms write a Slavic name surname first: a surname by its ending right
# before a given name and a patronymic ("Шевченко Олена Петрівна").
_SURNAME_BEFORE = regex.compile(rf"(?<![\p{{L}}\p{{N}}.])({CYRILLIC_SURNAME})[ \t]$", regex.V1)
_ENDS_IN_PATRONYMIC = regex.compile(rf"(?<![\p{{L}}\p{{N}}]){PATRONYMIC}$")
# Balinese names open with "I" (a man's) or "Ni" (a woman's) before the name
# of the child's place in birth order: "I Wayan Sudarsana", "Ni Luh Putu Ayu".
_BALINESE_PREFIX = regex.compile(r"(?<![\p{L}\p{N}])(I|Ni)[ \t]$")
_BALINESE_BIRTH_NAMES = frozenset("Wayan Putu Gede Luh Made Kadek Nengah Nyoman Komang Ketut".split())
# A given name and a middle initial before a found surname: "Bobbi H" of "Bobbi H Bell".
_PREVIOUS_AND_INITIAL = regex.compile(rf"(?<![\p{{L}}\p{{N}}.])({_CAPITALIZED})[ \t]+\p{{Lu}}\.?[ \t]$")
# An initial that closes a name, a second surname's ("María F. Quispe H."),
# where no capitalized word follows to make it a sentence's end.
_CLOSING_INITIAL = regex.compile(r"[ \t](\p{Lu}\.)(?![\p{L}\p{N}])(?![ \t]*\p{Lu})")
# A middle initial and the word after it: " S Barsukov", " R. Craig".
_INITIAL_AND_NEXT = regex.compile(rf"[ \t]\p{{Lu}}\.?[ \t]+({_CAPITALIZED})(?![\p{{L}}\p{{N}}])")
# Particles and the capitalized word after them: " van der Waal", " das Neves";
# with none, for a found name that ends in a particle ("Jaylee van").
_PARTICLES_AND_NEXT = regex.compile(rf"(?:[ \t]+(?:{PARTICLE_ALTERNATION}))+[ \t]+({_CAPITALIZED})(?![\p{{L}}\p{{N}}])")
_AFTER_A_PARTICLE = regex.compile(rf"(?:[ \t]+(?:{PARTICLE_ALTERNATION}))*[ \t]+({_CAPITALIZED})(?![\p{{L}}\p{{N}}])")
_ENDS_IN_A_PARTICLE = regex.compile(rf"(?<![\p{{L}}\p{{N}}])(?:{PARTICLE_ALTERNATION})$")
# The lowercase rest of a hyphenated name, written against it: "Hauta" + "-aho".
_HYPHENATED_REST = regex.compile(r"-(\p{Ll}{2,})(?![\p{L}\p{N}-])")
# A title written before a name: a form of address ("Mr", "Sra", "pan") or an
# abbreviated title or rank ("Prof.", "Dipl.-Ing.", "Univ.Prof.", "Sig.ra").
_TITLE_BEFORE = regex.compile(
    r"(?<![\p{L}\p{N}.-])((?:\p{Lu}\p{Ll}{0,5}\.(?:-?\p{Lu}?\p{Ll}{1,5}\.?)*)"
    rf"|(?i:{'|'.join(sorted(FORMS_OF_ADDRESS, key=len, reverse=True))}))"
    r"[ \t]+$"
)
# Given names written abbreviated before the rest of the name, as South and
# Southeast Asia write Muhammad and Mosammat: "Md. Abdul Karim", "Mst. Shirin
# Akter", "Mohd. Faizal". They are no title, but go with the name as one does.
_ABBREVIATED_GIVEN_NAMES = frozenset("md mst mohd muhd moh".split())
_TAKEN_BEFORE_A_NAME = FORMS_OF_ADDRESS | _ABBREVIATED_GIVEN_NAMES
# Degrees and generational suffixes after a name: "MD", "PhD", "B.Sc.", "Jr.", "III".
_SUFFIX_AFTER = regex.compile(
    r",?[ \t]+((?:MD|PhD|DDS|DVM|MBA|Esq|Jr|Sr|II|III|IV|(?:\p{Lu}\p{Ll}{0,2}\.){1,2}\p{Lu}\p{Ll}{1,3})\.?)"
    r"(?![\p{L}\p{N}])"
)
# Shorter words are initials or syllables, too weak to carry a person across a record.
MIN_LETTERS = 3
# A word of a name in a script without capitals: letters of no case and their
# marks ("张伟", "김민준", "أحمد", "राजेश"). Two such letters carry a person: a
# Chinese or Korean given name is two syllables. Scripts that write no blank
# between words (Chinese, Japanese, Thai) or glue particles to a name (Korean
# "김민준이") show its other mentions inside longer runs; the others as words.
_UNCASED_WORD = regex.compile(rf"[{UNCASED_LETTERS}][{UNCASED_LETTERS}\p{{M}}]*")
MIN_UNCASED_LETTERS = 2
# ...and a longer run is no word of a name: a run of thousands of letters that
# a rule took for one ("[10:00] 哈哈…哈: …") was searched for across the
# record, its length times the record's.
MAX_UNCASED_LETTERS = 12
_GLUED_SCRIPTS = regex.compile(f"[{GLUED}]")
# Words written with a capital that no mention of a person is: pronouns,
# honorifics, days, months (the lexicon lists some of them as names).
_NOT_NAMES = frozenset(
    """
    the this that these those he she his her him they them their you your we our it its
    mr mrs ms mx dr prof sir madam miss herr frau dear hi hello hey thanks monday tuesday
    wednesday thursday friday saturday sunday january february march april may june july
    august september october november december
    """.split()
)


class PersonMentions:
    """Finds the further mentions of the people a record's detected spans name."""

    def __init__(self, lexicon: NameLexicon, gazetteer: Gazetteer) -> None:
        self._lexicon = lexicon
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()

    def extended(self, text: str, start: int, end: int, limit: int | None = None) -> tuple[int, int]:
        """A found name with the name words written right against it, one blank away.

        A word after it extends it when it is a surname of the lexicon or a
        patronymic ("Светлана Геннадиевна"), a word before it when it is a
        given name ("Mehmet Fırat" found as "Fırat"). A word after it that
        the lexicon lacks extends it too when English has no such word and it
        is no place ("Celina IJzermans"), and so do particles and the word
        after them when it is no place ("Jaylee van der Waal", found as
        "Jaylee" or "Jaylee van"; not "Did Anna do Berlin?"),
        and the lowercase rest of a hyphenated name ("Hauta-aho" found as
        "Hauta"); a name typed in lower case goes on over a lowercase surname
        ("florian huber"). Against a name, a
        surname that is also a place is the surname ("Kauê Lima"). A middle
        initial and a capitalized word after a found name are the rest of it
        ("Taisa" found in "Taisa S Barsukov"), unless that word is a common
        word or a place. A Cyrillic surname by its ending before a given name
        and a patronymic is the name's ("Шевченко Олена Петрівна"). A degree or a generational suffix after it ("MD",
        "B.Sc.", "Jr.") goes with the name, and so does a given name before a
        title before it ("Anđa" in "Anđa Ms. Tomić"). A title right before
        the name goes with it too ("Dear <PERSON_1>," for "Dear Mrs.
        Thompson,"): it tells the gender, the marital status or the rank of
        that one person ("Mrs.", "Herr", "pani", "Dr.", "Prof."), which with
        the rest of the record narrows down who it is; the placeholder stands
        for the whole way the person is named. A reply loses the form of
        address, which the user's own text can still show for people it does
        not name.
        """
        lexicon = self._lexicon
        # Nothing after the name is read past `limit` (where the next span
        # starts): a growth into it would be dropped whole, titles and all.
        limit = len(text) if limit is None else limit
        particles = _AFTER_A_PARTICLE if _ENDS_IN_A_PARTICLE.search(text, start, end) else _PARTICLES_AND_NEXT
        particled = particles.match(text, end, limit)
        if particled and self._counts(particled.group(1)):
            end = particled.end(1)
        following = _NEXT.match(text, end, limit)
        capitals = _NEXT_IN_CAPITALS.match(text, end, limit) if text[start:end].isupper() else None
        if following and self._is_word_of_a_name(following.group(1)):
            word = following.group(1)
            if lexicon.is_surname(word) or self._unknown_surname(word):
                end = following.end(1)
        elif following and self._is_short_name_of_another_language(following.group(1)):
            end = following.end(1)
        elif (
            capitals
            and self._is_word_of_a_name(capitals.group(1))
            and lexicon.is_name(capitals.group(1))
            and not lexicon.is_english(capitals.group(1))
        ):
            end = capitals.end(1)
        elif text[start:end].islower() and (lowercase := _NEXT_LOWERCASE.match(text, end, limit)):
            if self._is_lowercase_surname(lowercase.group(1)):
                end = lowercase.end(1)
        # A patronymic, also in capitals as forms write the whole name ("КУЗНЕЦОВ АРТЁМ ВЛАДИМИРОВИЧ").
        patronymic = _NEXT_PATRONYMIC.match(text, end, limit)
        if patronymic:
            end = patronymic.end(1)
        marker = _NEXT_PATRONYMIC_MARKER.match(text, end, limit)
        if marker:
            surname = marker.group(2)
            joined = surname and (self._counts(surname) or self._unknown_surname(surname))
            end = marker.end(2) if joined else marker.end(1)
        rest = _HYPHENATED_REST.match(text, end, limit)
        if rest and lexicon.is_no_english_word(rest.group(1)):
            end = rest.end()
        initialled = _INITIAL_AND_NEXT.match(text, end, limit)
        if initialled and self._counts(initialled.group(1)):
            end = initialled.end(1)
        elif closing_initial := _CLOSING_INITIAL.match(text, end, limit):
            end = closing_initial.end(1)
        before = _PREVIOUS.search(text, max(0, start - 40), start)
        if before and self._is_word_of_a_name(before.group(1)) and lexicon.is_given(before.group(1)):
            start = before.start(1)
        # With a middle initial between, the word before is the given name
        # even where English has the word, or the lexicon lacks the name
        # ("Else D Lundblad", "Bobbi H Bell").
        initialled_before = _PREVIOUS_AND_INITIAL.search(text, max(0, start - 44), start)
        if initialled_before and not is_function_word(initialled_before.group(1).casefold()) and (
            lexicon.is_given(initialled_before.group(1)) or self._is_word_of_a_name(initialled_before.group(1))
        ):
            start = initialled_before.start(1)
        surname = _SURNAME_BEFORE.search(text, max(0, start - 40), start)
        if surname and _ENDS_IN_PATRONYMIC.search(text, start, end):
            start = surname.start(1)
        balinese = _BALINESE_PREFIX.search(text, max(0, start - 3), start)
        if balinese and text[start:end].split()[0] in _BALINESE_BIRTH_NAMES:
            start = balinese.start(1)
        titled = False
        while (title := _TITLE_BEFORE.search(text, max(0, start - 20), start)) and self._is_written_as_title(
            title.group(1)
        ):
            start, titled = title.start(1), True  # every title: "Prof. Dr. Karl Weber"
        if titled:
            before = _PREVIOUS.search(text, max(0, start - 40), start)
            if before and self._is_word_of_a_name(before.group(1)) and lexicon.is_given(before.group(1)):
                start = before.start(1)  # a title inside the name: "Anđa Ms. Tomić"
        suffix = _SUFFIX_AFTER.match(text, end, limit)
        if suffix:
            end = suffix.end(1)
        return start, end

    def repeats(
        self,
        text: str,
        people: Sequence[tuple[int, int]],
        taken: Iterable[tuple[int, int]],
        ruled: Sequence[tuple[int, int]] = (),
    ) -> list[tuple[int, int]]:
        """Other mentions of the words of the ``people`` found, where no ``taken`` span is.

        A word of a found name counts when it is no common English word and
        no place (a person called "Paris" does not make every "Paris" of the
        record a person) and is a name of the lexicon or one English seldom
        uses; its other capitalized mentions are then the person's. A word of
        a script without capitals counts when a rule found its name (``ruled``)
        and it is no place, nor a word that joins names ("بن", "عبد", "الله"),
        nor a name of descent with the Arabic article: "المصري" or "العربي"
        is an adjective of origin too ("الجنيه المصري"), and goes only with
        the rest of the name.
        """
        words = {
            word.group()
            for start, end in people
            for word in _NAME_WORD.finditer(text, start, end)
            if self._carries_the_person(word.group())
        }
        uncased = {
            word.group()
            for start, end in ruled
            for word in _UNCASED_WORD.finditer(text, start, end)
            if MIN_UNCASED_LETTERS <= len(word.group()) <= MAX_UNCASED_LETTERS
            and normalize_place_name(word.group()) not in self._place_keys
            and word.group() not in ARABIC_NAME_JOINERS
            and not _NISBA.fullmatch(word.group())
        }
        if not (words or uncased):
            return []
        occupied = DisjointSpans(taken)
        mentions = [mention.span() for mention in _NAME_WORD.finditer(text) if mention.group() in words]
        for word in uncased:
            mentions += [mention.span() for mention in _uncased_mentions(text, word)]
        return sorted(span for span in set(mentions) if not occupied.overlaps(*span))

    def _is_lowercase_surname(self, word: str) -> bool:
        """A name typed in lower case goes on over a surname typed so ("florian
        huber", "rakesh kumar"): a surname of the lexicon that is no function
        word of a language we weigh and no English word."""
        lexicon = self._lexicon
        return (
            lexicon.is_surname(word)
            and not is_function_word(word)
            and not lexicon.is_common(word)
            and not lexicon.is_english(word)
        )

    def _unknown_surname(self, word: str) -> bool:
        """A word the lexicon lacks, right after a found name, is its surname
        when English has no such word and it is no place and no company word:
        "Celina IJzermans", "Jaylee Oomori"."""
        return (
            self._counts(word)
            and self._lexicon.is_no_english_word(word)
            and word.casefold() not in ORGANIZATION_WORDS
        )

    def _is_written_as_title(self, word: str) -> bool:
        """A title taken into the name it stands before: capitalized or
        abbreviated ("Mrs.", "Frau", "dott."). A lowercase form of address
        is also a word ("I miss Sarah", "compra pan Ana") and stays."""
        return (word[:1].isupper() or word.endswith(".")) and self._is_title(word)

    def _is_title(self, word: str) -> bool:
        """Whether a word before a name is a title, not the end of a sentence ("in Rome. Ana").

        Compound abbreviations ("Dipl.-Ing.", "Univ.Prof."), forms of
        address and abbreviated given names ("Md.") are; a short capitalized
        word with a period is, when it is no name, no place and no common
        word ("Prof.", "Dra.", "Okt.").
        """
        core = word.rstrip(".")
        if core.casefold() in _TAKEN_BEFORE_A_NAME or any(ch in core for ch in ".-"):
            return True
        return not (
            core.casefold() in ORGANIZATION_WORDS
            or self._lexicon.is_name(core)
            or self._lexicon.is_common(core)
            or normalize_place_name(core) in self._place_keys
            or len(core) > 4
        )

    def _carries_the_person(self, word: str) -> bool:
        """Whether a word of a found name marks that person wherever else it is written."""
        if not self._counts(word):
            return False
        lexicon = self._lexicon
        return lexicon.is_name(word) or lexicon.is_rare_in_english(word)

    def _is_word_of_a_name(self, word: str) -> bool:
        """Whether ``word`` may be part of a name: long enough, no English word, no title."""
        return (
            len(word) >= MIN_LETTERS
            and word.casefold() not in _NOT_NAMES
            and not self._lexicon.is_common(word)
        )

    def _is_short_name_of_another_language(self, word: str) -> bool:
        """Whether a word of two letters is a name English has no word for:
        Vietnamese "Hà" and "Vy" end a name ("Nguyễn Thị Thu Hà"); "Ha" and
        "Jo" are English too and stay."""
        return len(word) == 2 and self._lexicon.is_given(word) and self._lexicon.is_no_english_word(word)

    def _counts(self, word: str) -> bool:
        """Whether ``word`` may stand for a person alone: a word of a name and no place."""
        if not self._is_word_of_a_name(word):
            return False
        return normalize_place_name(word) not in self._place_keys and not self._gazetteer.find_country(
            word
        )


def _uncased_mentions(text: str, word: str) -> Iterable[regex.Match[str]]:
    """Where ``word``, of a script without capitals, is written in ``text``:
    anywhere in scripts that glue words together, as a word of its own in the others."""
    if _GLUED_SCRIPTS.match(word):
        return regex.finditer(regex.escape(word), text)
    return regex.finditer(rf"(?<![\p{{L}}\p{{M}}]){regex.escape(word)}(?![\p{{L}}\p{{M}}])", text)
