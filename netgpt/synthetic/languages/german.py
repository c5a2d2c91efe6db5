"""German: how a user in Germany, Austria or Switzerland writes the templates."""

from __future__ import annotations

MESSAGES: tuple[str, ...] = (
    "erinner mich, {contact} {when} unter {contact_phone} anzurufen",
    "schick die quittung per mail an {contact_email}",
    "zahl das mit karte {card}",
    "wie war nochmal die nummer von {contact_first}? ich glaub {contact_phone}",
    "schick meine bordkarte bitte an {my_email}",
    "meine neue nummer ist {my_phone}, bitte im profil ändern",
    "stell mir einen wecker auf {time} {when}",
    "wie wird das wetter {when}?",
    "schreib {food} auf die einkaufsliste",
    "spiel bisschen {music}, während ich koche",
    "erinner mich: {habit} {when} um {time}",
    "wie komm ich von hier nach {address_full}?",
    "teil meinen standort {gps} mit {contact}",
    "plan einen call mit {contact} und {other_contact} am {day}",
    "schreib einen kurzen geburtstagsgruß für {contact_first}, wird {when} {age}",
    "bin grad hier: {gps}, wie weit ist {landmark} zu fuß?",
    "was koch ich heute abend? hab {food} und noch reis von gestern",
    "findet {habit} {when} noch statt? vielleicht lass ich's ausfallen",
    "kommt {when} {sport} im fernsehen?",
)

NOTES: tuple[str, ...] = (
    "türcode für {address_full}: {code}",
    "{contact} hat am {date} geburtstag, mag {music}",
    "einkaufen: {food}, {drink}, milch, eier, brot",
    "neue mailadresse von {contact_first}: {contact_email}",
    "notfallkontakt: {contact} {contact_phone}",
    "ersatzkarte {card}, gültig bis {expiry}",
    "plan für {day}: {habit}, dann {sport} mit {contact_first}",
    "wlan bei {contact_first}, passwort ist {wifi}",
    "parken nähe {address} ab {time} kostenlos",
    "{habit} jeden {day}, nicht wieder schwänzen",
)

TAILS: tuple[str, ...] = (
    "bin übrigens grad nähe {landmark}",
    "muss erledigt sein, bevor {habit} ansteht",
    "ist für den trip nach {other_city}",
    "fahr danach nach {other_city}",
    "dann {habit} wie immer",
    "hab schon wieder bock auf {food}",
    "danach gehen wir vielleicht {cuisine} essen",
    "ich fahr {transport}",
    "keine eile, {habit} kommt eh zuerst",
)

REGION_TEMPLATES: dict[str, tuple[str, ...]] = {
    "europe-central": (
        "feierabendbier im biergarten nähe {landmark}, {when}?",
        "{rail} von {city} nach {other_city} {when} pünktlich?",
        "erinner mich, am {day} die pfandflaschen bei {supermarket} abzugeben",
        "{mountain} {when}: gibts da gute wanderwege? check mal das wetter",
        "schreib {contact} unter {contact_phone}, dass ich schon wieder {transit}-verspätung hab",
        "reservier einen tisch für {n} leute im biergarten nähe {home}, am {day}",
        "guter laden für {food} in der nähe von {gps}? muss schnell gehen",
        "sonntags ist ja alles zu, erinner mich, am samstag bei {supermarket} einzukaufen",
        "weihnachtsmarkt mit {contact_first} am {day} um {time}, treffpunkt {landmark}",
        "schick die nebenkostenabrechnung für {home_full} an {contact_email}",
        "schnellste {transit}-verbindung von {home} bis {landmark}",
        "ruf {contact_first} unter {contact_phone} an wegen der wanderung {when}, ziel: {mountain}",
        "hol {bread} und noch {food} beim bäcker, {address}",
        "buch {rail}-tickets nach {other_city} für {day}, zahl mit karte {card}",
        "ist schon ruhezeit? die nachbarn von {address} haben sich über den lärm beschwert",
        "erinner mich, den müll zu trennen, der gelbe sack muss {when} raus",
        "kaffee und kuchen bei {contact} am {day} um {time}",
        "{mountain}: wo kann ich da für {day} ski leihen?",
        "sag {contact_first}, den stammtisch verschieben wir auf {day}, gleicher ort wie immer",
        "paket für {contact} muss an {address_full} gehen",
        "gilt mein {transit_card} auch für die {transit}-fahrt nach {other_city}?",
        "teil die biergarten-rechnung mit {contact_first} über {pay_app}",
    ),
}

WHEN: tuple[str, ...] = (
    "morgen",
    "heute abend",
    "dieses wochenende",
    "nächste woche",
    "am freitag",
    "morgen früh",
    "nachher",
    "heut abend",
    "am montag",
)
ON_DAY = "am {day}"
WEEKDAYS: tuple[str, ...] = ("montag", "dienstag", "mittwoch", "donnerstag", "freitag", "samstag", "sonntag")
MONTHS: tuple[str, ...] = ("januar", "februar", "märz", "april", "mai", "juni", "juli", "august",
                           "september", "oktober", "november", "dezember")
OPENERS: tuple[str, ...] = ("hey", "kurz:", "sag mal,", "hallo,", "hi", "also,", "ok,", "moin", "ähm")
WORDS: dict[str, str] = {
    # habits of the region
    "the sauna": "die sauna",
    "the stammtisch": "der stammtisch",
    "the hiking group": "die wandergruppe",
    "the evening walk": "der abendspaziergang",
    "choir practice": "die chorprobe",
    "the after-work beer": "das feierabendbier",
    # habits anyone has
    "yoga class": "yoga",
    "piano practice": "klavierüben",
    "the gym": "das training",
    "my evening run": "meine abendrunde",
    "choir rehearsal": "der chor",
    "swimming lessons": "der schwimmkurs",
    "book club": "der buchclub",
    # vocabulary of the region
    "a radler": "ein radler",
    "a weissbier": "ein weißbier",
    "a spritzer": "ein spritzer",
    "a glühwein": "ein glühwein",
    "a helles": "ein helles",
    "classical": "klassik",
    "hiking": "wandern",
    "skiing": "skifahren",
    "football": "fußball",
    "climbing": "klettern",
    "cycling": "radfahren",
    "italian": "italienisch",
    "vietnamese": "vietnamesisch",
    "turkish": "türkisch",
    "greek": "griechisch",
    "indian": "indisch",
    "swabian": "schwäbisch",
    "bike": "rad",
    "train": "zug",
    "a brezel": "eine brezel",
    "a laugenstange": "eine laugenstange",
    "the alps": "die alpen",
    "the zugspitze": "die zugspitze",
    "the uetliberg": "der uetliberg",
    "the kahlenberg": "der kahlenberg",
    "the feldberg": "der feldberg",
}
