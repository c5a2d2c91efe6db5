"""Names that open with a known place: stations, sights, districts, and places in a list.

The English NER model and the name rules read "Roma Termini", "Porto
Campanhã", "București Nord", "Den Haag Centraal", "Lisboa Santa Apolónia" or
"Madrid-Puerta de Atocha" as people: capitalized words, one of them a
surname somewhere. A span that opens with a town, region or country the
gazetteer knows names something in or of that place, unless the place is
also a given name ("Florence Pugh", "Jordan Smith", "Paris Hilton") or the
words after it are all names of the lexicon ("Mendoza Ruiz", "Valencia
Ortega", surnames that are towns too). What follows a station or compass
word or a saint's title is never a person, whatever the place ("Roma
Termini", "Lisboa Santa Apolónia": "Roma" and "Lisboa" are given names too).
A known place alone is a place after "in" of a language we weigh, given
name or not ("nieve en Madrid y Rafa Nadal", where a list made it a
person), and so is a name opened by a word for a town, a street or a
mountain ("Kota Batu", "Jalan Sudirman"), or right after a word that opens a
street's or a venue's name ("Jalan Tuanku Abdul Rahman", "Autódromo Hermanos
Rodríguez"); inside the span, such a word that is a name too opens a
person's name as often ("Strada Gino"; "Corso" is a surname).
"""

from __future__ import annotations

import regex

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.language import leading_language, shows_english
from privacy.desensitize.name_particles import PARTICLES
from privacy.desensitize.recognizers.person_lexicon import NameLexicon
from privacy.desensitize.recognizers.word_before import PLACE_PREPOSITIONS, word_before
from privacy.desensitize.recognizers.world_street_address import TYPE_WORD_BEFORE_NAME
from privacy.desensitize.saints import SAINT_TITLES

# Words that make a place's name into a station's, a district's or a sight's,
# lowercase: "Termini", "Centraal", "Hbf", "Nord", "Główny".
_PLACE_PART_WORDS = frozenset(
    """
    termini centrale central centraal centralna centralnej centralny centrum centro
    hbf hauptbahnhof bahnhof gare station stazione estación estação stacja nádraží asema
    główny głównego główna nord norte north sud sur south süd sul ouest oeste west ost est east
    leste este airport aeroporto aeropuerto aéroport flughafen lotnisko porta puerta port porto
    mitte altstadt city plaza piazza praça plein platz
    """.split()
)
# Words that open a place's name and no person's, lowercase: Indonesian and
# Malay for town, regency, street, mountain, island, lake, village, hill,
# river, park and market; Spanish, Portuguese and Italian for street, square
# and town, museum, park, temple, church; Thai "wat" and Malay "masjid"
# (temple, mosque). "Castillo", "Palacio", "Mercado" or "Puente" are
# surnames too, and stay out.
_PLACE_OPENING_WORDS = frozenset(
    """
    kota kabupaten jalan jl gunung pulau danau desa kampung bukit sungai kecamatan
    calle avenida rua praça piazza plaza ciudad città cidade
    wat museo museu musée parque templo iglesia igreja catedral masjid taman pasar
    """.split()
)
# A street's type word before the name it honours, as the address
# recognizers read it ("Jalan Tuanku Abdul Rahman", "Av. Javier Prado", "đường
# Lê Lợi", "Strada Mihai Eminescu"). English writes its heads after the name
# ("Arthur Wint Drive"), where the facility rule reads them. An English word
# of the list in English text is a verb as often, after a bullet or a label
# as at a sentence's start ("- Place Maria on the list", "Route Anna's calls
# to me"), and opens no street there ("down Rue Victor Hugo" loses its street).
_STREET_TYPE_WORD = regex.compile(TYPE_WORD_BEFORE_NAME)
# Words for a venue or a building named after someone: "Autódromo Hermanos
# Rodríguez", "Aeropuerto Jorge Chávez", "Lycée Victor Hugo". They open its
# name capitalized; in lower case they are the place a person is at ("en la
# clínica María López me atendió"), and German capitalizes every noun ("Im
# Stadion Thomas Müller traf").
_VENUE_OPENING_WORDS = frozenset(
    """
    autódromo estadio estádio aeropuerto aeroporto aeródromo biblioteca universidad universidade
    colegio escuela escola instituto liceo clínica teatro puerto lycée collège école
    université hôpital stade aéroport théâtre parc stadio ospedale università lotnisko szpital
    aeroportul spitalul stadionul liceul colegiul universitatea sekolah universiti bandar
    lapangan uwanja hospitali shule chuo
    """.split()
)
# Of the street's type words, those that mean only a street in lower case too: not "via"
# (English "by"), "carrera" (a race), "paseo" (a walk), "pasaje" (a ticket),
# "corso", "largo" or "strada" (surnames), nor abbreviations ("av" is Swedish "of").
_STREET_WORDS_IN_LOWER_CASE = frozenset(
    "calle avenida rua jalan đường phố ulica aleja calea kalye barabara mtaa lorong lebuh rue".split()
)
# Shortest opening word taken in lower case or inside a span: shorter ones
# are abbreviations ("av", "ul") that other languages write as words
# (Swedish "av" is "of").
_MIN_OPENING_LETTERS = 4
# The word before a span as written, with the full stop of an abbreviation
# ("Av.", "Jl."); after a longer word, a full stop ends a sentence. One blank
# between: two or a tab part a table's columns ("St Luke's Hospital\tJohn Kamau").
_OPENING_WORD_BEFORE = regex.compile(r"(?<!\p{L})(\p{L}{1,4}\.|\p{L}+)[ \t]$")
_WORD = regex.compile(r"\p{L}[\p{L}'’]*")
# Longest place looked for at a span's start, in words ("Santa Cruz de Tenerife").
_MAX_PLACE_WORDS = 4


