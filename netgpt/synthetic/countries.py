"""Static per-country data: names, streets, real cities and local vocabulary.

Kept as Python constants (not a data file) so the generator needs nothing but the
standard library and nothing outside the package. City coordinates are the real
city centres and postcodes / area codes are real ones for that city, so that a
desensitizer generalizing "GPS / address -> city" can be checked against truth.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType


@dataclass(frozen=True)
class City:
    """A real city. `postcodes` holds full codes or, where the country's codes are
    too fine-grained to list (NL, GB, IE, CA), the real district prefix that
    `formats.make_postcode` completes."""

    name: str
    lat: float
    lon: float
    postcodes: tuple[str, ...]
    landmarks: tuple[str, ...]
    admin: str = ""  # state / province abbreviation used in NANP addresses
    area_codes: tuple[str, ...] = ()  # NANP area codes, or GB fictional landline prefixes
    streets: tuple[str, ...] = ()  # overrides the country's streets (e.g. Dutch-speaking Belgium)


@dataclass(frozen=True)
class Country:
    """Everything needed to make a plausible resident of one country."""

    code: str
    name: str
    first_names: tuple[str, ...]
    last_names: tuple[str, ...]
    streets: tuple[str, ...]
    email_domains: tuple[str, ...]
    cities: tuple[City, ...]
    vocab: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    # The local languages its people write to an assistant in, besides English.
    languages: tuple[str, ...] = ()


def _codes(prefix: str, first: int, last: int) -> tuple[str, ...]:
    """Consecutive numbered postcodes such as Paris' 75001..75020."""
    return tuple(f"{prefix}{n:02d}" for n in range(first, last + 1))


_FR = Country(
    code="FR",
    languages=("fr",),
    name="France",
    first_names=(
        "Camille", "Léa", "Manon", "Chloé", "Emma", "Inès", "Sarah", "Julie", "Claire",
        "Mathilde", "Élodie", "Pauline", "Nathalie", "Isabelle", "Lucas", "Hugo", "Louis",
        "Thomas", "Nicolas", "Julien", "Maxime", "Antoine", "Théo", "Mathieu", "Pierre",
        "Guillaume", "Romain", "Sébastien", "Jean", "François",
    ),
    last_names=(
        "Martin", "Bernard", "Dubois", "Thomas", "Robert", "Richard", "Petit", "Durand",
        "Leroy", "Moreau", "Simon", "Laurent", "Lefèvre", "Michel", "Garcia", "David",
        "Bertrand", "Roux", "Vincent", "Fournier", "Morel", "Girard", "André", "Mercier",
        "Dupont", "Lambert", "Bonnet", "Fontaine", "Martinez", "Legrand",
    ),
    streets=(
        "rue de la Paix", "rue Victor Hugo", "avenue Jean Jaurès", "rue de la République",
        "boulevard Voltaire", "rue Pasteur", "rue du Moulin", "place de la Mairie",
        "rue des Écoles", "avenue de la Gare", "rue Gambetta", "rue Nationale",
        "rue de la Liberté", "avenue Foch", "rue Jules Ferry", "rue Émile Zola",
        "rue Saint-Jacques", "rue du Château", "allée des Tilleuls", "rue Carnot",
    ),
    email_domains=("gmail.com", "orange.fr", "free.fr", "laposte.net", "hotmail.fr", "outlook.fr"),
    cities=(
        City("Paris", 48.8566, 2.3522, _codes("750", 1, 20),
             ("gare du nord", "the eiffel tower", "the louvre", "châtelet")),
        City("Lyon", 45.7640, 4.8357, _codes("690", 1, 9),
             ("part-dieu station", "place bellecour", "vieux lyon")),
        City("Marseille", 43.2965, 5.3698, _codes("130", 1, 16),
             ("the vieux port", "gare saint-charles", "notre-dame de la garde")),
        City("Toulouse", 43.6047, 1.4442, ("31000", "31100", "31200", "31300", "31400", "31500"),
             ("place du capitole", "matabiau station", "the canal du midi")),
        City("Bordeaux", 44.8378, -0.5792, ("33000", "33100", "33200", "33300", "33800"),
             ("place de la bourse", "gare saint-jean", "the quais")),
        City("Lille", 50.6292, 3.0573, ("59000", "59160", "59260", "59800"),
             ("the grand place", "lille flandres", "the citadelle")),
        City("Nantes", 47.2184, -1.5536, ("44000", "44100", "44200", "44300"),
             ("the château des ducs", "île de nantes", "gare de nantes")),
        City("Strasbourg", 48.5734, 7.7521, ("67000", "67100", "67200"),
             ("the cathedral", "petite france", "place kléber")),
    ),
    vocab={
        "rail": ("sncf", "tgv", "ter"),
        "supermarket": ("monoprix", "carrefour", "franprix", "lidl"),
        "transit": ("metro", "rer", "tram", "bus"),
        "transit_card": ("navigo pass", "transport pass"),
        "team": ("psg", "om", "ol", "les bleus"),
        "pay_app": ("lydia", "paylib"),
    },
)

