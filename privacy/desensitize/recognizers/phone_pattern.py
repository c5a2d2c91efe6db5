"""Recognize phone numbers by their written shape, including ones libphonenumber rejects."""

from __future__ import annotations

from collections.abc import Iterator

import phonenumbers
import regex
from presidio_analyzer import EntityRecognizer, RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.currencies import CURRENCY_AFTER_AMOUNT
from privacy.desensitize.language import leading_language
from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued
from privacy.desensitize.recognizers.escapes import not_after
from privacy.desensitize.scripts import FIELD_COLONS

# Between digits people write a space, a dot, a dash or a slash, once. The
# patterns take one digit (or "(0)") at a time, each after an optional
# separator, so a digit run parses one way only and a failed match backs off in
# linear time; the digit count is checked afterwards.
_SEPARATOR = r"[ \u00a0.\-/]"
_NEXT_DIGIT = rf"(?:{_SEPARATOR}?(?:\(0\)|\d))"
# Not inside a longer number, decimal, date, time or word; a line break written
# as an escape ("\n") is a break.
_BEFORE = not_after(r"\p{L}\p{N}+.,:/\-")
# Not glued to a letter or digit, nor a decimal or date going on; an extension
# ("x905", "ext. 12") may follow.
_AFTER = r"(?![\p{N}]|[.,:/\-]\d|(?!(?i:x|ext)\.?[ \t]*\d)\p{L})"
# An extension glued to the number ("2500x905", "5555ext12") is part of its
# token and goes with it; one written apart ("ext. 204") stays: an extension
# alone identifies no one.
_EXTENSION = regex.compile(r"(?i:x|ext\.?)\d{1,6}(?![\p{L}\p{N}])")

