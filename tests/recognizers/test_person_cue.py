"""PersonCueRecognizer alone: capitalized names that the words around them show to be people."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import PersonCueRecognizer

from . import assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.86, 0.9)  # above the NER model's 0.85
KNOWN = (0.9, 1.0)


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> PersonCueRecognizer:
    return PersonCueRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("call Noor tomorrow", [(5, 9, "Noor")]),
        ("pay Noor back", [(4, 8, "Noor")]),
        ("whats Priya's number", [(6, 11, "Priya")]),
        ("text Tom Hall and Ann Smith", [(5, 13, "Tom Hall"), (18, 27, "Ann Smith")]),
        # After a verb, a name may start with a city.
        ("call Charlotte Jones", [(5, 20, "Charlotte Jones")]),
        ("my landlord Olumide Adeyemi", [(12, 27, "Olumide Adeyemi")]),
        ("Olumide Adeyemi is my landlord", [(0, 15, "Olumide Adeyemi")]),
        ("Théo Leroy 06 44 97 78 26", [(0, 10, "Théo Leroy")]),
        ("Théo Leroy 06.44.97.78.26", [(0, 10, "Théo Leroy")]),
        ("Matthew: 07700 900388", [(0, 7, "Matthew")]),
        ("dinner at Sophie's", [(10, 16, "Sophie")]),
        # Family after a possessive, of a name the lexicon lacks too.
        ("him and Bettine's kid", [(8, 15, "Bettine")]),
        ("Bettine's kid's school", [(0, 7, "Bettine")]),
        ("Mai's mother called", [(0, 3, "Mai")]),
        # "this", "that" and "our" stand before names too.
        ("Is this Nkechi's phone?", [(8, 14, "Nkechi")]),
        # A question's opening verb is no part of the name.
        ("Is Priya's birthday on Friday?", [(3, 8, "Priya")]),
        ("ttell Marco", [(6, 11, "Marco")]),  # a typo of a cue word
        ("Meet Anna, then call Anna", [(5, 9, "Anna"), (21, 25, "Anna")]),
        # A verb that only people take beats the gazetteer.
        ("text Charlotte", [(5, 14, "Charlotte")]),
        ("pick up Paris from school", [(8, 13, "Paris")]),
        # Honorifics of several languages, before a surname or a full name.
        ("Mrs Okafor called", [(4, 10, "Okafor")]),
        ("Frau Müller kommt", [(5, 11, "Müller")]),
        ("Sra. García llamó", [(5, 11, "García")]),
        ("Mme Dubois", [(4, 10, "Dubois")]),
        ("M. Dupont", [(3, 9, "Dupont")]),
        ("Sayın Demir", [(6, 11, "Demir")]),
        ("Pani Kowalska", [(5, 13, "Kowalska")]),
        ("Pan Tadeusz", [(4, 11, "Tadeusz")]),
        # Full-word forms of address, the name after them in any case form.
        ("napiš panu Novákovi, že přijdu", [(11, 19, "Novákovi")]),
        ("Beste meneer Visser, dank u", [(13, 19, "Visser")]),
        ("Schreib an Herrn Weber, dass ich komme", [(17, 22, "Weber")]),
        ("Αγαπητέ κύριε Γεωργίου, σας ευχαριστώ", [(14, 22, "Γεωργίου")]),
        ("La dott.ssa Ferraresi ha chiamato", [(12, 21, "Ferraresi")]),
        ("Приём у доктора Гусейновой", [(16, 26, "Гусейновой")]),
        ("MR OLIVER GRANT", [(3, 15, "OLIVER GRANT")]),
        # A given name in lower case after a verb of calling, in several languages.
        ("call noor tomorrow", [(5, 9, "noor")]),
        ("ring olle på 070-123 45 67", [(5, 9, "olle")]),
        ("dì a gianni di richiamarmi", [(5, 11, "gianni")]),
        ("zeg tegen Lotte dat ik later ben", [(10, 15, "Lotte")]),
        # Kin of other languages before a name, in any case; roles of other
        # languages; a signature after a dash or a greeting.
        ("ruf mal bei onkel detlef an", [(18, 24, "detlef")]),
        ("Pașaportul lui Ionuț expiră luna viitoare", [(15, 20, "Ionuț")]),  # Romanian "lui"
        ("nanti malam jemput mbak sari di stasiun ya", [(24, 28, "sari")]),  # Indonesian "mbak"
        # A chat's terms of address before a given name; after one that is a
        # word too ("ate", a Filipino elder sister), a name no word is.
        ("tita Grace nandito na kami", [(5, 10, "Grace")]),
        ("ate Shazia!!! nasa airport na ako", [(4, 10, "Shazia")]),
        # Initials, then a name's particles and surname.
        ("graag overmaken t.n.v. A.M. van Leeuwen, bedankt", [(23, 39, "A.M. van Leeuwen"), (28, 39, "van Leeuwen")]),
        # A given name and a patronymic, declined or in capitals.
        ("заеду к Олегу Викторовичу после обеда", [(8, 25, "Олегу Викторовичу")]),
        ("ФИО: СМИРНОВА ЕЛЕНА ПАВЛОВНА", [(5, 28, "СМИРНОВА ЕЛЕНА ПАВЛОВНА"), (14, 28, "ЕЛЕНА ПАВЛОВНА")]),
        ("набери тёте Гале, спроси", [(12, 16, "Гале")]),
        # Typed in lower case and declined as the text's language declines names.
        ("napisz do tomka że się spóźnię", [(10, 15, "tomka")]),
        ("передай тёте гале что мы приедем", [(13, 17, "гале")]),
        ("La tía Victoria llega hoy", [(7, 15, "Victoria")]),
        ("titular Lucía Ferrándiz Soler", [(8, 29, "Lucía Ferrándiz Soler")]),
        ("перекрыла выезд. Владелец — Сидоренко, телефон", [(28, 37, "Сидоренко")]),
        ("Eigenaar: Jansen, kenteken", [(10, 16, "Jansen")]),
        ("intestato a Lorenzo Dall'Olio, scade", [(12, 29, "Lorenzo Dall'Olio")]),
        ("lagi di kantor. — Fajar", [(18, 23, "Fajar")]),
        ("bestuurder was mevr. Jansen", [(21, 27, "Jansen")]),
        # The subject of a question opened by its auxiliary.
        ("Did Noor call?", [(4, 8, "Noor")]),
        ("Thanks. Has Priya paid yet?", [(12, 17, "Priya")]),
        # The particle a surname opens with goes with it after an honorific.
        ("this is Mr. de Meer", [(12, 19, "de Meer")]),
        ("Ask Herr von Braun", [(9, 18, "von Braun")]),
        # Someone's details go to a person, even one named like a place.
        ("had given Virginia his address", [(10, 18, "Virginia")]),
        ("I sent Nesiba my number", [(7, 13, "Nesiba")]),
        ("Told Priyanka my address already.", [(5, 13, "Priyanka")]),
        # Words that state a name, in any case.
        ("my name is priya", [(11, 16, "priya")]),
        ("a nombre de ANA LIMA", [(12, 20, "ANA LIMA")]),
        ("je m'appelle Amélie", [(13, 19, "Amélie")]),
        ("Name:    Hudson Cazaly", [(9, 22, "Hudson Cazaly")]),
        ("NAME ON CARD: OLIVER GRANT", [(14, 26, "OLIVER GRANT")]),
        ("Nombre: lucía pérez", [(8, 19, "lucía pérez")]),
        # A name typed with two blanks, where no label follows.
        ("name: priya  sharma", [(6, 19, "priya  sharma")]),
        # A label's plural, which surname, a note in brackets; two blanks or more part the fields.
        ("Previous surname(s): KING", [(21, 25, "KING")]),
        (
            "Surname (father's name): Batbayar    Given name: Enkhtuya",
            [(25, 33, "Batbayar"), (49, 57, "Enkhtuya")],
        ),
        (
            "Nombre: María Guadalupe   Apellido paterno: López",
            [(8, 23, "María Guadalupe"), (44, 49, "López")],
        ),
        # The same fields on forms of other languages, Greek in capitals without accents.
        ("Фамилия: ВОЛКОВА, Имя: ЕКАТЕРИНА", [(9, 16, "ВОЛКОВА"), (23, 32, "ЕКАТЕРИНА")]),
        ("ΟΝΟΜΑΤΕΠΩΝΥΜΟ: ΠΑΠΑΔΟΠΟΥΛΟΥ ΜΑΡΙΑ", [(15, 33, "ΠΑΠΑΔΟΠΟΥΛΟΥ ΜΑΡΙΑ")]),
        ("Sukunimi: Virtanen", [(10, 18, "Virtanen")]),
        ("меня зовут Тимур", [(11, 16, "Тимур")]),
        # Greek writes "κ." for κύριος and κυρία; Romanian addresses with "domnule".
        ("Αγαπητέ κ. Δημητρίου,", [(11, 20, "Δημητρίου")]),
        ("Stimate domnule Vasilescu,", [(16, 25, "Vasilescu")]),
        ("It's under my partner's name Dagrun Hovde", [(29, 41, "Dagrun Hovde")]),
        ("the booking is in her name Okeke", [(27, 32, "Okeke")]),
        # Roles in a booking or a file.
        ("guest Ana Lima", [(6, 14, "Ana Lima")]),
        ("patient OKEKE CHIDI", [(8, 19, "OKEKE CHIDI")]),
        ("NOK: Chidi", [(5, 10, "Chidi")]),
        # A surname in capitals beside the given name; a form's roles before their colon.
        ("Applicant: PETRENKO Oksana, 08.11.1984", [(11, 26, "PETRENKO Oksana")]),
        ("Sender: Tavita LEAUPEPE, 12 Savill Drive", [(8, 23, "Tavita LEAUPEPE")]),
        ("Driver: Chaminda Perera", [(8, 23, "Chaminda Perera")]),
        # A Cyrillic surname by its ending, with initials after or before it.
        ("обязанности исполняет Ержанов Д.", [(22, 32, "Ержанов Д.")]),
        ("Подпись: И. И. Петренко", [(9, 23, "И. И. Петренко")]),
        # A name before its birth date, in several languages.
        ("certify that Sutrisno, born 12 Agustus 1979", [(13, 21, "Sutrisno")]),
        ("Anna Weber, geb. 03.04.1961", [(0, 10, "Anna Weber")]),
        ("Preferred name: Tay", [(16, 19, "Tay")]),
        ("Passenger: Dilini — rate your trip", [(11, 17, "Dilini")]),
        # Roles only people fill on a form: a name the lexicon lacks will do, a town's name too.
        ("Guarantor: Ganbold Dorjsuren (spouse)", [(11, 28, "Ganbold Dorjsuren")]),
        ("Complainant: MUCHENJE, Tapiwanashe Memory, F", [(13, 21, "MUCHENJE")]),
        ("Guide: Pemba Dorje Sherpa, citizenship no. 27", [(7, 25, "Pemba Dorje Sherpa")]),
        # A driver a booking or a delivery names, in several languages.
        ("Fahrer: Tevita (ruft an)", [(8, 14, "Tevita")]),
        # A word of the list that labels a code after it is no one.
        ("Passenger: Tevita, Kennzeichen B-KM 412", [(11, 17, "Tevita")]),
        # Right after a person's honorific a day or a month is a name ("Sunday"
        # is a given name in Nigeria); after the name it is the day again.
        ("his name na Mr Sunday 0816 223 0491", [(15, 21, "Sunday")]),
        ("MR SUNDAY OKAFOR", [(3, 16, "SUNDAY OKAFOR")]),
        ("Ms April Jones called", [(3, 14, "April Jones")]),
        ("I'll see Dr Patel Monday at 10.", [(12, 17, "Patel")]),
        ("Mrs Jones Tuesday at 3", [(4, 9, "Jones")]),
        ("Frau Montag hat angerufen", [(5, 11, "Montag")]),
        ("Sayın Cuma Yılmaz aradı", [(6, 17, "Cuma Yılmaz")]),
        # A family by its surname.
        ("bij de buren (fam. Bakkal) afgeven", [(19, 25, "Bakkal")]),
        ("Paket für Familie Hoffmann abgegeben", [(18, 26, "Hoffmann")]),
        ("please greet Alhaji Sunday Adebayo", [(20, 34, "Sunday Adebayo")]),
        # After any title, a day that opens a full name is its given name.
        ("Report to Dr Sunday Adebayo at 9", [(13, 27, "Sunday Adebayo")]),
        # ...each of a list with ages in brackets, a town's name too.
        (
            "Children: Kalkidan (12), Abel (9), Bethlehem (4)",
            [(10, 18, "Kalkidan"), (25, 29, "Abel"), (35, 44, "Bethlehem")],
        ),
        # Introductions, with a given name that is no word.
        ("its priya again", [(4, 9, "priya")]),
        ("I'm Chidi", [(4, 9, "Chidi")]),
        ("everyone calls me Louis", [(18, 23, "Louis")]),
        ("What's your last name? Nielsen", [(23, 30, "Nielsen")]),
        ("join accounts with ms. Saraja", [(23, 29, "Saraja")]),
        ("remove my kid Millie from it", [(14, 20, "Millie")]),
        # The speaker of a line in a transcript.
        ('Annette: "Who are you?"', [(0, 7, "Annette")]),
        # The writer alone on a message's last line, and a full name below a
        # valediction whose given name the lexicon lacks.
        ("Hei, kommer du?\n\nEbba Lind", [(17, 26, "Ebba Lind")]),
        ("Danke für die Hilfe.\nMit freundlichen Grüßen\nEirlys Hofbauer", [(45, 60, "Eirlys Hofbauer")]),
        # Initials before a surname below a valediction, or before the
        # writer's role after a comma, whether the lexicon has the surname or not.
        ("Mit freundlichen Grüßen\nA.-L. Schäfer", [(24, 37, "A.-L. Schäfer")]),
        ("Interview: Tuesday. Regards, D. Ssemwanga, HR Officer", [(29, 41, "D. Ssemwanga")]),
        # The one a greeting of any language addresses, before a stop, an emoji or "u".
        ("bula vinaka Losana 😊 the boxes from the shop reached us in the car", [(12, 18, "Losana")]),
        ("sasa Aizada! niko stage", [(5, 11, "Aizada")]),
        ("yo Dre u still got my cables?", [(3, 6, "Dre")]),
        ("hola nacho, el asado es mañana", [(5, 10, "nacho")]),
        # A trade before a name, after a possessive or "the", words or not.
        ("Your agent Precious on chat told me", [(11, 19, "Precious")]),
        ("the plumber Grace came at 9", [(12, 17, "Grace")]),
        ("ask the courier Mwangi Otieno for it", [(16, 29, "Mwangi Otieno")]),
        # A valediction of two words is read from its second ("Best" is one too).
        ("See you then.\nBest regards, D. Ssemwanga", [(28, 40, "D. Ssemwanga")]),
        # A word the lexicon lacks alone below an English valediction.
        ("See you at the meeting tomorrow.\n\nWarm regards,\nKerubo", [(48, 54, "Kerubo")]),
        # Someone of a company named by its legal form, a city's name too.
        ("including Milan Poul of Amneal Pharmaceuticals Inc., and others", [(10, 20, "Milan Poul")]),
        ("Rafaela Lima of TV18 Broadcast Ltd is the CEO", [(0, 12, "Rafaela Lima")]),
        # Given names that are English words after a greeting or a verb; a
        # function word that opens the sentence after a greeting's list is none.
        ("Dear Will, see you soon.", [(5, 9, "Will")]),
        ("Ask Will if he can.", [(4, 8, "Will")]),
        ("Hello Ana, On 10/02 I paid", [(6, 9, "Ana")]),
        ("Dear John Baker, thanks.", [(5, 15, "John Baker")]),
        # Forms of address of East and West Africa.
        ("Ndugu Juma Hamisi, Tunapenda kukujulisha", [(6, 17, "Juma Hamisi")]),
        ("please greet Alhaji Musa Danjuma today", [(20, 32, "Musa Danjuma")]),
        ("Bi Amina yuko nyumbani", [(3, 8, "Amina")]),
        # Capitals that are also English acronyms, before a name: a person either way.
        ("Call HR Jensen today", [(8, 14, "Jensen")]),
        ("FR. Murphy said mass", [(4, 10, "Murphy")]),
    ],
)
def test_cued_names_are_found(recognizer: PersonCueRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "from Lyon",  # a city
        "Driver: DHL Express",  # a company's word
        "Driver: NVIDIA 535.54",  # a program: a driver's name must be one of the lexicon
        "Chofer: Incluido",
        "Deliveries to Elm Dr Friday only",  # "Dr" is a street's Drive: the day stays a day
        "Mr Tomorrow",
        "Open 24 Hr Sunday to Thursday",  # an hour's abbreviation, not Herr
        # Honorifics that stand alone as often, or are places' words, before a day.
        "Good morning Sir Monday class is cancelled",
        "Good morning Sir Monday Class Cancelled",  # a day that is no name ends the cue
        "Navy plays Notre Dame Saturday Night",
        "Navy plays Notre Dame Saturday",
        "Packers at Green Bay Sunday night",
        "India vs Pak Sunday match",
        "Bu Cuma maç var",
        "I ate Rose's cake",  # "ate" is a word too: the name after it must be none
        "bro Will you come",  # a friend's term stands alone as often
        "vou em Lisboa amanhã",  # no place is a name after a term
        "nana Monday?",
        "bhai Eid pe milte hai",  # a holiday
        "thanks fam. Going home now",  # a friend, in English
        "Zeit für Familie Urlaub und Beruf",  # German writes the word for family before any noun
        "see you on Sunday, Mr",  # a day without an honorific before it
        "from Brussels Airport",  # after a preposition, a name starting with a place
        "from Platform 3",  # a numbered thing
        "call Mum",
        "with Monday",
        "call TV",
        # A name in lower case after a verb must be a given name that is no
        # common word and no place.
        "text will about it",
        "tell mark thanks",
        "call paris office",
        "ring the bell",
        "We'll meet jeudi at the office",  # a weekday of another language
        "My tante is visiting",  # a lower-case word after kin must be a given name
        "a pan Fried egg",  # "pan" takes only a name the lexicon knows
        "Tell alexa to play some jazz",  # a voice assistant, typed to it
        "Tell jordan river guides we are late",  # a place, and an English word after it
        "Destinatario: Ufficio Tributi del Comune",  # an office is a payee too
        # Words that are kin in one language and everyday words in another.
        "Ich habe nicht Zeit dafür",
        "prima Natale vado a Roma",
        "the faster Ethernet port",
        "Bay Area rents",  # an ambiguous honorific needs a known name
        "Pan Am",
        "guest Wifi",  # a role needs a known name or two words
        "this is great",  # an introduction needs a given name that is no word
        "this is maria",
        "it's Monday",
        "This is Paris",
        "my name is",
        "Call me on +39 347 123 4567",  # lower case after a stated name must be a name
        "Note: bring it",  # a label, not a speaker
        "Er ist geb. Berlin 1970",  # where someone was born, not a maiden name
        # A company's former name, "gebunden" (bound), a nationality; a form's placeholders.
        "Meta, née Facebook, reported earnings.",
        "Hardcover (geb. Ausgabe)",
        "Je rozená Slovenka.",
        "Nickname: Optional",
        "Given names: Please enter as shown on your passport",
        "[10:00] Note: buy milk\n[10:01] Me: ok",  # a chat's note to self
        "Customer ID: 1840753517",  # a role's field label, not a name
        "12:30 - Reminder: standup",
        # A system's, a feed's, a log's, an agenda's labels; a common word alone.
        "[09:15] 系统: 您的订单已发货",
        "09:00 - Begrüßung: Saal A\n12:30 - Mittagessen: Kantine",
        "[2024-03-01 10:00] nginx: worker process started\n[2024-03-01 10:01] cron: job done",
        "[18:40] rose: ok",
        "Will: ok",
        "Desk: +41 52 792 83 97",  # the labels of a signature's numbers
        "Office 020 7946 0958",
        # A possessive after a determiner is a title or a role; an English
        # word that is no name is a brand, a role or a title.
        "The King's car",
        "the Big King's car",
        "dinner at The King's",
        "every Neighbour's kid",
        "Google's address",
        "God's house",
        "Mother's car",
        "at Amazon's place",
        # A family noun as a title or a product's market.
        "Destiny's Child reunited",
        "Tylenol's children's formula",
        "Similac's baby formula",
        # Products, units and dealers of a company.
        "Windows of Microsoft Corp",
        "Bank of America Corp reported",
        "Toyota of Orlando Inc",
        # A company gets someone's details too.
        "I sent Amazon my address",
        # A place, a company or a word where a question's subject goes.
        "Is Paris expensive?",
        "sag Bescheid, wenn du da bist",
        "Did Apple ship it?",
        "Is Grace needed here?",
        "Do Androids dream of sheep?",
        # A last line that is a valediction, an English word or a place; a
        # team or a place that signs off below a valediction.
        "Vi ses snart!\nKram",
        "Görüşürüz!\nTamam",  # a one-word reply the lexicon lists as a name
        "позвони маме вечером",  # kin, declined, that the lexicon lists as names
        "napisz do babci jutro",
        "Eier Benedict mit Lachs",  # German eggs, no Norwegian owner
        "Halter Bosch für die Wand",
        "Meeting moved to 3pm.\nThanks",
        "Lunch at noon?\nParis",
        "Tack för ditt köp.\nMed vänlig hälsning\nKundservice Ikea",
        "Med vänlig hälsning\nStockholms Stad",
        # A form's labels are no dialogue's speakers: English words no one is named, and "To".
        "Subject: Rent review\nTo: the landlord\nTenant: flat 2",
        # A form's role heads a title without its colon.
        "Ha-Meem Apparels – Worker Medical Leave Record",
        "Sender: 12 Savill Drive",
        "Payee: HSBC Bank",  # a role a company fills as often
        "Seller: Northwind Traders",
        # A form's labels before a number: of a phone field, or of a date that looks like one.
        "Telefon: 0744 318 209",
        "Puhelin: +358 50 412 7789",
        "Mobil: +49 151 28374650",
        "Geburtsdatum: 07.09.1983",
        # A greeting to a role or a company's desk: a surname that is an English
        # word alone, or a last word no name is.
        "Dear Parent, school closes early.",
        "Dear Grab Support, my ride was charged twice.",
        "Dear Hiring Manager, I apply for the role.",
        # Initials before a word, a role in capitals that a form of address is
        # also written as ("HR" for Danish "Hr").
        "Kind regards,\nA. Team",
        # A word and a letter without a surname's ending: an appendix, a building.
        "см. Приложение А. и Корпус Б.",
        # Places are not born, but people are born in them.
        "I'm from Lagos, born and raised",
        "Kraków, born 1990",
        # No one, after a role; a company after one that companies fill too.
        "Dependent: None",
        "Insured: Old Mutual Holdings",
        # The name of a thing.
        "Company name: Northwind Traders",
        "Product name: Galaxy Note",
        # Companies fill roles too, and "none" in other languages.
        "Sponsor: Safaricom",
        "Defendant: Uber",
        "Filhos: Nenhum",
        "Victim: Unknown Male",
        # Companies ply trades; a slogan names the trade after the brand.
        "the courier Aramex delivered it late",
        "Your driver Uber is arriving",
        "Lonely Planet, your guide to Peru",
        # A greeting to a word of another language, or a line too short to tell.
        "Hola Mundo!",
        "Hallo Leute! heute gibt es Kuchen",
        "Hola Equipo, mañana tenemos reunión",
        # A noun with a surname's ending and one letter, opening a sentence;
        # Hungarian "sz." is a number.
        "Остров Н. был открыт",
        "Melléklet, sz. 3",
        # A greeting to a group, a title, a place or the world.
        "Hola Amigos! hoy hay fiesta",
        "Hallo Zusammen, heute gibt es Kuchen",
        "Bonjour Madame, je vous écris",
        "Hola Madrid! qué noche",
        "Hello World!",
        "Halo kak, saya mau tanya",  # a term of address
        # Things after a trade: English words that are no given name.
        "the guide Book is on sale",
        "the agent Orange County sent it",
        # Alone below an English valediction: a word, or another language's
        # word in a text of that language.
        "See you at the meeting tomorrow.\n\nBest regards,\nManagement",
        "Gracias por todo, nos vemos el lunes.\n\nThanks,\nGerencia",
        "Contact our HR Officer for leave requests.",
        "The SR Engineer approved the change.",
        "the Bi Weekly report is out",  # "Bi" before a word the lexicon lacks as a name
    ],
)
def test_places_things_and_roles_are_not(recognizer: PersonCueRecognizer, text: str) -> None:
    assert_nothing(recognizer, text)


def test_known_names_are_the_only_ones_and_may_be_places(gazetteer: Gazetteer) -> None:
    recognizer = PersonCueRecognizer(gazetteer, only_names=["charlotte"])
    assert recognizer.name == "KnownPersonCueRecognizer"
    assert_found(recognizer, "text Charlotte now", [(5, 14, "Charlotte")], ENTITY, KNOWN)
    assert_nothing(recognizer, "call Noor")
    assert_nothing(recognizer, "Charlotte is lovely")  # no cue


@pytest.mark.parametrize(
    "text, expected",
    [
        # Verbs and phrases only people take, before and after the name.
        ('Menne shouted at Joy: "Why?"', [(0, 5, "Menne"), (17, 20, "Joy")]),
        ("She named him Calquín", [(14, 21, "Calquín")]),
        ("I'm so jealous! said Drenka to Guarino", [(21, 27, "Drenka"), (31, 38, "Guarino")]),
        ("Ekanta is a very sympathetic person.", [(0, 6, "Ekanta")]),
        ('"I\'m glad it moves," says Yershova.', [(26, 34, "Yershova")]),  # a reporting clause
        ("Directed By:    Einojuhani Pyysalo", [(16, 34, "Einojuhani Pyysalo")]),
        # Names in a script without capitals.
        ("은주 is a very sympathetic person.", [(0, 2, "은주")]),
        ("She named him 凯", [(14, 15, "凯")]),
        # A surname English seldom uses, before a kind of work.
        ("Unlike the Wiśniewski novel, it's short.", [(11, 21, "Wiśniewski")]),
        # The head of a postal or signature block, when the lexicon knows a name in it.
        ("Ante Bengtsson\nFriwo AG\nDesk: 555 0101", [(0, 14, "Ante Bengtsson")]),
        ("Billing address: Jaroslav Mucha\n    Portugal\n", [(17, 31, "Jaroslav Mucha")]),
        # ...or when English text seldom uses any of its words, as a name or as a word.
        ("Wairimu Gichuru\nUnit 4, 12 Allen Avenue\nNairobi", [(0, 15, "Wairimu Gichuru")]),
        ("Ship to:\nVarek Oskarsdin\n14 Pine Road", [(9, 24, "Varek Oskarsdin")]),
        # The one spoken to, before a sentence that speaks to them.
        ("Felicity, can I please speak to your boss?", [(0, 8, "Felicity")]),
        ("Thanks. Tomás, you left your keys here.", [(8, 13, "Tomás")]),
        # The one a message is from or to, closing it after a comma, in any language.
        ("Ich überweise dir morgen 40 Euro, Katrin", [(34, 40, "Katrin")]),
        ("Te llamo mañana por la tarde, Lucía!", [(30, 35, "Lucía")]),
        # The writer's name after a valediction, on its line or the next, in any case.
        ("Kun je de factuur sturen?\n\nGroet,\nPieter", [(34, 40, "Pieter")]),
        ("Ta kontakt på telefon. Mvh Håkon Berg", [(27, 37, "Håkon Berg")]),
        ("bin ab 17 Uhr erreichbar. lg Leonie", [(29, 35, "Leonie")]),
        ("ring mig sen. tack /ulf", [(20, 23, "ulf")]),
        # Estonian, Slovak; the writer's role in brackets after the name.
        ("Aeg: kell 10.30.\nParimate soovidega\nKristi (registratuur)", [(36, 42, "Kristi")]),
        ("Ďakujem za info.\nS pozdravom\nZuzana Kováčová", [(29, 44, "Zuzana Kováčová")]),
        # The one told or asked, after a word that softens the verb, or a message "to".
        ("hey, sag bitte Jonas, dass ich später komme", [(15, 20, "Jonas")]),
        ("bel even naar pieter of hij kan helpen", [(14, 20, "pieter")]),
        ("kannst du eine mail an frau schneider schreiben?", [(28, 37, "schneider")]),
        ("can you send an email to mrs hollis about it", [(29, 35, "hollis")]),
        # Turkish marks a name by an apostrophe before its ending, and writes kin after it.
        ("Deniz'e söyler misin, toplantı yarın", [(0, 5, "Deniz")]),
        ("emre'yi ara, numarası bende yok", [(0, 4, "emre")]),
        ("akşam ayşe ablayı da çağır", [(6, 10, "ayşe")]),
        # Every speaker of a dialogue in which one speaker is a known given name.
        (
            "Namihiko: What a wife.\nAnna: Remember me?\nGuy: You saved my life!",
            [(0, 8, "Namihiko"), (23, 27, "Anna"), (42, 45, "Guy")],
        ),
        # The sender of a chat export's line, after its time, in any case or script.
        ("[14/03/24, 18:40] Chloe: ok but i want my deposit", [(18, 23, "Chloe")]),
        ("[10:14] lupita: oye ya me pasaste", [(8, 14, "lupita")]),
        ("14/03/2024, 18:40 - Svetlana Ivanova: on my way", [(20, 36, "Svetlana Ivanova")]),
        # A sender that is no plain given name, in a chat a given name vouches for.
        ("[09:11] Chloe: hi\n[09:12] מיכל: היי לכולם", [(8, 13, "Chloe"), (26, 30, "מיכל")]),
        # "Me" in a chat with Chloe is the exporter, no name.
        ("[10:00] Me: hi\n[10:01] Chloe: hey\n[10:02] Me: ok", [(23, 28, "Chloe")]),
        # ...or in a conversation, where a sender speaks twice.
        (
            "[10:00] מיכל: היי\n[10:01] רונית: אהלן\n[10:02] מיכל: מה קורה",
            [(8, 12, "מיכל"), (26, 31, "רונית"), (46, 50, "מיכל")],
        ),
        # Two lowercase words led by a given name; an emoji after the name.
        ("[08:00] ana lucia: ya voy\n[08:01] tomás: dale", [(8, 17, "ana lucia"), (34, 39, "tomás")]),
        ("[08:00] Chloe 🌸: hi\n[08:01] Tomás: hey", [(8, 13, "Chloe"), (28, 33, "Tomás")]),
        # A maiden name after the word that announces it, in several languages.
        ("the late Mary Ann (née Morrison) and", [(23, 31, "Morrison")]),
        ("Mary Ann Jones (née Smith) died", [(20, 25, "Smith")]),  # an English word, and a surname
        ("Anna Nowak z domu Kowalska mieszka", [(18, 26, "Kowalska")]),
        ("Anna Schmidt geb.Meyer", [(17, 22, "Meyer")]),
        ("Наталья (урожд. Левченко) переехала", [(16, 24, "Левченко")]),
        # The labels a passport or a form prints in the plural, and a nickname's.
        ("Surname: TANAKA   Given names: HIROSHI\n", [(9, 15, "TANAKA"), (31, 38, "HIROSHI")]),
        ("Nickname: Tess\nBirthdate: 1990", [(10, 14, "Tess")]),
    ],
)
def test_people_shown_by_what_they_do_are_found(
    recognizer: PersonCueRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "Unlike the Disney film, it's short.",  # a brand English uses often
        "The file is saved under the name Windows.",  # no one's name: a thing's
        "He did it in the name of Science.",
        "Shopping List\nMilk\nEggs",  # a heading of common words
        "Quarterly Figures\nRevenue rose 4%",  # a heading of words that are no names
        "Plan B Options\nStay home",
        "Attached:\nProcurement Guidelines\nPlease read them",
        "Friwo AG\nDesk: 555 0101",  # a company heads the block
        "Note: bring food\nAnswer: yes",  # labels, not a dialogue of people
        "[10:00] build step: started\n[10:01] build step: done\n[10:02] deploy job: ok",  # a build log
        "The committee said no.",
        # Words before a comma and a sentence to "you": no given name, a
        # common word, a place, or no second person.
        "Sorry, can you help?",
        "Amber, you said, is the colour.",
        "Paris, can you believe it?",
        "Tomás, Ana and I went out.",
        # A word closing a line after a comma: a common word, a place.
        "Thanks, Will",
        "Meet me in Paris, Jordan",
        "Vuelo a Madrid el lunes, Málaga",
        # After a valediction: a team, a place, a word, a common word.
        "Best regards,\nThe Sales Team",
        "Thanks,\nParis",
        "Cheers\nMarketing",
        "Saludos\nAtentamente",
        "thanks a lot\nbest wishes",
        "Hilsen fra Bergen",
        # After a softened verb: a noun, a word; an apostrophe's ending on a place.
        "sag bitte Bescheid, wenn du da bist",
        "frag doch mal nach, ob es geht",
        "Ankara'dan Pendik'e gittik",
        "the doctor's note",
    ],
)
def test_works_headings_and_labels_are_not_people(
    recognizer: PersonCueRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


@pytest.mark.parametrize("flip", [False, True])
def test_two_cues_on_one_name_keep_the_stronger_evidence_in_either_order(flip: bool) -> None:
    # Presidio's results of one span and score are equal, and a set kept either
    # copy by a hash that differs between processes.
    from presidio_analyzer import RecognizerResult

    from privacy.desensitize.recognizers.person_cue import (
        PERSON_ONLY_CUE_KEY,
        PREPOSITION_CUE_KEY,
        _with_strongest_evidence,
    )

    weak = RecognizerResult("PERSON", 13, 19, 0.88, recognition_metadata={PREPOSITION_CUE_KEY: True})
    strong = RecognizerResult("PERSON", 13, 19, 0.88, recognition_metadata={PERSON_ONLY_CUE_KEY: True})
    results = _with_strongest_evidence([strong, weak] if flip else [weak, strong])
    for result in results:
        assert result.recognition_metadata == {PERSON_ONLY_CUE_KEY: True}