_BE_DUTCH_STREETS = (
    "Meir", "Kerkstraat", "Stationsstraat", "Veldstraat", "Korenmarkt", "Nationalestraat",
    "Kouter", "Lange Nieuwstraat", "Dorpstraat", "Sint-Pietersnieuwstraat",
)

_BE = Country(
    code="BE",
    languages=("fr", "nl"),
    name="Belgium",
    first_names=(
        "Lotte", "Emma", "Louise", "Marie", "Elise", "Fien", "Sofie", "Charlotte", "Juliette",
        "Nina", "Noor", "Lien", "Hanne", "Céline", "Wout", "Arthur", "Lars", "Jules", "Maxime",
        "Thibault", "Pieter", "Jonas", "Bram", "Kobe", "Arnaud", "Olivier", "Mathis", "Victor",
        "Senne", "Ruben",
    ),
    last_names=(
        "Peeters", "Janssens", "Maes", "Jacobs", "Mertens", "Willems", "Claes", "Goossens",
        "Wouters", "De Smet", "Dubois", "Lambert", "Dupont", "Vermeulen", "Van den Bossche",
        "Hermans", "Leclercq", "Lemaire", "Renard", "Declercq", "Michiels", "Van Damme",
        "Coppens", "Verstraeten", "Pauwels", "Hendrickx", "De Clercq", "Timmermans",
        "Lejeune", "Dumont",
    ),
    streets=(
        "rue Neuve", "avenue Louise", "rue de la Loi", "chaussée de Wavre", "rue Haute",
        "boulevard Anspach", "rue du Midi", "avenue de Tervueren", "rue Royale",
        "rue de l'Église",
    ),
    email_domains=("gmail.com", "telenet.be", "skynet.be", "hotmail.be", "proximus.be"),
    cities=(
        City("Bruxelles", 50.8503, 4.3517, ("1000", "1030", "1040", "1050", "1060", "1080"),
             ("the grand-place", "gare centrale", "the atomium", "flagey")),
        City("Antwerpen", 51.2194, 4.4025, ("2000", "2018", "2060", "2140"),
             ("antwerpen-centraal", "the groenplaats", "het eilandje"),
             streets=_BE_DUTCH_STREETS),
        City("Gent", 51.0543, 3.7174, ("9000", "9030", "9040", "9050"),
             ("gent-sint-pieters", "the korenmarkt", "the gravensteen"),
             streets=_BE_DUTCH_STREETS),
        City("Liège", 50.6326, 5.5797, ("4000", "4020", "4030"),
             ("liège-guillemins", "place saint-lambert", "the carré")),
    ),
    vocab={
        "rail": ("sncb", "nmbs", "ic"),
        "supermarket": ("delhaize", "colruyt", "carrefour", "aldi"),
        "transit": ("tram", "metro", "bus"),
        "transit_card": ("mobib card",),
        "team": ("anderlecht", "club brugge", "standard", "the red devils"),
        "pay_app": ("payconiq",),
    },
)

