"""Recognize people by the words around a capitalized name, where NER misses them."""

from __future__ import annotations

import enum
from collections import Counter
from collections.abc import Collection, Iterable, Iterator, Mapping

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.gazetteer import Gazetteer, normalize_place_name
from privacy.desensitize.language import (
    is_english_function_word,
    is_function_word,
    is_function_word_in,
    leading_language,
    shows_english,
)
from privacy.desensitize.name_cases import nominatives
from privacy.desensitize.name_particles import PARTICLE_ALTERNATION
from privacy.desensitize.name_words import (
    ADDRESS_TERMS,
    CALENDAR_WORDS,
    CYRILLIC_SURNAME,
    FORMS_OF_ADDRESS,
    GREETINGS,
    NAME_LABELS,
    PAL_TERMS,
    PATRONYMIC,
    VALEDICTION_WORDS,
    VALEDICTIONS,
)
from privacy.desensitize.recognizers.cue_pattern import (
    NOT_AFTER_ALNUM,
    NOT_BEFORE_LETTER,
    VALUE,
    CuePatternRecognizer,
    alternation,
    cued,
    sorted_unique,
)
from privacy.desensitize.recognizers.person_lexicon import (
    ORGANIZATION_WORDS,
    NameLexicon,
    person_name_lexicon,
)
from privacy.desensitize.recognizers.word_start import WORD_START
from privacy.desensitize.scripts import CASELESS, FIELD_COLONS, UNCASED_LETTERS

# One name word: "Noor", "MacDonald", "O'Brien", "Dall'Olio", "Jean-Luc", "Céline". It has to
# end in a lowercase letter, which keeps acronyms ("TV", "NMBS") out.
_NAME_WORD = r"(?:\p{Lu}\p{Ll}{0,3}['’])?\p{Lu}\p{Ll}+(?:\p{Lu}\p{Ll}+)?(?:-\p{Lu}\p{Ll}+)*"
# Lowercase particles written inside surnames: "Jan van der Berg", "Luca di Stefano".
_PARTICLE = r"(?:van|von|der|den|de|del|della|di|da|du|le|la|ter|ten|zu|bin|al|el)"
# Blanks between a name's words; two or more before a label part a form's
# fields ("Nombre: María Guadalupe   Apellido paterno: López"), not a name
# typed with two ("name: priya  sharma").
_GAP = r"(?:[ \t](?![ \t])|[ \t]{2,}(?![^\s:][^\n:]{0,30}:))"
_NAME = rf"{_NAME_WORD}(?:{_GAP}(?:{_PARTICLE}{_GAP}){{0,2}}{_NAME_WORD}){{0,3}}"
# A name in a script without capitals, as a name is written inside English
# text: "said Ken to 明美", "은주 is a very sympathetic person".
_CASELESS_NAME = rf"[{CASELESS}]{{1,4}}(?![\p{{L}}\p{{N}}])"
# Several people after one cue: "with Tom Hall and Ann Smith", "ask Ann, Bo & Lea".
# Each may carry an age in brackets, as forms list children: "Kalkidan (12), Abel (9)".
_AGE = r"(?:[ \t]*\(\d{1,3}\))?"
_NAMES = rf"{_NAME}{_AGE}(?:[ \t]*(?:,|&|\band\b|\bet\b|\ben\b|\bund\b)[ \t]*{_NAME}{_AGE})*"
# A name in capitals, as forms, cards and tickets write it: "OLIVER GRANT".
_CAPS_WORD = r"(?:\p{Lu}['’])?\p{Lu}{2,}(?:-\p{Lu}{2,})*"
_CAPS_NAME = rf"{_CAPS_WORD}(?:{_GAP}{_CAPS_WORD}){{0,3}}"
# A surname in capitals beside given names, as a form or a list writes it:
# "PETRENKO Oksana", "Tavita LEAUPEPE".
# One space apart, and no field's label after ("Sydney Park   DOB:").
_MIXED_NAME = (
    rf"(?:{_CAPS_WORD}(?: {_CAPS_WORD})? {_NAME}|{_NAME} {_CAPS_WORD}(?: {_CAPS_WORD})?(?![ \t]*:))"
)
# A name in lower case, as people type their own in a hurry: "its priya again".
_LOWER_NAME = rf"\p{{Ll}}+(?:{_GAP}\p{{Ll}}+)?"

# Words after which a capitalized name is a person in what people ask an
# assistant: verbs of contacting, paying or meeting someone, and greetings...
_VERB_CUES = (
    "call ring phone text txt message msg email e-mail mail tell ask remind invite meet met pay"
    " send bring thank thanks ping dm contact cc dear hi hey hello collect"
).split()
# Verbs of two words, of fetching a child or a guest: "pick up Paris from school".
# The cues among them that greet or thank whoever is addressed.
_GREETING_CUES = frozenset("dear hi hey hello thank thanks".split())
_PHRASAL_VERB_CUES = (
    "pick up", "picking up", "drop off", "dropping off", "fetch", "call me", "calls me",
)
# ...and prepositions of company, which take places as well ("from Brussels
# Airport"), so a name after them must not start with a place.
_PREPOSITION_CUES = ("with", "w/", "from", "for")
# Nouns that belong to a person, after a possessive: "Priya's number".
_PERSONAL_NOUNS = (
    "number phone mobile cell email e-mail address place house flat home birthday party wedding"
    " wife husband partner boyfriend girlfriend kids son daughter mum mom dad parents brother"
    " sister car dog cat"
).split()
# Family nouns that also name a title when capitalized ("Destiny's Child"):
# in lower case only. "baby" and "children" name a product's market too
# ("Similac's baby formula", "Tylenol's children's range"), so they are out.
_FAMILY_NOUNS = "kid child mother father".split()
# Words before a possessive that make it a title or a role, not a name: "the
# King's car", "every Teacher's kid". "this", "that", "our" or "no" stand
# before names too ("Is this Nkechi's phone?", "Our Nkechi's party").
_DETERMINERS = "the a an these those his her its their every each"

# Words typed in a hurry double, swap or lose a letter ("ttell", "wiht",
# "nmuber"). Such variants of cue words of four letters or more count too, when
# they are four letters or more themselves: shorter ones are too often words.
_TYPO_MIN_LETTERS = 4


def _typo_variants(word: str) -> set[str]:
    """The word with one letter doubled, swapped with the next, or dropped inside it.

    Dropping the first or last letter is left out: it mostly gives another word
    ("hank", "than" from "thank"; "hell" from "hello").
    """
    variants = set()
    for i in range(len(word)):
        variants.add(word[:i] + word[i] + word[i:])
        if i + 1 < len(word):
            variants.add(word[:i] + word[i + 1] + word[i] + word[i + 2 :])
        if 0 < i < len(word) - 1:
            variants.add(word[:i] + word[i + 1 :])
    return {v for v in variants if len(v) >= _TYPO_MIN_LETTERS and v != word}


def _with_typos(words: Iterable[str]) -> frozenset[str]:
    tolerant = set()
    for word in words:
        tolerant.add(word)
        if len(word) >= _TYPO_MIN_LETTERS and word.isalpha():
            tolerant |= _typo_variants(word)
    return frozenset(tolerant)


_VERBS = _with_typos(_VERB_CUES)
_PREPOSITIONS = _with_typos(_PREPOSITION_CUES) - _VERBS
_START = NOT_AFTER_ALNUM
# Where a pattern that opens on a name may start: at the start of a word. A
# name word runs on over hyphens ("Jean-Luc"), so a start after each hyphen of
# "Ab-Ab-Ab-…" read the rest of it again: an 8,000-character prompt of that
# held the recognizer for seconds (n² steps). From the word's start alone it
# is read once.
_NAME_START = WORD_START
_END = NOT_BEFORE_LETTER

