"""Words that mark the words beside them as a person's name, apart from the
modules that read names, so that recognizers and the desensitizer's own
co-reference share them without importing each other."""

from __future__ import annotations

# Forms of address written before a name, in any case ("pani Haliny", "Mr").
FORMS_OF_ADDRESS = frozenset(
    "mr mrs ms mx miss dr dra prof sir dame herr frau pan pani sr sra srta mme mlle dhr mevr"
    " dott sig doktor mevrouw meneer heer herra rouva neiti fru domnul doamna doamnei panu pana panie"
    " pane paní panem señor señora senhor senhora signor signora monsieur madame κύριε κύριο κύριος"
    " κυρία κυρίας κύριου κ domnule doamnă gospodin gospodine gospođa gospođo gđa пан пане пані".split()
)
# East Slavic patronymics, in Cyrillic and transliterated, in the cases
# Russian declines them into and in the capitals forms write them in:
# "Геннадиевна", "Петровны", "Ивановичу", "ВЛАДИМИРОВИЧ", "Ivanovich".
PATRONYMIC = (
    r"(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})(?i:(?:ович|евич|ич)(?:а|у|ем|е)?|(?:овн|евн|ичн)(?:а|ы|е|у|ой)"
    # Ukrainian and Belarusian daughters' and sons' forms: "Петрівна", "Андріївна", "Іванаўна", "Пятровіч".
    r"|(?:івн|ївн|аўн|еўн)(?:а|и|і|у|ою)|(?:авіч|евіч|овіч)"
    r"|(?:ovich|evich)(?:a|u|em|e)?|(?:ovn|evn|ichn|ivn|yivn)(?:a|y|e|u|oi|oy))"
)
# A Cyrillic surname, by the endings of the surnames of Russia, Ukraine,
# Belarus, Central Asia and the Caucasus: "Ержанов", "Петренко", "Шевченко",
# "Ковальська". Compile with ``regex.V1`` (a set intersection).
CYRILLIC_SURNAME = (
    r"[\p{Cyrillic}&&\p{Lu}][\p{Cyrillic}&&\p{Ll}]+"
    r"(?:ов|ова|ев|ева|ёв|ёва|ин|ина|ын|ына|ский|ская|цкий|цкая|ський|ська|цький|цька|енко|ук|юк|вич|ян|дзе"
    r"|швили|ули|бек|бай)"
)
# The Turkic words for "son of" and "daughter of" that follow the father's
# given name in a full name: Azerbaijani "Elvin Rauf oğlu Həsənov", "Leyla
# Rauf qızı", Kyrgyz "Azamat Nurlan uulu", Kazakh "uly" and "qyzy", Uzbek
# "o'g'li" and "qizi", and Turkmen "ogly" and "gyzy".
PATRONYMIC_MARKERS = frozenset(
    "oğlu oglu ogly oğly o'g'li oʻgʻli ogli qızı qizi kızı kizi gyzy uulu kyzy uly qyzy ұлы қызы оглы кызы уулу".split()
)
# The labels of a form's field that holds a person's name, in the languages
# we weigh ("Nachname:", "ФИО:", "Sukunimi:"; Greek in capitals drops its
# accents, "ΟΝΟΜΑΤΕΠΩΝΥΜΟ"). After one, the value is a name; the label itself
# never is, though some are names too ("Ime", "Nama").
NAME_LABELS = frozenset((
    "name", "full name", "first name", "last name", "surname", "given name", "nombre", "nombre completo",
    "apellido", "apellidos", "nom", "prénom", "nom complet", "vorname", "nachname", "name/vorname", "vorname/name",
    "nome", "cognome", "naam", "voornaam", "achternaam", "isim", "ad soyad", "imię", "nazwisko", "imię i nazwisko",
    "name on card", "cardholder", "card holder", "cardholder name", "account holder", "account name",
    "passenger name", "guest name", "patient name", "emergency contact", "contact person", "next of kin", "nok",
    "signed", "familienname", "nombres", "nome completo", "sobrenome", "nome e cognome", "roepnaam",
    "imiona", "фамилия", "имя", "отчество", "фио", "имя и фамилия", "прізвище", "ім'я", "ім’я", "по батькові",
    "піб", "όνομα", "ονομα", "επώνυμο", "επωνυμο", "ονοματεπώνυμο", "ονοματεπωνυμο", "πατρώνυμο", "πατρωνυμο",
    "nume", "prenume", "nume complet", "nume și prenume", "név", "teljes név", "vezetéknév", "keresztnév", "utónév",
    "jméno", "příjmení", "jméno a příjmení", "meno", "priezvisko", "nimi", "etunimi", "sukunimi", "koko nimi",
    "navn", "fornavn", "etternavn", "efternavn", "fulde navn", "namn", "förnamn", "efternamn", "ime", "prezime",
    "ime i prezime", "nama", "nama lengkap", "adı", "soyadı", "soyad", "adı soyadı", "ad-soyad",
    "preferred name", "alias", "apodo", "spitzname", "surnom", "apelido", "soprannome",
    # Plurals as passports and visa forms print them, and the other names a form asks for.
    "given names", "first names", "other names", "surnames", "last names", "forename", "forenames", "middle name",
    "middle names", "maiden name", "birth name", "family name", "nickname", "vornamen", "prénoms",
    "geburtsname", "mädchenname", "nazwisko rodowe", "nom de naissance", "nom de jeune fille",
))