_NL = Country(
    code="NL",
    languages=("nl",),
    name="Netherlands",
    first_names=(
        "Sanne", "Lisa", "Anne", "Femke", "Eva", "Iris", "Lotte", "Fleur", "Sophie", "Julia",
        "Noa", "Marloes", "Esther", "Anouk", "Daan", "Sem", "Lucas", "Bram", "Jesse", "Thijs",
        "Ruben", "Stijn", "Joris", "Niels", "Koen", "Sander", "Pim", "Tim", "Maarten", "Wouter",
    ),
    last_names=(
        "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen",
        "Visser", "Smit", "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters",
        "Hendriks", "van Leeuwen", "Dekker", "Brouwer", "de Wit", "Dijkstra", "Smits",
        "de Graaf", "van der Meer", "Kok", "Vermeer", "van den Broek", "Postma", "Kuipers",
    ),
    streets=(
        "Kerkstraat", "Prinsengracht", "Keizersgracht", "Herengracht", "Dorpsstraat",
        "Stationsweg", "Molenstraat", "Schoolstraat", "Nieuwstraat", "Julianastraat",
        "Wilhelminastraat", "Oranjestraat", "Marktstraat", "Oudegracht", "Vondelstraat",
        "Beukenlaan", "Kalverstraat", "Witte de Withstraat", "Lange Voorhout", "Emmastraat",
    ),
    email_domains=("gmail.com", "ziggo.nl", "kpnmail.nl", "hotmail.nl", "outlook.com"),
    cities=(
        City("Amsterdam", 52.3676, 4.9041,
             ("1011", "1012", "1015", "1016", "1017", "1052", "1054", "1071", "1072", "1091"),
             ("centraal station", "the vondelpark", "the rijksmuseum", "de pijp")),
        City("Rotterdam", 51.9244, 4.4777, ("3011", "3012", "3014", "3015", "3021", "3071"),
             ("rotterdam centraal", "the markthal", "the erasmusbrug")),
        City("Utrecht", 52.0907, 5.1214, ("3511", "3512", "3513", "3514", "3521", "3581"),
             ("utrecht centraal", "the dom tower", "the oudegracht")),
        City("Den Haag", 52.0705, 4.3007, ("2511", "2512", "2513", "2514", "2517", "2582"),
             ("den haag centraal", "scheveningen beach", "the binnenhof")),
        City("Eindhoven", 51.4416, 5.4697, ("5611", "5612", "5613", "5616", "5622"),
             ("strijp-s", "eindhoven centraal", "the philips stadion")),
    ),
    vocab={
        "rail": ("ns", "intercity", "sprinter"),
        "supermarket": ("albert heijn", "jumbo", "lidl", "the ah"),
        "transit": ("tram", "metro", "bus", "ferry"),
        "transit_card": ("ov-chipkaart",),
        "team": ("ajax", "feyenoord", "psv", "oranje"),
        "pay_app": ("tikkie",),
    },
)

