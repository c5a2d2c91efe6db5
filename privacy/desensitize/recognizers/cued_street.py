"""Recognize a street and house number, or a street corner, that the words before it announce.

Most of the world writes a street without a type word ("Bedřicha Smetany 405",
"Ööbiku 25", "R Capela 83", "Καλλιρρόης 265"), and our national grammars
take such a name and number only when the rest of an address follows it
(a postcode with its town, a country, a flat). In a sentence the rest is
often left out, but the sentence says what comes: "my address is …", "she
lives at …", "send it to …", "the shop is on …", "the north side of …". After
such a cue, capitalized words (any script) closed by a house number are a
street; so is "A and B" there, or after "the corner of" (a crossing names a
place as exactly as a house does: "the corner of Graben 13 and Luiza Forge",
"meet me at Boris and Dalmatinova 4"). "The corner of" is then part of the
place's name and goes with it: "meet me at <the place>" reads as the
sentence meant, and no word of the crossing stays behind.
"""

from __future__ import annotations

import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.address_tail import (
    read_head,
    read_tail,
)
from privacy.desensitize.recognizers.person_lexicon import person_name_lexicon
from privacy.desensitize.recognizers.results import recognizer_result
from privacy.desensitize.recognizers.street_address import NOT_STREETS
from privacy.desensitize.recognizers.street_recognizer import StreetRecognizer
from privacy.desensitize.recognizers.world_street_address import (
    LOWERCASE_TYPE_WORD,
    names_a_street_type,
    opens_with_english_word,
)

