"""Edge desensitizer: replace direct identifiers, generalize precise locations.

Runs on the edge node before any local training, over raw user records, and on
prompts before they leave it. Names, email addresses, phone, card, IBAN,
passport, licence plate, social security and national identity numbers, dates
of birth, IP addresses and personal URLs become typed placeholders that keep
co-reference inside a record (``<PERSON_1>`` … ``<PERSON_1>``). Locations are generalized
rather than deleted, because location-aware personalization needs them: GPS
fixes, street addresses and postcodes become the city they are in (or the
region or country, by policy), and named places are kept when they are no finer
than the policy allows.

The replacement pass is our own rather than Presidio's AnonymizerEngine: its
operators see one span's text at a time and apply them from the end of the text
backwards, so they cannot number entities in reading order per record, and its
result reports offsets into the output text, while callers need offsets into the
input. Detection is all Presidio (AnalyzerEngine, RecognizerRegistry, its spaCy
engine's batches); in a batch each recognizer runs over a group of records
before Presidio reads its answers record by record
(:mod:`~privacy.desensitize.prefetched_answers`). Identifiers the node already
knows (its user's own and the address book's,
:class:`~privacy.desensitize.known_identifiers.KnownIdentifiers`) are added per
call as ad-hoc recognizers, so they are replaced even where no general
recognizer would find them.

Raw text is never logged, and no exception raised here carries it.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Collection, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache, lru_cache, partial
from typing import Any

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.predefined_recognizers import SpacyRecognizer

from privacy.desensitize.address_district import district_end
from privacy.desensitize.address_lead import ends_with_building_word, lead_start
from privacy.desensitize.blas_threads import one_numpy_blas_thread
from privacy.desensitize.code_labels import labels_a_code
from privacy.desensitize.disjoint_spans import DisjointSpans, OverlappingSpans
from privacy.desensitize.gazetteer import default_gazetteer
from privacy.desensitize.identifier_twins import identifier_twins
from privacy.desensitize.invisible import VisibleText, visible, without_invisible_characters
from privacy.desensitize.known_identifiers import KnownIdentifiers
from privacy.desensitize.language import forget_texts, is_english, is_english_function_word, is_function_word
from privacy.desensitize.locations import REMOVED_LOCATION, LocationGeneralizer
from privacy.desensitize.name_particles import PARTICLE_ALTERNATION, PARTICLES
from privacy.desensitize.name_words import FORMS_OF_ADDRESS, NAME_LABELS, VALEDICTION_WORDS
from privacy.desensitize.nlp import LANGUAGE, build_analyzer, spacy_pipeline, with_model_results
from privacy.desensitize.person_mentions import PersonMentions
from privacy.desensitize.phones_after_names import phones_after_names
from privacy.desensitize.place_led_names import led_by_a_place
from privacy.desensitize.placeholders import PlaceholderNumbering
from privacy.desensitize.prefetched_answers import analyzed_in_groups
from privacy.desensitize.recognizers.capitalized_given_name import NAME_ENDS_KEY, CapitalizedGivenNameRecognizer
from privacy.desensitize.recognizers.chat_name import ChatNameRecognizer
from privacy.desensitize.recognizers.date_of_birth import MONTH
from privacy.desensitize.recognizers.gps_coordinates import LATITUDE_KEY, LONGITUDE_KEY
from privacy.desensitize.recognizers.person_cue import (
    AUTHOR_OF_WORK_KEY,
    PERSON_ONLY_CUE_KEY,
    PREPOSITION_CUE_KEY,
    PersonCueRecognizer,
    follows_honorific,
    names_a_role,
)
from privacy.desensitize.recognizers.person_lexicon import (
    CAPITALIZED_PARTICLES,
    ORGANIZATION_WORDS,
    PersonLexiconRecognizer,
    person_name_lexicon,
)
from privacy.desensitize.recognizers.phone_pattern import PhonePatternRecognizer
from privacy.desensitize.recognizers.public_name import PUBLIC_NAME, thing_words
from privacy.desensitize.recognizers.street_address import LOCALITY_KEY
from privacy.desensitize.recognizers.windowed_phone import WindowedPhoneRecognizer
from privacy.desensitize.recognizers.word_before import PLACE_OR_THING_WORDS, word_before
from privacy.desensitize.recognizers.world_street_address import (
    COUNTRY_KEY,
    LOCALITIES_KEY,
    POSTCODE_COUNTRY_KEY,
    POSTCODES_KEY,
    RECORD_COUNTRIES_KEY,
)
from privacy.desensitize.saints import names_a_saint
from privacy.desensitize.sentence_start import starts_a_sentence
from privacy.desensitize.street_mentions import street_repeats

# Presidio entity -> placeholder tag.
PLACEHOLDER_TAGS = {
    "PERSON": "PERSON",
    "EMAIL_ADDRESS": "EMAIL",
    "PHONE_NUMBER": "PHONE",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN",
    # Account numbers of a bank, after the word for an account: BankAccountRecognizer.
    "BANK_ACCOUNT": "BANK_ACCOUNT",
    "IP_ADDRESS": "IP_ADDRESS",
    "DATE_OF_BIRTH": "DATE_OF_BIRTH",
    "PASSPORT": "PASSPORT",
    "LICENSE_PLATE": "LICENSE_PLATE",
    "URL": "URL",
    "US_SSN": "SSN",
    # National identity numbers that are not social security numbers (Spanish
    # DNI/NIE, codice fiscale, CPF, BSN, PESEL, Aadhaar…): NationalIdRecognizer.
    "NATIONAL_ID": "NATIONAL_ID",
}
LOCATION_ENTITIES = ("LOCATION", "STREET_ADDRESS", "POSTCODE", "GPS_COORDINATES")
# Records are analyzed in segments of at most this many characters, cut at a
# line, sentence or word boundary: Presidio's de-duplication and our span
# selection compare every detection with every other, so a megabyte analyzed
# whole (tens of thousands of detections) would take hours, while segments keep
# the cost linear in the length. Placeholders are numbered across segments.
SEGMENT_CHARACTERS = 10_000
# Each segment is analyzed with up to this many characters of the text on either
# side of it, and keeps what starts or ends inside it: an identifier that a cut
# runs through (a phone number, an IBAN, an address, a name) is then seen whole
# by the segment it starts in, however the cut falls.
SEGMENT_CONTEXT = 256
# Longest record accepted, in characters.
MAX_TEXT_CHARACTERS = 10_000_000
_SEGMENT_BREAKS = ("\n", ". ", "! ", "? ", " ", "\t")
# Address books a desensitizer keeps recognizers for: one per node in practice.
KNOWN_RECOGNIZERS_CACHE_SIZE = 8
# A phone number within three words: "krzyśka na 601 234 567", "zé para o +351…".
_NUMBER_AFTER = re.compile(r"\W*(?:\w+\s+){0,3}(?P<number>\+?\(?\d[\d \-().]{6,}\d)")
# A month's name in a language we weigh: "juli", "maggio" (the lexicon lists some as names).
_MONTH = regex.compile(MONTH, regex.IGNORECASE)
# Longest NER person in lower case that may hold a name typed in lower case.
MAX_LOWERCASE_WORDS = 2
# Presidio's name for the recognizer that wraps the spaCy NER model.
NER_RECOGNIZER = SpacyRecognizer.__name__
# Field labels and verbs that the small NER model takes for names when an
# identifier follows them ("Email marco@…", "cc j.silva@…", "Passport: 12AB…",
# "Kode pos 40132", "Posta kodum 06690").
# They are trimmed off NER person spans, and a span of nothing else is dropped.
LABEL_WORDS = frozenset(
    """
    email e-mail mail cc bcc cv resume tel phone mobile cell whatsapp signal telegram fax iban
    bic swift account passport reisepass passeport pasaporte passaporto kennzeichen plate reg
    rego dob birthday address ip url website ssn id nr no number pls please ring call text
    card visa amex mastercard maestro pp insta ig dni nie nif cpf bsn pesel desk office work home
    landline postcode zip plz cep psč posta kode pos kodum kodu postnummer postnumret
    """.split()
)
# Recognizers that guess at people; a public name overrides their guess, and a
# facility, team, product or company word next to the name shows it names a thing.
GUESSING_PERSON_RECOGNIZERS = frozenset(
    {
        NER_RECOGNIZER,
        PersonCueRecognizer.__name__,
        PersonLexiconRecognizer.__name__,
        CapitalizedGivenNameRecognizer.__name__,
        ChatNameRecognizer.__name__,
    }
)

# Entities found by patterns with a fixed grammar or a checksum. Their spans are
# exact, unlike the small NER model's, so they win any overlap with a PERSON or
# LOCATION span: a name or place the model stretched over an address must not
# shield the address from replacement.
PATTERN_ENTITIES = frozenset(
    {
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "CREDIT_CARD",
        "IBAN_CODE",
        "BANK_ACCOUNT",
        "IP_ADDRESS",
        "DATE_OF_BIRTH",
        "PASSPORT",
        "LICENSE_PLATE",
        "URL",
        "US_SSN",
        "NATIONAL_ID",
        "STREET_ADDRESS",
        "POSTCODE",
        "GPS_COORDINATES",
    }
)


@dataclass(frozen=True)
class Entity:
    """One replaced span.

    ``start``/``end`` index the input text and ``type`` is the Presidio entity
    (PERSON, EMAIL_ADDRESS, PHONE_NUMBER, CREDIT_CARD, IBAN_CODE, BANK_ACCOUNT, IP_ADDRESS,
    DATE_OF_BIRTH, PASSPORT, LICENSE_PLATE, URL, US_SSN, NATIONAL_ID, LOCATION, STREET_ADDRESS,
    POSTCODE, GPS_COORDINATES). Places kept as written are not listed.
    """

    type: str
    start: int
    end: int
    replacement: str


@dataclass(frozen=True)
class DesensitizedText:
    """A desensitized record and the replacements made, in reading order."""

    text: str
    entities: list[Entity]


class DesensitizationError(RuntimeError):
    """Desensitization of a record failed. The message never contains the record."""


@dataclass(frozen=True)
class _Span:
    entity_type: str
    start: int
    end: int
    metadata: Mapping[str, Any]


def _strip_to_alnum(text: str, start: int, end: int) -> tuple[int, int]:
    """``[start, end)`` without the marks and blanks around its letters and
    digits. A vowel sign or an accent written after a letter ("शर्मा",
    "அவர்களே") is part of it, and stays with it."""
    while start < end and not text[start].isalnum():
        start += 1
    while end > start and not (text[end - 1].isalnum() or unicodedata.category(text[end - 1]).startswith("M")):
        end -= 1
    return start, end


def _recognizer(result: RecognizerResult) -> str | None:
    return (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)


# Metadata of a rule's person that names a known place whole and is a person all the same.
_PLACE_AS_PERSON_KEYS = frozenset({PERSON_ONLY_CUE_KEY, PersonLexiconRecognizer.PLACE_AS_PERSON_KEY})


def _shadowed(result: RecognizerResult, overlapping: Sequence[RecognizerResult]) -> bool:
    """Whether ``result`` is a place that the rules' names in ``overlapping``
    (those that overlap it) shadow: any NER place, and a known place that a
    cue only people take names whole
    ("my name is Milan", "Mr Paris", "pick up Paris from school", "Florence
    smiled") or that a list of people holds ("Anna, Peter and Madison"). A cue name
    covering part of a known place ("Mr New York") leaves the place to be
    generalized: dropping it would print the uncovered part ("New") raw."""
    if result.entity_type != "LOCATION":
        return False
    ner = _recognizer(result) == NER_RECOGNIZER
    return any(
        ner or (
            _PLACE_AS_PERSON_KEYS & (p.recognition_metadata or {}).keys()
            and p.start <= result.start and result.end <= p.end
        )
        for p in overlapping
    )


# A word that a place left beside a name may still hold: capitalized or of a
# caseless script (東京), two letters or more ("Strand" of "Lena Gruber
# Strand", not the "'s" of "Gruber's").
_PLACE_WORD = re.compile(r"(?<!\w)[^\W\d_]{2,}")


class _RulePeople:
    """The people rules found, asked which overlap a place: a record of
    thousands of names ("姓名：王 " over and over, 8,000 characters) compared
    each place with every name, and span selection took seconds."""

    def __init__(self, people: Iterable[RecognizerResult]) -> None:
        self._by_span: dict[tuple[int, int], list[RecognizerResult]] = {}
        for person in people:
            self._by_span.setdefault((person.start, person.end), []).append(person)
        self._spans = OverlappingSpans(self._by_span)

    def overlapping(self, start: int, end: int) -> list[RecognizerResult]:
        return [person for span in self._spans.overlapping(start, end) for person in self._by_span[span]]


def _unshadowed(text: str, result: RecognizerResult, rule_people: _RulePeople) -> list[RecognizerResult]:
    """What is left of ``result`` beside the names that rules found.

    A place the names shadow (:func:`_shadowed`) keeps the pieces outside
    them that still hold a word that is not lowercase: the model stretches a place
    over a name next to it ("Katharina Gruber's" for a place, or a name and
    the town after it as one place), and dropping the place whole printed
    its other words raw. A piece of nothing but "'s", punctuation or
    lowercase words names no place and goes; a place the names cover whole
    goes too.
    """
    if result.entity_type != "LOCATION":
        return [result]
    overlapping = rule_people.overlapping(result.start, result.end)
    if not _shadowed(result, overlapping):
        return [result]
    names = OverlappingSpans((p.start, p.end) for p in overlapping)
    return [
        RecognizerResult(
            result.entity_type, start, end, result.score, result.analysis_explanation,
            result.recognition_metadata,
        )
        for start, end in names.uncovered(result.start, result.end)
        if any(not word[0].islower() for word in _PLACE_WORD.findall(text, start, end))
    ]


_HEAD_WORDS, _PRODUCT_WORDS = thing_words()
# Head words that are common surnames or given names too ("Tom Hall",
# "Min-jun Park", "Forest Whitaker", "Gregory House"): they count only after a possessive ("St
# Mary's Hall") or a word no name is. "Falls", "Gardens" or "Avenue" are no
# one's name: "Kenyatta Avenue" and "Ravana Falls" name places.
_SURNAME_HEADS = frozenset(
    "Hall Park Church Lake Castle Garden Street Lane Mount River Cross Bridge Bay Beach Tower Forest House Hills"
    " Dam Cave Gate Highway Peak Reserve Arch Junction Day".split()
)
# Of those, the heads seldom a surname after a word no lexicon lists as a name:
# "Herăstrău Park", "Wawel Castle", "Floriańska Street" name places; a person
# called "Dzhaparov Hall" or "Smith House" keeps the name.
_PLACE_HEADS = frozenset(
    "Park Lake Castle Street River Bridge Beach Tower Dam Cave Gate Highway Peak Reserve Arch Junction".split()
)
# The word after a name: "Lincoln Center", "King's Cross", "Jordan shoes".
_NEXT_WORD = re.compile(r"(['’]s)?[ \t]+(\w+)")
_LAST_WORD = re.compile(r"(\w+)\W*$")


def _company_word(word: str) -> bool:
    """Whether ``word`` marks a company: capitalized, as in a company's name
    ("Bhang Inc", "ACME GROUP"); lowercase "trust", "group" or "bank" after a
    name are ordinary words ("tell Ana trust me")."""
    return word[:1].isupper() and word.casefold() in ORGANIZATION_WORDS


_THE_BEFORE = re.compile(r"(?<![\w-])(?i:the)[ \t]+\Z")


def _is_a_title_of_words(text: str, result: RecognizerResult, english: bool) -> bool:
    """Whether a guessed person in English text is two or more English words that are no names,
    in capitals or not ("Guilty Pleasures", "RESIDENTIAL TENANCY APPLICATION"): a title,
    which is then no person.

    The model and a preposition cue ("for", "with") take capitalized words
    for people: a title ("see Guilty Pleasures"), a magazine ("for
    Entertainment Weekly"). A full name has a word the lexicon lists as a
    name ("Grace Hope") or one English does not have ("Noor Baker"). One word
    alone may be a surname the lexicon lacks ("Thatcher called"), so it
    stays, but not after "the", where it is a role ("the Landlord"); so does
    a name after any stronger cue, whose words need no lexicon: "call Dusty
    Smiley", "my name is Dusty Smiley".
    """
    if not english or result.entity_type != "PERSON":
        return False
    recognizer = _recognizer(result)
    preposition = bool((result.recognition_metadata or {}).get(PREPOSITION_CUE_KEY))
    if not (recognizer == NER_RECOGNIZER or (recognizer == PersonCueRecognizer.__name__ and preposition)):
        return False
    words = [w.group() for w in _WORD.finditer(text, result.start, result.end)]
    lexicon = person_name_lexicon()
    if len(words) == 1 and _THE_BEFORE.search(text, max(0, result.start - 8), result.start):
        # A role a contract names with "the": "the Landlord", "the Tenant".
        return words[0][:1].isupper() and lexicon.is_english(words[0]) and not lexicon.is_name(words[0])
    return len(words) >= 2 and all(
        word[:1].isupper() and lexicon.is_english(word) and not lexicon.is_name(word) for word in words
    )


# A word of two to four Latin capitals with one vowel at most: an acronym or a
# code ("NSSF", "JFK", "DOCS"); a short name in capitals has more ("LĪGA", "OLGA").
_ACRONYM = regex.compile(r"(?=[A-Z]{2,4}\Z)[^AEIOUY]*(?:[AEIOUY][^AEIOUY]*)?")


def _is_a_run_of_acronyms(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is only acronyms or codes that no name of the
    lexicon is: "NSSF registration", "TLV–JFK". Short names in capitals are
    names of the lexicon ("LI WEI", "KIM") or have the vowels of a word
    ("LĪGA"), and stay."""
    if result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return False
    words = [w.group() for w in _WORD.finditer(text, result.start, result.end)]
    lexicon = person_name_lexicon()
    return bool(words) and all(
        _ACRONYM.fullmatch(word) and not lexicon.is_name(word) for word in words
    )


def _is_a_valediction(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is only the words of a valediction that are no
    names of the lexicon: "Mit freundlichen Grüßen" lends the model a
    capitalized "Grüßen"; "Salam" stays, a given name too."""
    if result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return False
    words = [w.group() for w in _WORD.finditer(text, result.start, result.end)]
    lexicon = person_name_lexicon()
    return bool(words) and all(
        word.casefold() in VALEDICTION_WORDS and not lexicon.is_name(word) for word in words
    )


# After a word that opens a line: the rest of a form's label, up to its colon
# ("Signed by the Tenant:", "Map pin:", "National code (Kod-e Melli):").
_REST_OF_A_LABEL = re.compile(r"(?:[ \t]+[\w'’()/.-]+){0,4}?[ \t]*:(?!\d)")


def _is_an_english_word_of_a_phrase(text: str, result: RecognizerResult, english: bool) -> bool:
    """Whether the model's one-word person is an English word no name is, opening a
    line or a sentence as a word of a label or a phrase does: before its label's
    colon ("Remarks:", "Shipped by:") or a function word ("Lunch at Lau Pa Sat",
    "Combine with a visit"). A surname the lexicon lacks stands before a verb
    ("Thatcher called"), and stays, unless a colon follows within four words
    ("Thatcher told reporters: …") or a preposition right after it."""
    if not english or result.entity_type != "PERSON" or _recognizer(result) != NER_RECOGNIZER:
        return False
    word = text[result.start : result.end]
    lexicon = person_name_lexicon()
    if not (_WORD.fullmatch(word) and lexicon.is_english(word) and not lexicon.is_name(word)):
        return False
    if not starts_a_sentence(text, result.start):
        return False
    if _REST_OF_A_LABEL.match(text, result.end):
        return True
    following = _NEXT_WORD.match(text, result.end)
    return (
        following is not None
        and following.group(1) is None
        and is_english_function_word(following.group(2).casefold())
    )


# Words for one's kin that a family writes with a capital as if they were a
# name ("Mom's car", "ask Grandpa"): a closed class, like pronouns. They name
# nobody outside the family, so a span made of them alone is no person; one
# with a name beside them ("Aunt Rosa") keeps the name, and so does one after
# an honorific or a stated name ("Mrs. Mummy" is a surname). Nana, Papa and
# Mama, given names in several languages, are not in the list.
# Titles written before a surname that are no forms of address: "Coach Hall", "Captain Park".
_TITLE_WORDS = frozenset("coach captain doctor professor judge officer sergeant pastor father sister brother".split())
_KIN_WORDS = frozenset(
    """
    mom mum mommy mummy momma dad daddy grandma grandpa granny grandad granddad grandmother
    grandfather grandmom grandmum grandpop auntie aunty aunt uncle mother father stepmom stepmum
    stepdad stepmother stepfather
    """.split()
)


def _only_kin_words(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is only words for kin ("Mom", "Grandma and Grandpa")."""
    if result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return False
    if (result.recognition_metadata or {}).get(PERSON_ONLY_CUE_KEY) or follows_honorific(text, result.start):
        return False
    words = [
        w.group().casefold().removesuffix("'s").removesuffix("’s")
        for w in _WORD.finditer(text, result.start, result.end)
    ]
    return any(w in _KIN_WORDS for w in words) and all(w in _KIN_WORDS or w in ("my", "and") for w in words)


def _names_a_thing(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is the name of a facility, team, prize, product or company.

    It is when its last word or the word after it is such a head word
    ("Lincoln Center", "Charlotte Hornets", "King's Cross") or a company word
    ("Bhang Inc", "Northamber Plc"), or when a product
    word follows it ("Jordan shoes"). Head words that are common surnames
    ("Hall", "Park") count only after a possessive, and product words only
    without one, so "Tom Hall" and "Sarah's house" stay people.
    """
    if result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return False
    last = _LAST_WORD.search(text, result.start, result.end)
    if last and (
        last.group(1) in _HEAD_WORDS - _SURNAME_HEADS
        or _company_word(last.group(1))
        or (
            last.group(1) in _SURNAME_HEADS
            and _after_a_word_no_name_is(text, result.start, last.start(1), last.group(1))
        )
    ):
        return True
    following = _NEXT_WORD.match(text, result.end)
    if following is None:
        return False
    possessive, word = following.group(1), following.group(2)
    if _company_word(word):
        return True
    if possessive:
        return word in _HEAD_WORDS
    if word.casefold() in _PRODUCT_WORDS and (result.recognition_metadata or {}).get(AUTHOR_OF_WORK_KEY):
        return False  # "the Wiśniewski novel": the word is the cue that found an author
    return word in _HEAD_WORDS - _SURNAME_HEADS or word.casefold() in _PRODUCT_WORDS


def _after_a_word_no_name_is(text: str, start: int, end: int, head: str) -> bool:
    """Whether the word before ``end`` (within the span from ``start``) is a
    head word, or an English word that is no name, title or kin word, or,
    before a ``head`` seldom a surname, any word the lexicon lacks:
    "Nkrumah Memorial Park", "Central Park", "Independence Day" and "Wawel
    Castle" name things; "Tom Hall", "Min-jun Park", "Dzhaparov Hall" and
    "Coach Hall" people."""
    before = _LAST_WORD.search(text, start, end)
    if before is None:
        return False
    word = before.group(1)
    lexicon = person_name_lexicon()
    if word in _HEAD_WORDS:
        return True
    if head in _PLACE_HEADS and not lexicon.is_name(word):
        return True
    return (
        lexicon.is_english(word)
        and not lexicon.is_name(word)
        and word.casefold() not in _KIN_WORDS | _TITLE_WORDS | FORMS_OF_ADDRESS
    )


def _on_public_name(
    text: str, result: RecognizerResult, public: Sequence[RecognizerResult], english: bool
) -> bool:
    """Whether ``result`` is a guess that a brand, title or landmark overrides.

    A guessed person overlapping one goes: the model's person spans around
    such names run over the words next to them ("Buy Heinz", "Tesla Model"),
    unless a word beside the brand is one only a name explains (see
    :func:`_name_beside`). A street address goes only when the landmark holds
    all of it ("10 Downing Street"); with a postcode or city after it, it is an
    address like any other.
    """
    if result.entity_type == "PERSON" and _recognizer(result) in GUESSING_PERSON_RECOGNIZERS:
        overlapping = [p for p in public if p.start < result.end and result.start < p.end]
        return bool(overlapping) and not _name_beside(text, result, overlapping, english)
    if result.entity_type == "STREET_ADDRESS":
        return any(p.start <= result.start and result.end <= p.end for p in public)
    return False


_WORD = re.compile(r"\w[\w'’-]*")
_FIELD_COLON = re.compile(r"[ \t]*[:=]")
# After a capital and its dot, more initials or a particle: the capital opens a
# name ("J.P. de Vries", "A. van Dijk"). A lone one may be an abbreviation that
# closes a message ("T. Mikko Nieminen": Finnish "terveisin").
_MORE_INITIALS_OR_A_PARTICLE = regex.compile(
    rf"\.(?:(?:-?[ \t]?\p{{Lu}}\.)+|(?:-?[ \t]?\p{{Lu}}\.)*[ \t]+(?:{PARTICLE_ALTERNATION})[ \t])"
)
_WORD_BEFORE = re.compile(r"(\w[\w.]*)\s+$")
_WORD_BREAK = re.compile(r"[ \t,/]")
_DIGIT = re.compile(r"\d")


def _name_beside(
    text: str, result: RecognizerResult, public: Sequence[RecognizerResult], english: bool
) -> bool:
    """Whether the guessed person holds, outside the public names it overlaps,
    a capitalized word that only a person's name explains.

    Many brands are also given names or surnames (Heinz, Zara, Siri, Ferrari,
    Honda, Philips): "Heinz Müller", "Marco Ferrari" and "Zara Fokina" are
    people, and dropping the whole guess printed them raw. A word beside the
    brand counts when it is a name of the lexicon that is no common English
    word, or, in English text, no English word at all (in another language
    most words are none: "Aldi Süd"), and neither a place, a company word nor
    a function word of a language we weigh ("Bei Aldi", "Bei" a given name too):
    "Buy Heinz", "Tesla Model", "Nike Air", "Prada Milano" stay brands.
    """
    lexicon = person_name_lexicon()
    gazetteer = default_gazetteer()
    for match in _WORD.finditer(text, result.start, result.end):
        word = match.group().rstrip("'’")
        if any(p.start < match.end() and match.start() < p.end for p in public):
            continue
        if not word[:1].isupper() or _company_word(word) or _is_form_of_address(word):
            continue
        if is_function_word(word.casefold()):
            continue  # "Bei Aldi Süd …": a sentence's capitalized first word
        if gazetteer.find_city(word) or gazetteer.find_region(word) or gazetteer.find_country(word):
            continue
        if (lexicon.is_name(word) and not lexicon.is_common(word)) or (english and lexicon.is_no_english_word(word)):
            return True
    return False


def _is_a_name_field_label(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is the label of a form's name field ("Nama: Budi",
    "Sukunimi: Virtanen"): some labels are names too, or look like two joined."""
    return (
        _recognizer(result) in GUESSING_PERSON_RECOGNIZERS
        and text[result.start : result.end].casefold() in NAME_LABELS
        and _FIELD_COLON.match(text, result.end) is not None
    )


# Recognizers that may take a word the lexicon lacks for a name, from how it stands.
_SHAPE_PERSON_RECOGNIZERS = frozenset({NER_RECOGNIZER, PersonLexiconRecognizer.__name__})


def _is_a_field_label(
    text: str,
    result: RecognizerResult,
    value_starts: Collection[int] = (),
    name_ends: Mapping[int, Collection[int]] | None = None,
) -> bool:
    """Whether a guessed person is the label of a form's field, not a name: it stands
    before the field's colon and no word of it is a name of the lexicon
    ("Anschrift:", "Kotiosoite:", "Διεύθυνση:", "TAJ SZÁM:"). The English model
    takes most capitalized words of a form in another language for people, and
    a form with too little prose to tell its language reads as English, where
    the other-language checks are off. The colon must open a value (a number,
    or an identifier or address found at one of ``value_starts``): before
    prose the guess is a speaker ("Dzhaparov: We will not sign"), and stays.
    So does a guess right after another field's colon, which holds that
    field's value too ("ACHTERNAAM: VAN DER MEULEN VOORLETTERS:").

    Before a person found at the colon (``name_ends`` maps where people found
    start to where they may end) who fills the field to its end, the guess is a
    role ("Landlord: LEUNG Ka Wai", "Guest: Camille Hassani") when its words
    are English words and no given names ("Guest" and "Driver" are surnames
    too), or a role or name field of another language ("Fiador: Waldemar
    Albuquerque", "Hijos menores: Valeria"). A given name before a name is a
    speaker ("Maria: John is late"), and so is any word before a name that
    prose follows ("Baker: John, please sit down").
    """
    if _recognizer(result) not in _SHAPE_PERSON_RECOGNIZERS:
        return False
    colon = _LABEL_COLON.match(text, result.end) or _LABEL_WORDS_COLON.match(text, result.end)
    if colon is None or _AFTER_A_FIELD_COLON.search(text, max(0, result.start - 8), result.start):
        return False
    name_ends = name_ends or {}
    lexicon = person_name_lexicon()
    words = [word.group() for word in _WORD.finditer(text, result.start, result.end)]
    if colon.re is _LABEL_WORDS_COLON:
        # The label's own words go on in lower case ("Shipping address:", "Child
        # to be added:"); a name or a speaker is followed by the colon, or by a
        # verb ("Mark wrote:"), so a value must follow as for a role.
        if not (
            all(lexicon.is_english(word) and not lexicon.is_given(word) for word in words)
            or names_a_role(" ".join(words))
        ):
            return False
        if _NUMBER_VALUE.match(text, colon.end()) or colon.end() in value_starts:
            return True
        return any(_FIELD_END.match(text, end) is not None for end in name_ends.get(colon.end(), ()))
    if _NUMBER_VALUE.match(text, colon.end()) or colon.end() in value_starts:
        return not any(lexicon.is_name(word) for word in words)
    return any(_FIELD_END.match(text, end) is not None for end in name_ends.get(colon.end(), ())) and (
        all(lexicon.is_english(word) and not lexicon.is_given(word) for word in words)
        or names_a_role(" ".join(words))
    )


def _without_labels(
    text: str,
    result: RecognizerResult,
    value_starts: Collection[int] = (),
    name_ends: Mapping[int, Collection[int]] | None = None,
) -> RecognizerResult | None:
    """An NER person without the field labels at its edges; None if nothing else is
    left, or if it holds a digit (no name does).

    The model runs a name into the word before it ("Call Sarah", "Reisepass
    Nr"); the label is not part of the name and must stay in the text. Nor
    are lowercase words at the edges of a capitalized name ("Resep rendang
    Padang yang empuk" gives "Padang", which the gazetteer then knows for a
    city); a name typed all in lower case is kept whole.
    """
    if result.entity_type != "PERSON":
        return result
    if _is_a_name_field_label(text, result) or _is_a_field_label(text, result, value_starts, name_ends):
        return None
    if _recognizer(result) != NER_RECOGNIZER:
        return result
    if any(ch.isdigit() for ch in text[result.start : result.end]):
        return None  # "Platform 9", "Jordan 4s": numbered things, not people
    words = list(_WORD.finditer(text, result.start, result.end))
    while words and words[0].group().casefold() in LABEL_WORDS:
        words.pop(0)
    while words and words[-1].group().casefold() in LABEL_WORDS:
        words.pop()
    if any(word.group()[:1].isupper() for word in words):
        # A lowercase word at the edge of a capitalized name is no part of it
        # ("Padang yang empuk" is "Padang", "ciao Ale" is "Ale") unless it is
        # a name itself, typed in lower case ("Maria gonzalez", "jan Kowalski").
        lexicon = person_name_lexicon()

        def stray(word: str) -> bool:
            return word.islower() and word not in PARTICLES and not lexicon.is_name(word)

        while stray(words[-1].group()):
            words.pop()
        while stray(words[0].group()):
            words.pop(0)
    if not words:
        return None
    start, end = words[0].start(), words[-1].end()
    if (start, end) == (result.start, result.end):
        return result
    return RecognizerResult(
        result.entity_type, start, end, result.score, result.analysis_explanation,
        result.recognition_metadata,
    )


def _names_a_saint_or_a_place(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person is a saint's name or opens with a known place
    (:mod:`~privacy.desensitize.saints`, :mod:`~privacy.desensitize.place_led_names`).

    A cue that only people take, a form of address or an honorific before
    it keeps it a person: "my name is Lisboa", "Sr. Madrid", "Mrs. St. John".
    """
    if result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return False
    if (result.recognition_metadata or {}).get(PERSON_ONLY_CUE_KEY):
        return False
    if _after_a_form_of_address(text, result) or follows_honorific(text, result.start):
        return False
    return names_a_saint(text, result.start) or led_by_a_place(
        text, result.start, result.end, default_gazetteer(), person_name_lexicon()
    )


# Recognizers that guess a phone from a number's shape, with no cue for it.
_SHAPE_PHONE_RECOGNIZERS = frozenset({WindowedPhoneRecognizer.__name__, PhonePatternRecognizer.__name__})


def _numbers_a_code(text: str, result: RecognizerResult) -> bool:
    """Whether a phone guessed from a number's shape is labelled an order, product or booking code.
    A number written with its country's "+" is a phone's: no code is ("Contact on booking: +234…")."""
    return (
        result.entity_type == "PHONE_NUMBER"
        and _recognizer(result) in _SHAPE_PHONE_RECOGNIZERS
        and not text.startswith("+", result.start)
        and labels_a_code(text, result.start)
    )


_FIELD_LABEL_END = re.compile(r"\.?[ \t]*:")
_AFTER_A_FIELD_COLON = re.compile(r":[ \t]*\Z")
# A field's colon, and a value after it that opens with a number ("Telefon: +48…").
_LABEL_COLON = re.compile(r"\.?[ \t]*:[ \t]*")
# Where a field's value ends: the line, a note in brackets, a column's gap,
# or a comma before the next field ("Tenant: Grace W, ID 377…"); prose after a
# comma ("Baker: John, please sit down") is a speaker's.
_FIELD_END = re.compile(r"[ \t]*(?:$|\n|\(|[ \t]{2}|,[ \t]*[^\W\d_a-z]|,[ \t]*\d)", re.MULTILINE)
_NUMBER_VALUE = re.compile(r"[+(]?\d")
# A label's words after the one taken for a person, up to its colon: one to
# four, the first in lower case, a note in brackets allowed ("Shipping
# address:", "Driver licence (QLD):", "Property applied for:", "Child's date of birth:").
_LABEL_WORDS_COLON = regex.compile(
    r"(?:['’]s)?[ \t]+\p{Ll}[\p{Ll}'’-]*(?:[ \t]+(?:[\p{L}][\p{L}'’/.-]*|\([^()\n]{1,40}\))){0,3}?[ \t]*:[ \t]*"
)


def _line_pieces(text: str, result: RecognizerResult) -> Iterator[RecognizerResult]:
    """An NER person cut at its line breaks, each line's piece on its own.

    No name runs over a line break, but the model runs one into the label of
    the next line ("Rita Ferreira da Costa\nData de"), and the longer span then
    outranked the full name a rule found on the first line. Each piece is
    judged as any guess is: "Data de" alone is no person in Portuguese. A
    piece before a colon is the label of its line ("Fødselsnr.:"); a speaker
    before one is the cue recognizer's to find.
    """
    if (
        result.entity_type != "PERSON"
        or _recognizer(result) != NER_RECOGNIZER
        or "\n" not in text[result.start : result.end]
    ):
        yield result
        return
    start = result.start
    for line in text[result.start : result.end].split("\n"):
        end = start + len(line)
        piece_start, piece_end = _strip_to_alnum(text, start, end)
        if piece_start < piece_end and not _FIELD_LABEL_END.match(text, piece_end):
            yield RecognizerResult(
                result.entity_type, piece_start, piece_end, result.score, result.analysis_explanation,
                result.recognition_metadata,
            )
        start = end + 1


def _after_a_form_of_address(text: str, result: RecognizerResult) -> bool:
    """Whether "pani", "Dra.", "Herr" or another form of address stands right before ``result``."""
    before = _WORD_BEFORE.search(text, max(0, result.start - 20), result.start)
    return before is not None and before.group(1).casefold().rstrip(".") in FORMS_OF_ADDRESS


def _backed(text: str, result: RecognizerResult) -> bool:
    """Whether a guessed person reads as a full name of the lexicon or follows a form of address.

    Names of several words are capitalized but for their particles, so a
    span with another lowercase word is no name ("pogoda w", "chinelo
    dura"). Of capitalized words there must be two or more, the first a
    given name ("Jörg Häberle", "Paweł Grabowiecki"): in these languages
    the English model takes nouns, brands and sights for people, and a
    surname of the lexicon after another word ("Compara el Seat León",
    "Duomo di Milano") or a lone name ("Otto hat die Bestellung
    verschickt") is no evidence of one. A lone name is left to the cue
    recognizer and to the other mentions of a full name; a form of address
    the model ran into the span vouches for the name after it.
    A name typed in lower case ("bel bram even op") must be a given name,
    or a word a phone number follows within a few words ("zadzwoń do
    krzyśka na 601…", not a code: "kod produktu 590…"), that is no function
    word of any language we weigh ("mi", "de") nor a month ("29. juli"), in
    a span of at most two other words (the model runs such a name into its
    neighbours: "ciao ale", "liga ao zé para"); a
    lowercase surname is as often a word.
    """
    lexicon = person_name_lexicon()
    if _after_a_form_of_address(text, result):
        return True
    words = [w.group() for w in _WORD.finditer(text, result.start, result.end)]
    if all(word.islower() for word in words):
        names = [word for word in words if not is_function_word(word) and not _MONTH.fullmatch(word)]
        number = _NUMBER_AFTER.match(text, result.end)
        phone_after = number is not None and not labels_a_code(text, number.start("number"))
        return len(names) <= MAX_LOWERCASE_WORDS and any(
            lexicon.is_given(word) or phone_after for word in names
        )
    if any(word.islower() and word not in PARTICLES for word in words):
        return False
    capitalized = [word for word in words if word[:1].isupper()]
    if len(capitalized) >= 2 and _is_form_of_address(capitalized[0]):
        return True  # "Frau Dr. Schwarzkopf-Ilgner": the model ran the name over its title
    return len(capitalized) >= 2 and lexicon.is_given(capitalized[0])


def _is_form_of_address(word: str) -> bool:
    return word.casefold().rstrip(".") in FORMS_OF_ADDRESS


def _capitalized_by_position(text: str, start: int, word: str, following: str | None) -> bool:
    """Whether ``word`` at ``start`` is a function word capitalized for opening a sentence.

    "Le Mont-Saint-Michel est…", "¿El Corte Inglés abre…", "Är Max godare…":
    an article or a pronoun of the text's language is no part of a name.
    A function word that is also a given name of three letters or more
    ("Otto", "Per", "Mia") may start one, and stays, unless the word after it
    in the name is no name of the lexicon ("Das Ticket kostet…", "Bei Tchibo
    kostet…": "Das" and "Bei" are given names too); two-letter articles
    ("Le", "El", "Il") lose the surname particle they may also be ("Le Pen"
    at a sentence start keeps "Le", and the surname is still replaced).
    """
    if not word[:1].isupper() or word in CAPITALIZED_PARTICLES:
        return False
    if len(word) == 1 and _MORE_INITIALS_OR_A_PARTICLE.match(text, start + 1):
        return False  # initials, even at a sentence's start: "Bedankt. J.P. de Vries"
    if not is_function_word(word.casefold()) or not starts_a_sentence(text, start):
        return False
    lexicon = person_name_lexicon()
    if len(word) <= 2 or not lexicon.is_given(word):
        return True
    return following is not None and not lexicon.is_name(following)


def _without_opening_function_word(
    text: str, result: RecognizerResult, english: bool
) -> RecognizerResult | None:
    """A guessed person in text that is not English without a sentence's opening function word.

    None when nothing is left. English text is left alone: its capitalized
    function words are in no name recognizer's reach but for given names
    ("Will Smith").
    """
    if english or result.entity_type != "PERSON" or _recognizer(result) not in GUESSING_PERSON_RECOGNIZERS:
        return result
    first = _WORD.match(text, result.start)
    if first is None or first.end() > result.end:
        return result
    rest = _WORD.search(text, first.end(), result.end)
    if not _capitalized_by_position(text, result.start, first.group(), rest.group() if rest else None):
        return result
    if rest is None:
        return None
    return RecognizerResult(
        result.entity_type, rest.start(), result.end, result.score, result.analysis_explanation,
        result.recognition_metadata,
    )


def _unbacked_in_another_language(
    text: str, result: RecognizerResult, english: bool
) -> bool:
    """Whether ``result`` is an NER person in text that is not English, with nothing else for it.

    The model is English: in German, Polish or Indonesian it takes nouns,
    brands and dishes for people ("Spargel", "Nutella", "pogoda w"). There a
    person it finds stays only when it reads as a full name led by a given
    name of the lexicon or a form of address stands before it
    (:func:`_backed`): a lone name or a lone surname the model finds there
    is left to the cues, the lists and a co-reference with a full name
    (PERSON recall on the multilingual set 0.857 → 0.850 for trap records
    changed 47.73% → 27.27%).
    """
    if english or result.entity_type != "PERSON":
        return False
    if _recognizer(result) == PersonLexiconRecognizer.__name__:
        # A lone word is taken for being a name English seldom uses, or one
        # the English tagger reads as a proper noun: neither says anything
        # in another language, where most words are rare in English. A list
        # with a full name of the lexicon in it does ("Jonas und Fatma Özdemir").
        lone = _WORD_BREAK.search(text, result.start, result.end) is None
        listed = bool((result.recognition_metadata or {}).get(PersonLexiconRecognizer.LIST_MATE_KEY))
        return lone and not listed and not _after_a_form_of_address(text, result)
    return _recognizer(result) == NER_RECOGNIZER and not _backed(text, result)


def _select_spans(text: str, results: Iterable[RecognizerResult]) -> list[_Span]:
    """Resolve overlapping detections into disjoint spans, in reading order.

    Public names (brands, characters, landmarks) are not replaced, and a
    guessed person overlapping one is dropped ("Jack Daniel's" is a whiskey)
    unless a name stands beside the brand ("Heinz Müller"), a guessed person
    followed by a facility, team or product word is dropped ("Lincoln
    Center", "Jordan shoes"), and field labels are trimmed off NER
    people ("Call Sarah" is Sarah, "Reisepass Nr" nobody). In text that is
    not English, an NER person needs a full name led by a given name (or a
    title), and a lone name of the lexicon a form of address before it or a
    full name beside it in a list.
    An NER place that overlaps a name found by a rule (a cue, the device's
    address book) first gives the name its words and keeps only what is left
    beside it that still names a place (:func:`_unshadowed`): the model takes
    "Katharina Gruber's" for a place, and its longer span must not shield the
    name. Then pattern entities go first, then longer spans, then higher
    scores: a container beats what it contains ("Tell Sydney" as PERSON over
    the city "Sydney"), and on an identical span the higher score wins (the
    gazetteer's "Lyon" over NER's PERSON "Lyon"). A detection that overlaps one already taken keeps only its
    uncovered remainder, so a partly overlapped name is still replaced rather
    than dropped. Remainders and NER spans are trimmed to their letters and
    digits: the model's spans sometimes run over punctuation or an emoji next to
    a name.
    """
    results = with_model_results(list(results), GUESSING_PERSON_RECOGNIZERS)
    public = [r for r in results if r.entity_type == PUBLIC_NAME]
    english = is_english(text)
    value_starts = frozenset(r.start for r in results if r.entity_type in PATTERN_ENTITIES)
    name_ends: dict[int, set[int]] = {}
    for r in results:
        if r.entity_type == "PERSON":
            name_ends.setdefault(r.start, set()).add(r.end)
    labelled = (
        _without_labels(text, piece, value_starts, name_ends)
        for r in results
        if r.entity_type != PUBLIC_NAME
        for piece in _line_pieces(text, r)
    )
    trimmed = (
        _without_opening_function_word(text, r, english) for r in labelled if r is not None
    )
    results = [
        r
        for r in trimmed
        if r is not None
        and not _on_public_name(text, r, public, english)
        and not _names_a_thing(text, r)
        and not _only_kin_words(text, r)
        and not _is_a_title_of_words(text, r, english)
        and not _is_a_run_of_acronyms(text, r)
        and not _is_a_valediction(text, r)
        and not _is_an_english_word_of_a_phrase(text, r, english)
        and not _unbacked_in_another_language(text, r, english)
        and not _names_a_saint_or_a_place(text, r)
        and not _numbers_a_code(text, r)
    ]
    rule_people = _RulePeople(
        r for r in results if r.entity_type == "PERSON" and _recognizer(r) != NER_RECOGNIZER
    )
    results = [part for r in results for part in _unshadowed(text, r, rule_people)]
    ranked = sorted(
        results,
        key=lambda r: (r.entity_type not in PATTERN_ENTITIES, r.start - r.end, -r.score, r.start),
    )
    taken = _Taken()
    for result in ranked:
        if _joins_a_person(result, taken):
            continue
        whole = (result.start, result.end)
        for start, end in taken.uncovered(result.start, result.end):
            if (start, end) != whole or result.entity_type not in PATTERN_ENTITIES:
                start, end = _strip_to_alnum(text, start, end)
            if (start, end) != whole and result.entity_type == "POSTCODE" and not _DIGIT.search(text[start:end]):
                # A town read with a number that is a street's ("Gallup, 27194
                # Hersnapvej 18"): without its postcode nothing vouches for it,
                # and "Media" would be written as Médéa, Algeria.
                continue
            if start < end:
                metadata = result.recognition_metadata or {}
                taken.add(_Span(result.entity_type, start, end, metadata))
    return taken.in_order()


class _Taken:
    """The spans selection took so far, disjoint: which overlap a detection,
    and what of it is left, in log time. Sorting and scanning every span taken
    for each detection made a record of thousands of names quadratic."""

    def __init__(self) -> None:
        self._spans = DisjointSpans(())
        self._by_start: dict[int, _Span] = {}

    def overlapping(self, start: int, end: int) -> list[_Span]:
        return [self._by_start[s] for s, _ in self._spans.overlapping(start, end)]

    def uncovered(self, start: int, end: int) -> list[tuple[int, int]]:
        return self._spans.uncovered(start, end)

    def add(self, span: _Span) -> None:
        if not self._spans.take(span.start, span.end):
            raise ValueError(f"span {span.start}-{span.end} overlaps one taken")
        self._by_start[span.start] = span

    def remove(self, span: _Span) -> None:
        self._spans.remove(span.start, span.end)
        del self._by_start[span.start]

    def in_order(self) -> list[_Span]:
        return [self._by_start[start] for start, _ in self._spans]


def _joins_a_person(result: RecognizerResult, taken: _Taken) -> bool:
    """Whether a person overlapping people already taken, and nothing else, was
    joined to them as one: two rules that read "ПЕТРОВА ОЛЬГА" and "ОЛЬГА
    НИКОЛАЕВНА" read one name, and its placeholder must say one person."""
    if result.entity_type != "PERSON":
        return False
    overlapping = taken.overlapping(result.start, result.end)
    if not overlapping or any(s.entity_type != "PERSON" for s in overlapping):
        return False
    start = min(result.start, *(s.start for s in overlapping))
    end = max(result.end, *(s.end for s in overlapping))
    if len(taken.overlapping(start, end)) > len(overlapping):
        return False
    longest = max(overlapping, key=lambda s: s.end - s.start)
    for span in overlapping:
        taken.remove(span)
    taken.add(_Span("PERSON", start, end, longest.metadata))
    return True


def _with_address_leads(text: str, spans: list[_Span]) -> list[_Span]:
    """``spans`` with each address grown over the flat and building written
    before its street (:func:`~privacy.desensitize.address_lead.lead_start`).

    People and places read inside that lead ("Ganga" of "Ganga Apartments")
    become part of the address; any other span there (a phone, another
    address whose tail holds the flat, a person whose surname is a
    building's word and whom no flat before vouches for as a building:
    "Gregory House") stops the growth after it.
    """
    grown: list[_Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if span.entity_type == "STREET_ADDRESS":
            start = lead_start(text, span.start)
            while grown and start < grown[-1].end:
                previous = grown[-1]
                # A person named like a building ("Gregory House") is one unless
                # a flat farther out vouches for the building ("Flat 2, Priya Towers").
                if (
                    previous.entity_type in ("PERSON", "LOCATION")
                    and start <= previous.start
                    and not (
                        previous.entity_type == "PERSON"
                        and start == previous.start
                        and ends_with_building_word(text[previous.start : previous.end])
                    )
                ):
                    grown.pop()
                else:
                    start = max(start, grown[-1].end)
                    break
            if start < span.start:
                start = _strip_to_alnum(text, start, span.end)[0]
                span = _Span(span.entity_type, min(start, span.start), span.end, span.metadata)
        grown.append(span)
    return grown


def _with_address_districts(text: str, spans: list[_Span]) -> list[_Span]:
    """``spans`` with each address grown over the district that ends it
    (:func:`~privacy.desensitize.address_district.district_end`).

    A person or a place read in that district ("Kimironko" taken for a
    person) becomes part of the address; any other span there stops it.
    """
    ordered = sorted(spans, key=lambda s: s.start)
    absorbed: set[int] = set()
    grown: list[_Span] = []
    for index, span in enumerate(ordered):
        if index in absorbed:
            continue
        end = district_end(text, span.end) if span.entity_type == "STREET_ADDRESS" else None
        if end is not None:
            after = index + 1
            while after < len(ordered) and ordered[after].start < end:
                after += 1
            inside = range(index + 1, after)
            if all(ordered[i].entity_type in ("PERSON", "LOCATION") and ordered[i].end <= end for i in inside):
                absorbed.update(inside)
                span = _Span(span.entity_type, span.start, end, span.metadata)
        grown.append(span)
    return grown


def _shifted(spans: Iterable[_Span], offset: int) -> list[_Span]:
    """Spans of a segment, re-indexed into the whole record."""
    return [_Span(s.entity_type, s.start + offset, s.end + offset, s.metadata) for s in spans]


def _require_text(text: object, index: int) -> str:
    if not isinstance(text, str):
        raise TypeError(f"record {index} must be str, not {type(text).__name__}")
    return text


def segments(text: str, size: int = SEGMENT_CHARACTERS) -> list[tuple[int, int]]:
    """``(start, end)`` pieces of ``text`` of at most ``size`` characters, covering it.

    Each cut is at the last line break in the second half of the window, else
    the last sentence end, else the last whitespace; a run of ``size``
    characters without any is cut where it must be.
    """
    pieces = []
    start = 0
    while len(text) - start > size:
        window_end = start + size
        cut = window_end
        for separator in _SEGMENT_BREAKS:
            found = text.rfind(separator, start + size // 2, window_end)
            if found != -1:
                cut = found + len(separator)
                break
        pieces.append((start, cut))
        start = cut
    pieces.append((start, len(text)))
    return pieces


def analysis_windows(text: str) -> list[tuple[int, int, int, int]]:
    """``(start, end, window_start, window_end)`` for each of :func:`segments`.

    The window is the segment with :data:`SEGMENT_CONTEXT` characters of context
    on either side, trimmed to whole words where the context has a space.
    """
    windows = []
    for start, end in segments(text):
        window_start = max(0, start - SEGMENT_CONTEXT)
        window_end = min(len(text), end + SEGMENT_CONTEXT)
        if window_start > 0:
            space = text.find(" ", window_start, start)
            window_start = space + 1 if space != -1 else window_start
        if window_end < len(text):
            space = text.rfind(" ", end, window_end)
            window_end = space if space != -1 else window_end
        windows.append((start, end, window_start, window_end))
    return windows


def _in_segment(spans: Iterable[_Span], start: int, end: int) -> list[_Span]:
    """The spans found in a segment's window that touch the segment itself."""
    return [s for s in spans if s.start < end and start < s.end]


# A middle initial between two names: "Monika D Grubišić", "David N. Thomas".
# A bare "I" is the pronoun far more often ("told Anna I saw Bob").
_MIDDLE_INITIAL = re.compile(r"[ \t]+(?!I[ \t])([^\W\d_])\.?[ \t]+")
# The middle initial that ends a name written surname first, before the end of
# its field: "MARTINEZ, DOLORES A", "NGUYEN, MINH T / NGUYEN, LAN H".
_TRAILING_INITIAL = re.compile(r"[ \t]+[A-Z]\.?(?=[ \t]*(?:$|\n|[/;|)\]]))", re.MULTILINE)


def _is_name_part(text: str, span: _Span, name_start: int) -> bool:
    """Whether a span that a person's name, found at ``name_start``, grows over whole is part of it.

    A town is part of it only when it stands right against the name, not before a
    title ("Paris Mr. Kowalczyk" greets in Paris), and no word that takes
    places stands before it.
    """
    if span.entity_type == "LOCATION":
        return not text[span.end : name_start].strip(" \t") and (
            word_before(text, span.start) not in PLACE_OR_THING_WORDS
        )
    return span.entity_type == "PERSON"


# Words that join two names into one person's: "son of", "wife of", "born"
# ("Rajendran s/o Muthusamy", "Daniel Kipruto arap Sang", "Olfa Trabelsi
# épouse Jaziri", "Anna Schmidt geb. Meyer").
_RELATION = re.compile(
    r"[ \t]+(?:[sd]/o|a/[lp]|arap|[ée]pouse|ép\.|n[ée]e|geb\.|geborene|vda\.?[ \t]+de|viuda[ \t]+de)[ \t]+",
    re.IGNORECASE,
)
# A nickname in quotes inside a name, and the capitalized word on its other
# side: 'Joseph "Jojo" Lemayian', 'Rodrigo "el Güero" Salcedo'.
_NICKNAME = r"[ \t]+[\"“‘'][^\"”’'\n]{1,20}[\"”’'][ \t]+"
_NICKNAME_BEFORE = re.compile(rf"(?<![\w'’-])[^\W\d_][\w'’-]*{_NICKNAME}\Z")
_NICKNAME_AFTER = re.compile(rf"{_NICKNAME}[^\W\d_][\w'’-]*")


def _across_name_joints(text: str, spans: Iterable[_Span]) -> list[_Span]:
    """``spans`` with two people one middle initial or one word of kinship apart made
    one person, and a person grown over a nickname in quotes and the name on its
    other side.

    Each found alone, the two names are replaced and what joins them stays;
    yet it belongs to the one name they form, which narrows down who it is.
    """
    joined: list[_Span] = []
    for span in spans:
        last = joined[-1] if joined else None
        if span.entity_type == "PERSON":
            before = _NICKNAME_BEFORE.search(text, max(0, span.start - 48), span.start)
            if before is not None and _may_name(before.group().split()[0]) and (
                last is None or last.end <= before.start()
            ):
                span = _Span("PERSON", before.start(), span.end, span.metadata)
            after = _NICKNAME_AFTER.match(text, span.end)
            if after is not None and _may_name(after.group().split()[-1]):
                span = _Span("PERSON", span.start, after.end(), span.metadata)
            initial = _TRAILING_INITIAL.match(text, span.end)
            if initial is not None and "," in text[span.start : span.end]:
                span = _Span("PERSON", span.start, initial.end(), span.metadata)
        if last is not None and last.entity_type == span.entity_type == "PERSON" and _joins_names(text, last, span):
            joined[-1] = _Span("PERSON", last.start, max(last.end, span.end), last.metadata)
        else:
            joined.append(span)
    return joined


def _may_name(word: str) -> bool:
    """Whether a capitalized word beside a nickname may be part of the name: no
    frequent English word ("Salcedo", "Lemayian"; not "Then", which the lexicon
    lists among names too)."""
    return word[:1].isupper() and not person_name_lexicon().is_english(word)


def _joins_names(text: str, last: _Span, span: _Span) -> bool:
    """Whether the text between two people joins them into one: a middle initial,
    a word of kinship, or nothing at all (a name grown over a nickname to its neighbour)."""
    if span.start <= last.end:
        return True
    initial = _MIDDLE_INITIAL.fullmatch(text, last.end, span.start)
    return (initial is not None and initial.group(1).isupper()) or _RELATION.fullmatch(
        text, last.end, span.start
    ) is not None


def _joined(spans: Iterable[_Span]) -> list[_Span]:
    """Spans of neighbouring segments made disjoint, in reading order.

    Both windows around a cut see an identifier that crosses it, sometimes with
    different edges. Two overlapping spans of one type become one covering
    both, with the longer's metadata; a span of another type keeps only the
    part the earlier one leaves, as its own span, so a place the model ran over
    a name cannot carry the name through unreplaced. A span inside an earlier
    one goes, as in :func:`_select_spans` (a container beats what it contains).
    """
    joined: list[_Span] = []
    for span in sorted(spans, key=lambda s: (s.start, s.start - s.end)):
        last = joined[-1] if joined else None
        if last is None or span.start >= last.end:
            joined.append(span)
        elif span.end <= last.end:
            continue
        elif span.entity_type == last.entity_type:
            longer = span if span.end - span.start > last.end - last.start else last
            joined[-1] = _Span(last.entity_type, last.start, span.end, longer.metadata)
        else:
            joined.append(_Span(span.entity_type, last.end, span.end, span.metadata))
    return joined


def _written(view: VisibleText, spans: Iterable[_Span]) -> list[_Span]:
    """Spans found in the visible text, as spans of the text as written."""
    return [_Span(s.entity_type, *view.span(s.start, s.end), s.metadata) for s in spans]


def _require_length(text: str, index: int) -> str:
    if len(text) > MAX_TEXT_CHARACTERS:
        raise DesensitizationError(
            f"record {index} has {len(text)} characters, more than {MAX_TEXT_CHARACTERS}"
        )
    return text


class Desensitizer:
    """Replaces identifiers and generalizes locations in free text, offline.

    Building one loads the spaCy pipeline and the gazetteer (a few seconds);
    reuse it, or use :func:`default_desensitizer`.

    Every call runs inside a spaCy memory zone, so the strings and documents
    of the records processed are freed when it returns and a node that
    desensitizes records for days keeps a flat memory footprint. Memory zones
    must not overlap, so calls are serialized by a lock; the GIL serializes
    the work anyway. Long streams should go through :meth:`desensitize_batch`
    in chunks (as ``netgpt desensitize`` does), not in one call.
    """

    def __init__(self, location_level: str = "city") -> None:
        gazetteer = default_gazetteer()
        self._locations = LocationGeneralizer(gazetteer, location_level)
        self._analyzer = build_analyzer(gazetteer)
        self._mentions = PersonMentions(person_name_lexicon(), gazetteer)
        self._nlp = spacy_pipeline(self._analyzer)
        self._lock = threading.Lock()
        self._entities = [*PLACEHOLDER_TAGS, *LOCATION_ENTITIES, PUBLIC_NAME]
        # A node desensitizes with one address book, record after record;
        # building its recognizers (a regex per name and address) once is enough.
        self._known_recognizers = lru_cache(maxsize=KNOWN_RECOGNIZERS_CACHE_SIZE)(
            partial(KnownIdentifiers.recognizers, gazetteer=gazetteer)
        )

    @property
    def location_level(self) -> str:
        """Granularity locations are generalized to: "city", "region" or "country"."""
        return self._locations.level

    def desensitize(self, text: str, known: KnownIdentifiers | None = None) -> DesensitizedText:
        """Desensitize one record.

        ``known`` holds identifiers the device already knows (its user's and
        the address book's); they are replaced wherever they occur, on top of
        what the recognizers find.
        """
        text = _require_length(_require_text(text, 0), 0)
        ad_hoc_recognizers = self._ad_hoc_recognizers(known)
        try:
            view = visible(text)
            with self._memory_zone():
                spans = []
                for start, end, window_start, window_end in analysis_windows(view.text):
                    window = view.text[window_start:window_end]
                    results = self._analyzer.analyze(
                        text=window,
                        language=LANGUAGE,
                        entities=self._entities,
                        ad_hoc_recognizers=ad_hoc_recognizers,
                    )
                    found = _shifted(_select_spans(window, results), window_start)
                    spans += _in_segment(found, start, end)
                return self._rewrite(text, _written(view, self._with_mentions(view.text, _joined(spans))))
        except Exception as error:
            raise self._failure(error, len(text)) from None

    def desensitize_batch(
        self,
        texts: Sequence[str],
        batch_size: int = 64,
        known: KnownIdentifiers | None = None,
    ) -> list[DesensitizedText]:
        """Desensitize many records; spaCy processes them ``batch_size`` at a time.

        ``known`` is as for :meth:`desensitize`, the same for every record.
        """
        if batch_size < 1:
            raise ValueError(f"batch_size must be at least 1, got {batch_size}")
        records = [
            _require_length(_require_text(text, index), index) for index, text in enumerate(texts)
        ]
        ad_hoc_recognizers = self._ad_hoc_recognizers(known)
        try:
            views = [visible(text) for text in records]
            pieces = [
                (i, *window) for i, view in enumerate(views) for window in analysis_windows(view.text)
            ]
            spans: list[list[_Span]] = [[] for _ in records]
            with self._memory_zone():
                # Not BatchAnalyzerEngine: it runs every recognizer on a record before the
                # next record, and one recognizer over many records is faster.
                all_results = analyzed_in_groups(
                    self._analyzer,
                    [views[i].text[ws:we] for i, _, _, ws, we in pieces],
                    language=LANGUAGE,
                    entities=self._entities,
                    ad_hoc_recognizers=ad_hoc_recognizers,
                    batch_size=batch_size,
                )
                for (i, start, end, ws, we), results in zip(pieces, all_results, strict=True):
                    found = _shifted(_select_spans(views[i].text[ws:we], results), ws)
                    spans[i] += _in_segment(found, start, end)
            return [
                self._rewrite(text, _written(view, self._with_mentions(view.text, _joined(found))))
                for text, view, found in zip(records, views, spans, strict=True)
            ]
        except Exception as error:
            raise self._failure(error, sum(map(len, records))) from None

    @contextmanager
    def _memory_zone(self) -> Iterator[None]:
        """One spaCy memory zone at a time: what a call allocates is freed on return.

        Results leave the zone only as plain strings and offsets
        (:class:`DesensitizedText`), never as spaCy objects, and the language
        check forgets the texts it counted words of. numpy's BLAS runs
        on one thread meanwhile (:mod:`~privacy.desensitize.blas_threads`).
        """
        with self._lock, self._nlp.memory_zone(), one_numpy_blas_thread():
            try:
                yield
            finally:
                forget_texts()

    def _ad_hoc_recognizers(self, known: KnownIdentifiers | None) -> list[EntityRecognizer] | None:
        """The recognizers for ``known``, built once per address book."""
        if known is None:
            return None
        if not isinstance(known, KnownIdentifiers):
            raise TypeError(f"known must be KnownIdentifiers, not {type(known).__name__}")
        return self._known_recognizers(known)

    def _with_mentions(self, text: str, spans: list[_Span]) -> list[_Span]:
        """``spans`` with the record's further mentions of the people they name.

        Two people one middle initial apart are one; each person grows over
        the name words and titles written against it where no other span is,
        taking in the people it reaches whole, then
        the other mentions of its name words become people too
        (:class:`~privacy.desensitize.person_mentions.PersonMentions`), and
        the other mentions of a street's name go the way its address went
        (:func:`~privacy.desensitize.street_mentions.street_repeats`). A
        number written as a phone or ID number it found was is one too
        (:func:`~privacy.desensitize.identifier_twins.identifier_twins`), and
        so is one written right after a person
        (:func:`~privacy.desensitize.phones_after_names.phones_after_names`).
        """
        grown: list[_Span] = []
        spans = _with_address_districts(text, _with_address_leads(text, _across_name_joints(text, spans)))
        twins = identifier_twins(
            text, [(s.entity_type, s.start, s.end) for s in spans], [(s.start, s.end) for s in spans]
        )
        spans = spans + [_Span(kind, start, end, {}) for kind, start, end in twins]
        phones = phones_after_names(
            text, [(s.start, s.end) for s in spans if s.entity_type == "PERSON"], [(s.start, s.end) for s in spans]
        )
        spans = sorted(spans + [_Span("PHONE_NUMBER", start, end, {}) for start, end in phones], key=lambda s: s.start)
        for index, span in enumerate(spans):
            if span.entity_type == "PERSON":
                following = spans[index + 1].start if index + 1 < len(spans) else len(text)
                if span.metadata.get(NAME_ENDS_KEY):
                    following = span.end
                start, end = self._mentions.extended(text, span.start, span.end, limit=following)
                # People the growth takes in whole are parts of this name:
                # "Anđa" of "Anđa Ms. Tomić", "Ing" of "Ing. Mr. Ludvig Rosing";
                # so is a town it takes in as a given name ("Milan" of "Milan
                # Franc Košelnik"), on the terms of `_is_name_part`.
                absorbed = 0
                while (
                    absorbed < len(grown)
                    and _is_name_part(text, grown[-1 - absorbed], span.start)
                    and start <= grown[-1 - absorbed].start
                ):
                    absorbed += 1
                low = grown[-1 - absorbed].end if absorbed < len(grown) else 0
                if low <= start:
                    del grown[len(grown) - absorbed :]
                    span = _Span(span.entity_type, start, end, span.metadata)
            grown.append(span)
        people = [(s.start, s.end) for s in grown if s.entity_type == "PERSON"]
        if people:
            # The English model reads whole sentences of Chinese or Thai as a
            # person; only a rule's name in such a script is repeated.
            ruled = [
                (s.start, s.end)
                for s in grown
                if s.entity_type == "PERSON" and s.metadata.get(RecognizerResult.RECOGNIZER_NAME_KEY) != NER_RECOGNIZER
            ]
            repeats = self._mentions.repeats(text, people, [(s.start, s.end) for s in grown], ruled)
            grown = sorted(grown + [_Span("PERSON", start, end, {}) for start, end in repeats], key=lambda s: s.start)
        streets = [s for s in grown if s.entity_type == "STREET_ADDRESS"]
        if not streets:
            return grown
        # A place the model read on a mention ("Baker Street" as a facility)
        # is kept as written when it is no known town: the mention takes it.
        places = [s for s in grown if s.entity_type == "LOCATION"]
        others = [(s.start, s.end) for s in grown if s.entity_type != "LOCATION"]
        found = [
            _Span("STREET_ADDRESS", start, end, streets[index].metadata)
            for start, end, index in street_repeats(text, [(s.start, s.end) for s in streets], others)
            if not any(p.start < end and start < p.end and not start <= p.start <= p.end <= end for p in places)
        ]
        kept = [
            s for s in grown
            if s.entity_type != "LOCATION" or not any(f.start <= s.start and s.end <= f.end for f in found)
        ]
        return sorted(kept + found, key=lambda s: s.start)

    @staticmethod
    def _failure(error: Exception, characters: int) -> DesensitizationError:
        # The cause is summarized by type only and not chained: exception
        # messages from the NLP stack may quote the text being processed.
        return DesensitizationError(
            f"desensitization failed ({type(error).__name__}) on input of {characters} characters"
        )

    def _rewrite(self, text: str, spans: Iterable[_Span]) -> DesensitizedText:
        numbering = PlaceholderNumbering()
        pieces: list[str] = []
        entities: list[Entity] = []
        cursor = 0
        for span in spans:
            original = without_invisible_characters(text[span.start : span.end])
            replacement = self._replacement(span, original, numbering)
            if replacement is None or replacement == original:
                continue
            pieces += [text[cursor : span.start], replacement]
            entities.append(Entity(span.entity_type, span.start, span.end, replacement))
            cursor = span.end
        pieces.append(text[cursor:])
        return DesensitizedText("".join(pieces), entities)

    def _replacement(
        self, span: _Span, original: str, numbering: PlaceholderNumbering
    ) -> str | None:
        """What replaces a span; None keeps it as written."""
        tag = PLACEHOLDER_TAGS.get(span.entity_type)
        if tag:
            return numbering.placeholder(tag, original)
        if span.entity_type == "GPS_COORDINATES":
            if span.metadata.get(LATITUDE_KEY) is None:
                return REMOVED_LOCATION
            return self._locations.for_coordinates(
                span.metadata[LATITUDE_KEY], span.metadata[LONGITUDE_KEY]
            )
        if span.entity_type in ("STREET_ADDRESS", "POSTCODE"):
            if LOCALITIES_KEY in span.metadata:
                return self._locations.for_address_parts(
                    span.metadata[LOCALITIES_KEY],
                    span.metadata.get(COUNTRY_KEY),
                    span.metadata.get(POSTCODES_KEY, ()),
                    span.metadata.get(POSTCODE_COUNTRY_KEY),
                    span.metadata.get(RECORD_COUNTRIES_KEY, ()),
                )
            return self._locations.for_address(span.metadata.get(LOCALITY_KEY))
        if span.entity_type == "LOCATION":
            return self._locations.for_place_name(original)
        return f"<{span.entity_type}>"


@cache
def default_desensitizer(location_level: str = "city") -> Desensitizer:
    """The process-wide desensitizer for a level, built on first use (model loading is slow)."""
    return Desensitizer(location_level)
