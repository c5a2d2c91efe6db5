"""Recognize passport numbers introduced by the word passport."""

from __future__ import annotations

from collections.abc import Iterator

import regex
from presidio_analyzer import RecognizerResult
from presidio_analyzer.nlp_engine import NlpArtifacts

from privacy.desensitize.recognizers.cue_pattern import (
    NOT_AFTER_ALNUM,
    NOT_BEFORE_ALNUM,
    OWNER_BETWEEN,
    CuePatternRecognizer,
    cued,
    sorted_unique,
)

# The word in its case forms too: Finnish "passin numero", Polish "skan paszportu",
# Norwegian "Passnummeret", Romanian "Pașaportul", Turkish "pasaportum",
# Hungarian "útlevelem száma", Greek "διαβατηρίου"; and "nr." written on to it,
# as Danish, Dutch, Swedish, Norwegian and German abbreviate it ("pasnr.", "pas
# nr.", "paspoortnr.", "passnr", "Pass-Nr."), but not "pass nr": a boarding pass's.
_CUE = (
    r"(?i:passports?|pass\.|passeport|reisepass(?:nummer)?|pasaporte|passaporto|passaporte|passaport"
    r"|paspoort(?:nummer)?|pasaport(?:um|un|u)?|paszport(?:u|em|y)?|pas+nummer(?:et)?"
    r"|pas(?:poort)?[-.\s]?nr\.?|pass[-.]?nr\.?"
    # "APIS", an airline's advance passenger information, leads with the passport.
    r"|passi(?:n|ni)?|passinumero|passet|travel\s+document|(?-i:PP|APIS)|paspor|pa[sș]aport(?:ul|ului)?"
    r"|útlevél|útlevelem|útlevelének|διαβατήρι(?:ο|ου)"
    r"|(?:загран)?паспорт[ау]?|пасош(?:от)?|cestovní\s+pas|číslo\s+pasu"
    # Vietnamese, Swahili, Albanian, Serbian, and the scripts without
    # capitals: Arabic, Urdu, Persian, Hindi, Bengali, Tamil, Thai, Hebrew,
    # Georgian, Armenian, Amharic, Chinese, Japanese, Korean.
    r"|hộ\s+chiếu|pasipoti|pasaport[ëa]|пасош|جواز(?:ات)?\s+(?:ال)?سفر|پاسپورٹ|پاسپورت|گذرنامه"
    r"|पासपोर्ट|পাসপোর্ট|கடவுச்சீட்டு|หนังสือเดินทาง(?:เลขที่)?|דרכון|პასპორტი|անձնագիր|ፓስፖርት"
    # The word for number glued on, as these scripts write it ("護照號碼", "여권번호").
    r"|(?:护照|護照|旅券|パスポート|여권)(?:号码|號碼|番号|번호)?)"
)
# "no.", "n.", "n°", and the word for number of the languages above, also
# written on to the cue ("paspoortnummer", "passaporto numero").
_NUMBER_LABEL = (
    r"(?i:no\.?|nr\.?|num(?:ber)?\.?|núm\.?|n\.?[°º]|n\.|#|id|nummer|numer|numero|número|nomor|numaras[ıi]|numaram|номер"
    r"|č\.|száma|numărul|numarul|αριθμός|број|số|nambari|namba|رقم|شماره|नंबर|संख्या|নম্বর|எண்|เลขที่|เลข|מס['׳]?"
    r"|ნომერი|համար|ቁጥር|号码|號碼|番号|번호)"
)
# A comma or an opening parenthesis may stand before the number: "il numero del mio
# passaporto, YA4827153", "pasaporte (nº PAF527341)"; a note in brackets, and
# the label marks of Armenian and Ethiopic: "Passport (for tax-free): G41754878",
# "Անձնագիր՝ AN0110108".
_FILLER = (
    rf"(?:\s*(?:{_NUMBER_LABEL}|(?i:is|was|:|：|-|–|,|\(|reads|number|my|the|de|du|er|on|är|è|es|é|je|jest|είναι)"
    r"|\([^()\n]{1,40}\)|[՝፡])"
    rf"|{OWNER_BETWEEN})" + r"{0,4}\s*"
)
# Six to nine letters and digits with at least two digits: the ICAO document
# numbers of nearly every country (US/GB 9 digits, DE "C01X00T47", FR
# "12AB34567", IN "K1234567"), written with at most one space or dash inside.
_NUMBER = r"(?=(?:[A-Z<]{0,13}[ -]?[A-Z<]{0,13}\d){2})[A-Z0-9]{1,5}[ -]?[A-Z0-9]{1,8}"
# A number ends where no letter or digit follows, nor a decimal or date part:
# "1234567.50" is an amount, "12345678/2" a file number.
_NOT_RUN_ON = rf"{NOT_BEFORE_ALNUM}(?![.,/:-]\d)"