# An address that is no postal one ("email address", "IP address", "keynote
# address"), or "address" the verb ("we will address", "points to address").
_NOT_POSTAL = (
    r"(?<!(?<![\p{L}\p{N}])(?:e-?mail|ip|mac|web|url|memory|block|server|network|ethernet|hardware"
    r"|internet|wallet|bitcoin|keynote|opening|inaugural|farewell|will|please|must|should|can"
    r"|could|would|shall|we|they|to|bind|listen|loopback|broadcast|multicast|proxy|host|base"
    r"|virtual|local|remote)[ \t]+)"
)
# Words that announce where someone lives, is, or wants something sent: also
# "address" with a preposition, a few lowercase words and a colon ("address to
# the same:", "address on file:"), and "the address of <a named party> is"
# ("The address of MYR Group Inc. is"; a sentence end may not fall between).
# An object sent is a pronoun or "the" and a word ("send it to", "send a new
# one to", "ship the parcel to"): "send a message to Team 5" sends no parcel.
# These cues are weak: configs, tickets and boards use the same words ("The
# address in the config: Port 8080", "Move the card to Done 4"), so after them
# the street needs a name that opens with no English word ("Port 8080",
# "Done 4" do), or a town or postcode after it (``CuedStreetRecognizer.analyze``).
# "in" is left out ("lives in Paris 15" names an arrondissement, not a house),
# and so is a bare "at" or "on", which the one-word-street grammar already
# reads with a stricter street test.
_CUE = (
    r"(?:(?P<address>address|adresse|addr\.?|dirección|direccion|endereço|indirizzo|adres|adresa)"
    r"(?:[ \t]+(?:is|was|will[ \t]+be|to|with|as))?[ \t]*+:?"
    rf"|(?P<weak>{_NOT_POSTAL}(?:address|adresse|addr\.?)[ \t]+(?:to|on|for|in|as|at|with|of)"
    r"(?-i:(?:[ \t]+\p{Ll}+){0,3})[ \t]*+:"
    rf"|{_NOT_POSTAL}address[ \t]+of[ \t]+(?-i:\p{{Lu}}(?:[^\n;:!?.]|\.(?![ \t]+\p{{Lu}})){{0,40}}?)"
    # The party is no numbered or lettered thing ("Server 2", "Node A").
    r"(?<!\p{N}|(?<!\p{L})\p{Lu})[ \t]+(?:is|was))"
    r"|(?:live[sd]?|living|reside[sd]?|residing|located|situated|staying|stays?|based)[ \t]+(?:at|on)"
    r"|(?:sen[dt]|send(?:ing|s)|ship(?:ped|ping|s)?|deliver(?:ed|ing|s)?|return(?:ed|ing|s)?"
    r"|mail(?:ed|ing|s)?|forward(?:ed|ing|s)?|post(?:ed)?|mov(?:e|ed|es|ing)|taxi|drive[ \t]+me|take[ \t]+me)"
    r"(?P<object>[ \t]+(?:it|this|them|that|everything|(?:a[ \t]+)?(?:new[ \t]+)?one|another(?:[ \t]+one)?"
    r"|(?:a|the)[ \t]+replacement|the[ \t]+(?-i:\p{Ll}+)))?[ \t]+to"
    r"|(?:is|are|was|were)[ \t]+(?:at|on)"
    r"|(?:side|end)[ \t]+of"
    r"|(?:meet|meeting)(?:[ \t]+(?:me|us|you|them|him|her))?[ \t]+at"
    r"|(?:stop|stops|drop(?:s|ped)?[ \t]+(?:you|me|us)[ \t]+off|pick(?:s|ed)?[ \t]+(?:you|me|us)[ \t]+up"
    r"|enter|turn)[ \t]+(?:at|on|into))"
)
_CORNER_CUE = r"(?:corner[ \t]+of|intersection[ \t]+of|junction[ \t]+of|crossing[ \t]+of)"
# A word of a street's name: capitalized in any cased script, or an initial or
# abbreviation of up to three letters with its dot ("G. Seferi", "Pl."; a
# longer word and a dot end a sentence). Small connecting words may stand
# before a capitalized one ("Rúa do Paseo", "Hugo de Grootlaan"), and short
# lowercase abbreviations after it ("Bem rkp. 97").
_NAME_WORD = r"(?:\p{Lu}\p{L}{0,2}\.|\p{Lu}[\p{L}'’-]*)"
# The small words of Slavic street names count too: "Jiřího z Poděbrad",
# "Dobrovo v Brdih", "Na Kopci", "Nad Vodovodem".
_CONNECTOR = (
    r"(?:de|do|da|dos|das|del|della|di|du|des|la|le|van|der|den|von|am|an|y|e"
    r"|z|ze|u|v|ve|na|nad|pod|při|pri|w|we)"
)
_NAME = (
    rf"{_NAME_WORD}(?:[ \t]+(?:{_CONNECTOR}[ \t]+)?(?:{_NAME_WORD}|\p{{Ll}}{{2,5}}\.)){{0,4}}"
)
# A house number closes the street: "405", "12a", "18.", "12/3". A number run on
# by another number is a phone or a date; one with a unit after it is an amount.
_HOUSE = (
    r"\d{1,5}[A-Za-z]?(?:[/-]\d{1,4}[A-Za-z]?)?(?![\p{L}\p{N}]|[.,:]\d|[ \t]+\d"
    r"|[ \t]?(?:%|€|\$|£|°|(?i:h|hrs?|am|pm|a\.m|p\.m|min|mins|km|m|kg|x)(?![\p{L}\p{N}])))"
)
# The street ends its clause, or a street word, a flat or "in <town>" follows:
# "on Ansina 2484 St.", "at Vahe 94 in Mügra". A number that runs on into
# prose ("on Amazon 24 hours a day", "Android 14 and iOS 17") is no house's.
_CLAUSE_END = (
    r"(?=[ \t]*(?:[,;:!?)\n\"”’]|\.(?!\d)|$)"
    r"|[ \t]+(?i:street|st\.?|road|rd\.?|avenue|ave\.?|in|near|apt\.?|apartment|suite|flat|unit)"
    r"(?![\p{L}\p{N}]))"
)
# A year is no house number unless the word "address" announced it ("is on Black Friday 2024").
_YEAR = regex.compile(r"(?:19|20)\d\d")
# A building or postcode number may stand before the street ("9643 Bedřicha Smetany 405").
_STREET = rf"(?:\d{{1,6}}[ \t]+)?(?P<street>{_NAME})[ \t]+(?P<house>{_HOUSE}){_CLAUSE_END}"
# A crossing: "A and B", each side a name with or without its number.
_SIDE = rf"(?:\d{{1,6}}[ \t]+)?{_NAME}(?:[ \t]+{_HOUSE})?"
_AND = r"[ \t]+(?:and|&|y|et|und|e)[ \t]+"
_CROSSING = rf"(?P<first>{_SIDE}){_AND}(?P<second>{_SIDE})"
# After "corner of", a street type word written in lowercase may also open or
# close a side ("ul. Lipowa 6", "54 rue Pierre Motte", "Hegedűs Gyula utca
# 15."); only a known one, or "corner of Europe and the Middle East" would take
# "the" for one. After a weaker cue it would read "turn on the Radio 4 and the
# TV" as a crossing.
_TYPE_WORD = rf"{LOWERCASE_TYPE_WORD}\.?"
# The Norwegian "gate" too, with its number, which elsewhere needs an address
# part after it (an airport has gates): "the corner of Berings gate 210 and …".
_CORNER_SIDE = (
    rf"(?:\d{{1,6}}[ \t]+)?(?:{_TYPE_WORD}[ \t]+)?{_NAME}"
    rf"(?:[ \t]+(?:{_TYPE_WORD}|gate(?=[ \t]+\d)))?"
    rf"(?:[ \t]+{_HOUSE}\.?)?"
)
_CORNER_CROSSING = rf"(?P<first>{_CORNER_SIDE}){_AND}(?P<second>{_CORNER_SIDE})"