_DE = Country(
    code="DE",
    languages=("de",),
    name="Germany",
    first_names=(
        "Lena", "Anna", "Laura", "Lea", "Julia", "Sarah", "Katharina", "Johanna", "Hannah",
        "Sophie", "Marie", "Mia", "Sabine", "Lukas", "Leon", "Jonas", "Finn", "Paul", "Felix",
        "Maximilian", "Tobias", "Jan", "Niklas", "Tim", "Florian", "Sebastian", "Stefan",
        "Michael", "Andreas", "Jürgen",
    ),
    last_names=(
        "Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
        "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
        "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
        "Hartmann", "Lange", "Schmitt", "Werner", "Krause", "Meier", "Lehmann",
    ),
    streets=(
        "Hauptstraße", "Bahnhofstraße", "Schulstraße", "Gartenstraße", "Dorfstraße",
        "Goethestraße", "Schillerstraße", "Lindenstraße", "Kirchstraße", "Bergstraße",
        "Friedrichstraße", "Kastanienallee", "Berliner Straße", "Mozartstraße", "Waldstraße",
        "Rosenweg", "Am Markt", "Ringstraße", "Parkstraße", "Wiesenweg",
    ),
    email_domains=("gmail.com", "web.de", "gmx.de", "t-online.de", "posteo.de"),
    cities=(
        City("Berlin", 52.5200, 13.4050,
             ("10115", "10117", "10178", "10243", "10245", "10405", "10437", "10551", "10785",
              "10997", "12043", "12047"),
             ("alexanderplatz", "the brandenburg gate", "the hauptbahnhof", "tempelhofer feld")),
        City("München", 48.1351, 11.5820,
             ("80331", "80333", "80469", "80539", "80636", "80796", "81541", "81667"),
             ("marienplatz", "the englischer garten", "the hauptbahnhof")),
        City("Hamburg", 53.5511, 9.9937,
             ("20095", "20099", "20144", "20249", "20257", "20354", "22765", "22767"),
             ("the elbphilharmonie", "the landungsbrücken", "sternschanze")),
        City("Köln", 50.9375, 6.9603,
             ("50667", "50668", "50672", "50674", "50676", "50733", "50823"),
             ("the dom", "köln hbf", "the rheinauhafen")),
        City("Frankfurt am Main", 50.1109, 8.6821,
             ("60306", "60311", "60313", "60316", "60318", "60322", "60385", "60594"),
             ("the römer", "frankfurt hbf", "sachsenhausen")),
    ),
    vocab={
        "rail": ("db", "ice", "regionalbahn"),
        "supermarket": ("rewe", "edeka", "aldi", "lidl"),
        "transit": ("s-bahn", "u-bahn", "tram", "bus"),
        "transit_card": ("deutschlandticket",),
        "team": ("bayern", "bvb", "hsv", "st. pauli", "union"),
        "pay_app": ("paypal",),
    },
)

_AT = Country(
    code="AT",
    languages=("de",),
    name="Austria",
    first_names=(
        "Anna", "Sophie", "Marie", "Lena", "Laura", "Katharina", "Magdalena", "Theresa",
        "Valentina", "Elisabeth", "Ulrike", "Veronika", "Lukas", "Tobias", "David", "Florian",
        "Jakob", "Maximilian", "Elias", "Fabian", "Simon", "Matthias", "Stefan", "Christoph",
        "Markus", "Andreas", "Bernhard", "Johannes", "Georg", "Clemens",
    ),
    last_names=(
        "Gruber", "Huber", "Bauer", "Wagner", "Müller", "Pichler", "Steiner", "Moser", "Mayer",
        "Hofer", "Leitner", "Berger", "Fuchs", "Eder", "Fischer", "Schmid", "Winkler", "Weber",
        "Schwarz", "Maier", "Schneider", "Reiter", "Mayr", "Wimmer", "Egger", "Brunner", "Lang",
        "Baumgartner", "Auer", "Aigner",
    ),
    streets=(
        "Mariahilfer Straße", "Hauptstraße", "Landstraßer Hauptstraße", "Kärntner Straße",
        "Bahnhofstraße", "Schulgasse", "Kirchengasse", "Neubaugasse", "Favoritenstraße",
        "Herrengasse", "Annenstraße", "Linzer Gasse", "Wiedner Hauptstraße",
        "Lerchenfelder Straße", "Josefstädter Straße",
    ),
    email_domains=("gmx.at", "gmail.com", "aon.at", "chello.at"),
    cities=(
        City("Wien", 48.2082, 16.3738,
             ("1010", "1020", "1030", "1040", "1050", "1060", "1070", "1080", "1090", "1150"),
             ("stephansplatz", "the naschmarkt", "the prater", "westbahnhof")),
        City("Graz", 47.0707, 15.4395, ("8010", "8020", "8036", "8041", "8045"),
             ("the schlossberg", "graz hbf", "jakominiplatz")),
        City("Salzburg", 47.8095, 13.0550, ("5020",),
             ("the getreidegasse", "the mirabell gardens", "salzburg hbf")),
    ),
    vocab={
        "rail": ("öbb", "railjet", "westbahn"),
        "supermarket": ("billa", "spar", "hofer", "merkur"),
        "transit": ("u-bahn", "bim", "tram", "bus"),
        "transit_card": ("klimaticket",),
        "team": ("rapid", "austria wien", "sturm graz", "salzburg"),
        "pay_app": ("paypal",),
    },
)