# Verbs of calling or telling someone in the other languages of our users:
# "chiama", "dì a", "llama a", "ligue para", "appelle", "bel", "zadzwoń do",
# "telpon", "позвони", "zeg tegen", "säg till". German "sag" is left out: a
# capitalized noun follows it ("sag Bescheid").
_OTHER_LANGUAGE_VERBS = (
    "chiama", "chiamare", "dì a", "scrivi a", "llama a", "llamar a", "escribe a", "dile a",
    "ligue para", "liga para", "liga ao", "liga à", "appelle", "appeler", "écris à", "dis à",
    "ruf", "schreib", "bel", "zadzwoń do", "napisz do", "telpon", "telepon", "hubungi",
    "позвони", "позвонить", "напиши", "скажи", "zavolej", "napiš",
    "zeg tegen", "vraag", "demande à", "pregunta a", "chiedi a", "säg till", "fråga",
)
# A name after a verb or a preposition. After a verb of calling or telling it
# may be typed in lower case, as people type in a hurry ("call priya
# tomorrow", "ring olle på 070…"): then it must be a given name of the lexicon
# that is no common word ("call will", "text mark" are not taken) and no
# place (``spans``). One pattern for both, as the text is read once for it;
# lower-case words before a capitalized one are no name but lead to it ("call
# with Tom Hall", "a message for Charlotte"), and are left to the next match.
_AFTER_CUE = cued(
    rf"(?i:{alternation(_VERBS | _PREPOSITIONS | set(_PHRASAL_VERB_CUES) | set(_OTHER_LANGUAGE_VERBS))})",
    rf"(?:{_NAMES}|\p{{Ll}}++(?:[ \t]+\p{{Ll}}++)?(?![\p{{L}}'’])(?![ \t]+\p{{Lu}}))",
    filler=r"[ \t]*:?[ \t]+",
)
# A verb of telling or asking, or a message sent "to", then a word or two that
# only soften it, then the one spoken to: "sag bitte Jonas", "bel even naar
# pieter", "zapytaj jeszcze Marka", "manda un whatsapp a Fede", "mail an frau
# schneider". Nouns follow these verbs too ("sag bitte Bescheid"), so the
# name, in any case, must be a given name of the lexicon that is no common word.
_TELLING_VERBS = (
    "sag", "sage", "sagt", "frag", "frage", "ruf", "schreib", "bel", "vraag", "zeg", "app", "dile", "llama",
    "pregunta", "dis", "demande", "écris", "chiedi", "dì", "chiama", "scrivi", "diz", "pergunta", "liga",
    "zapytaj", "powiedz", "zadzwoń", "napisz", "řekni", "zeptej", "zavolej", "napiš", "säg", "fråga", "ring",
    "si", "spør", "spørg", "sano", "kysy", "soita", "kerro", "spune", "întreabă", "sună", "mondd", "kérdezd",
    "hívd", "söyle", "sor", "ara", "bilang", "tanya", "telpon", "скажи", "спроси", "позвони", "напиши",
    "πες", "ρώτα", "πάρε",
)
_SOFTENERS = (
    "bitte", "mal", "doch", "eben", "kurz", "gleich", "nochmal", "even", "eens", "ook", "nog", "snel",
    "jeszcze", "też", "teď", "ještě", "také", "también", "aussi", "encore", "anche", "pure", "ainda",
    "também", "också", "också", "også", "lige", "vielä", "myös", "și", "még", "is", "juga", "dong",
    "ещё", "тоже", "επίσης", "da", "naar", "aan", "till", "til", "a", "à", "al", "to", "ke", "kepada",
)
_MESSAGES = (
    "whatsapp", "messaggio", "mensaje", "message", "mail", "e-mail", "email", "sms", "appje", "berichtje",
    "wiadomość", "zprávu", "üzenetet", "pesan", "mesaj", "mensagem", "mejl", "melding",
)
# Forms of address that may stand before the name, typed in any case: the
# titles a mention of a person may carry, and the dative "Herrn" and the
# Indonesian forms that a message puts there ("mail an Herrn Vogel", "WA ke mbak Sari").
_ADDRESS_WORDS = FORMS_OF_ADDRESS | {"herrn", "mas", "mbak", "pak", "bu", "kak"}
_MESSAGE_TO = ("a", "à", "al", "an", "to", "naar", "aan", "till", "til", "do", "pro", "ke", "kepada", "para")
_TOLD = regex.compile(
    rf"{_START}(?:(?i:{alternation(set(_TELLING_VERBS))})(?:[ \t]+(?i:{alternation(set(_SOFTENERS))})){{1,2}}"
    rf"|(?i:{alternation(set(_MESSAGES))})[ \t]+(?i:{alternation(set(_MESSAGE_TO))}))"
    rf"(?:[ \t]+(?P<address>(?i:{alternation(set(_ADDRESS_WORDS))})))?"
    rf"[ \t]+(?P<value>{_NAME_WORD}|\p{{Ll}}{{3,}}+){_END}"
)
# Turkish marks a proper noun by an apostrophe before its case ending
# ("Deniz'e söyler misin", "emre'yi ara"), and writes kin and forms of address
# after the name ("ayşe ablayı", "Mehmet Bey"): a given name so marked is a
# person, whatever its case and wherever it stands.
_TURKISH_SUFFIX = (
    "e a ye ya i ı u ü yi yı yu yü de da te ta den dan ten tan in ın un ün nin nın nun nün le la yle yla"
    " ler lar e de ye"
).split()
_TURKISH_AFTER_NAME = (
    "abla abi ağabey teyze amca dayı hala yenge hanım bey hoca"
).split()
_TURKISH_MARKED = regex.compile(
    rf"{_NAME_START}(?P<value>\p{{L}}{{3,}}+)(?:['’](?i:{alternation(set(_TURKISH_SUFFIX))})(?![\p{{L}}'’])"
    rf"|[ \t]+(?i:{alternation(set(_TURKISH_AFTER_NAME))})\p{{Ll}}*+(?![\p{{L}}'’]))"
)
# A given name and a patronymic, in any case or in capitals: "у Марины
# Петровны", "Ивану Сергеевичу", "АРТЁМ ВЛАДИМИРОВИЧ". Only people have one.
_WITH_PATRONYMIC = regex.compile(
    rf"{_NAME_START}(?P<value>(?:\p{{Lu}}\p{{Ll}}+|\p{{Lu}}{{2,}})[ \t]+{PATRONYMIC})(?![\p{{L}}\p{{N}}])"
)
# Initials, then the particles and surname of a name: "J.P. de Vries", "A. ter
# Horst", "M.-L. van der Berg". Initials and a particle open no other thing.
_INITIALS_AND_PARTICLE = regex.compile(
    rf"{_NAME_START}(?P<value>(?:\p{{Lu}}\.-?[ \t]?){{1,3}}[ \t]*(?:(?:{PARTICLE_ALTERNATION})[ \t]+){{1,2}}"
    rf"{_NAME_WORD})(?![\p{{L}}\p{{N}}])"
)
# A Cyrillic surname (`CYRILLIC_SURNAME`, by its ending) with initials after
# or before it, as documents write a name: "исполняет Ержанов Д.", "Иванова
# А.В.", "И. И. Петренко". Without the ending a word and a letter are as often
# an appendix or a building ("Приложение А.", "Корпус Б.").
_CYRILLIC_INITIAL = r"[\p{Cyrillic}&&\p{Lu}]\."
# Nouns end so too ("Витамин С.", "Остров Н. был открыт"): one initial after
# the word counts only inside a sentence, after a lower-case word, a colon or
# a comma; two initials, or initials before the word, anywhere.
_SURNAME_AND_INITIALS = regex.compile(
    rf"(?<![\p{{L}}\p{{N}}])(?P<value>{CYRILLIC_SURNAME}[ \t]+{_CYRILLIC_INITIAL}[ \t]?{_CYRILLIC_INITIAL}"
    rf"|(?<=[\p{{Ll}},:;—–][ \t]{{1,3}}){CYRILLIC_SURNAME}[ \t]+{_CYRILLIC_INITIAL}"
    rf"|{_CYRILLIC_INITIAL}(?:[ \t]?{_CYRILLIC_INITIAL})?[ \t]?{CYRILLIC_SURNAME}(?![\p{{L}}\p{{N}}]))",
    regex.V1,
)
# A possessive before a personal noun ("Céline's place", "Tom Hall's birthday"),
# and "at Sophie's", someone's home.
_PERSONAL_NOUN = (
    rf"(?:(?i:{alternation(_with_typos(_PERSONAL_NOUNS))})|{alternation(_with_typos(_FAMILY_NOUNS))})"
)
_DETERMINER = rf"(?i:{_START}(?:{alternation(_DETERMINERS.split())}){_END})"
# No name starts at a determiner, nor after one and the capitalized words
# between it and the possessive ("the Big King's car").
_NO_DETERMINER = rf"(?<!{_DETERMINER}[ \t]+(?:{_NAME_WORD}[ \t]+){{0,3}})(?!{_DETERMINER}[ \t])"
_POSSESSIVE = regex.compile(
    rf"{_NAME_START}{_NO_DETERMINER}(?P<value>{_NAME})['’]s[ \t]+{_PERSONAL_NOUN}{_END}"
    rf"|{_START}(?i:at)[ \t]+{_NO_DETERMINER}(?P<value>{_NAME})['’]s{_END}"
)
# A name written right before a phone number: "Théo Leroy 06 44 97 78 26",
# "Matthew on 07700 900388". The number shape is loose on purpose: the phone
# recognizers decide what the number is; here it only vouches for the name.
# A date is no phone ("Geburtsdatum: 07.09.1983"); a label before a colon is
# vouched for by the lexicon (see `PersonCueRecognizer._vouched`).
_BEFORE_PHONE = regex.compile(
    rf"{_NAME_START}(?P<value>{_NAME})(?:[ \t]+(?i:on|at)[ \t]+|(?P<colon>[ \t]*:[ \t]*)|[ \t]+)"
    r"(?!\d{1,2}([./-])\d{1,2}\1(?:19|20)\d\d(?![\d.]))"
    r"(?=\+\d|\(\d{2,4}\)|0\d[\d \-.]{6,}\d|\d{3}[-. ]\d{3}[-. ]\d{4})"
)
# Labels of a phone field that the lexicon lists as names too ("Mobil: +49…",
# "Handy: 0171…"); other labels are no names of the lexicon ("Telefon:").
_PHONE_LABELS = frozenset("mobil mobile handy natel gsm cell tel phone fax whatsapp contact kontakt hp".split())

# A relation names a person on either side: "my landlord Olumide Adeyemi",
# "Olumide Adeyemi is my landlord", "Siobhán, my flatmate".
_RELATIONS = (
    "friend boss manager landlord landlady neighbour neighbor colleague coworker co-worker doctor"
    " dentist teacher wife husband partner fiance fiancee son daughter brother sister mum mom dad"
    " mother father cousin uncle aunt nephew niece grandma grandpa grandmother grandfather"
    " girlfriend boyfriend roommate flatmate housemate tutor lawyer accountant therapist nanny"
    " babysitter coach client tenant student supervisor assistant kid child baby"
).split()
# Those who serve a household or a customer, named after their trade: "your
# agent Precious", "the plumber Grace came" (``_AFTER_THE_SERVICE_ROLE``).
_SERVICE_ROLES = (
    "agent courier driver rider plumber electrician mechanic technician caretaker housekeeper"
    " cleaner nurse guide receptionist contractor gardener builder doorman handyman"
).split()
# Whose relation it is: "my", "our old", "her little", "your".
_WHOSE = r"(?i:my|our|his|her|their|your)[ \t]+(?:(?i:best|old|new|little|big|older|younger)[ \t]+)?"
_RELATION = rf"{_WHOSE}(?i:{alternation(_RELATIONS)})s?{_END}"
# Kin, of whom no place is one ("my kid Virginia", "my son Austin"), and
# what only a person has after a possessive ("Regina's address:", "Florence's
# husband"). After them a given name that is also a place is the person, as
# after the verbs of _PLACE_PROOF_VERBS. A place has kin and a birthday in a
# figure of speech ("India's father of the nation", "our mother India",
# "Paris's sister city", "Rome's birthday"), a number ("Sydney's number one
# pub"), a mobile network and email servers, and a business a partner ("our
# partner Phoenix Contact"), so those are left out; an address, a phone
# number or an email address count only where the sentence stops at them
# ("Regina's address is", not "Regina's address to the council"). Countries
# are left out throughout (``spans``).
_KIN = (
    "wife husband fiance fiancee son daughter brother sister mum mom dad mother father cousin uncle"
    " aunt nephew niece grandma grandpa grandmother grandfather girlfriend boyfriend kid child baby"
).split()
_KIN_BEFORE = regex.compile(rf"{_WHOSE}(?i:{alternation(_KIN)})s?[ \t]*,?[ \t]+\Z")
_ONLY_A_PERSONS_AFTER = regex.compile(
    r"['’]s[ \t]+(?i:(?:wife|husband|boyfriend|girlfriend)(?!\p{L})"
    r"|(?:address|(?:phone|mobile|cell)[ \t]+number|e-?mail(?:[ \t]+address)?)"
    r"(?=[ \t]*(?:[:?.!,]|\n|\Z|(?:is|was)(?!\p{L}))))"
)
# A maiden name after the word that announces it: "Mary Ann (née Morrison)",
# "Anna Schmidt, geb. Meyer", "Anna Nowak z domu Kowalska", "Eva Nováková,
# rozená Dvořáková", "Karin Berg, född Lund", "Наталья, урожд. Левченко".
# Before a date or a place the same words say when or where someone was
# born; Czech "roz." is a court's decision as often.
_MAIDEN_NAME = regex.compile(
    rf"{_START}(?:(?i:née|nee|geborene|z[ \t]+domu|rozen[áa]|roden[áa]|född|født|урождённая|урожденная"
    rf"|в[ \t]+девичестве)[ \t]+|(?i:geb\.|урожд\.)[ \t]*)(?P<value>{_NAME}){_END}"
)
_AROUND_RELATION = regex.compile(
    rf"{_RELATION}[ \t]*,?[ \t]+(?P<value>{_NAME})"
    rf"|{_NAME_START}(?P<value>{_NAME})(?:[ \t]+(?i:is|was)|[ \t]*,)[ \t]+{_RELATION}"
)
# A trade after "the" or a possessive, in prose (lower case): "the plumber
# Grace came", "your agent Precious". Companies ply trades too ("the courier
# Aramex", "your driver Uber"), and "The Driver Medical Leave Record" is a
# title: a name alone must be a given name, and a full name open with a name
# of the lexicon (``_vouched``). Never after the name ("Aramex, your courier
# for the Gulf" is a slogan).
_AFTER_THE_SERVICE_ROLE = regex.compile(
    rf"{_START}(?i:the|my|our|his|her|their|your)[ \t]+(?:{alternation(_SERVICE_ROLES)})[ \t]+"
    rf"(?P<value>{_NAME}){_END}"
)