# "+44 7700 900345", "+33 7 27 75 56 70", "+49 (0)30 1234567", "0044 20 7946 0958".
# A "+" cannot continue a decimal or a date, so any mark but a letter or digit
# may stand before it.
_BEFORE_PLUS = not_after(r"\p{L}\p{N}+")
_INTERNATIONAL = regex.compile(
    rf"(?:{_BEFORE_PLUS}\+|{_BEFORE}00)[1-9]{_NEXT_DIGIT}*{_AFTER}"
)
# "07700 900812", "0472 64 21 60", "0152/61940475", "(020) 7946 0958": a trunk 0,
# the area or mobile prefix, then the subscriber's digits.
_NATIONAL = regex.compile(rf"{_BEFORE}\(?0\d{{1,4}}\)?{_NEXT_DIGIT}+{_AFTER}")
# The trunk 8 of Russia, Kazakhstan and Belarus: "8 916 123-45-67", "8 (843)
# 231-47-56". An 8 then digits is common, so the area code must be set in
# parentheses or be a mobile one (9xx), and eleven digits in all.
_TRUNK_EIGHT = regex.compile(
    rf"{_BEFORE}8[ \u00a0\-]?(?:\(\d{{3,5}}\)|9\d\d(?=[ \u00a0\-]))(?:{_NEXT_DIGIT}|[ \u00a0])+{_AFTER}"
)
TRUNK_EIGHT_DIGITS = range(11, 12)
# The North American plan: a three-digit area code in parentheses or set off
# like the rest ("(571) 177-7741", "450-468-0041", "555.555.5555", "1-800-…").
# The ten digits alone are too common a shape; these separators are not, and
# no decimal looks like them, so a comma may stand before.
_BEFORE_NORTH_AMERICAN = not_after(r"\p{L}\p{N}+.:/\-")
_NORTH_AMERICAN = regex.compile(
    rf"{_BEFORE_NORTH_AMERICAN}(?:1[ .\-])?(?:\(\d{{3}}\)[ \u00a0]?\d{{3}}[ .\-]|\d{{3}}(?P<sep>[.\-])\d{{3}}(?P=sep))"
    rf"\d{{4}}{_AFTER}"
)
# What stands between a phone cue and the number: "call me at", "Phone:",
# "Phone - ", a table's "Phone | ", a line break (written as an escape too).
# Each stretch of the filler reads one way only, and what it took is never given
# back: "Phone" and thousands of ": " took seconds to read (n² steps) when " :"
# could be a colon after blanks or the word ":" after blanks, and blanks went
# either to a line break or to what followed it. A line's kind may stand in
# brackets after the word: "Phone (mobile) – ", "Tel (WhatsApp): ".
_CUE_FILLER = (
    r"(?:[ \t]*[.:#|\-–—]|[ \t]+(?:me|us|him|her|them|is|on|at)(?!\p{L})|[ \t]*(?:\n|\\n)"
    r"|[ \t]*\((?i:mobile|mob\.?|cell|home|work|office|landline|private|privat|business|whatsapp|direct)\))*+[ \t]*"
)
# A number written as an amount is (thousands grouped in threes, up to seven
# digits, or a round number: "12500000 VND") before a currency is a price,
# whatever word stands before it: a listing writes "Phone – 4.500.000 VND 2
# left", "Home - 250 000 EUR". A phone's own grouping stays a phone there:
# "Phone 98765432 kr 500 deposit", "Tel 0412 889 301 € 20".
_AMOUNT_BEHIND = r"(?<=(?<!\d[ .,]?)(?:\d{1,3}(?:[ .,]\d{3})+|\d{1,7}|\d+000))"
_NOT_A_PRICE = rf"(?!{_AMOUNT_BEHIND}[ \t]*{CURRENCY_AFTER_AMOUNT}(?!\p{{L}}))"
# A local number without area code ("555-0199", "2345 6789") is a phone number
# only right after a word that says so.
_CUED_LOCAL = cued(
    r"(?i:call|phone|tel|mobile|mob|cell|ring|text|fax|whatsapp|number|no\.|ext)",
    r"\d{3,4}[ .\-]\d{4}",
    filler=_CUE_FILLER,
    before=not_after(r"\p{L}"),
    cue_end="",
    after=_AFTER + _NOT_A_PRICE,
)
# Numbers of any grouping ("97 373454", "961 52 200", "8701250349") where a word
# that names a phone line stands right before or after them: contact blocks
# ("Mobile: 22 782310", "9380 6377 office" at the start of a line,
# "67 501 36 56-Office") and
# sentences ("not answering at 9175 3554"). Countries without a trunk prefix
# (Scandinavia, Singapore, Hong Kong) write their numbers so.
_LINE_WORD = (
    r"(?:phone|telephone|tel|mobile|mob|cell|cellphone|fax|landline|office|desk|work|home"
    # "Ph. 22 410 77 31", "Ph.No:", "Phn:"; with a capital and a dot or "No"
    # only: "pH 7" is acidity, "Ph 1000-1600" and "PH 1000-1600" a public holiday's hours.
    r"|(?-i:Ph\.(?:[ \t]?No)?|Ph[ \t]?No|Phn)"
    r"|whatsapp|handy|telefon|t[ée]l[ée]phone|tel[ée]fono|m[óo]vil|portable|celular"
    # Other languages: "tlf.", "Mobil:", "puh.", "Τηλέφωνο επικοινωνίας", "telp".
    r"|tlf|tfn|mobil|mobilnummer|telefonnummer|puh|puhelin|telefone|telem[óo]vel|cellulare|gsm|telp"
    # The German "number" after the word, abbreviated: "Tel.-Nr.", "Handy-Nr.", "Telefonnr.".
    r"|(?:tel|telefon|handy|mobil|fax)\.?-?[ \t]?nr"
    r"|τηλ|τηλέφωνο(?:[ \t]+επικοινωνίας)?|κινητό"
    # Messengers and mobile wallets that go by the phone number: "viber 8365 112",
    # "MoMo number:", "GCash 0917…".
    r"|viber|telegram|signal|mobilepay|swish|vipps|m-?pesa|momo|gcash|paynow"
    # Whose number it is, or a handphone's "hp": "his number is 77 641 28 90", "my hp 8123 6604".
    r"|(?:my|his|her|our|their|your|ur|new|contact)[ \t]+(?:number|no\.?|hp)|h/p"
    # The number of contact, and the words for a phone of more languages: "Teléfono de
    # contacto: 71234567", "Sími: 861 1148" (Icelandic), "telefonszám" (Hungarian), "tālr."
    # (Latvian). Not "contact" alone, a verb before a count ("Contact 100 000 customers") and
    # a CRM's record ("contact #1234567"), nor Swahili "simu", a phone for sale ("simu 350000").
    r"|(?:tel[ée]fono|telefone|n[úu]mero)[ \t]+de[ \t]+contact[oe]"
    # Icelandic compounds ("Farsími", "Heimasími", "Símanr."), Hungarian's suffixed forms
    # ("telefonszámom", "telefonszáma").
    r"|(?:far|heima|vinnu)?s[íi]mi|s[íi]man[úu]mer|s[íi]manr|telefonsz[áa]m(?:om|a|unk|uk)?"
    r"|t[āa]lr(?:unis)?)"
)
_ANY_GROUPING = r"(?:\(\d{1,5}\)[ ]?)?\d(?:[ .\-]?\d)*"
# Verbs count only with "at" or "on" ("call me at", "not answering at"): "reach
# 100 000 people" is no phone number.
# The one to call may be named: "Call Maryam on 3390 2278".
_NAME_WORD = r"(?-i:\p{Lu})[\p{L}'’-]+"
_CALLED = rf"(?:[ \t]+(?:me|us|him|her|them|{_NAME_WORD}(?:[ \t]+{_NAME_WORD})?))"
_VERB = rf"(?:call|ring|text|dial|reach|contact|answering){_CALLED}?[ \t]+(?:at|on)"
# The same in other languages, each verb with its object pronoun and the word for
# "at" a number: "ring meg på", "Ta kontakt på", "kontakt pod numerem", "volej na",
# "soita numeroon", "chiamami al", "llámame al", "liga para o", "appelle-moi au".
_OTHER_VERB = (
    r"(?:ring|ringe|kontakt|kontakta|kontakte|vippse|soita|soittakaa|zadzwoń|dzwoń|dzwonić|volej|volejte"
    r"|zavolej|zavolejte|chiama|chiamami|chiamate|llama|llámame|llamen|liga|ligue|appelle|appelez|bel)"
    r"(?:-moi|-nous)?(?:[ \t]+(?:meg|mig|mej|oss|os|me|mi|mnie|mě|nám|minulle|mij|ons))?"
    r"[ \t]+(?:på|pod[ \t]+numer(?:em)?|na|numeroon|al|au|para[ \t]+o|op)"
)
# The word for a phone in other scripts, before its number: "тел.: 29 123 45
# 67", "هاتف: 0551234567", "טלפון 052-4187730". Chinese, Japanese and Thai
# write words without blanks, so there a word may stand glued before the
# cue ("联系电话：13812345678", "เบอร์โทร 0812345678").
_SCRIPT_FILLER = rf"(?:[ \t]*[.{FIELD_COLONS}#]|[ \t]*(?:\n|\\n)[ \t]*)*[ \t]*"
_OTHER_SCRIPT_LINE_WORD = (
    r"(?:тел|телефон|моб|мобильный|мобільний|сотовый|утас|утасны[ \t]+дугаар"
    r"|هاتف|الهاتف|جوال|الجوال|موبايل|تلفون|تلفن|موبایل"
    r"|טלפון|נייד|טל|फ़ोन|फोन|मोबाइल|ফোন|মোবাইল|ტელ|ტელეფონი|მობ|հեռ|հեռախոս|ስልክ"
    r"|điện[ \t]+thoại|sđt|đt)"
)
_GLUED_LINE_WORD = r"(?:电话|電話|手机|手機|联系方式|聯絡方式|携帯|전화|휴대폰|핸드폰|연락처|โทร|มือถือ|เบอร์)"
_OTHER_SCRIPT_BEFORE = cued(
    rf"(?i:{_OTHER_SCRIPT_LINE_WORD})", _ANY_GROUPING, filler=_SCRIPT_FILLER, before=not_after(r"\p{L}"), after=_AFTER
)
_GLUED_BEFORE = cued(
    _GLUED_LINE_WORD,
    _ANY_GROUPING,
    filler=rf"(?:(?:番号|번호|ศัพท์|号码|號碼)?{_SCRIPT_FILLER})",
    before="",
    cue_end="",
    after=_AFTER,
)
# A passenger's phone in an airline's record: "SSR CTCM KC HK1/77014471209-1.1",
# "CTCM EK HK1 971504417732".
_SSR_CONTACT = cued(
    r"(?-i:CTCM[ \t]+[A-Z0-9]{2}[ \t]+[A-Z]{2}\d[/ \t])", r"\+?\d{6,15}", filler="", cue_end="", after=r"(?!\d)"
)
_LINE_BEFORE = cued(
    rf"(?i:{_LINE_WORD}|{_VERB}|{_OTHER_VERB})",
    _ANY_GROUPING,
    filler=_CUE_FILLER,
    before=not_after(r"\p{L}"),
    after=_AFTER + _NOT_A_PRICE,
)