_CH = Country(
    code="CH",
    languages=("de",),
    name="Switzerland",
    first_names=(
        "Mia", "Emma", "Lara", "Lea", "Laura", "Nina", "Sara", "Chiara", "Anja", "Lina",
        "Sandra", "Corinne", "Noah", "Luca", "Leon", "Jan", "Nico", "Levin", "Elias", "Lukas",
        "Simon", "Fabian", "Reto", "Beat", "Urs", "Marco", "Andrea", "Daniel", "Christian",
        "Yannick",
    ),
    last_names=(
        "Müller", "Meier", "Schmid", "Keller", "Weber", "Huber", "Schneider", "Meyer",
        "Steiner", "Fischer", "Gerber", "Brunner", "Baumann", "Frei", "Zimmermann", "Moser",
        "Widmer", "Wyss", "Graf", "Roth", "Kälin", "Bachmann", "Suter", "Bühler", "Hofer",
        "Kunz", "Lüthi", "Marti", "Sutter", "Egli",
    ),
    streets=(
        "Bahnhofstrasse", "Hauptstrasse", "Dorfstrasse", "Kirchweg", "Seestrasse",
        "Schulhausstrasse", "Langstrasse", "Marktgasse", "Spitalgasse", "Freie Strasse",
        "Gerechtigkeitsgasse", "Badenerstrasse", "Rosenweg", "Gartenstrasse", "Birkenweg",
    ),
    email_domains=("bluewin.ch", "gmx.ch", "gmail.com", "sunrise.ch"),
    cities=(
        City("Zürich", 47.3769, 8.5417,
             ("8001", "8003", "8004", "8005", "8006", "8008", "8032", "8037", "8045"),
             ("zürich hb", "the bellevue", "the lake promenade")),
        City("Bern", 46.9480, 7.4474, ("3005", "3007", "3011", "3012", "3013", "3014"),
             ("the zytglogge", "bern bahnhof", "the bärengraben")),
        City("Basel", 47.5596, 7.5886, ("4001", "4051", "4052", "4053", "4055", "4056", "4057"),
             ("basel sbb", "the marktplatz", "the rhine promenade")),
    ),
    vocab={
        "rail": ("sbb", "ic", "s-bahn"),
        "supermarket": ("migros", "coop", "denner", "lidl"),
        "transit": ("tram", "s-bahn", "bus", "postauto"),
        "transit_card": ("ga", "halbtax"),
        "team": ("fc basel", "yb", "fcz", "the nati"),
        "pay_app": ("twint",),
    },
)