# Honorifics and forms of address of several languages, before a surname or
# a full name: "Mrs Okafor", "Frau Müller", "Sra. García", "Mme Dubois",
# "Dhr. de Vries", "Sayın Demir". Case-sensitive: "ms" or "pan" are words.
_HONORIFICS = (
    "Mr Mrs Ms Mx Miss Mister Dr Prof Sir Dame Lady Lord Frau Herr Hr Fr Sr Sra Srta Señor"
    " Señora Señorita Mme Mlle Monsieur Madame Sig Sig.ra Sig.na Signor Signora Dhr Mevr Pani"
    " Sayın Bayan Ibu Bapak Shri Smt Dona Dott Dott.ssa Dr.ssa Prof.ssa Avv pani Paní paní Panna panna Herrn"
    " Доктор доктор доктора доктору Г-н г-н Г-жа г-жа Господин господин Госпожа госпожа"
    # Full words, in the case forms a name takes after them (Czech and Polish "panu
    # Dvořákovi", "pana Kowalskiego"; Greek "κύριε Αντωνίου"): whatever form the
    # name is in, it follows a form of address.
    " mevrouw Mevrouw meneer Meneer heer herra Herra rouva Rouva neiti Neiti fru herr domnul Domnul"
    " doamna Doamna doamnei panu Panu pana Pana panie Panie paní Paní panem señor señora senhor senhora"
    " signor signora monsieur madame κύριε Κύριε κύριο Κύριο κύριος Κύριος κυρία Κυρία κυρίας κύριου"
    " domnule Domnule doamnă Doamnă gospodin Gospodin gospodine Gospodine gospođa Gospođa gospođo Gospođo"
    " gđa Gđa пан Пан пане Пане пані Пані"
    # East and West Africa: Swahili "Ndugu" (comrade, sibling), "Bwana" (sir),
    # "Bi" (madam, below: also "bi-weekly"); the Hausa and Yoruba pilgrims'
    # "Alhaji", "Alhaja", "Hajia" and the teacher's "Mallam".
    " Ndugu Bwana Alhaji Alhaja Hajia Mallam"
    # A family by its surname, as post and neighbours name it: "Fam. Bakkal".
    " Fam"
).split()
# Forms of address that are also common words or names ("Pan Am", "Bay
# Area", "Don", Italian "pane Toscano"), and the word for a family before
# its surname ("Familie Hoffmann", "la famille Dupont"), which German
# writes before any noun ("Familie Urlaub"): the name after them must be one the lexicon knows.
_AMBIGUOUS_HONORIFICS = (
    "Pan pan Bay Pak Bu Bi Don Dom Sri pane Familie Famille Familia Família Famiglia Familjen".split()
)
_HONORIFIC_CUE = alternation(
    [*_HONORIFICS, *(h.upper() for h in _HONORIFICS), *_AMBIGUOUS_HONORIFICS]
)
# In lower case only with their period: "ms. Saraja", not "ms" (a manuscript),
# Greek "κ. Δημητρίου" (κύριος or κυρία); Italian feminine forms hold theirs ("la dott.ssa Ferraresi").
_LOWER_HONORIFICS = r"(?:(?:mr|mrs|ms|dr|prof|dott|avv|mevr|dhr|fam|κ)(?=\.)|dott\.ssa|dr\.ssa|prof\.ssa|sig\.ra)"
_ANY_HONORIFIC = rf"(?:{_HONORIFIC_CUE}|M(?=\.)|{_LOWER_HONORIFICS})"
# Capitals that are also English acronyms (human resources, French, senior):
# before an English word they are no form of address ("HR Officer", "SR
# Engineer"); before a name they may be, or say where the person works ("HR
# Jensen"), and a person it is either way.
_ACRONYM_HONORIFICS = frozenset({"HR", "FR", "SR"})
_AFTER_HONORIFIC = regex.compile(
    rf"{_START}(?P<cue>{_ANY_HONORIFIC})\.?[ \t]+"
    rf"(?P<value>(?:{_PARTICLE}[ \t]+){{0,2}}{_NAME}|{_CAPS_NAME}){_END}"
)
# The particle a surname opens with after an honorific: not an article, which
# opens a title there ("Der Herr der Ringe").
_LEADING_PARTICLES = regex.compile(
    rf"(?:(?!(?:der|den|la|le|el|al)[ \t]){_PARTICLE}[ \t]+(?:{_PARTICLE}[ \t]+)?)?"
)
# An honorific right before a word: what follows it is a surname.
_HONORIFIC_BEFORE = regex.compile(rf"{_START}{_ANY_HONORIFIC}\.?[ \t]+\Z")


def follows_honorific(text: str, start: int) -> bool:
    """Whether an honorific stands right before ``start`` ("Mrs. Mummy": a surname)."""
    return _HONORIFIC_BEFORE.search(text, max(0, start - 30), start) is not None