def _after_calling_verb(min_digits: int, after: str) -> regex.Pattern[str]:
    """A number of ``min_digits`` digits or more, in any grouping, right after
    "call", "ring" or "dial", followed by ``after``: one definition for any
    number and for a long one, which differ only in length and in what may
    follow them."""
    more = f"{{{min_digits - 1},}}+" if min_digits > 1 else "*+"
    return cued(
        r"(?i:call|ring|dial)",
        rf"(?:\(\d{{1,5}}\)[ ]?)?\d(?:[ .\-]?\d){more}",
        # "call Bjørn 415 22 907": the one to call, named before the number.
        filler=rf"(?:[ \t]+{_NAME_WORD}){{0,2}}[ \t]+",
        before=not_after(r"\p{L}"),
        after=after,
    )


# A number right after a calling verb, nothing said after it of what it counts:
# "You can call 21 258 722 3928", "dial (11) 8845-5433." A word after the number
# may say what was counted ("call 100 000 customers"), so none may follow it.
_DIRECT_VERB = _after_calling_verb(1, rf"{_AFTER}(?![ \t]+\p{{L}})")
# Eight digits or more after a calling verb are a number to call whatever
# follows ("call 21 258 722 3928 tomorrow", "dial (11) 8845-5433 and ask").
_LONG_NUMBER_DIGITS = 8
_DIRECT_VERB_LONG = _after_calling_verb(_LONG_NUMBER_DIGITS, _AFTER)
# Where messages go, and a number "registered" with a service: "stop sending
# messages to 779 498 100", "my registered 9822 3749". These words precede other
# numbers too ("registered 1 000 000 users"), so no word may follow the number.
_DESTINATION = cued(
    r"(?i:(?:messages|texts|sms|calls|notifications|alerts)\s+(?:to|on|at|from)|registered)",
    # Possessive: no shorter run of the digits may end before the word.
    r"(?:\(\d{1,5}\)[ ]?)?\d(?:[ .\-]?\d)*+",
    filler=r"[ \t]*",
    before=not_after(r"\p{L}"),
    after=rf"{_AFTER}(?![ \t]+\p{{L}})",
)
# After the number, only in a contact block: at the start of a line.
_LINE_START = r"(?:(?<![^\n])|(?<=\\n))[ \t]*"
_LINE_AFTER = regex.compile(
    rf"{_LINE_START}(?P<value>{_ANY_GROUPING})(?:[ \t]+|[ \t]*[-(][ \t]*)(?i:{_LINE_WORD})(?!\p{{L}})"
)
# A date written with dots, dashes or slashes at the start of a match ("01.02.2024
# 1030") is a date and a time, not a number to call.
_DATE_START = regex.compile(r"^\(?\d{1,2}[./\-]\d{1,2}[./\-](?:19|20)\d{2}(?!\d)")
# Years from and to ("Work: 2015-2019", "Home 1998 2004") are no number to call.
_YEAR_RANGE = regex.compile(r"(?:19|20)\d\d[ .\-/]*(?:19|20)?\d\d")