_GB = Country(
    code="GB",
    name="United Kingdom",
    first_names=(
        "Olivia", "Amelia", "Isla", "Ava", "Emily", "Sophie", "Grace", "Charlotte", "Lucy",
        "Hannah", "Chloe", "Sarah", "Jessica", "Rebecca", "Priya", "Oliver", "George", "Harry",
        "Jack", "Charlie", "Thomas", "James", "William", "Alfie", "Daniel", "Samuel", "Joshua",
        "Matthew", "Callum", "Rhys",
    ),
    last_names=(
        "Smith", "Jones", "Taylor", "Brown", "Williams", "Wilson", "Johnson", "Davies",
        "Robinson", "Wright", "Thompson", "Evans", "Walker", "White", "Roberts", "Green",
        "Hall", "Wood", "Jackson", "Clarke", "Patel", "Hughes", "Edwards", "Turner", "Harris",
        "Martin", "Cooper", "Hill", "Ward", "Campbell",
    ),
    streets=(
        "High Street", "Station Road", "Church Lane", "Victoria Road", "Green Lane",
        "Manor Road", "Church Street", "Park Road", "Queens Road", "Baker Street", "Mill Lane",
        "Kings Road", "London Road", "Albert Road", "York Road", "Grove Road", "New Street",
        "North Street", "The Crescent", "Chapel Street",
    ),
    email_domains=("gmail.com", "btinternet.com", "hotmail.co.uk", "yahoo.co.uk", "outlook.com"),
    # area_codes: Ofcom's ranges reserved for drama (e.g. 020 7946 0xxx), so landlines are fictional.
    cities=(
        City("London", 51.5074, -0.1278,
             ("NW1", "N1", "E1", "E8", "SE1", "SW11", "W1D", "EC1V", "WC1H", "N16", "SE15"),
             ("kings cross", "the british museum", "camden market", "canary wharf",
              "oxford circus"), area_codes=("20 7946",)),
        City("Manchester", 53.4808, -2.2426, ("M1", "M4", "M13", "M14", "M15", "M20"),
             ("piccadilly station", "the northern quarter", "old trafford", "deansgate"),
             area_codes=("161 496",)),
        City("Birmingham", 52.4862, -1.8904, ("B1", "B5", "B13", "B15", "B29"),
             ("new street station", "the bullring", "digbeth"), area_codes=("121 496",)),
        City("Edinburgh", 55.9533, -3.1883, ("EH1", "EH3", "EH6", "EH9", "EH10"),
             ("waverley station", "the royal mile", "arthur's seat"), area_codes=("131 496",)),
        City("Glasgow", 55.8642, -4.2518, ("G1", "G2", "G3", "G11", "G12"),
             ("glasgow central", "buchanan street", "the west end"), area_codes=("141 496",)),
        City("Bristol", 51.4545, -2.5879, ("BS1", "BS2", "BS6", "BS8"),
             ("temple meads", "the harbourside", "the clifton suspension bridge"),
             area_codes=("117 496",)),
        City("Leeds", 53.8008, -1.5491, ("LS1", "LS2", "LS6", "LS7"),
             ("leeds station", "kirkgate market", "headingley"), area_codes=("113 496",)),
    ),
    vocab={
        "rail": ("avanti", "lner", "southern", "national rail"),
        "supermarket": ("tesco", "sainsbury's", "aldi", "the co-op", "m&s"),
        "transit": ("tube", "overground", "bus", "tram"),
        "transit_card": ("oyster", "railcard"),
        "team": ("arsenal", "spurs", "man united", "city", "celtic", "villa"),
        "pay_app": ("monzo",),
        "tea": ("yorkshire", "pg tips", "twinings"),
    },
)

_IE = Country(
    code="IE",
    name="Ireland",
    first_names=(
        "Aoife", "Ciara", "Niamh", "Saoirse", "Sinéad", "Róisín", "Orla", "Caoimhe", "Emma",
        "Sarah", "Grace", "Aisling", "Clodagh", "Siobhán", "Seán", "Conor", "Cian", "Darragh",
        "Oisín", "Liam", "Jack", "Ciarán", "Eoin", "Niall", "Patrick", "Declan", "Fionn",
        "Padraig", "Ronan", "Brian",
    ),
    last_names=(
        "Murphy", "Kelly", "O'Sullivan", "Walsh", "Smith", "O'Brien", "Byrne", "Ryan",
        "O'Connor", "O'Neill", "O'Reilly", "Doyle", "McCarthy", "Gallagher", "O'Doherty",
        "Kennedy", "Lynch", "Murray", "Quinn", "Moore", "McLoughlin", "O'Carroll", "Connolly",
        "Daly", "O'Connell", "Brennan", "Burke", "Collins", "Fitzgerald", "Kavanagh",
    ),
    streets=(
        "Main Street", "Church Street", "Grafton Street", "O'Connell Street", "Dorset Street",
        "Patrick Street", "Shop Street", "Capel Street", "Thomas Street", "Parnell Street",
        "Bridge Street", "Mary Street", "Henry Street", "Abbey Street", "Castle Street",
    ),
    email_domains=("gmail.com", "eircom.net", "hotmail.com", "outlook.ie"),
    cities=(
        City("Dublin", 53.3498, -6.2603, ("D01", "D02", "D04", "D06", "D07", "D08"),
             ("heuston station", "trinity college", "temple bar", "st stephen's green")),
        City("Cork", 51.8985, -8.4756, ("T12", "T23"),
             ("kent station", "the english market", "patrick's hill")),
        City("Galway", 53.2707, -9.0568, ("H91",),
             ("eyre square", "the salthill prom", "the latin quarter")),
        City("Limerick", 52.6638, -8.6267, ("V94",),
             ("colbert station", "king john's castle", "the milk market")),
    ),
    vocab={
        "rail": ("irish rail", "the dart", "the intercity"),
        "supermarket": ("tesco", "dunnes", "lidl", "centra", "supervalu"),
        "transit": ("luas", "dart", "bus"),
        "transit_card": ("leap card",),
        "team": ("leinster", "munster", "shamrock rovers", "the dubs"),
        "pay_app": ("revolut",),
        "tea": ("barry's", "lyons"),
    },
)

