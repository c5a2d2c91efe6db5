"""Recognize dates of birth: a date (or birth year) right after a birth cue."""

from __future__ import annotations

import regex
from presidio_analyzer import RecognizerResult

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer, cued
from privacy.desensitize.scripts import ascii_digits

# Month names in English, then German, French, Spanish, Italian, Portuguese,
# Dutch and the Scandinavian languages (those not spelled as an English one),
# then Polish and Czech (as a date writes them, and alone), Turkish,
# Indonesian and Russian (as a date writes them), Finnish, Catalan, Romanian,
# Hungarian and Greek (as a date writes them).
MONTH = (
    r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?"
    r"|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?"
    r"|januar|februar|märz|maerz|mai|juni|juli|oktober|dezember"
    r"|janvier|février|fevrier|mars|avril|juin|juillet|août|aout|septembre|octobre|novembre"
    r"|décembre|decembre|enero|febrero|marzo|abril|mayo|junio|julio|agosto|septiembre"
    r"|setiembre|octubre|noviembre|diciembre|gennaio|febbraio|aprile|maggio|giugno|luglio"
    r"|settembre|ottobre|dicembre|janeiro|fevereiro|março|marco|maio|junho|julho|setembro"
    r"|outubro|dezembro|januari|februari|maart|mei|augustus|okt|desember|december"
    r"|augusti|maj|stycznia|lutego|marca|kwietnia|maja|czerwca|lipca|sierpnia|września|października"
    r"|listopada|grudnia|styczeń|luty|marzec|kwiecień|czerwiec|lipiec|sierpień|wrzesień|październik"
    r"|listopad|grudzień|ledna|února|března|dubna|května|června|července|srpna|září|října|listopadu"
    r"|prosince|leden|únor|březen|duben|květen|červen|červenec|srpen|říjen|prosinec"
    r"|ocak|şubat|mart|nisan|mayıs|haziran|temmuz|ağustos|eylül|ekim|kasım|aralık"
    r"|maret|agustus"
    r"|января|февраля|марта|апреля|мая|июня|июля|августа|сентября|октября|ноября|декабря"
    r"|tammikuuta|helmikuuta|maaliskuuta|huhtikuuta|toukokuuta|kesäkuuta|heinäkuuta|elokuuta"
    r"|syyskuuta|lokakuuta|marraskuuta|joulukuuta|marts"
    r"|gener|febrer|març|maig|juny|juliol|agost|setembre|desembre"
    r"|ianuarie|februarie|martie|aprilie|iunie|iulie|septembrie|octombrie|noiembrie|decembrie"
    r"|január|február|március|április|május|június|július|augusztus|szeptember|október"
    r"|Ιανουαρίου|Φεβρουαρίου|Μαρτίου|Απριλίου|Μαΐου|Ιουνίου|Ιουλίου|Αυγούστου|Σεπτεμβρίου"
    r"|Οκτωβρίου|Νοεμβρίου|Δεκεμβρίου)(?!\p{L})\.?"
)
# Month names in other scripts and calendars, after a birth cue only: a full
# date without a cue in Arabic or Hindi news is a revolution's or an
# independence day's as often ("23 يوليو 1952", "15 अगस्त 1947").
_OTHER_MONTH = (
    # Arabic (Egyptian and Levantine names), Persian (Gregorian and solar, and
    # the solar ones in Latin letters), Hebrew (with "in" glued on: "במאי"),
    # Thai (in full and short), Hindi: "14 يوليو 1985", "3 تشرين الأول 1990",
    # "12 Mordad 1378", "12 במאי 1990", "12 มีนาคม 2533", "5 มิ.ย. 2527",
    # "14 अगस्त 1997".
    # Written with or without the hamza, the Maghreb's French names too.
    r"(?:يناير|فبراير|مارس|[أإا]بريل|مايو|يونيو|يوليو|[أا]غسطس|سبتمبر|[أا]كتوبر|نوفمبر|ديسمبر"
    r"|جانفي|فيفري|ماي|جوان|جويلية|[أا]وت"
    r"|كانون[ \t]+الثاني|شباط|آذار|نيسان|أيار|حزيران|تموز|آب|أيلول|تشرين[ \t]+ال[أا]ول|تشرين[ \t]+الثاني"
    r"|كانون[ \t]+ال[أا]ول"
    r"|ژانویه|فوریه|آوریل|مه|ژوئن|ژوئیه|جولای|اوت|آگوست|سپتامبر|اکتبر|نوامبر|دسامبر"
    r"|فروردین|اردیبهشت|خرداد|تیر|مرداد|شهریور|مهر|آبان|آذر|دی|بهمن|اسفند"
    r"|farvardin|ordibehesht|khordad|tir|mordad|shahrivar|mehr|aban|azar|dey|bahman|esfand"
    r"|ב?(?:ינואר|פברואר|מרץ|אפריל|מאי|יוני|יולי|אוגוסט|ספטמבר|אוקטובר|נובמבר|דצמבר)"
    r"|มกราคม|กุมภาพันธ์|มีนาคม|เมษายน|พฤษภาคม|มิถุนายน|กรกฎาคม|สิงหาคม|กันยายน|ตุลาคม|พฤศจิกายน|ธันวาคม"
    r"|ม\.ค\.|ก\.พ\.|มี\.ค\.|เม\.ย\.|พ\.ค\.|มิ\.ย\.|ก\.ค\.|ส\.ค\.|ก\.ย\.|ต\.ค\.|พ\.ย\.|ธ\.ค\."
    r"|जनवरी|फ़रवरी|फरवरी|मार्च|अप्रैल|मई|जून|जुलाई|अगस्त|सितंबर|सितम्बर|अक्टूबर|अक्तूबर|नवंबर|नवम्बर|दिसंबर|दिसम्बर)"
    r"(?![\p{L}\p{M}])\.?"
)
_MONTH = rf"(?:{MONTH}|{_OTHER_MONTH})"
DAY = r"(?:0?[1-9]|[12]\d|3[01])(?:st|nd|rd|th)?"
# Thailand counts years in the Buddhist era, 543 ahead: "14 February 2530
# B.E.", "12 มีนาคม พ.ศ. 2533"; Iran and Afghanistan in the solar Hijri
# calendar ("12 Mordad 1378", "۱۲ مرداد ۱۳۷۸").
_YEAR = r"(?:(?:19|20)\d{2}|25\d{2}[ \t]?B\.?E\.?(?!\p{L})|(?:พ\.ศ\.|ค\.ศ\.)[ \t]?\d{4})"
# Inside a whole date, also a Buddhist-era year without its era ("12 มีนาคม
# 2533") and a solar-Hijri one ("12 Mordad 1378"); alone after "born" such a
# number is a year of history ("born in 1452").
_YEAR_IN_DATE = rf"(?:{_YEAR}|2[45]\d{{2}}|1[34]\d{{2}})"
_DATE = (
    rf"(?:\d{{2}}(?i:{_MONTH})(?:{_YEAR}|\d{{2}})(?!\d)"  # 12MAR79, 04may1991 (travel documents)
    rf"|{DAY}[./-](?:0?[1-9]|1[0-2])[./-](?:{_YEAR}|\d{{2}})(?!\d)"  # 12/03/1985, 12.03.85
    rf"|{DAY}[ \t]?[./-][ \t]?(?i:{_MONTH})[./-]?[ \t]?(?:{_YEAR}|\d{{2}})(?!\d)"  # 11-Nov-1992, 11.Nov.92
    rf"|{DAY}\.[ \t](?:0?[1-9]|1[0-2])\.[ \t]?{_YEAR}(?!\d)"  # Czech 12. 3. 1988
    # Hungarian, year first: 1988. 03. 15., 1990. május 2.
    rf"|{_YEAR}\.[ \t]?(?:(?i:{_MONTH})|(?:0?[1-9]|1[0-2])\.)[ \t]?{DAY}\.?(?!\d)"
    rf"|(?:0?[1-9]|1[0-2])/{DAY}/{_YEAR}(?!\d)"  # US 03/12/1985
    rf"|{_YEAR}[./-](?:0?[1-9]|1[0-2])[./-]{DAY}(?!\d)"  # ISO 1985-03-12
    # 4 May 1991, the 4th of May, 4. Mai 1991, 4 de mayo de 1991
    rf"|(?:the\s+)?{DAY}\.?\s+(?:of\s+|de\s+)?(?i:{_MONTH}),?"
    rf"(?:\s+(?:de\s+)?(?:{_YEAR_IN_DATE}|['’]?\d{{2}}))?(?!\d)"
    rf"|(?i:{_MONTH})\s+{DAY}(?:,?\s+(?:{_YEAR}|['’]\d{{2}}))?(?!\d)"  # March 12, 1985
    rf"|(?:in\s+)?(?i:{_MONTH})\s+{_YEAR}"  # in March 1985
    # Year, month and day in characters (1990年5月12日, 1990년 5월 12일), the
    # year of a Japanese era or of the Republic of China (平成2年8月21日,
    # 民國74年6月3日; an era's first year is "元": 令和元年5月1日), and Iran's and
    # Afghanistan's solar years (1382/06/15).
    rf"|(?:{_YEAR}|(?:明治|大正|昭和|平成|令和|民國|民国)[ \t]?(?:\d{{1,2}}|元))"
    r"[ \t]?[年년][ \t]?\d{1,2}[ \t]?[月월][ \t]?\d{1,2}[ \t]?[日일]"
    rf"|1[34]\d{{2}}/(?:0?[1-9]|1[0-2])/{DAY}(?!\d)"
    # A Japanese era's initial and its year, month and day, as forms write
    # them short: "H2.8.21" (Heisei 2), "S63.2.14", "R1/5/1".
    rf"|(?<![\p{{L}}\p{{N}}])[MTSHR]\d{{1,2}}[./](?:0?[1-9]|1[0-2])[./]{DAY}(?!\d)"
    # A Japanese era written in Latin letters, its year in the Gregorian
    # calendar beside it: "Heisei 7 (1995) 11/22", "Showa 58 (1983), May 4".
    rf"|(?i:meiji|taish[oō]|sh[oō]wa|heisei|reiwa)[ \t]\d{{1,2}}(?:[ \t]?\({_YEAR}\))?,?[ \t]"
    rf"(?:(?:0?[1-9]|1[0-2])/{DAY}|(?i:{_MONTH})[ \t]{DAY}|{DAY}[ \t](?i:{_MONTH}))(?!\d))"
)
# ...or a year alone ("born in 1985"), after the cues that take one.
_DATE_OR_YEAR = rf"(?:{_DATE}|{_YEAR}(?!\d))"
# Words that announce a birth date, in English and the languages of our users.
_CUE = (
    r"(?i:born|date\s+of\s+birth|birth\s*date|d\.?\s?o\.?\s?b\.?|birthday|bday|b\."
    r"|n[ée]e?\s+le|geboren|geb\.|fecha\s+de\s+nacimiento|nacid[oa]|nat[oa]|nascid[oa]"
    r"|data\s+di\s+nascita|geboortedatum|date\s+de\s+naissance|geburtsdatum|geb\.?-?datum"
    r"|data\s+de\s+nascimento|data\s+urodzenia|urodzon[ya]|do[ğg]um\s+tarihi|d\.\s?tarihi"
    r"|f[öo]delsedatum|f[öo]dd|f[øo]dselsdato|f[øo]dt|syntym[äa]aika|datum\s+narozen[íi]"
    r"|narozen[áa]?|fecha\s+nac\.?|f\.\s?nac\.?|date\s+of\s+b\.?|d\.\s?of\s+b\.?"
    r"|ur\.|do[ğg]um\s+tarih(?:im|iniz|i)|(?:tgl\.?|tanggal)\s+lahir|lahir(?:\s+tanggal)?"
    # Czech "nar.", Finnish "syntymäaikani", Catalan "nascut el", Spanish "nació el",
    # Polish "urodził się", Romanian "născută pe", Hungarian "szül.", Greek "γεννήθηκε στις".
    r"|nar\.|syntym[äa]aika(?:ni|si)?|syntynyt|nascut|nascuda|data\s+de\s+naixement|naci[óo]"
    r"|urodził[a]?\s+się|narodil[a]?\s+se|n[ăa]scut[ăa]?|data\s+na[șs]terii|sz[üu]l\.|sz[üu]letett"
    r"|sz[üu]let[ée]si\s+(?:hely,?\s+)?(?:id[őo]|d[áa]tum)|γεννήθηκε|ημερομηνία\s+γέννησης"
    r"|родил(?:ся|ась|ись)|дата\s+рождения|д\.\s?р\."
    # Abbreviated on forms and files: Portuguese "Nasc.", "dt. nasc.", Spanish
    # "fecha de nac."; Croatian "datum rođenja", "rođen"; Ukrainian "дата народження".
    r"|(?:data\s+(?:de\s+)?|dt\.?\s?)?nasc\.|fecha\s+de\s+nac\.?|f\.\s?de\s+nac\.?|datum\s+ro[đd]enja"
    r"|ro[đd]en[aio]?|дата\s+народження|народил(?:ся|ася|ись)"
    # Slovak, Slovenian, the Baltic languages, Bulgarian, Albanian, Vietnamese,
    # Swahili and Filipino: "dátum narodenia", "datum rojstva", "gimimo data",
    # "dzimšanas datums", "sünniaeg", "дата на раждане", "datëlindja", "ngày
    # sinh", "tarehe ya kuzaliwa", "petsa ng kapanganakan".
    r"|d[áa]tum\s+narodenia|naroden[ýáa]|datum\s+rojstva|rojena?|gimimo\s+data|gim[ęe]s"
    r"|dzim[šs]anas\s+datums|dzimis|s[üu]nniaeg|s[üu]nnikuup[äa]ev|дата\s+на\s+раждане|роден[аи]?"
    r"|dat[ëe]lindj[ae]|ng[àa]y\s+sinh|tarehe\s+ya\s+kuzaliwa|(?:petsa\s+ng\s+)?kapanganakan)"
)
# Cues in other scripts, and Irish, Icelandic, Lithuanian, Malay ("تاريخ
# الميلاد", "مواليد", "تاریخ تولد", "जन्म", "জন্ম তারিখ", "วันเกิด",
# "出生日期", "生年月日", "생년월일", "תאריך לידה", "დაბადების თარიღი",
# "ծննդյան ամսաթիվ", "የትውልድ ቀን", "төрсөн огноо", "dáta breithe",
# "fæddur", "gim.", "tarikh lahir"), after which only a whole date counts: a
# year alone after "مواليد" is a youth team's age group ("منتخب مصر مواليد
# 2005"), after "Fædd" a biography's.
_CUE_OF_A_DATE = (
    r"(?i:تاريخ\s+(?:ال)?(?:ميلاد|ولادة)|مواليد|تاریخ\s+تولد|متولد|تاریخ\s+پیدائش"
    # The place before the date, as "date and place of birth" has it: "بغداد، 1992/11/03".
    r"|تاريخ\s+ومحل\s+(?:ال)?(?:ميلاد|ولادة)(?:[ \t]*:[ \t]*[^\n،,:\d]{1,30}[،,])?"
    r"|जन्म(?:[ \t]?(?:तिथि|तारीख|दिनांक))?|জন্ম(?:[ \t]?(?:তারিখ|তাং))?|பிறந்த[ \t]?(?:தேதி|நாள்)|วันเกิด|เกิดวันที่"
    r"|出生日期|出生年月日?|生年月日|誕生日|생년월일|תאריך[ \t]+לידה|נולד(?:ה)?|დაბადების[ \t]+თარიღი"
    r"|ծննդյան[ \t]+ամսաթիվ|የትውልድ[ \t]+ቀን|төрсөн[ \t]+огноо|d[áa]ta[ \t]+breithe|fædd(?:ur)?|gim\."
    r"|tarikh[ \t]+lahir)"
)
# The date of birth field of an airline's advance passenger record (SSR DOCS):
# "/P/GBR/S12345678/GBR/12JUL76/M/20NOV30/SMITH/JOHN".
_DOCS = regex.compile(
    r"(?<=(?<![\p{L}\p{N}])P/[A-Z]{2,3}/[A-Z0-9]{5,9}/[A-Z]{2,3}/)(?P<value>\d{2}[A-Z]{3}\d{2})(?=/[MFXU]I?/)"
)
_FILLER = (
    r"(?:\s*(?:is|was|on|in|:|：|-|–|am|el|il|em|op|le|den|dne|pe|στις|\(|(?i:age)[ \t]\d{1,3}"
    # A note in brackets: "Date of birth (G.C.): 17 April 1995".
    r"|\((?!\d)[^()\n]{1,20}\)"
    r"|ב-|בתאריך|في|در|วันที่)\s*){0,3}\s*"
    # The place before the date, as a form's "place/date of birth" has it:
    # "tempat/tgl lahir Bandung, 12-08-1993", "born in Lyon, 12 March 1985",
    # "born in Paris, France on 3 May 1990".
    r"(?:\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2}(?:,[ \t]*\p{Lu}[\p{L}-]+(?:[ \t]+\p{Lu}[\p{L}-]+){0,2})?"
    r"(?:,[ \t]*|[ \t]+(?:on|in|am|le|el|il|em|op)[ \t]+))?"
    # An answer to a question that asked for it: "Your date of birth? It's 6/16/1967."
    r"(?:[.?!]\s*(?i:it['’]?s|it\s+is|that['’]?s|mine\s+is|sure,?\s+it['’]?s)\s*:?\s*)?"
)