_BEFORE = r"(?<![\p{L}\p{N}])"
# Blanks, or the line breaks of a block ("address:\n\n…"), after the cue.
_GAP = r"(?:[ \t]*+\n){0,2}[ \t]*+(?<=\s)"  # possessive: a long run of blanks is read once
_CUED_STREET = regex.compile(rf"{_BEFORE}(?i:{_CUE}){_GAP}(?P<value>{_CROSSING}|{_STREET})")
# The house number first and no type word, after words that only an address
# takes ("He lives on the north side of 110 Kontomari."): "is at", "meet at"
# and "send to" take times and shops that look the same ("is at 3 Starbucks"),
# and "the end of" a book, a film or an era ("the end of 2 Timothy", "of 30 BC").
_DWELLING_CUE = (
    rf"(?:{_NOT_POSTAL}(?P<address>address)(?:[ \t]+(?:is|was))?[ \t]*+:?"
    r"|(?:live[sd]?|living|reside[sd]?|residing|located|situated)[ \t]+(?:at|on)"
    r"|side[ \t]+of)"
)
# The name opens with a word in lower case after its capital, not a unit or an
# acronym ("512 MB", "900 SSI", "10 Gbps" are no streets).
_NUMBER_FIRST = regex.compile(
    rf"{_BEFORE}(?i:{_DWELLING_CUE}){_GAP}(?P<value>(?P<house>\d{{1,5}}[A-Za-z]?)[ \t]+"
    rf"(?P<street>(?=\p{{Lu}}\p{{Ll}}{{2}})(?!(?i:[kmgt]?bps|[kmgt]?hz)(?!\p{{L}})){_NAME}))"
    r"(?=[ \t]*(?:[,;:!?)\n]|\.(?!\d)|$))"
)
_CORNER = regex.compile(rf"{_BEFORE}(?P<corner>(?i:(?:the[ \t]+)?{_CORNER_CUE}))[ \t]+(?P<value>{_CORNER_CROSSING})")
# A cue right before "the corner of": "meet me at", "is at", "live on".
_CUE_BEFORE = regex.compile(rf"{_BEFORE}(?i:{_CUE})[ \t]+\Z")
_NUMBERS_AROUND = regex.compile(r"^\d+[ \t]+|[ \t]+\d[\w/.-]*$")