# Words that state a name, after which it may be written in any case: "my
# name is priya", "a nombre de ANA LIMA", "Name: Okeke", "ich heiße Jonas",
# and the name an account or a booking is held under: "under my partner's
# name Ana Lima", "in her name Okeke".
_STATING_CUES = (
    "my name is|my name's|name is|name's|i am called|a nombre de|me llamo|mi nombre es"
    r"|(?:under|in)[ \t]+(?:(?:my|his|her|their|our|your)[ \t]+(?:\p{L}+['’]s[ \t]+)?|\p{L}+['’]s[ \t]+)name"
    "|je m'appelle|je m’appelle|mon nom est|ich heiße|ich heisse|mein name ist|mi chiamo"
    "|il mio nome è|mijn naam is|ik heet|meu nome é|me chamo|benim adım|nazywam się|mam na imię"
    "|меня зовут|мене звати|мене звуть|με λένε|ονομάζομαι|mă numesc|numele meu este|a nevem|jmenuji se"
    "|jmenuju se|volám sa|nimeni on|jeg heter|jeg hedder|jag heter|mitt namn är|nama saya|nama aku"
    "|zovem se|moje ime je"
)
_NAME_LABELS = alternation(NAME_LABELS)
# What a form writes after the label of a name: a plural, which surname, a
# note in brackets ("Previous surname(s):", "Apellido paterno:", "Surname
# (father's name):").
_LABEL_QUALIFIER = r"(?:\(s\))?(?:[ \t]+(?i:paterno|materno|paterna|materna))?(?:[ \t]*\([^()\n:]{1,30}\))?"
# Things that have names too, before the label: "Company name: Northwind
# Traders", "Product name: Galaxy Note".
_THING_BEFORE_LABEL = (
    r"(?i:company|product|business|brand|file|hotel|street|event|project|domain|host|network|band|store"
    r"|shop|restaurant|school|bank|team|model|device|app|course|program|programme|item|trade|venue|place"
    r"|city|country|building|vessel|ship|plan|wifi|station|drug|package|server|printer|site|page|group"
    r"|channel|pet|firm|organisation|organization|employer|institution|university|hospital)[ \t]+"
)
_STATED = regex.compile(
    rf"{_START}(?P<cue>(?i:{_STATING_CUES}))[ \t]*:?[ \t]+(?P<value>{_NAMES}|{_CAPS_NAME}|{_LOWER_NAME})"
    rf"{_END}"
    rf"|{_START}(?<!{_THING_BEFORE_LABEL})(?P<cue>(?i:{_NAME_LABELS})){_LABEL_QUALIFIER}[ \t]*[:=?][ \t]*"
    rf"(?P<value>{_NAMES}|{_CAPS_NAME}|{_LOWER_NAME})"
    rf"{_END}"
)
# The speaker of a line in a chat or a transcript: "Annette: Who are you?".
# The label must be a given name of the lexicon that is no word ("Note:",
# "Will:" are not taken).
_SPEAKER = regex.compile(
    rf"(?m:^)[ \t]*(?P<value>{_NAME_WORD}|{_CASELESS_NAME})[ \t]*:(?=[ \t]*[\"“\p{{L}}])"
)
# A chat export's line opens with its time, then its sender: "[14/03/24,
# 18:40] Chloe: ok", "14/03/2024, 18:40 - Toño: va", "[10:14] lupita: oye".
# The time vouches for the chat, so a sender in lower case or in a script
# without capitals counts too, unless it is a word (`_stamped_results`).
_STAMP = (
    r"(?:\[(?=[^\]\n]*\d[:.]\d)[^\]\n]{3,30}\]"
    r"|(?:\d{1,4}[./-]\d{1,2}[./-]\d{2,4},?[ \t]+)?\d{1,2}[:.]\d{2}(?:[:.]\d{2})?"
    r"(?:[ \t]?[AaPp]\.?[Mm]\.?)?[ \t]*[-–—|])"
)
_UNCASED_WORD = rf"[{UNCASED_LETTERS}\p{{M}}]{{1,12}}"
_LOWERCASE_PAIR = regex.compile(r"\p{Ll}[\p{Ll}'’-]+[ \t]\p{Ll}[\p{Ll}'’-]+")
_STAMPED_SPEAKER = regex.compile(
    rf"(?m:^)[ \t]*{_STAMP}[ \t]*(?P<value>{_NAME_WORD}(?:[ \t]{_NAME_WORD})?"
    rf"|\p{{Ll}}[\p{{Ll}}'’-]+(?:[ \t]\p{{Ll}}[\p{{Ll}}'’-]+)?"
    rf"|{_UNCASED_WORD}(?:[ \t]{_UNCASED_WORD})?)(?:[ \t]?[\p{{So}}\p{{Sk}}\u200d\ufe0f]{{1,8}})?[ \t]*:(?=[ \t])",
    regex.V1,
)
# People named by their role in a booking, a bill or a file: "guest Ana Lima",
# "patient OKEKE CHIDI". The name must be one the lexicon knows, or two words:
# "guest Wifi" is no one.
_ROLES = (
    "owner|guest|recipient|beneficiary|guardian|cardholder|passenger|patient|customer|client"
    "|tenant|attn|attention|c/o|nok|sender|addressee|holder"
    # ...and in the other languages of our users: account holders, payees,
    # passengers, owners, the one a document is issued to. Not Norwegian
    # "eier" nor Danish "ejer", German eggs ("Eier Benedict"), nor "Halter", a bracket.
    r"|kontoinhaber(?:in)?|empfänger(?:in)?|inhaber(?:in)?|titular|destinatario|destinataria|beneficiario"
    r"|titulaire|destinataire|bénéficiaire|intestat[oa][ \t]+a|passeggero|passeggera|passageiro|passageira"
    r"|t\.?n\.?v\.?|begunstigde|ontvanger|odbiorca|wystawion[yaoe][ \t]+na|właściciel|mottagare|ägare"
    r"|alıcı|penerima|atas[ \t]+nama|příjemce|cestující|получатель|пассажир|владелец"
    r"|ιδιοκτήτης|ιδιοκτήτρια|παραλήπτης|παραλήπτρια|δικαιούχος|tulajdonos|kedvezményezett|címzett|majitel"
    r"|omistaja|vastaanottaja|mottaker|modtager|propietari[oa]|propriet[áa]ri[oa]|propriétaire"
    r"|eigenaar|besitzer(?:in)?|sahibi|pemilik|власник|власниця|отримувач|vlasnik|primatelj"
    r"|beneficiar|destinatar|proprietar"
)
# Roles only people fill, kin and those a form lists as people: a name the
# lexicon lacks will do after them. Not the parties to a case, a policy or a
# loan, nor a sponsor or a caller, which companies are as often ("Defendant:
# Uber", "Insured: Allianz"); a guarantor and a complainant are people far
# more often, and a company's name after them has a company's word.
_PEOPLE_ONLY_ROLES = (
    r"applicant|co-applicant|spouse|trekker|employee|student|witness|guarantor|complainant|traveller"
    r"|traveler|worker|father|mother|husband|wife|father/husband|suspect|victim|deceased|child|children"
    r"|son|daughter|parent|heir|dependant|dependent"
    # ...and in the other languages of our users.
    r"|c[óô]njuge|conjuge|hij[oa]s?|filh[oa]s?|enfants?|ehepartner(?:in)?|ehefrau|ehemann|kinder|coniuge"
    r"|figli[oa]?|conjoint|conjointe|małżon(?:ek|ka)|eş|suami|istri"
)
# Who drives the car, the van or the boda that a booking or a delivery names
# ("Fahrer: Kemal"). A company, a product or a word fills the field too
# ("Driver: Uber", "Driver: NVIDIA 535.54", "Chofer: Incluido"), so the name
# must be one of the lexicon, as after the other form roles.
_DRIVERS = r"driver|chauffeur|fahrer(?:in)?|chofer|motorista|kierowca|şoför|sopir|supir|водитель"
# The people a form, a permit or a report lists by their part in it, before
# the field's colon only: without one they head a title ("Worker Medical
# Leave Record", "Mother House"). Not the roles a company fills as often
# ("Payee: HSBC Bank", "Seller: Northwind Traders", "Member: Gold Tier").
_FORM_ROLES = (
    rf"{_PEOPLE_ONLY_ROLES}|guide|rider|{_DRIVERS}|claimant|landlord|landlady|account[ \t]+name"
    # ...parties to a police report, a court file, a loan or a lease:
    r"|accused|defendant|plaintiff|respondent|informant|caller|policyholder|insured|borrower|co-borrower"
    r"|occupant|sponsor|nominee|executor|debtor"
    # ...and in the other languages of our users.
    r"|fiador|fiadora|avalista|denunciante|solicitante|requerente|arrendatari[oa]|inquilin[oa]|locatari[oa]"
    r"|locataire|antragsteller(?:in)?|mieter(?:in)?|bürge|richiedente|wnioskodawca|najemca|kiracı|başvuran"
    r"|pemohon|penjamin"
)
# A role before a colon labels a form's field, whoever it names: "Sender:".
_ROLE_LABEL = regex.compile(rf"(?i:{_ROLES}|{_FORM_ROLES})")
# The roles after which a name the lexicon lacks will do: those only people
# fill, on a form or in a booking.
_PERSON_ROLE_LABEL = regex.compile(
    rf"(?i:{_PEOPLE_ONLY_ROLES}|passenger|patient|guardian|cardholder|nok|passeggero|passeggera|passageiro"
    r"|passageira|cestující|пассажир)"
)
# A word after a role with a colon after it is the field's label, not a name:
# "Customer ID: 1840753517", "Guest Email:".
_ROLE_NAME = rf"(?P<value>{_MIXED_NAME}|{_NAMES}|{_CAPS_NAME}){_END}(?![ \t]*[{FIELD_COLONS}])"
# "(s)" after a role: "Tenant(s): Tama Parata and Anahera Parata".
_AFTER_ROLE = regex.compile(
    rf"{_START}(?:(?P<cue>(?i:{_ROLES}))(?:\(s\))?[ \t]*[:,—–]?"
    rf"|(?P<cue>(?i:{_FORM_ROLES}))(?:\(s\))?(?:[ \t]+\d{{1,2}})?[ \t]*:)[ \t]+{_ROLE_NAME}"
)
# Words before a name someone gives for themselves or a caller: "this is
# priya", "its Priya again", "I'm Chidi". They take words too ("this is
# great"), so the name must be a given name of the lexicon that is no word.
_INTRODUCING = regex.compile(
    rf"{_START}(?P<cue>(?i:this is|it's|it’s|its|i'm|i’m|im|i am|here is))[ \t]+"
    rf"(?P<value>\p{{L}}+){_END}"
)
# Verbs and phrases that only people take, as their subject ("Menne shouted
# at…", "Ekanta is a very sympathetic person") or their object ("She named
# him Calquín", "shouted at Joy", "said Drenka to Guarino", "directed by…").
# Verbs that companies and places take too ("said", "is from") are left out.
# Of those, the ones no place takes even in a figure of speech ("Florence
# lives up to its name", "Orlando grew fast", "a kid-friendly city" do):
# after one, a given name that is also a city is the person.
_PLACE_PROOF_VERBS = (
    r"shouted|yelled|screamed|whispered|laughed|smiled|sighed|cried|was[ \t]+born|began[ \t]+writing|married"
)
_PERSON_VERBS = rf"{_PLACE_PROOF_VERBS}|lives|lived|grew[ \t]+up"
_PERSON_NOUNS = "person|man|woman|girl|boy|guy|lady|gentleman|kid|child|listener|friend"
_PLACE_PROOF_VERB = regex.compile(rf"[ \t]+(?:{_PLACE_PROOF_VERBS})(?![\p{{L}}\p{{N}}])")
_ANY_NAME = rf"(?:{_NAME}|{_CASELESS_NAME})"
# "Sutrisno, born 12 Agustus 1979", "Anna Weber, geb. 03.04.1961", in the
# languages of our users: a date after the word, as a place is not born
# ("Lagos, born and raised").
_BORN = (
    r"born|geb\.|geboren|née|né|nacid[oa]|nascid[oa]|nat[oa]|urodzon[ya]|născut|născută|lahir|szül\."
    r"|doğumlu|narozen[aá]?|rođen[a]?|født|född|syntynyt"
)
_BEFORE_PERSON_VERB = regex.compile(
    rf"{_NAME_START}(?P<value>{_ANY_NAME})(?:[ \t]+(?:(?:{_PERSON_VERBS})"
    rf"|is[ \t]+(?:a|an)[ \t]+(?:\p{{Ll}}+[ \t]+){{0,3}}(?:{_PERSON_NOUNS})){_END}"
    rf"|[ \t]*,[ \t]*(?:{_BORN})(?!\p{{L}})[ \t]*(?:\p{{Ll}}{{1,3}}[ \t]+)?\d)"
)
_AFTER_PERSON_VERB = regex.compile(
    rf"{_START}(?:(?:shouted|yelled|screamed|smiled|laughed)[ \t]+at|named[ \t]+(?:him|her|them)"
    rf"|called[ \t]+(?:him|her|them)|said|says|(?i:directed[ \t]+by|produced[ \t]+by|written[ \t]+by"
    rf"|sung[ \t]+by|starring|producer|songwriter|commenter))[ \t]*:?[ \t]+"
    rf"(?P<value>{_ANY_NAME}){_END}"
)
# Someone of or from a company, named by its legal form: "Milan Poul of
# Amneal Pharmaceuticals Inc.", "Ava is from Norish Plc", "Ágnes Földesy from
# TOHBU NETWORK CO.LTD.". The forms are matched as companies write them
# ("Mexico" ends in "co", "the company" and "co-workers" are no company's
# name), after one word of the name at least. A product, a unit or a dealer is
# of a company too ("Windows from Microsoft Corp", "Bank of America Corp",
# "Toyota of Orlando Inc"): the lexicon must know a name in it (``_vouched``).
# A name right after "to", "in" or "at" is where something goes, and "from"
# says where it comes from ("Orders to Austin from Acme Inc.").
_LEGAL_FORMS = (
    "Inc|INC|Incorporated|Ltd|LTD|Limited|LIMITED|LLC|LLP|LP|PLC|Plc|plc|GmbH|GMBH|AG|SA|S\\.A|SAS|NV|BV"
    "|Oy|OY|Oyj|OYJ|AB|ASA|SpA|SPA|Srl|SRL|Co|CO|Corp|CORP|Corporation|CORPORATION|Company|COMPANY"
)
_OF_COMPANY = regex.compile(
    rf"{_NAME_START}(?<!(?<!\p{{L}})(?i:to|in|at|into|via|towards|from)[ \t]+)(?P<value>{_NAME})[ \t]+"
    rf"(?P<is>(?:is|was)[ \t]+)?(?:of|from)[ \t]+"
    rf"(?:\p{{Lu}}[^\s,;:!?]*[ \t]+|&[ \t]+|(?:and|of|the|de)[ \t]+){{0,6}}\p{{Lu}}[^\s,;:!?]*[ \t]+"
    rf"(?:\p{{Lu}}\p{{L}}*\.)?(?:{_LEGAL_FORMS})(?![\p{{L}}\p{{N}}-])"
)
# The one given, sent or told someone's details: "had given Nesiba his
# address", "sent Virginia my number". Their own details go to a person; a
# company gets them too ("sent Amazon my address"), so an English word must
# be a name (``_vouched``), and a place's name counts only when it is a given
# name (``spans``), as after kin.
_GIVEN_DETAILS = regex.compile(
    rf"{_START}(?i:give|gives|gave|given|giving|send|sends|sent|sending|tell|tells|told|show|shows|showed"
    rf"|shown)[ \t]+(?P<value>{_NAME})[ \t]+(?:his|her|their|my|our|your)[ \t]+{_PERSONAL_NOUN}{_END}"
)
# "said Drenka to Guarino": the speaker and the one spoken to.
_SAID_TO = regex.compile(
    rf"{_START}said[ \t]+(?P<value>{_ANY_NAME}[ \t]+to[ \t]+{_ANY_NAME}){_END}"
)
# A surname before a kind of work names its author: "Unlike the Nielsen
# novel". Brands take that place as well ("the Disney film"), so the name
# must be one of the lexicon that English text seldom uses.
_AUTHOR_OF_WORK = regex.compile(
    rf"{_START}(?i:the)[ \t]+(?P<value>{_NAME})[ \t]+"
    r"(?:novel|novels|book|books|film|films|movie|poem|poems|play|biography|memoir|version|recording)"
    rf"{_END}"
)
# Results of that pattern carry this metadata key: the word after the name
# is then its cue, not a product the name brands ("Jordan shoes").
AUTHOR_OF_WORK_KEY = "author_of_work"
# Results of a cue that only people take (an honorific, a stated name, a verb
# of fetching someone) carry this key: the name is a person even where the
# gazetteer knows it as a place ("my name is Milan"). Verbs of contacting
# are left out: they take offices and teams too ("call Sydney office").
PERSON_ONLY_CUE_KEY = "person_only_cue"
# Results of a preposition before a name ("with", "for") carry this key: the
# weakest cue, which also takes works and titles ("for Entertainment Weekly").
PREPOSITION_CUE_KEY = "preposition_cue"
_EVIDENCE_KEYS = (AUTHOR_OF_WORK_KEY, PERSON_ONLY_CUE_KEY, PREPOSITION_CUE_KEY)
# The one spoken to, at the head of a sentence that speaks to them: "Felicity,
# can I please speak to your boss?", "Tomás, you left your keys". The name
# must be a given name of the lexicon that is no English word ("Sorry, can
# you…", "Guys, you…" are not taken).
_VOCATIVE = regex.compile(
    rf"(?:(?<=\A[ \t]*)|(?<=[.!?\n][ \t]*))(?P<value>{_NAME_WORD})[ \t]*,[ \t]*"
    r"(?=[^.!?\n]*(?<![\p{L}\p{N}])(?i:you|your|you're|you’re)(?![\p{L}\p{N}]))"
)
# Whom a greeting addresses when it is no one: a group, a title, a pet word.
# The English ones are English words, which the test refuses anyway.
_GREETED_GROUPS = frozenset(
    """
    amigos amigas chicos chicas todos todas gente pessoal galera zusammen alle allemaal
    allihopa ragazzi tutti madame monsieur mesdames messieurs arkadaşlar bella bello
    guapa guapo querida querido cariño amore tesoro chérie chéri
    """.split()
)
_ADDRESS_TERMS = frozenset(ADDRESS_TERMS)
# A greeting (``GREETINGS``) that opens a message or a line, then one word
# and a stop, an emoji or "u": "kia ora hemi!", "Salam Aizada! 😊", "bula
# vinaka Losana 😊", "yo Dre u still…".
_GREETED = regex.compile(
    rf"(?:(?<=\A)|(?<=\n))[ \t]*(?P<cue>(?i:{alternation(GREETINGS, any_blanks=True)})){_END}[ \t]+"
    rf"(?P<value>{_NAME_WORD}|\p{{Ll}}{{3,}}+)"
    r"(?=[ \t]*(?:[!,?.…]|\n|\Z|[\p{So}\p{Sk}]|[ \t]+(?i:u|you)(?!\p{L})))"
)
# The subject of a question that opens with its auxiliary verb: "Did Noor
# call?", "Has Priya paid yet?", "Is Amara coming tonight?". A place or a
# thing stands there as well ("Is Paris expensive?", "Did Apple ship?"), so
# the same test as for the vocative holds, and no place may have the name.
_ASKED_ABOUT = regex.compile(
    r"(?:(?<=\A[ \t]*)|(?<=[.!?\n][ \t]*))"
    r"(?:Did|Does|Do|Has|Have|Had|Is|Was|Will|Would|Can|Could|Should|Shall)[ \t]+"
    rf"(?P<value>{_NAME_WORD})[ \t]+(?=\p{{Ll}})"
)
# Kin named in the other languages of our users, before the name: "onkel
# detlef", "tía conchi", "wujek Heniek", "mormor ingrid", "тёте Гале",
# "strejda Standa". No place is anyone's aunt; a name in lower case must be a
# given name that is no common word. Words that are also everyday words
# before a capitalized noun are left out: German "nicht" (Dutch niece),
# Italian "prima", "primo", English "faster" (Swedish aunt), "Abi"; and so are
# Turkish kin, written after the name ("Ayşe abla"). Romanian "lui", which
# marks a name's genitive and dative ("Pașaportul lui Ionuț", "spune-i lui
# Radu"), stands where kin do and takes only people; so do the Indonesian
# forms of address for an elder brother or sister ("mas budi", "mbak Sari").
_OTHER_LANGUAGE_KIN = (
    "onkel tante oma opa cousine tío tía tio tia abuela abuelo abuelita oncle"
    " zio zia nonna nonno cugino cugina avó avô vovó vovô oom neef wujek wujka ciocia cioci babcia"
    " babci dziadek dziadka kuzyn kuzynka mormor morfar farmor farfar moster morbror farbror"
    " paman nenek kakek strejda strýc teta babička děda"
    " дядя дяди дяде дядю тётя тёти тёте тётю тетя тете бабушка бабушке бабушку дедушка дедушке"
    " lui mas mbak kak"
).split()
# Kin and spouses as the languages that decline them name them, some of which
# the lexicon lists as given names too ("мама", "жена", "babcia"): "позвони
# маме" calls no one named Mama.
_KIN_NOMINATIVES = frozenset(_OTHER_LANGUAGE_KIN) | frozenset(
    """
    мама папа жена муж тата тато мати батько бабуся дідусь дід брат сестра дочь дочка сын син
    mama tata matka ojciec żona mąż babcia dziadek máma táta žena manžel babička anya apa
    """.split()
)
_AFTER_OTHER_KIN = regex.compile(
    rf"{_START}(?P<cue>(?i:{alternation(set(_OTHER_LANGUAGE_KIN))}))[ \t]+"
    rf"(?P<value>{_NAME}|\p{{Ll}}+){_END}"
)
# The terms of address of chats (``ADDRESS_TERMS``: "ate Shazia", "tita
# Grace", "kuya Jun", "pak Budi") before a capitalized word that is a given
# name and no place. A term that is a function word of a language we weigh
# is none here ("prima Natale", "em Lisboa", "si Dios quiere") unless it is
# a form of address ("pak", "ibu"). After such a form, an English word ("I
# ate Rose's cake") or a friend's term, which stands alone as often ("bro
# Will you…"), the name must be no common word either.
_AFTER_ADDRESS_TERM = regex.compile(
    rf"{_START}(?P<cue>(?i:{alternation(set(ADDRESS_TERMS) - set(_OTHER_LANGUAGE_KIN))}))"
    rf"[ \t]+(?P<value>{_NAME_WORD}){_END}"
)
# A signature closing a message: a name after a dash at the end of its line
# ("— Fajar"); after a greeting and a comma, ``_CLOSING_NAME`` takes it ("Liebe
# Grüße, Anke"). The same test as for the vocative.
_SIGNATURE = regex.compile(rf"[—–][ \t]*(?P<value>{_NAME_WORD})[ \t]*[.!]*[ \t]*(?=\n|\Z)")
# The one a message is from or to, closing its line after a comma: "I'll
# pay you back tomorrow, Katrin", "Te llamo mañana, Lucía!". The same test
# as for the vocative above.
_CLOSING_NAME = regex.compile(
    rf",[ \t]*(?P<value>{_NAME_WORD})[ \t]*[.!?]*[ \t]*(?=\n|\Z)"
)
# The writer's initials before a surname sign off so too: "Regards, D. Ssemwanga", "A.-L. Schäfer".
_SIGNED_INITIALS = r"\p{Lu}\.(?:-?[ \t]?\p{Lu}\.){0,2}[ \t]*"
# The value is no valediction word itself: "Best regards, D. Ssemwanga" is
# read from "regards", not as "Best" signed by "regards". The writer's role
# may follow in brackets ("Parimate soovidega\nKristi (registratuur)").
_VALEDICTION = regex.compile(
    rf"{_START}(?P<valediction>(?i:{alternation(set(VALEDICTIONS))}))[ \t]*[,!.]?[ \t]*(?:\n[ \t]*)?[/—–-]?[ \t]*"
    rf"(?!(?i:{alternation(VALEDICTION_WORDS)}){_END})"
    rf"(?P<value>(?:{_SIGNED_INITIALS})?{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?|\p{{Ll}}{{3,}}+)"
    r"(?=[ \t]*[.!]*[ \t]*(?:\n|\Z)|,[ \t]+\p{Lu}|[ \t]*\([^()\n]{1,40}\)[ \t]*(?:\n|\Z))"
)
_LEADING_INITIALS = regex.compile(_SIGNED_INITIALS)
_ENGLISH_VALEDICTIONS = frozenset("regards best cheers thanks love hugs xoxo".split()) | {"thank you"}
# A full name alone on the last line of a message of several lines, as its
# writer signs it ("…kom snart.\nEbba Lind"). It must open with a given name
# that is no word, as for the vocative, and no valediction signs off so. A
# single word there is as often a reply or a greeting ("Tamam", "Prima",
# "Selam") that the lexicon lists as a name too.
_LAST_LINE = regex.compile(rf"(?<=\n)[ \t]*(?P<value>{_NAME_WORD}[ \t]+{_NAME_WORD})[ \t]*[.!]?[ \t]*\Z")
# The first line of a postal or signature block, alone on its line, with the
# block going on below it ("Ante Bengtsson / Friwo AG / Desk: …"), at the
# start of the text, after a blank line or after a label ("Billing address:").
_BLOCK_HEAD = regex.compile(
    rf"(?<=\A[ \t]*|\n[ \t]*\n[ \t]*|:[ \t]*\n?[ \t]*)(?P<value>{_NAME_WORD}"
    rf"(?:[ \t]+(?:\p{{Lu}}\.?[ \t]+)?{_NAME_WORD}){{1,3}})[ \t]*\n(?=[ \t]*\n?[ \t]*\S)"
)
_TITLE_OR_CAPS_NAME = regex.compile(rf"{_NAME_START}(?:{_MIXED_NAME}|{_NAME}|{_CAPS_NAME}|{_CASELESS_NAME})")
# A capitalized word with a short number after it is a numbered thing ("from
# Platform 3", "with Windows 11"), unless the number goes on into a phone number.
_NUMBERED = regex.compile(r"[ \t]+\d{1,3}[a-z]?(?![\d \-./]*\d)")
_WORD = regex.compile(r"\S+")
# A capitalized cue or a label before a number ("Call +33…", "Mobile: 06…") is
# not a name, though the name shape and the number after it fit.
_CUE_OR_LABEL = regex.compile(
    rf"(?i:{alternation([*_VERB_CUES, *_PREPOSITION_CUES])}|tel|mobile|mob|cell|fax|number"
    r"|whatsapp|desk|office|work|home|landline|direct)"
)