# The passport word alone, in the case forms of each language we weigh, for
# the looser rule below: the number a few words later ("Pașaportul lui Ionuț
# are numărul …", "Číslo mého pasu je …", "paspoort kwijt (nummer …)"). Words
# shared with another sense are taken only where the sense is clear: German and
# Scandinavian "Pass" after a possessive or an article ("mein Pass", "mitt
# pass"; the English verb and "boarding pass" are not), Danish and Czech "pas"
# after a possessive (French "pas" is "not", Dutch "mijn pas" a bank card).
_PASSPORT_WORD = (
    r"(?i:passports?(?:['’]s)?|travel\s+document|reisepass(?:es|nummer)?|kinderreisepass"
    r"|(?:(?:mein|dein|sein|ihr|unser)(?:e[nms]?)?|der|den|dem|im|mitt|ditt|sitt)\s+pass(?:es)?"
    r"|(?:mit|dit|sit|můj|tvůj|svůj|jeho|její|cestovní(?:ho|m)?)\s+pas(?:u|em)?"
    r"|pas(?:u|em)|pass?(?:et|nummer(?:et)?|numret)|passeport|pasaporte|passaport[eo]?"
    r"|paspoort(?:nummer)?|paszpor(?:t(?:u|em|owy|owego)?|cie)|pa[sșş]aport\p{L}{0,6}"
    r"|passi(?:n|ni|nsa|ssa|sta)?|passinumero(?:ni|nsa)?|útlev[eé]l\p{L}{0,6}|paspor\p{L}{0,3}"
    r"|(?:загран)?паспорт\p{L}{0,3}|διαβατ[ηή]ρ[ιί]\p{L}{1,2})"
)
# Currencies by code and by name, in their plural and case forms.
_CURRENCY = (
    r"rp|idr|eur|euro\p{L}{0,2}|usd|dolar\p{L}{0,3}|dollar\p{L}{0,2}|gbp|chf|kr|sek|nok|dkk|pln|zł"
    r"|złot\p{L}{0,3}|lei|ron|ft|forint\p{L}{0,3}|huf|kč|czk|kor(?:un|on)\p{L}{0,2}|kron\p{L}{0,3}"
    r"|tl|lir\p{L}{1,2}|rupiah|руб\p{L}{0,5}|ευρώ"
)
# Words after which the number is no longer the passport's: "and"/"or" start
# another item ("passport and ID card 1234567"); a currency makes it a price.
_STOP_WORD = (
    r"(?i:and|or|und|oder|et|ou|y|e|ed|i|lub|albo|oraz|ve|veya|och|eller|og|ja|tai|sekä|nebo"
    rf"|și|şi|si|sau|és|vagy|dan|atau|serta|и|или|και|ή|{_CURRENCY})(?!\p{{L}})"
)
# Stems of words that name something else a number belongs to: a phone, a
# flight, another document or account, an order, a date of validity or birth,
# a price. Matched as prefixes, so their inflected forms are covered too.
_STOP_STEM = (
    r"(?i:tel|phon|fon|handy|mobil|cell|gsm|whats|puh|call|ring|bel(?!\p{L})|hubung|звон"
    r"|flight|flug|vol|vuel|voo|vlucht|lot|uçuş|sefer|flyg|fly|lento|let|zbor|járat|penerbangan|рейс|πτήσ"
    r"|vis[au]|vize|viisumi|vízum|виз|βίζ|ident|carte|card|kart|kaart|tarjeta|cart|dowod|dowód|licen|führer"
    r"|rijbewijs|permis|ehliyet|körkort|kørekort|førerkort|ajokort|řidič|jogosítvány|prawo|bsn|nif|nie|dni"
    r"|pesel|kimlik|personnummer|cpr|henkilö|rodné|cnp|taj|ktp|инн|снилс|αφμ|ταυτότητ|seguri|social|steuer"
    r"|tax|fiscal|ssn|iban|konto|account|cuenta|conto|rekening|hesap|order|bestell|commande|pedido|ordine"
    r"|zamówi|sipariş|booking|buchung|réserv|reserv|ticket|billet|bilet|dossier|aanvraag|antrag|applica"
    r"|ref|kenteken|plate|kennzeichen|immatric|matrícula|targa|rejestrac|plaka|skilt|rekister|rendszám|plat"
    r"|valid|gültig|geldig|expir|ablauf|läuft|scad|venc|verloop|udløb|utløp|voimassa|ważn|platn|valab"
    r"|érvény|berlaku|geçerli|λήγ|ισχ|действ|срок|born|geb|né(?!\p{L})|nacid|nascid|nascut|nat[oaie](?!\p{L})|urodz|doğ|föd|fød|synt|narod|născ"
    r"|szül|lahir|родил|γενν|cost|kost|price|prijs|preis|prix|prec|prezz|preç|cen|fiyat|ücret|pris|hint"
    r"|cena|preț|biaya|harga|цен|стоим|τιμ|κόστ|fee|gebühr|tarif|taxa|tasa|tassa|opłat|avgift|gebyr|poplat)"
)
# One word of the gap: a number label ("n.º", "nr.", "núm."), any other word
# not stopped above, or a lone dash, colon or "#"; a word may open a
# parenthesis or quote and end in a comma, colon or closing parenthesis. Only
# the labels may carry a full stop, so the gap ends at a sentence's end; a
# word holds no digit, so the number is the first one after the cue, never
# one past a date, a price or a phone number.
_GAP_WORD = (
    rf"(?:[(\"“„«]?(?:{_NUMBER_LABEL}(?!\p{{L}})|(?!{_STOP_WORD}|{_STOP_STEM})\p{{L}}[\p{{L}}\p{{M}}'’-]{{0,24}}+)"
    r"\)?[,:]?|[:#–—-])"
)
# Up to five words, on the cue's line: "brasileiro n.º", "lui Ionuț are numărul".
# Blanks are bounded so that a long run of them costs no backtracking.
_GAP = rf"[,:]?(?:[ \t]{{1,3}}{_GAP_WORD}){{0,5}}[ \t]{{0,3}}{NOT_AFTER_ALNUM}"
# Farther from its cue, the number must look like one: seven to nine capitals
# and digits with at least three digits ("FX482913", "NW8R5K2H1"), or seven to
# nine digits, written whole.
_GAP_NUMBER = r"(?=(?:[A-Z]*\d){3})[A-Z0-9]{7,9}"
# ... and not run on into a longer spaced number or a price.
_GAP_NUMBER_END = (
    rf"{_NOT_RUN_ON}(?![ \t]\d)"
    rf"(?![ \t]?(?:[%€$£¥₺₽]|(?i:{_CURRENCY})(?!\p{{L}})))"
)