def led_by_a_place(text: str, start: int, end: int, gazetteer: Gazetteer, lexicon: NameLexicon) -> bool:
    """Whether ``text[start:end]`` opens with a known place that makes it no person's name."""
    found = list(_WORD.finditer(text, start, end))
    if not found:
        return False
    words = [w.group().rstrip("'’") for w in found]
    if len(words) > 1 and (
        _opens_with_a_place_word(words, gazetteer, lexicon)
        or (
            len(words[0]) >= _MIN_OPENING_LETTERS
            and not lexicon.is_name(words[0])
            and not gazetteer.is_place(words[0])
            and _opens_a_place_name(text, found[0].start(), words[0], lexicon)
        )
    ):
        return True
    if _after_an_opening_word(text, start, lexicon):
        return True
    for size in range(min(len(words), _MAX_PLACE_WORDS), 0, -1):
        if gazetteer.is_place(" ".join(words[:size])):
            rest = words[size:]
            break
    else:
        return False
    if not rest:
        # A place of several words is a person's name only when it reads as
        # one: a given name, then names ("Marcos Juárez", "Jesús María"), not
        # "Siem Reap" or "Beni Suef", whose first words are given names somewhere.
        return (
            word_before(text, start) in PLACE_PREPOSITIONS
            or not lexicon.is_given(words[0])
            or not all(lexicon.is_name(word) or word in PARTICLES for word in words[1:])
        )
    if rest[0].casefold() in _PLACE_PART_WORDS or rest[0].casefold() in SAINT_TITLES:
        return True
    if lexicon.is_given(words[0]):
        return False
    return not all(lexicon.is_name(word) or word in PARTICLES for word in rest)


def _opens_with_a_place_word(words: list[str], gazetteer: Gazetteer, lexicon: NameLexicon) -> bool:
    """Whether ``words`` open with a word for a town, a street or a sight. Such
    a word that is a given name too ("Calle", "Kota", "Desa"; not an
    abbreviation, "Jl") opens a
    person's name before surnames ("Calle Andersson"), and a place's before
    a place or a word no one is named ("Kota Batu", "Kota Kinabalu")."""
    if words[0].casefold() not in _PLACE_OPENING_WORDS:
        return False
    rest = words[1:]
    return (
        len(words[0]) < _MIN_OPENING_LETTERS  # an abbreviation: "Jl Gatot Subroto"
        or not lexicon.is_given(words[0])
        or gazetteer.is_place(" ".join(rest))
        or not all(lexicon.is_name(word) or word in PARTICLES for word in rest)
    )


def _after_an_opening_word(text: str, start: int, lexicon: NameLexicon) -> bool:
    """Whether a word that opens a street's, venue's or building's name stands
    right before ``start``, as :func:`_opens_a_place_name` tells, or a word
    that means only a street in lower case too ("la calle Javier Prado",
    "đường Lê Lợi")."""
    before = _OPENING_WORD_BEFORE.search(text, max(0, start - 40), start)
    if before is None:
        return False
    word = before.group(1)
    if _opens_a_place_name(text, before.start(1), word, lexicon):
        return True
    return word.islower() and word in _STREET_WORDS_IN_LOWER_CASE and not lexicon.is_english(word)


def _opens_a_place_name(text: str, start: int, word: str, lexicon: NameLexicon) -> bool:
    """Whether ``word``, capitalized at ``start``, opens a street's name, or a
    venue's outside German text. An abbreviation needs its full stop, as in
    the address recognizers ("Al. Jerozolimskie", not "Al Hassan")."""
    if not word[:1].isupper():
        return False
    if word.rstrip(".").casefold() in _VENUE_OPENING_WORDS:
        return leading_language(text) != "de"
    if not _STREET_TYPE_WORD.fullmatch(word):
        return False
    return not (lexicon.is_english(word.rstrip(".")) and shows_english(text))