# The names of voice assistants, typed in lower case to them: "tell alexa to
# play jazz", "ask siri". Capitalized, they stay possible names.
_VOICE_ASSISTANTS = frozenset("alexa siri cortana bixby google".split())
# Days and months (``CALENDAR_WORDS``): right after an honorific of a person
# they are names ("Mr Sunday", "Ms April Jones"; Sunday and Monday are given
# names in Nigeria and Ghana). After the name they are the day again ("Mrs
# Jones Tuesday at 3"), and after "Dr" a street's "Drive" ("Elm Dr Friday only").
# The honorifics above that name an office, a degree or a rank, not a
# person, and those that are abbreviations of other words ("Elm Dr", "24 Hr",
# "Mo–Fr"), or that stand alone as often ("Good morning Sir Monday class is
# cancelled", "Notre Dame Saturday"): after them a day or a month stays a day
# or a month, and so after the ambiguous ones ("Green Bay Sunday", "Bu Cuma").
_TITLES_OF_OFFICE = frozenset(
    "dr prof dott dott.ssa dr.ssa prof.ssa avv hr fr mallam sir dame lady lord доктор доктора доктору".split()
)
_PERSONAL_HONORIFICS = frozenset(h.casefold() for h in _HONORIFICS) - _TITLES_OF_OFFICE
# Every honorific, the ambiguous ones too: a term of address that is one is
# more than a function word ("pak", "bu").
_HONORIFIC_WORDS = frozenset(h.casefold() for h in (*_HONORIFICS, *_AMBIGUOUS_HONORIFICS))
# Capitalized words that fit the name shape but are not names: pronouns and
# determiners, family roles ("call Mum"), the days and months and holidays.
_NOT_NAMES = CALENDAR_WORDS | frozenset(
    """
    I Me You He She We They Him Her Us Them It My Your His Our Their Its The A An This That
    These Those Everyone Everybody Someone Somebody Anyone All Both Myself
    Is Are Was Were Do Does Did Has Have Had Should Would Could Shall
    Mum Mom Mummy Mommy Dad Daddy Mama Papa Grandma Grandpa Granny Nan Nana
    Today Tomorrow Tonight Yesterday Christmas Easter Xmas Halloween Thanksgiving New Year
    Eid Diwali Deepavali Holi Ramadan Ramzan Navratri Hanukkah Passover Pesach Purim Nowruz Vesak
    Onam Pongal Lohri Bakrid Chuseok Songkran
    Mr Mrs Ms Miss Mx Dr Prof Sir Madam Herr Frau Monsieur Madame Mme Mlle Señor Señora Sr Sra
    None Nil Nobody Unknown Male Female Nenhum Nenhuma Ninguno Ninguna Aucun Aucune Keine Keiner
    Nessuno Geen Brak Yok Hakuna
    """.split()
)