# The passport field of an airline's advance passenger record (SSR DOCS):
# "/P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN".
_DOCS = regex.compile(r"(?<=(?<![\p{L}\p{N}])P/[A-Z]{2,3}/)(?P<value>[A-Z0-9]{5,9})(?=/[A-Z]{2,3}/)")
# A slash-separated header with a passport field, and a line of values under
# it or after a colon: "NAME/PASSPORT/NATIONALITY: DOE JANE/533380006/USA".
_HEADER_ROW = regex.compile(
    r"(?P<header>(?:[\p{L} .#]{1,30}/){1,8}[\p{L} .#]{1,30})[ \t]*(?::[ \t]*|\r?\n[ \t]*)"
    r"(?P<row>[^\n/]*(?:/[^\n/]*){1,8})"
)
# A second number listed after one ("passports K4471298C and K2031776M",
# "F14827731 / F09376622"): written whole, three digits at least, and no
# date written without separators (an expiry "20310504").
_LISTED_NEXT = regex.compile(
    rf"[ \t]*(?:[/,&]|(?i:and|or)(?![\p{{L}}\p{{N}}]))[ \t]*"
    rf"(?P<value>(?!(?:19|20)\d{{6}}(?!\d))(?=(?:[A-Z]{{0,8}}\d){{3}})[A-Z0-9]{{6,9}}){_NOT_RUN_ON}"
)
MAX_LISTED = 4
_CUE_FIELD = regex.compile(rf"\s*{_CUE}(?:\s*{_NUMBER_LABEL})?\s*")
_NUMBER_FIELD = regex.compile(rf"\s*(?P<value>{_NUMBER})\s*")