_DIGIT_RUN = regex.compile(r"\d+")
# Denmark and Norway dial no trunk prefix and write their eight digits in
# pairs ("28 41 93 06") or, in Norway, three, two and three ("412 34 567"). In a
# text of their language, such a group that libphonenumber takes for a number
# of the country is one, with no cue.
_EIGHT_DIGITS = regex.compile(rf"{_BEFORE}(?:\d\d(?:[ \u00a0]\d\d){{3}}|\d{{3}}[ \u00a0]\d\d[ \u00a0]\d{{3}}){_AFTER}")
_EIGHT_DIGIT_COUNTRIES = {"da": "DK", "nb": "NO"}

# E.164 allows 15 digits with the country code; fewer than 8 is no full number.
INTERNATIONAL_DIGITS = range(8, 16)
# With the trunk 0: 9 (short French/Belgian landlines) to 13 (long German mobiles).
NATIONAL_DIGITS = range(9, 14)
NORTH_AMERICAN_DIGITS = range(10, 12)
# A subscriber number alone: 6 digits (small countries: Iceland, the Faroes,
# Pacific islands) to 12.
LOCAL_DIGITS = range(6, 13)


def _fitted_end(text: str, start: int, end: int, lengths: range) -> int | None:
    """Where the number in ``text[start:end]`` ends: after the most digit groups whose
    total fits ``lengths``, and after an extension glued to it.

    The pattern takes every digit it can, so a number followed by another one
    ("+33 6 12 34 56 78 2024 10") runs past any real length. Rather than lose
    the number, the match is cut after the most groups that fit; a trailing
    number may go with it, which errs on the side of privacy.
    """
    best = None
    digits = 0
    for group in _DIGIT_RUN.finditer(text, start, end):
        digits += len(group.group())
        if digits > lengths.stop - 1:
            break
        if digits in lengths:
            best = group.end()
    if best is not None and (extension := _EXTENSION.match(text, best)):
        best = extension.end()
    return best