_US = Country(
    code="US",
    name="United States",
    first_names=(
        "Emma", "Olivia", "Ava", "Sophia", "Isabella", "Mia", "Abigail", "Madison", "Emily",
        "Ashley", "Jessica", "Jennifer", "Megan", "Mei", "Priya", "Michael", "Christopher",
        "Matthew", "Joshua", "Andrew", "Daniel", "Tyler", "Ryan", "Brandon", "Justin", "Kevin",
        "Jose", "Carlos", "DeShawn", "Marcus",
    ),
    last_names=(
        "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis",
        "Rodriguez", "Martinez", "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson",
        "Thomas", "Taylor", "Moore", "Jackson", "Martin", "Lee", "Perez", "Thompson", "White",
        "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Nguyen",
    ),
    streets=(
        "Main Street", "Oak Street", "Maple Avenue", "Washington Street", "Park Avenue",
        "Elm Street", "Lake Street", "Pine Street", "Cedar Lane", "Hill Street", "2nd Avenue",
        "5th Street", "Broadway", "Madison Avenue", "Lincoln Avenue", "Jefferson Street",
        "Church Street", "Highland Avenue", "Franklin Street", "Walnut Street",
    ),
    email_domains=("gmail.com", "yahoo.com", "outlook.com", "icloud.com", "aol.com"),
    cities=(
        City("New York", 40.7128, -74.0060,
             ("10001", "10002", "10003", "10009", "10011", "10012", "10014", "10016", "10019",
              "10023", "10025", "10028"),
             ("penn station", "grand central", "central park", "times square"),
             admin="NY", area_codes=("212", "646", "917", "718")),
        City("Chicago", 41.8781, -87.6298,
             ("60601", "60605", "60607", "60610", "60614", "60616", "60622", "60647"),
             ("union station", "wrigley field", "millennium park", "the loop"),
             admin="IL", area_codes=("312", "773", "872")),
        City("Boston", 42.3601, -71.0589,
             ("02108", "02110", "02115", "02116", "02118", "02127", "02130"),
             ("south station", "fenway park", "the common"), admin="MA",
             area_codes=("617", "857")),
        City("San Francisco", 37.7749, -122.4194,
             ("94102", "94103", "94107", "94109", "94110", "94114", "94117", "94122"),
             ("the ferry building", "golden gate park", "the mission"), admin="CA",
             area_codes=("415", "628")),
        City("Seattle", 47.6062, -122.3321,
             ("98101", "98102", "98103", "98105", "98107", "98109", "98112", "98122"),
             ("pike place market", "the space needle", "capitol hill"), admin="WA",
             area_codes=("206",)),
        City("Los Angeles", 34.0522, -118.2437,
             ("90004", "90012", "90026", "90028", "90036", "90039", "90046"),
             ("union station", "the santa monica pier", "griffith observatory"), admin="CA",
             area_codes=("213", "323", "310")),
        City("Austin", 30.2672, -97.7431,
             ("78701", "78702", "78703", "78704", "78705", "78745", "78751"),
             ("zilker park", "6th street", "the capitol"), admin="TX",
             area_codes=("512", "737")),
    ),
    vocab={
        "rail": ("amtrak", "the commuter rail"),
        "supermarket": ("trader joe's", "whole foods", "costco", "target", "kroger"),
        "transit": ("subway", "bus", "light rail"),
        "transit_card": ("e-zpass", "transit card"),
        "team": ("yankees", "cubs", "red sox", "giants", "mets", "dodgers"),
        "pay_app": ("venmo", "zelle"),
        "coffee": ("starbucks", "dunkin", "peet's"),
    },
)

