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
    r"|(?:ovich|evich)(?:a|u|em|e)?|(?:ovn|evn|ichn)(?:a|y|e|u|oi|oy))"
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
))