class CuedStreetRecognizer(StreetRecognizer):
    """Finds a street and number, or a crossing, after words that announce an address.

    The cue stays in the text, except "the corner of", which names the
    crossing with it; the street, the building number before it and the
    address parts after it (town, country, postcode: :func:`read_tail`) are
    replaced, the town kept as the generalization. A street that is one
    of ``NOT_STREETS`` ("is at Gate 12", "is on Channel 4") is not taken.
    """

    SCORE = 0.7

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per announced street or crossing, its place parts in the metadata."""
        results = []
        for pattern in (_CUED_STREET, _CORNER, _NUMBER_FIRST):
            for match in pattern.finditer(text):
                if not self._plausible(match):
                    continue
                if match.re is _NUMBER_FIRST and self._a_word_or_a_given_name(match["street"]):
                    continue
                start, end = match.span("value")
                tail = read_tail(text, end, self._gazetteer.opens_with_place, None, self._gazetteer.find_country_code)
                if (match.groupdict().get("weak") or match.groupdict().get("object")) and not (
                    tail.places or tail.postcodes or tail.has_country
                ) and opens_with_english_word(match["value"]):
                    continue
                if match.groupdict().get("first") and not (
                    tail.places or tail.postcodes or tail.has_country
                ) and self._ideas_or_places(text, match):
                    continue
                results.append(
                    recognizer_result(
                        self,
                        "STREET_ADDRESS",
                        match.start("corner") if match.groupdict().get("corner") else read_head(text, start),
                        tail.end,
                        self.SCORE,
                        "A street or crossing after words that announce an address",
                        pattern_name="cued street",
                        **tail.metadata(),
                    )
                )
        return EntityRecognizer.remove_duplicates(results)

    def _ideas_or_places(self, text: str, match: regex.Match[str]) -> bool:
        """Whether a crossing with no town after it joins two ideas or two places,
        not two streets: both sides open with an English word ("Law and
        Economics", "Pipe 7 and Valve 3") or one is a city or country ("Paris and
        Milan"; not any village of the world list, which has most given names),
        and neither has a street type word ("Maple Grove and Elm Hollow" is
        streets). An address cue before "the corner of" vouches for it still
        ("meet me at the corner of Main and Elm", "was at the intersection of
        Boylston and Tremont"), so "is at the intersection of Law and
        Economics" is taken too."""
        sides = (match["first"], match["second"])
        if any(names_a_street_type(side) for side in sides) or not (
            all(opens_with_english_word(side) for side in sides)
            or any(self._is_city_or_country(_NUMBERS_AROUND.sub("", side)) for side in sides)
        ):
            return False
        corner = match.start("corner") if match.groupdict().get("corner") else -1
        return corner < 0 or _CUE_BEFORE.search(text, max(0, corner - 80), corner) is None

    @staticmethod
    def _a_word_or_a_given_name(name: str) -> bool:
        """Whether a name after a number opens with an English word ("lives on 5
        Acres") or is a given name alone, as books of the Bible and people
        numbered in a list are ("the side of 2 Samuel")."""
        words = name.split()
        return opens_with_english_word(name) or (len(words) == 1 and person_name_lexicon().is_given(words[0]))

    def _is_city_or_country(self, name: str) -> bool:
        return bool(self._gazetteer.find_city(name) or self._gazetteer.find_country(name))

    @staticmethod
    def _plausible(match: regex.Match[str]) -> bool:
        """Whether the names read are streets.

        None may be a counted thing ("Gate 12", "Channel 4"), the house number
        no year unless the word "address" announced it, and a crossing needs a
        number on one side at least unless "corner of" announced it ("is at
        Tom and Jerry's" is no place).
        """
        groups = match.groupdict()
        if groups.get("house") and _YEAR.fullmatch(groups["house"]) and not groups.get("address"):
            return False
        names = [groups[group] for group in ("street", "first", "second") if groups.get(group)]
        if any(_first_word(name) in NOT_STREETS for name in names):
            return False
        if groups.get("first") and match.re is _CUED_STREET:
            return any(ch.isdigit() for ch in match["value"])
        return True


def _first_word(name: str) -> str:
    """The first word of a street's name, a building number before it skipped."""
    words = [word for word in name.split() if not word.isdigit()]
    return words[0].rstrip(".") if words else ""