_CA = Country(
    code="CA",
    name="Canada",
    first_names=(
        "Olivia", "Emma", "Charlotte", "Amelia", "Ava", "Chloé", "Léa", "Sophie", "Maya",
        "Hannah", "Madison", "Zoe", "Harpreet", "Liam", "Noah", "William", "Benjamin", "Lucas",
        "Ethan", "Logan", "Jacob", "Nathan", "Gabriel", "Samuel", "Félix", "Justin", "Connor",
        "Owen", "Raj", "Mathieu",
    ),
    last_names=(
        "Smith", "Brown", "Tremblay", "Martin", "Roy", "Wilson", "MacDonald", "Gagnon",
        "Johnson", "Taylor", "Côté", "Campbell", "Anderson", "Leblanc", "Lee", "Gauthier",
        "White", "Morin", "Thompson", "Young", "Wong", "Bouchard", "Singh", "Patel", "Lavoie",
        "Fortin", "Clarke", "Kelly", "Chen", "Pelletier",
    ),
    streets=(
        "Main Street", "King Street", "Queen Street", "Church Street", "Maple Avenue",
        "Elm Street", "Park Avenue", "Victoria Street",
    ),
    email_domains=("gmail.com", "rogers.com", "shaw.ca", "sympatico.ca", "outlook.com"),
    cities=(
        City("Toronto", 43.6532, -79.3832,
             ("M4C", "M4Y", "M5A", "M5H", "M5R", "M5V", "M6G", "M6J", "M6K"),
             ("union station", "the cn tower", "kensington market"), admin="ON",
             area_codes=("416", "647", "437"),
             streets=("Queen Street West", "King Street East", "Yonge Street",
                      "Bloor Street West", "Dundas Street West", "Spadina Avenue",
                      "College Street")),
        City("Montréal", 45.5019, -73.5674, ("H2J", "H2T", "H2W", "H2X", "H3A", "H3B", "H3H"),
             ("the old port", "mont royal", "gare centrale"), admin="QC",
             area_codes=("514", "438"),
             streets=("rue Sainte-Catherine Ouest", "rue Saint-Denis", "boulevard Saint-Laurent",
                      "avenue du Mont-Royal Est", "rue Sherbrooke Est")),
        City("Vancouver", 49.2827, -123.1207, ("V5L", "V5N", "V6A", "V6B", "V6E", "V6G", "V6K"),
             ("stanley park", "waterfront station", "granville island"), admin="BC",
             area_codes=("604", "778"),
             streets=("Granville Street", "Robson Street", "Main Street", "Commercial Drive",
                      "West Broadway", "Davie Street")),
        City("Ottawa", 45.4215, -75.6972, ("K1N", "K1P", "K1R", "K1S", "K2P"),
             ("parliament hill", "the byward market", "lansdowne"), admin="ON",
             area_codes=("613", "343"),
             streets=("Bank Street", "Elgin Street", "Rideau Street", "Somerset Street West",
                      "Wellington Street")),
        City("Calgary", 51.0447, -114.0719, ("T2P", "T2R", "T2S", "T2T", "T3C"),
             ("the stampede grounds", "the calgary tower", "kensington"), admin="AB",
             area_codes=("403", "587"),
             streets=("17 Avenue SW", "Macleod Trail SE", "4 Street SW", "Centre Street N",
                      "Kensington Road NW")),
    ),
    vocab={
        "rail": ("via rail", "the go train"),
        "supermarket": ("loblaws", "no frills", "metro", "costco", "sobeys"),
        "transit": ("ttc", "streetcar", "subway", "skytrain", "bus"),
        "transit_card": ("presto card", "compass card"),
        "team": ("leafs", "habs", "canucks", "blue jays", "raptors", "flames"),
        "pay_app": ("e-transfer",),
        "coffee": ("tim hortons", "timmies", "starbucks"),
    },
)

COUNTRIES: Mapping[str, Country] = MappingProxyType(
    {c.code: c for c in (_FR, _BE, _NL, _DE, _AT, _CH, _GB, _IE, _US, _CA)}
)