# Greetings that open a message to someone, in the languages of our users
# and those they mix into English: "salam maryam", "bula vinaka Losana",
# "wah gwaan shanice", "sasa Wanjiku!". Some are several words ("kia ora", "assalamu alaikum"),
# none of which is the name after it.
GREETINGS = (
    "hi", "hey", "heya", "hiya", "hello", "hallo", "hola", "ola", "olá", "oi", "salut", "ciao", "hej", "hei",
    "moin", "servus", "yo", "eh", "salam", "salaam", "salam alaikum", "assalamu alaikum", "selam", "merhaba",
    "marhaba", "namaste", "namaskar", "vanakkam", "sat sri akal", "bula", "bula vinaka", "kia ora", "talofa",
    "talofa lava", "malo e lelei", "wah gwaan", "wagwan", "whaddup", "che", "quiubo", "qué onda", "que onda",
    "oye", "jambo", "habari", "sawubona", "howzit", "sannu", "ndewo", "sawasdee", "xin chao", "xin chào",
    "ni hao", "annyeong", "konnichiwa", "kumusta", "kamusta", "apa kabar", "selamat pagi", "shalom", "privet",
    "zdravo", "dzień dobry", "ahoj", "szia", "geia", "gm", "morning", "evening", "howya", "bonjour",
    "bonsoir", "coucou", "sasa", "mambo", "sabaidee", "halo", "cześć", "bok", "sveiki", "labas", "tere",
    "ahlan", "mingalaba", "привет", "здравствуйте", "γεια", "γεια σου",
)
# Kin words, honorifics and terms of address written right before a name in
# chats around the world, in lower case ("pak budi", "chi Ha", "khoya hamza",
# "aunty Ngozi", "ate Joy"); none of them a given name anyone writes alone.
ADDRESS_TERMS = (
    "bro", "sis", "cousin", "aunty", "auntie", "aunt", "uncle", "nana", "granny", "mama", "papa", "baba",
    "pak", "bapak", "bu", "ibu", "mas", "mbak", "bang", "abang", "kak", "kakak", "dik", "chi", "anh", "em",
    "ah", "khoya", "khouya", "akhi", "ukhti", "sidi", "lalla", "si", "hajj", "hajja", "haji", "hajji",
    "bhai", "bhaiya", "bhabhi", "apa", "baji", "dai", "didi", "dada", "bahini", "akka", "thambi", "tía",
    "tío", "tia", "tio", "primo", "prima", "mano", "compa", "doña", "dona", "seu", "tante", "tonton", "oom",
    "mzee", "bibi", "kaka", "ate", "kuya", "tita", "tito", "lola", "lolo", "manang", "manong", "unnie",
    "oppa", "hyung", "noona", "sensei", "aji", "ustaz", "ustazah", "datuk", "puan", "encik", "cik",
    "chale", "machan", "machang", "weon", "weón", "parce", "parcero", "achi", "habibi", "habibti", "yaar",
)
# Of those, the words for a friend ("bro", "yaar", "habibi", "machan"):
# they stand alone in a chat as often as before a name ("bro Will you…").
PAL_TERMS = frozenset(
    "bro sis compa mano chale machan machang weon weón parce parcero habibi habibti yaar achi akhi ukhti".split()
)
# Terms of address written right after a name: "maryam joon", "faraz bhai",
# "jun ah", "yuki san".
ADDRESS_TERMS_AFTER = (
    "joon", "jaan", "jan", "ji", "bhai", "bhaiya", "sahib", "saab", "boludo", "wey", "güey", "guey", "la",
    "lah", "oi", "ơi", "ah", "san", "chan", "kun", "sama", "dear", "jee",
)
# Days and months in the languages of our users ("meet jeudi", "for Monday"),
# capitalized as a sentence or a title writes them.
CALENDAR_WORDS = frozenset(
    """
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday
    Lundi Mardi Mercredi Jeudi Vendredi Samedi Dimanche Lunes Martes Miércoles Jueves Viernes
    Sábado Domingo Lunedì Martedì Mercoledì Giovedì Venerdì Sabato Domenica Montag Dienstag
    Mittwoch Donnerstag Freitag Samstag Sonntag Maandag Dinsdag Woensdag Donderdag Vrijdag
    Zaterdag Zondag Segunda Terça Quarta Quinta Sexta Måndag Tisdag Onsdag Torsdag Fredag
    Lördag Söndag Mandag Tirsdag Lørdag Søndag Poniedziałek Wtorek Środa Czwartek Piątek Sobota
    Niedziela Pazartesi Salı Çarşamba Perşembe Cuma Cumartesi Pazar Senin Selasa Rabu Kamis
    Jumat Sabtu Minggu
    January February March April May June July August September October November December
    """.split()
)
# Valedictions of the languages we weigh, before the writer's name that closes
# a message: "Groet,\nPieter", "Mvh Håkon Berg", "lg Leonie", "tack /ulf",
# "Pozdrawiam\nMarta". The name may be typed in lower case; what it must be
# is tested as for the vocative, and a lower-case one as after a verb.
VALEDICTIONS = (
    "regards", "best", "cheers", "thanks", "thank you", "love", "hugs", "xoxo", "groet", "groeten",
    "mvg", "gr", "liefs", "mvh", "hilsen", "vh", "lg", "vg", "mfg", "gruß", "grüße", "gruss",
    "mit freundlichen grüßen", "mit freundlichen grüssen", "freundliche grüße", "viele grüße", "liebe grüße",
    "herzliche grüße", "beste grüße", "met vriendelijke groet", "vriendelijke groeten", "bien à vous",
    "cordiali saluti", "distinti saluti", "atentamente", "un saludo", "atenciosamente", "med venlig hilsen",
    "med vennlig hilsen", "ystävällisin terveisin", "lijep pozdrav", "srdačan pozdrav", "з повагою",
    "grüsse", "saludos", "un abrazo", "besos", "abrazos", "bisous", "bises", "cordialement",
    "amitiés", "baci", "saluti", "un abbraccio", "cumprimentos", "abraços", "beijos", "beijinhos",
    "pozdrawiam", "z poważaniem", "buziaki", "pozdrav", "pozdravy", "s pozdravem", "díky", "üdv",
    "üdvözlettel", "puszi", "terveisin", "kiitos", "hälsningar", "kram", "tack", "med vänlig hälsning",
    "salam", "hormat saya", "terima kasih", "salutări", "cu stimă", "mulțumesc", "pupici",
    "с уважением", "спасибо", "целую", "με εκτίμηση", "ευχαριστώ", "φιλιά", "teşekkürler", "sevgiler",
    "saygılarımla", "salutacions", "una abraçada", "petons", "gràcies",
    "gracias", "muchas gracias", "grazie", "grazie mille", "merci", "merci beaucoup", "danke",
    "vielen dank", "danke schön", "obrigado", "obrigada", "bedankt", "dank je", "dziękuję", "mersi",
    # Baltic, West and South Slavic, Icelandic, Albanian, Celtic, Afrikaans,
    # Swahili, Tagalog and Vietnamese sign-offs.
    "parimate soovidega", "lugupidamisega", "tervitades", "ar cieņu", "ar labākajiem novēlējumiem",
    "pagarbiai", "su pagarba", "linkėjimai", "s pozdravom", "s úctou", "ďakujem", "lep pozdrav",
    "s spoštovanjem", "с уважение", "поздрави", "срдачан поздрав", "с поштовањем", "дякую", "kveðja",
    "bestu kveðjur", "með kveðju", "me respekt", "përshëndetje", "faleminderit", "le meas", "yn gywir",
    "diolch", "groete", "vriendelike groete", "asante", "kwa heri", "wako", "salamat", "ingat",
    "trân trọng", "cảm ơn",
)
# Words that close a message alone on its last line, some of them names too
# ("Ciao", "Kram", "Hej"): the valedictions' words and greetings.
_VALEDICTION_WORDS_AS_WRITTEN = frozenset(
    word for phrase in VALEDICTIONS for word in phrase.split()
) | frozenset("ciao hej hei moi moin servus tschüss tschüs salut bye ok okay hola adiós adeus tchau".split())
# As written, for patterns that match them case-insensitively, and case-folded,
# for lookups of a case-folded word: "Grüßen".casefold() is "grüssen".
VALEDICTION_WORDS = _VALEDICTION_WORDS_AS_WRITTEN | frozenset(word.casefold() for word in _VALEDICTION_WORDS_AS_WRITTEN)

# Words that join or compound names written in Arabic script and carry no one
# alone: "son/daughter of", "father/mother of", "servant of" and the names of
# God that follow it ("عبد الله", "عبد الرحمن"), "of the religion" ("نور
# الدين"). A name's other mentions are its own words, not these: "عبد الله
# بن عمر" must not make every "الله" of a record a person.
ARABIC_NAME_JOINERS = frozenset(
    """
    بن بنت ابن ابنة إبن إبنة ولد عبد أبو ابو أبي ابي أم ام آل الله الرحمن الرحيم الدين
    """.split()
)
