"""Dutch: how a user in the Netherlands or Flanders writes the templates."""

from __future__ import annotations

MESSAGES: tuple[str, ...] = (
    "herinner me eraan om {contact} {when} te bellen op {contact_phone}",
    "mail het bonnetje naar {contact_email}",
    "betaal maar met kaart {card}",
    "wat was het nummer van {contact_first} ook alweer? volgens mij {contact_phone}",
    "stuur m'n boardingpass even naar {my_email}",
    "mijn nieuwe nummer is {my_phone}, pas m'n profiel even aan",
    "zet een wekker op {time} {when}",
    "hoe wordt het weer {when}?",
    "zet {food} op de boodschappenlijst",
    "zet wat {music} op terwijl ik kook",
    "herinner me aan {habit} {when} om {time}",
    "hoe kom ik van hier naar {address_full}?",
    "deel mijn locatie {gps} met {contact}",
    "plan een call met {contact} en {other_contact} op {day}",
    "schrijf een kort verjaardagsberichtje voor {contact_first}, wordt {when} {age}",
    "ik sta op {gps}, hoe ver is het lopen naar {landmark}?",
    "wat zal ik vanavond koken? ik heb {food} en nog wat rijst over",
    "gaat {habit} {when} nog door? misschien sla ik 't over",
    "is er {when} {sport} op tv?",
)

NOTES: tuple[str, ...] = (
    "deurcode {address_full}: {code}",
    "{contact} is jarig op {date}, houdt van {music}",
    "boodschappen: {food}, {drink}, melk, eieren, brood",
    "nieuw mailadres van {contact_first}: {contact_email}",
    "noodcontact: {contact} {contact_phone}",
    "reservekaart {card} verloopt {expiry}",
    "planning {day}: {habit}, daarna {sport} met {contact_first}",
    "wifi bij {contact_first} thuis, wachtwoord is {wifi}",
    "parkeren bij {address} is gratis na {time}",
    "{habit} elke {day}, niet weer overslaan",
)

TAILS: tuple[str, ...] = (
    "ik zit trouwens vlak bij {landmark}",
    "moet geregeld zijn voor {habit}",
    "is voor het tripje naar {other_city}",
    "ga daarna naar {other_city}",
    "daarna {habit} zoals altijd",
    "heb weer zin in {food}",
    "misschien gaan we daarna {cuisine} eten",
    "ik ga met de {transport}",
    "geen haast, is pas na {habit}",
)

REGION_TEMPLATES: dict[str, tuple[str, ...]] = {
    "europe-west": (
        "reserveer een tafel voor {n} bij het eetcafé vlak bij {landmark}, {when} rond {time}",
        "herinner me eraan om {bread} te halen bij de bakker, voor de trein van {time}",
        "wat is de snelste fietsroute van {home} naar {landmark}?",
        "borrel bij {contact_first} thuis {when} om {time}, adres is {address_full}",
        "app {contact} op {contact_phone} dat m'n {rail}-trein weer vertraging heeft",
        "ik sta op {gps}, ergens goeie {food} hier in de buurt?",
        "is er {when} een {rail}-staking? ik moet om {time} in {other_city} zijn",
        "herinner me eraan {contact} te bellen op {contact_phone} over de borrel van {day}",
        "waar kan ik m'n fiets bij {landmark} neerzetten zonder dat ie gejat wordt",
        "stuur de foto's van de markt even naar {contact_email}",
        "hoe lang doet de trein van {city} naar {other_city} op {day}ochtend?",
        "zoek een {cuisine} restaurant bij {home} voor {day}avond, tafel voor {n}",
        "hoe laat sluit de markt op {day}?",
        "ik heb een lekke band, zit er een fietsenmaker in de buurt van {address}?",
        "zeg tegen {contact_first} dat de kaas en wijn voor de borrel van mij zijn",
        "zet {food} en {drink} op het lijstje voor de borrel {when}",
        "boek twee {rail}-kaartjes van {city} naar {other_city} {when}, betaal met {card}",
        "gaat het {when} regenen? wil eigenlijk naar m'n werk fietsen",
        "mail het huurcontract van {home_full} naar {contact_email}",
        "herinner me eraan dat de bakker op {address} {day}s dicht is",
        "zet geld op m'n {transit_card} en check hoe laat de {transit} naar {landmark} gaat",
        "betaal {contact_first} terug via {pay_app} voor de {food} van gisteravond",
    ),
}

WHEN: tuple[str, ...] = (
    "morgen",
    "vanavond",
    "dit weekend",
    "volgende week",
    "op vrijdag",
    "morgenochtend",
    "straks",
    "deze avond",
    "op maandag",
)
ON_DAY = "op {day}"
WEEKDAYS: tuple[str, ...] = ("maandag", "dinsdag", "woensdag", "donderdag", "vrijdag", "zaterdag", "zondag")
MONTHS: tuple[str, ...] = ("januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus",
                           "september", "oktober", "november", "december")
OPENERS: tuple[str, ...] = ("hoi", "even snel:", "zeg,", "hé", "ok dus", "hallo,", "hey", "nou,", "ehm")
WORDS: dict[str, str] = {
    # habits of the region
    "cycling to work": "fietsen naar m'n werk",
    "the flea market": "de vlooienmarkt",
    "apéro with the neighbours": "de borrel met de buren",
    "swimming at the piscine": "baantjes trekken in het zwembad",
    "tennis at the club": "tennis bij de club",
    "the farmers market": "de boerenmarkt",
    # habits anyone has
    "yoga class": "de yogales",
    "piano practice": "piano oefenen",
    "the gym": "de sportschool",
    "my evening run": "m'n avondrondje hardlopen",
    "choir rehearsal": "de koorrepetitie",
    "swimming lessons": "de zwemles",
    "book club": "de leesclub",
    # vocabulary of the region
    "moules frites": "mosselen met friet",
    "croque monsieurs": "croque-monsieurs",
    "frites": "friet",
    "cheese": "kaas",
    "a bottle of rosé": "een fles rosé",
    "a kir": "een kir",
    "a belgian beer": "een belgisch biertje",
    "a glass of wine": "een glas wijn",
    "a pression": "een pintje",
    "french rap": "franse rap",
    "chanson": "franse chansons",
    "indie pop": "indiepop",
    "cycling": "fietsen",
    "football": "voetbal",
    "running": "hardlopen",
    "swimming": "zwemmen",
    "vietnamese": "vietnamees",
    "italian": "italiaans",
    "lebanese": "libanees",
    "indonesian": "indonesisch",
    "moroccan": "marokkaans",
    "japanese": "japans",
    "bike": "fiets",
    "train": "trein",
    "a baguette": "een stokbrood",
    "pain au chocolat": "een chocoladebroodje",
    "a tradition": "een ambachtelijk stokbrood",
    "a sourdough loaf": "een zuurdesembrood",
}