class PassportRecognizer(CuePatternRecognizer):
    """Marks the document number after "passport", "passport no.", "PP", "Reisepass" and
    the like, in the passport field of an airline's DOCS record, and under the passport
    column of a slash-separated header ("NAME/PASSPORT/NATIONALITY: …/533380006/…").

    Passport numbers have no checksum outside the machine-readable zone and
    their shapes (six to nine letters and digits) are shared with order
    numbers and product codes, so without the cue no pattern is reliable; with
    it, one is. Presidio's US and UK passport recognizers are not used: they
    fire on any nine-digit number and score it on context alone.
    """

    ENTITY = "PASSPORT"
    SCORE = 0.85
    EXPLANATION = "Document number after a passport cue"
    PATTERNS = (
        cued(_CUE, _NUMBER, filler=_FILLER, after=_NOT_RUN_ON),
        cued(_PASSPORT_WORD, _GAP_NUMBER, filler=_GAP, after=_GAP_NUMBER_END),
        _DOCS,
    )
    CHARACTERS = range(6, 10)

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """Return one result per number after a cue, in a DOCS record, or under a passport column."""
        found = self.cued_results(text) + list(self._column_results(text))
        return sorted_unique(found + [listed for result in found for listed in self._listed_after(text, result)])

    def _listed_after(self, text: str, first: RecognizerResult) -> Iterator[RecognizerResult]:
        """The numbers listed after a passport number, each as long as the one
        before it give or take one, and opening with a letter where it does."""
        previous = text[first.start : first.end]
        end = first.end
        for _ in range(MAX_LISTED):
            listed = _LISTED_NEXT.match(text, end)
            if listed is None:
                return
            value = listed["value"]
            if abs(len(value) - len(previous)) > 1 or value[0].isdigit() != previous[0].isdigit():
                return
            yield self.result(
                listed.start("value"), listed.end("value"), self._score, "Number listed after a passport number"
            )
            previous, end = value, listed.end("value")

    def _column_results(self, text: str) -> Iterator[RecognizerResult]:
        """Numbers in the passport column of a slash-separated header and row."""
        for match in _HEADER_ROW.finditer(text):
            fields = match["header"].split("/")
            cells = match["row"].split("/")
            if len(cells) != len(fields):
                continue
            offset = match.start("row")
            for field, cell in zip(fields, cells, strict=True):
                number = _NUMBER_FIELD.fullmatch(cell)
                if _CUE_FIELD.fullmatch(field) and number and _has_passport_length(number["value"]):
                    yield self.result(
                        offset + number.start("value"),
                        offset + number.end("value"),
                        self._score,
                        "Number under a passport column",
                    )
                offset += len(cell) + 1


def _has_passport_length(number: str) -> bool:
    return len(number.replace(" ", "").replace("-", "")) in PassportRecognizer.CHARACTERS