class PhonePatternRecognizer(CuePatternRecognizer):
    """Finds international (+CC, 00CC) and national trunk-prefix (0…, and Russia's 8 …)
    phone numbers, and local numbers after a phone cue ("call 555-0199").

    Presidio's PhoneRecognizer keeps only numbers that libphonenumber holds to
    be valid, so numbers in ranges it considers unassigned are dropped, among
    them the UK's reserved fiction mobiles (07700 900xxx) and new French mobile
    ranges. A number nobody can call still identifies the person it belongs to,
    so this recognizer goes by shape: a "+" or "00" country code, or a trunk 0,
    followed by digit groups of a plausible total length.

    Shapes that only look like numbers stay out: the lookarounds reject digits
    glued to words, decimals ("0.5", "4.378378"), times ("09:00") and numbers
    inside longer ones; a leading date is rejected explicitly. Card numbers and
    postcodes do not start with a trunk 0 or a country code, and where an IBAN or
    coordinate pair contains such a shape, its longer span wins in the
    desensitizer.
    """

    ENTITY = "PHONE_NUMBER"
    SCORE = 0.5
    EXPLANATION = "Local number next to a phone cue"
    PATTERN_NAME = "cued local"
    PATTERNS = (
        _CUED_LOCAL, _LINE_BEFORE, _LINE_AFTER, _DIRECT_VERB, _DIRECT_VERB_LONG, _DESTINATION, _SSR_CONTACT,
        _OTHER_SCRIPT_BEFORE, _GLUED_BEFORE,
    )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per phone-shaped number of a plausible length."""
        results = []
        for pattern, lengths, name in (
            (_INTERNATIONAL, INTERNATIONAL_DIGITS, "international"),
            (_NATIONAL, NATIONAL_DIGITS, "national"),
            (_NORTH_AMERICAN, NORTH_AMERICAN_DIGITS, "North American"),
            (_TRUNK_EIGHT, TRUNK_EIGHT_DIGITS, "trunk 8"),
        ):
            for match in pattern.finditer(text):
                end = _fitted_end(text, match.start(), match.end(), lengths)
                if end is not None and not _DATE_START.match(match.group()):
                    results.append(
                        self.result(
                            match.start(),
                            end,
                            self.SCORE,
                            f"Digits in the {name} phone number shape",
                            pattern_name=name,
                        )
                    )
        results.extend(self._eight_digit_numbers(text))
        return EntityRecognizer.remove_duplicates(results + self.cued_results(text))

    def _eight_digit_numbers(self, text: str) -> Iterator[RecognizerResult]:
        """Eight digits grouped as Denmark or Norway write a phone number, in a
        text of that country's language, where the country has such a number."""
        matches = list(_EIGHT_DIGITS.finditer(text))
        region = _EIGHT_DIGIT_COUNTRIES.get(leading_language(text) or "") if matches else None
        if region is None:
            return
        for match in matches:
            if phonenumbers.is_valid_number(phonenumbers.parse(match.group(), region)):
                yield self.result(
                    match.start(), match.end(), self.SCORE, f"Eight digits as {region} writes a phone number",
                    pattern_name="eight digits",
                )

    def spans(self, text: str, match: regex.Match[str]) -> Iterator[tuple[int, int]]:
        """The number next to the cue, cut to a local number's length."""
        start, end = match.span("value")
        if _DATE_START.match(text[start:end]) or _YEAR_RANGE.fullmatch(text[start:end]):
            return
        fitted = _fitted_end(text, start, end, LOCAL_DIGITS)
        if fitted is not None:
            yield start, fitted