# The date written again in brackets, whole ("(12 Mordad 1378)"): a phone
# or a note in brackets ("(call 555 1234)", "(age 25)") is none.
_WRITTEN_AGAIN = regex.compile(rf"[ \t]*[(（](?P<value>{_DATE})[)）]")


# A child's or an infant's birth date in an airline record's name element:
# "KOWALCZYK/IGOR MSTR(CHD/17SEP15)".
_CHILD_IN_NAME = regex.compile(r"(?<=\((?:CHD|INF)/)(?P<value>\d{2}[A-Z]{3}\d{2})(?=\))")


class DateOfBirthRecognizer(CuePatternRecognizer):
    """Marks the date after "born", "DOB:", "date of birth", "birthday is" and the like
    (in a dozen languages), and the birth date field of an airline's DOCS record.

    A date alone is not personal (meetings, deadlines and holidays are what an
    assistant is for, and personalization needs them), so only dates a birth
    cue introduces are taken. A bare year after "born in" counts too: with a
    city it narrows a person down a lot. Presidio's DateRecognizer is not used
    for this reason: it would take every date.
    """

    ENTITY = "DATE_OF_BIRTH"
    SCORE = 0.85
    EXPLANATION = "Date after a birth cue"
    PATTERNS = (
        cued(_CUE, _DATE_OR_YEAR, filler=_FILLER),
        cued(_CUE_OF_A_DATE, _DATE, filler=_FILLER),
        _DOCS,
        _CHILD_IN_NAME,
    )

    def cued_results(self, text: str) -> list[RecognizerResult]:
        """The dates after a cue, read with their digits as ASCII ones, and
        the same date written again in brackets right after one ("1999-08-03
        (12 Mordad 1378)", "民國 72 年 5 月 3 日 (1983/05/03)"): a second
        calendar, a form's own writing."""
        text = text.translate(ascii_digits())
        results = super().cued_results(text)
        again = [
            self.result(
                bracket.start("value"), bracket.end("value"), self._score, self.EXPLANATION,
                pattern_name=self.PATTERN_NAME,
            )
            for result in results
            if (bracket := _WRITTEN_AGAIN.match(text, result.end)) is not None
        ]
        return results + again