def names_a_role(label: str) -> bool:
    """Whether ``label`` (a form field's label) names a part people play or a
    name's field in any language we weigh ("Fiador", "Hijos", "Guarantor",
    "Apellido"): the desensitizer keeps such a label when the model takes it
    for the person it labels."""
    return _ROLE_LABEL.fullmatch(label) is not None or label.casefold() in NAME_LABELS


def _is_not_a_name(word: str) -> bool:
    return (
        word in _NOT_NAMES
        or word.capitalize() in _NOT_NAMES
        or _CUE_OR_LABEL.fullmatch(word) is not None
    )


class PersonCueRecognizer(CuePatternRecognizer):
    """Marks names that a cue shows to be people.

    The small spaCy model misses many names in casual assistant messages ("pay
    Noor back", "whats Priya's number"), while the words around them are a
    reliable sign: the verb or preposition before a name, a possessive before a
    personal noun, a relation on either side ("my landlord X", "X is my boss"),
    a phone number right after it, an honorific of one of several languages
    ("Frau Müller", "Sra. García", "Sayın Demir"), a label or a phrase that
    states a name ("Name:", "NAME ON CARD:", "a nombre de", "je m'appelle"), a
    role in a booking or a file ("guest", "patient", "NOK"), an introduction
    ("its priya again"), the speaker's place in a transcript ("Annette: …") or
    the one spoken to ("Felicity, can I speak to your boss?", "… tomorrow,
    Katrin").
    The capital letter is part of the evidence, so matching is case-sensitive
    on the name, except after words that state a name, introduce someone or
    call or tell them (in several languages): there a name in lower case is
    taken when the names lexicon knows it as a given name that is no common
    word ("my name is priya", "call noor", "ring olle"; not "this is great",
    "text will").

    A name followed by a short number is a numbered thing ("from Platform 3").
    Places in the gazetteer (cities, regions, countries) are left alone after
    a preposition: "from Lyon" must stay a city for personalization, and a name
    starting with a place is left alone too ("from Brussels Airport"). A verb
    that only people take, an honorific or a stated name is taken though the
    gazetteer knows the name ("text Charlotte", "pick up Paris from school",
    "Mr Paris"); in the desensitizer, a verb of fetching, an honorific or a
    stated name also beats the gazetteer's place on the same span
    (:data:`PERSON_ONLY_CUE_KEY`), while a verb of contacting leaves the
    city ("call Sydney office").

    ``only_names`` restricts the recognizer to those words (case-insensitive)
    and lifts the place exclusion. The desensitizer builds such a recognizer
    from the user's own address book for first and last names that are also
    places, which it may only replace where a cue says they name a person.
    """

    ENTITY = "PERSON"
    # Above the NER model (0.85), so a name the model took for a place is still a
    # person on the same span.
    SCORE = 0.88
    KNOWN_NAME_SCORE = 0.95
    EXPLANATION = "Capitalized name after a cue for a person"
    PATTERNS = (
        _AFTER_CUE,
        _POSSESSIVE,
        _BEFORE_PHONE,
        _AROUND_RELATION,
        _MAIDEN_NAME,
        _AFTER_THE_SERVICE_ROLE,
        _GREETED,
        _AFTER_HONORIFIC,
        _STATED,
        _AFTER_ROLE,
        _INTRODUCING,
        _BEFORE_PERSON_VERB,
        _AFTER_PERSON_VERB,
        _SAID_TO,
        _GIVEN_DETAILS,
        _OF_COMPANY,
        _AUTHOR_OF_WORK,
        _BLOCK_HEAD,
        _VOCATIVE,
        _ASKED_ABOUT,
        _AFTER_OTHER_KIN,
        _AFTER_ADDRESS_TERM,
        _SIGNATURE,
        _CLOSING_NAME,
        _VALEDICTION,
        _LAST_LINE,
        _TOLD,
        _TURKISH_MARKED,
        _WITH_PATRONYMIC,
        _INITIALS_AND_PARTICLE,
        _SURNAME_AND_INITIALS,
    )

    def __init__(
        self,
        gazetteer: Gazetteer,
        only_names: Collection[str] | None = None,
        lexicon: NameLexicon | None = None,
    ) -> None:
        self._gazetteer = gazetteer
        self._place_keys = gazetteer.city_and_region_keys()
        self._lexicon = lexicon or person_name_lexicon()
        self._only_names = (
            frozenset(name.casefold() for name in only_names) if only_names is not None else None
        )
        super().__init__(
            score=self.SCORE if only_names is None else self.KNOWN_NAME_SCORE,
            name="PersonCueRecognizer" if only_names is None else "KnownPersonCueRecognizer",
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per cued name, each name of a list separately."""
        return sorted_unique(
            _with_strongest_evidence(
                [*self.cued_results(text), *self._speaker_results(text), *self._stamped_results(text)]
            )
        )

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """Every name of the match that is taken for a person, cut to the name alone."""
        pattern = match.re
        base = match.start(VALUE)
        value = match[VALUE]
        if pattern is _AFTER_OTHER_KIN and value.islower():
            yield from self._lowercase_name(text, base, value, _PlaceCheck.WHOLE)
            return
        if pattern is _VALEDICTION:
            own_line = "\n" in text[match.start() : base]
            english = match["valediction"].casefold() in _ENGLISH_VALEDICTIONS and leading_language(text) is None
            yield from self._signed_name(text, base, value, own_line, english)
            return
        if pattern is _GREETED:
            yield from self._greeted_name(text, base, value)
            return
        if pattern in (_TOLD, _TURKISH_MARKED):
            # After a form of address a surname will do ("mail an frau schneider").
            known = self._is_plain_name if match.groupdict().get("address") else self._is_plain_given_name
            if known(value) and not is_function_word(value.casefold()) and not self._names_a_place(value):
                yield from self._accepted(text, base, match.end(VALUE), _PlaceCheck.NONE)
            return
        if pattern in (_INITIALS_AND_PARTICLE, _SURNAME_AND_INITIALS):
            yield from self._accepted(text, base, match.end(VALUE), _PlaceCheck.NONE)
            return
        if pattern is _LAST_LINE:
            first = value.split()[0]
            if (
                not text[: match.start()].isspace()
                and first.casefold() not in VALEDICTION_WORDS
                and self._is_plain_given_name(first)
                and not self._names_a_place(first)
            ):
                yield from self._accepted(text, base, match.end(VALUE), _PlaceCheck.NONE)
            return
        if pattern is _AFTER_ADDRESS_TERM:
            term = match["cue"].casefold()
            if is_function_word(term) and term not in _HONORIFIC_WORDS:
                return
            plain = term in PAL_TERMS or is_function_word(term) or self._lexicon.is_english(term)
            given = self._is_plain_given_name(value) if plain else self._lexicon.is_given(value)
            if given and not _is_not_a_name(value) and not self._names_a_place(value):
                yield from self._accepted(text, base, match.end(VALUE), _PlaceCheck.NONE)
            return
        if pattern in (_INTRODUCING, _VOCATIVE, _ASKED_ABOUT, _CLOSING_NAME, _SIGNATURE):
            if self._is_plain_given_name(value) and not self._names_a_place(value):
                yield from self._accepted(text, base, match.end(VALUE), _PlaceCheck.NONE)
            return
        if value.islower():
            if pattern is _STATED:
                yield from self._lowercase_name(text, base, value, _PlaceCheck.NONE)
            elif pattern is _AFTER_CUE and (match["cue"] or "").casefold() not in _PREPOSITIONS:
                yield from self._lowercase_name(text, base, value, _PlaceCheck.WHOLE)
            return
        if pattern is _BEFORE_PHONE and match["colon"] and not self._labels_a_number(value):
            return
        cue = match.groupdict().get("cue") or ""
        check = _PlaceCheck.WHOLE
        if pattern is _AFTER_CUE:
            # A verb of contacting or fetching takes people, a preposition places too.
            check = _PlaceCheck.PREFIXES if cue.casefold() in _PREPOSITIONS else _PlaceCheck.NONE
        elif pattern in (_AFTER_HONORIFIC, _STATED) or (
            pattern is _AFTER_OTHER_KIN and not self._gazetteer.find_country(value)
        ):
            check = _PlaceCheck.NONE
        elif (
            _only_a_person_around(match)
            and self._lexicon.is_given(value.split()[0])
            and not self._gazetteer.find_country(value)
        ):
            # Places do not smile, marry or have a wife: "Florence smiled",
            # "Orlando was born", "my kid Virginia", "Regina's address:". A
            # country does in a figure of speech ("our mother India").
            check = _PlaceCheck.NONE
        # After an honorific the surname may open with its particle ("Mr. de
        # Meer", "Herr von Braun"): it goes with the name, or it stays behind
        # when a longer guess at the name wins the span.
        particles = _LEADING_PARTICLES.match(value) if pattern is _AFTER_HONORIFIC else None
        for name in _TITLE_OR_CAPS_NAME.finditer(value):
            calendar_name = (
                pattern is _AFTER_HONORIFIC
                and name.start() == 0
                and (cue.casefold() in _PERSONAL_HONORIFICS or self._surname_follows(name.group(), cue))
            )
            if pattern is _AFTER_HONORIFIC and name.start() == 0 and not calendar_name and (
                name.group().split()[0].capitalize() in CALENDAR_WORDS
            ):
                continue  # the day ends the cue: "Sir Monday Class Cancelled", "Notre Dame Saturday Night"
            span = _trimmed(text, base + name.start(), base + name.end(), calendar_name)
            if span is None or not self._vouched(pattern, cue, text[span[0] : span[1]]):
                continue
            if pattern is _AFTER_CUE and span[0] > base and _opens_a_sentence(text, *span):
                continue
            if span[0] > base and _LABELS_A_CODE.match(text, span[1]) and " " not in text[span[0] : span[1]]:
                continue  # "Passenger: Tevita, Kennzeichen B-KM 412": a field's label, then its value
            if particles and particles.end() and span[0] == base + particles.end():
                span = (base, span[1])
            yield from self._accepted(text, *span, check)

    def metadata(self, match: regex.Match[str]) -> Mapping[str, object]:
        """Marks the author of a work, whose cue is the word after the name,
        a name after a cue that only people take, and one after a preposition."""
        if match.re is _AUTHOR_OF_WORK:
            return {AUTHOR_OF_WORK_KEY: True}
        cue = (match.groupdict().get("cue") or "").casefold()
        if (
            match.re in (_AFTER_HONORIFIC, _STATED, _BEFORE_PERSON_VERB, _AFTER_OTHER_KIN)
            or (match.re is _AFTER_CUE and cue in _PHRASAL_VERB_CUES)
            or (match.re is _AFTER_ROLE and _PERSON_ROLE_LABEL.fullmatch(cue) is not None)
            or (
                match.re in (_AROUND_RELATION, _POSSESSIVE, _OF_COMPANY, _GIVEN_DETAILS)
                and _only_a_person_around(match)
            )
        ):
            return {PERSON_ONLY_CUE_KEY: True}
        if match.re is _AFTER_CUE and cue in _PREPOSITIONS:
            return {PREPOSITION_CUE_KEY: True}
        return {}

    def _labels_a_number(self, value: str) -> bool:
        """Whether ``value`` before a colon and a number names whose number it is
        ("Matthew: 07700…"), not the field ("Telefon:", "Puhelin:", "Mobil:")."""
        words = value.split()
        return words[0].casefold() not in _PHONE_LABELS and any(self._lexicon.is_name(word) for word in words)

    def _vouched(self, pattern: regex.Pattern[str], cue: str, name: str) -> bool:
        """Whether the name passes the extra test of its cue, where the cue needs one."""
        words = name.split()
        if pattern is _AFTER_HONORIFIC and cue in _AMBIGUOUS_HONORIFICS:
            return len(words[0]) > 2 and self._is_plain_name(words[0])
        if pattern is _AFTER_HONORIFIC and (cue == "fam" or (cue in _ACRONYM_HONORIFICS and not name.isupper())):
            # Honorifics that are English words too: "HR Officer", "thanks fam. Going home".
            return not self._lexicon.is_english(words[0]) or self._is_plain_name(words[0])
        if pattern is _AFTER_THE_SERVICE_ROLE:
            lexicon = self._lexicon
            if len(words) == 1:
                return lexicon.is_given(words[0]) and not _is_not_a_name(words[0])
            return lexicon.is_name(words[0]) and all(
                lexicon.is_name(word) or not lexicon.is_english(word) for word in words
            )
        if pattern is _AFTER_CUE and cue.casefold() in _GREETING_CUES:
            # A greeting addresses groups, roles and companies too ("Dear Team",
            # "Hi All", "Dear Parent", "Dear Grab Support"): an English word
            # alone must be a given name or a surname no English word is, and
            # the last of several words a name.
            lexicon = self._lexicon
            if len(words) > 1:
                return not lexicon.is_english(words[-1]) or lexicon.is_name(words[-1])
            return (
                not lexicon.is_english(words[0])
                or lexicon.is_given(words[0])
                or (lexicon.is_surname(words[0]) and not lexicon.is_common(words[0]))
            )
        if pattern is _STATED and len(words) == 1:
            # A form's placeholder or instruction is no one: "Name: Optional",
            # "Given names: Please enter as shown on your passport". Two
            # words are a full name, English words or not ("Dusty Smiley").
            return not self._lexicon.is_english(words[0]) or self._lexicon.is_name(words[0])
        if pattern is _MAIDEN_NAME:
            # A company had a name before too ("Meta, née Facebook"), "geb."
            # is "gebunden" (bound) as well ("geb. Ausgabe"), and a Czech
            # "rozená" is born something ("rozená Slovenka"): the name must
            # be one of the lexicon, English word or not ("née Smith").
            return all(self._lexicon.is_name(word) for word in words)
        if pattern is _AFTER_ROLE:
            # An office or a company is a payee too ("Destinatario: Ufficio
            # Tributi del Comune"): a name of the lexicon in it, at least;
            # after a role only people fill, words that may be names the
            # lexicon lacks ("Guarantor: Ganbold Dorjsuren").
            if any(word[:1].isupper() and self._lexicon.is_name(word) for word in words):
                return True
            return bool(_PERSON_ROLE_LABEL.fullmatch(cue)) and all(
                self._may_be_an_unknown_name(word) for word in words
            )
        if pattern in (_POSSESSIVE, _GIVEN_DETAILS, _AFTER_OTHER_KIN):
            # Brands, titles and roles own things and get them too ("Google's
            # address", "God's house", "Mother's car", "sent Amazon my
            # address"): an English word must be a name.
            return not self._lexicon.is_english(words[0]) or self._lexicon.is_name(words[0])
        if pattern is _OF_COMPANY:
            # Products, units and dealers are of companies too ("Windows from
            # Microsoft Corp", "Bank of America Corp", "Toyota of Orlando
            # Inc"; the lexicon lists Bank and Toyota as surnames): a full name
            # with a name of the lexicon in it, or a given name alone.
            lexicon = self._lexicon
            if len(words) == 1:
                return lexicon.is_given(words[0])
            return any(lexicon.is_name(word) for word in words) and (
                not lexicon.is_english(words[0]) or lexicon.is_name(words[0])
            )
        if pattern is _AUTHOR_OF_WORK:
            lexicon = self._lexicon
            return all(lexicon.is_name(word) and lexicon.is_rare_in_english(word) for word in words)
        if pattern is _BLOCK_HEAD:
            return self._heads_a_block(words)
        return True

    def _speaker_results(self, text: str) -> Iterator[RecognizerResult]:
        """The speakers of a transcript's lines ("Annette: Who are you?") taken for people.

        All labels are read in one pass, which the test of a dialogue needs:
        read again for each label, a text of "Zqx: a" × 1,000 lines took n²
        steps.
        """
        matches = list(_SPEAKER.finditer(text))
        speakers = self._dialogue_speakers([match[VALUE] for match in matches])
        for match in matches:
            value = match[VALUE]
            if _ROLE_LABEL.fullmatch(value):
                continue
            if self._is_plain_given_name(value) or value in speakers:
                for start, end in self._accepted(
                    text, match.start(VALUE), match.end(VALUE), _PlaceCheck.WHOLE
                ):
                    yield self.result(start, end, self._score, self.EXPLANATION)

    def _stamped_results(self, text: str) -> Iterator[RecognizerResult]:
        """The senders of a chat export's lines, after each line's time.

        A sender that is a given name of the lexicon and no common word
        ("Chloe", "lupita", "Toño") is one alone. The others ("Maria", "מיכל",
        "Mamá") only in a conversation: two senders or more, one of them such
        a name or one speaking twice. A lone stamped label is a system's
        notice ("[09:15] 系统:") or a feed's; an agenda names each item once
        ("09:00 - Begrüßung:", "12:30 - Mittagessen:").
        Never a role, an English word that is no given name ("Note"), a
        function word ("Me"), nor a run longer than a name. Two lowercase
        words are a name when the first is a given name ("maria jose", not
        "build step"); an emoji after the name is no part of it ("Ana 🌸").
        """
        matches = [
            match for match in _STAMPED_SPEAKER.finditer(text)
            if not _ROLE_LABEL.fullmatch(match[VALUE])
            and not _is_not_a_name(match[VALUE].split()[0].capitalize())
            and not is_function_word(match[VALUE].split()[0].casefold())
            and not (
                _LOWERCASE_PAIR.fullmatch(match[VALUE])
                and not self._lexicon.is_given(match[VALUE].split()[0].capitalize())
            )
        ]
        firsts = [match[VALUE].split()[0] for match in matches]
        plain = {first for first in firsts if self._is_plain_given_name(first.capitalize())}
        turns = Counter(firsts)
        dialogue = len(turns) >= 2 and (bool(plain) or max(turns.values()) >= 2)
        for match, first in zip(matches, firsts, strict=True):
            word = self._lexicon.is_given(first.capitalize()) or not self._lexicon.is_english(first)
            if first in plain or (dialogue and word):
                for start, end in self._accepted(text, match.start(VALUE), match.end(VALUE), _PlaceCheck.WHOLE):
                    yield self.result(start, end, self._score, self.EXPLANATION)

    def _dialogue_speakers(self, labels: list[str]) -> frozenset[str]:
        """The speakers of a dialogue in which one speaker is a given name of the lexicon.

        In "Ana: Hi.\nGuy: Hello.", "Guy" speaks like Ana, so it is a name
        too, though alone it would be a word: every other speaker label of
        two or more speech lines is taken, words that are never names aside.
        A form's labels are English words that no one is named ("Tenant:",
        "Subject:"), and "To:" or "Sender:" vouch for no dialogue: the given
        name that does is no English word.
        """
        lexicon = self._lexicon
        names = frozenset(
            label for label in labels
            if not _is_not_a_name(label) and (lexicon.is_given(label) or not lexicon.is_english(label))
        )
        if len(labels) < 2 or not any(lexicon.is_given(label) and not lexicon.is_english(label) for label in names):
            return frozenset()
        return names

    def _heads_a_block(self, words: list[str]) -> bool:
        """Whether the words alone on a block's first line are a person's name.

        Headings, companies and towns head blocks too, so one of the words
        must be a name of the lexicon that is no English word, and none a
        common word, a company word or a place; or every word must be one
        that English text seldom uses at all, as a name or as a word: a name
        the lexicon lacks ("Tavrel Oskarsdin"), where a heading is made of
        words ("Quarterly Figures").
        """
        lexicon = self._lexicon
        if any(
            lexicon.is_common(word)
            or word.casefold().rstrip(".") in ORGANIZATION_WORDS
            or self._names_a_place(word)
            for word in words
        ):
            return False
        if any(self._is_plain_name(word) for word in words):
            return True
        long_words = [word for word in words if len(word.rstrip(".")) > 1]
        return len(long_words) >= 2 and all(
            len(word) >= 3 and lexicon.is_no_english_word(word) for word in long_words
        )

    def _is_plain_given_name(self, word: str) -> bool:
        return (
            self._lexicon.is_given(word)
            and not self._lexicon.is_common(word)
            and not _is_not_a_name(word.capitalize())
        )

    def _is_plain_given_name_in_any_case(self, word: str, text: str) -> bool:
        """A plain given name, or one declined as the text's language declines
        names: "zadzwoń do kasi", "напиши олі"."""
        if self._is_plain_given_name(word):
            return True
        code = leading_language(text)
        names = list(nominatives(word, code))
        return (
            not is_function_word_in(word, code)
            and not any(name in _KIN_NOMINATIVES for name in names)
            and any(self._is_plain_given_name(name) for name in names)
        )

    def _surname_follows(self, name: str, cue: str) -> bool:
        """Whether the word after a name's first is a name of the lexicon and no
        English word: after any title a day that opens a full name is the
        given name ("Engr. Friday Okafor", "Dr Sunday Adebayo"; not "Sir Monday
        Class", "Elm Dr Friday only")."""
        words = name.split()
        return (
            cue not in _AMBIGUOUS_HONORIFICS
            and len(words) > 1
            and self._is_plain_name(words[1])
            and not self._lexicon.is_english(words[1])
        )

    def _is_plain_name(self, word: str) -> bool:
        return self._lexicon.is_name(word) and not self._lexicon.is_common(word)

    def _signed_name(
        self, text: str, start: int, value: str, own_line: bool, english: bool
    ) -> Iterator[tuple[int, int]]:
        """The writer's name after a valediction: a given name that is no
        common word and no place, with the surname after it ("Mvh Håkon
        Berg"); in lower case, as after a verb ("tack /ulf"). On a line of
        its own below the valediction, two capitalized words, one a name of
        the lexicon and neither a function word, an English word or a place,
        are a full name whose given name the lexicon lacks ("Kind
        regards,\nEirlys Hofbauer"). One such word alone under an English
        valediction in a text of no other language is a given name the
        lexicon lacks ("Warm regards,\nKerubo"): what else signs so is an
        English word ("Management") or a company word. In another language
        it may be that language's word ("Saludos,\nGerencia"), which the
        English word list does not know."""
        if value.islower():
            yield from self._lowercase_name(text, start, value, _PlaceCheck.WHOLE)
            return
        initials = _LEADING_INITIALS.match(value)
        if initials:
            # Initials vouch for the surname after them, whether the lexicon
            # has it or not, if it is no word, function word or place.
            surname = value[initials.end() :].split()
            if all(self._is_plain_name(word) or self._may_be_an_unknown_name(word) for word in surname):
                yield from self._accepted(text, start, start + len(value), _PlaceCheck.NONE)
            return
        words = value.split()
        if (self._is_plain_given_name(words[0]) and not self._names_a_place(words[0])) or (
            own_line
            and ((len(words) == 1 and english) or any(self._lexicon.is_name(word) for word in words))
            and all(self._may_be_an_unknown_name(word) for word in words)
        ):
            yield from self._accepted(text, start, start + len(value), _PlaceCheck.NONE)

    def _greeted_name(self, text: str, start: int, value: str) -> Iterator[tuple[int, int]]:
        """The one a greeting addresses, unless a term of address ("Halo
        kak,"): a given name, as after a verb in lower case; capitalized, in
        a text in English, also a word the lexicon lacks that is no word of
        English, no function word and no place ("Salam Aizada! 😊 the felt
        workshop…"). In another language, or a line too short to tell, such
        a word is as often that language's ("Hola Mundo!", "Hallo Leute!",
        "Hola Equipo,"), which the English word list does not know."""
        if value.casefold() in _GREETED_GROUPS or value.casefold() in _ADDRESS_TERMS:
            return
        if value.islower():
            yield from self._lowercase_name(text, start, value, _PlaceCheck.WHOLE)
            return
        unknown = shows_english(text) and self._may_be_an_unknown_name(value)
        if (self._is_plain_given_name(value) or unknown) and not self._names_a_place(value):
            yield from self._accepted(text, start, start + len(value), _PlaceCheck.NONE)

    def _may_be_an_unknown_name(self, word: str) -> bool:
        return (
            not is_function_word(word.casefold())
            and not self._lexicon.is_common(word)
            and not self._lexicon.is_english(word)
            and word.casefold() not in ORGANIZATION_WORDS
            and not self._names_a_place(word)
        )

    def _lowercase_name(
        self, text: str, start: int, value: str, check: _PlaceCheck
    ) -> Iterator[tuple[int, int]]:
        """A name typed in lower case: a given name that is no word, and a surname after it."""
        words = list(_WORD.finditer(value))
        if (
            not words
            or len(words[0].group()) < 3
            or not self._is_plain_given_name_in_any_case(words[0].group(), text)
            or words[0].group() in _VOICE_ASSISTANTS
        ):
            return
        end = words[0].end()
        second = words[1].group() if len(words) > 1 else ""
        # A declined given name takes no surname here: a lowercase word after it is
        # as often an adverb the lexicon lists as a surname ("do kasi jutro").
        declined = not self._is_plain_given_name(words[0].group())
        if (
            not declined
            and len(second) > 2
            and self._lexicon.is_surname(second)
            and not self._lexicon.is_english(second)
        ):
            end = words[1].end()
        yield from self._accepted(text, start + words[0].start(), start + end, check)

    def _accepted(
        self, text: str, start: int, end: int, check: _PlaceCheck
    ) -> Iterator[tuple[int, int]]:
        if self._only_names is not None:
            for word in _WORD.finditer(text, start, end):
                if word.group().casefold() in self._only_names:
                    yield word.span()
            return
        if _NUMBERED.match(text, end):
            return
        words = text[start:end].split()
        if check is _PlaceCheck.PREFIXES:
            prefix_sizes: Iterable[int] = range(len(words), 0, -1)
        elif check is _PlaceCheck.WHOLE:
            prefix_sizes = [len(words)]
        else:
            prefix_sizes = []
        if not any(self._names_a_place(" ".join(words[:size])) for size in prefix_sizes):
            yield start, end

    def _names_a_place(self, name: str) -> bool:
        return normalize_place_name(name) in self._place_keys or bool(
            self._gazetteer.find_country(name)
        )


# A word of a list after its cue, then a code with a digit: the word labels the
# code ("…, Kennzeichen B-KM 412", "…, Tel 0301234"), as a name does not.
_LABELS_A_CODE = regex.compile(r"[ \t]+(?:[\p{Lu}\p{N}/.-]+[ \t])?[\p{L}\p{N}/.-]*\d")

# After a word, the words of a sentence going on: no comma or stop closes it.
_SENTENCE_GOES_ON = regex.compile(r"[ \t]+[\p{L}\p{N}]")


def _opens_a_sentence(text: str, start: int, end: int) -> bool:
    """Whether a name of a list after a cue is an English function word that
    opens the sentence after the list: "Hello Chase, On 10/02 I saw…". The
    first name after the cue is the one it speaks to ("Ask Will if he can"),
    and a comma sets a list's name off ("Hi Ana, Will, see you")."""
    return is_english_function_word(text[start:end].casefold()) and _SENTENCE_GOES_ON.match(text, end) is not None


def _with_strongest_evidence(results: list[RecognizerResult]) -> list[RecognizerResult]:
    """``results`` where two cues found the same name, each copy carrying what both say.

    Results of one span and score are equal to Presidio, so a set keeps
    whichever copy came first, which depended on an order that changed from
    process to process: "tell Sydney your phone number" was a person in one
    run and the city in the next. A
    cue that only people take or one that names an author counts if either
    cue says it; the weak preposition mark only if both do.
    """
    flags: dict[RecognizerResult, dict[str, object]] = {}
    for result in results:
        metadata = result.recognition_metadata or {}
        if result not in flags:
            flags[result] = {key: metadata[key] for key in _EVIDENCE_KEYS if metadata.get(key)}
            continue
        merged = flags[result]
        for key in (PERSON_ONLY_CUE_KEY, AUTHOR_OF_WORK_KEY):
            if metadata.get(key):
                merged[key] = True
        if not metadata.get(PREPOSITION_CUE_KEY):
            merged.pop(PREPOSITION_CUE_KEY, None)
    for result in results:
        metadata = result.recognition_metadata
        if metadata is not None:
            for key in _EVIDENCE_KEYS:
                metadata.pop(key, None)
            metadata.update(flags[result])
    return results


def _only_a_person_around(match: regex.Match[str]) -> bool:
    """Whether the words around a cued name are ones no place takes: a verb
    ("Florence smiled"), kin before it ("my kid Virginia"), a possession
    after it ("Regina's address:"), a company it is from ("Milan is from Acme
    Inc.") or someone's details it was given ("given Virginia his address")."""
    text, pattern = match.string, match.re
    if pattern is _BEFORE_PERSON_VERB:
        return bool(_PLACE_PROOF_VERB.match(text, match.end(VALUE)))
    if pattern is _AROUND_RELATION:
        return bool(_KIN_BEFORE.search(text, match.start(), match.start(VALUE)))
    if pattern is _POSSESSIVE:
        return bool(_ONLY_A_PERSONS_AFTER.match(text, match.end(VALUE)))
    if pattern is _GIVEN_DETAILS:
        return True
    # Someone is from a company; "Florence of Acme Inc." may be its branch.
    return pattern is _OF_COMPANY and match["is"] is not None


class _PlaceCheck(enum.Enum):
    """How a cued name is tested against the gazetteer before it is taken for a person."""

    NONE = "a cue that only people take: the name may be a place too"
    WHOLE = "the whole name must not be a place"
    PREFIXES = "after a preposition, no leading part of the name may be a place"


def _trimmed(
    text: str, start: int, end: int, calendar_name: bool = False
) -> tuple[int, int] | None:
    """The name without leading non-name words, cut at the first inner one;
    with ``calendar_name`` a day or a month that opens it is a name."""
    words = list(_WORD.finditer(text, start, end))
    opening = words[0].group().capitalize() if words else ""
    if not (calendar_name and opening in CALENDAR_WORDS):
        while words and _is_not_a_name(words[0].group()):
            words.pop(0)
    kept = words[:1]
    for word in words[1:]:
        if _is_not_a_name(word.group()):
            break
        kept.append(word)
    return (kept[0].start(), kept[-1].end()) if kept else None
