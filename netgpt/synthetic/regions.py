"""Regions: groups of real countries whose users share habits and vocabulary.

Personalization per cohort only has something to learn if users of one region write
alike and differently from other regions. So each region carries its own message
templates, vocabulary (food, sport, times written the local way, sign-offs...) and
pool of recurring habits; the countries inside a region add their own brands
(rail operator, supermarket, teams) through `Country.vocab`.

Templates are `str.format` strings; the slot names are resolved by `slots.py`.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from netgpt.synthetic.countries import COUNTRIES, City, Country


@dataclass(frozen=True)
class Region:
    name: str
    description: str
    countries: tuple[str, ...]
    vocab: Mapping[str, tuple[str, ...]]
    habits: tuple[str, ...]
    templates: tuple[str, ...]

    def cities(self) -> list[tuple[Country, City]]:
        return [(COUNTRIES[code], city) for code in self.countries for city in COUNTRIES[code].cities]


_EUROPE_WEST = Region(
    name="europe-west",
    description="France, Belgium and the Netherlands: trains, bakeries, cycling, apéro.",
    countries=("FR", "BE", "NL"),
    vocab={
        "food": ("crêpes", "moules frites", "croque monsieurs", "falafel", "frites", "cheese",
                 "stroopwafels", "quiche", "galettes", "bitterballen"),
        "drink": ("a bottle of rosé", "pastis", "a kir", "a belgian beer", "a glass of wine",
                  "a pression"),
        "music": ("french rap", "chanson", "electro", "jazz", "stromae", "indie pop"),
        "sport": ("cycling", "tennis", "football", "running", "swimming"),
        "cuisine": ("vietnamese", "italian", "lebanese", "indonesian", "moroccan", "japanese"),
        "transport": ("bike", "train", "tram", "metro"),
        "bread": ("a baguette", "croissants", "pain au chocolat", "a tradition",
                  "a sourdough loaf"),
        "time": ("18h", "19h30", "20:00", "12:30", "8h", "21h", "13h", "17:45"),
        "signoff": ("merci", "thx", "stp", "bedankt", "svp", "bisous"),
    },
    habits=("cycling to work", "the flea market", "apéro with the neighbours",
            "swimming at the piscine", "tennis at the club", "the farmers market"),
    templates=(
        "book a table for {n} at the brasserie near {landmark} {when} around {time}",
        "remind me to grab {bread} at the boulangerie before the {time} train",
        "what's the fastest way by bike from {home} to {landmark}?",
        "apéro at {contact_first}'s place {when} at {time}, the address is {address_full}",
        "text {contact} on {contact_phone} that my {rail} train is delayed again",
        "i'm at {gps} any good {food} nearby?",
        "is there a {rail} strike {when}? i need to be in {other_city} by {time}",
        "remind me to call {contact} at {contact_phone} about the apéro on {day}",
        "where can i lock my bike near {landmark} without it getting stolen",
        "send the photos from the market to {contact_email} please",
        "how long is the train from {city} to {other_city} on {day} morning?",
        "find a {cuisine} place near {home} for {day} night, table for {n}",
        "what time does the market close on {day}?",
        "my bike has a flat tyre, is there a repair shop near {address}?",
        "tell {contact_first} the cheese and wine for the apéro are on me",
        "add {food} and {drink} to the list for the apéro {when}",
        "book two {rail} tickets from {city} to {other_city} {when}, pay with {card}",
        "is it going to rain {when}? thinking of cycling to work",
        "email the lease for {home_full} to {contact_email}",
        "remind me the boulangerie on {address} is closed on {day}s",
        "top up my {transit_card} and check the {transit} times to {landmark}",
        "pay {contact_first} back on {pay_app} for the {food} last night",
    ),
)

_UK_IRELAND = Region(
    name="uk-ireland",
    description="Great Britain and Ireland: the tube, football, pub quiz, tea.",
    countries=("GB", "IE"),
    vocab={
        "food": ("fish and chips", "curry", "sausage rolls", "kebabs", "scones", "bacon butties",
                 "pies", "crumpets", "chips", "jacket potatoes"),
        "drink": ("a pint", "a cuppa", "cider", "a gin and tonic", "a bottle of prosecco",
                  "a guinness"),
        "music": ("britpop", "grime", "indie", "drum and bass", "trad music", "80s pop"),
        "sport": ("football", "rugby", "cricket", "darts", "snooker", "gaelic football"),
        "cuisine": ("indian", "thai", "chinese", "italian", "turkish", "chippy"),
        "transport": ("tube", "bus", "train", "bike", "walking"),
        "pub": ("the red lion", "the crown", "the king's head", "the swan", "the white hart",
                "the royal oak", "the plough"),
        "time": ("7pm", "half 6", "8ish", "6.30pm", "noon", "half 7", "9am", "5pm"),
        "signoff": ("cheers", "ta", "cheers mate", "thanks a mil", "lovely", "x"),
    },
    habits=("the pub quiz", "parkrun", "five-a-side", "the roast at my mum's",
            "darts night", "the school run"),
    templates=(
        "whats the fastest way from {home} to {landmark}",
        "is the {transit} running {when} or are there engineering works again",
        "remind me to call {contact} at {contact_phone} {when} about the pub quiz",
        "pub quiz at {pub} on {day} at {time}, tell {contact_first} to bring {other_contact}",
        "what time is the {team} match on {day}? need a pub that's showing it",
        "remind me to get {tea} teabags and milk from {supermarket}",
        "text {contact_first} on {contact_phone} that i'm stuck on the {transit}, be there in 20",
        "any decent {food} near {gps}?",
        "book a table for sunday roast at {pub} for {n} of us",
        "send the footie tickets to {contact_email}",
        "parcel for {contact} needs to go to {address_full} by friday",
        "how much is an off-peak return from {city} to {other_city}?",
        "top up my {transit_card} with {card}",
        "is it going to chuck it down {when}? deciding whether to walk to {landmark}",
        "fancy a pint after work on {day}? ask {contact_first} too",
        "remind me to put the bins out {when}",
        "where's the nearest {supermarket} to {home}?",
        "get {cuisine} takeaway delivered to {home_full} for {time}",
        "bank holiday plans with {contact}, check {rail} trains to {other_city}",
        "find a five-a-side pitch near {landmark} for {day} at {time}",
        "put the kettle on and find me a cosy pub near {landmark} for {drink}",
        "send {contact_first} the money on {pay_app} for the quiz team",
    ),
)

_NORTH_AMERICA = Region(
    name="north-america",
    description="United States and Canada: commuting by car, baseball, brunch, thanksgiving.",
    countries=("US", "CA"),
    vocab={
        "food": ("tacos", "burgers", "bagels", "pancakes", "wings", "bbq", "breakfast burritos",
                 "poutine", "avocado toast", "donuts"),
        "drink": ("an iced coffee", "a craft beer", "a margarita", "a smoothie", "a cold brew",
                  "a six pack"),
        "music": ("country", "hip hop", "classic rock", "pop", "r&b", "podcasts"),
        "sport": ("baseball", "basketball", "hockey", "football", "softball", "pickleball"),
        "cuisine": ("mexican", "thai", "korean bbq", "italian", "vietnamese", "diner"),
        "transport": ("car", "suv", "uber", "subway", "bike"),
        "highway": ("the freeway", "the highway", "the interstate", "the expressway",
                    "the bridge"),
        "time": ("7pm", "7:30 pm", "noon", "8 am", "6:15 pm", "9:30 am", "5pm", "10am"),
        "signoff": ("thx", "ty", "lol", "asap", "thanks!", "k thx"),
    },
    habits=("spin class", "little league practice", "the costco run", "brunch club",
            "hot yoga", "game night"),
    templates=(
        "whats traffic like from {home} to {landmark} right now",
        "remind me to get gas before my commute {when}",
        "brunch with {contact_first} on {day} at {time}, find a spot near {address}",
        "text {contact} at {contact_phone} that i'm stuck on {highway} and running late",
        "what time does the {team} game start {when}? want to catch it at a sports bar",
        "any good {food} near {gps}? drive-thru is fine",
        "order a pumpkin pie for thanksgiving and have it delivered to {home_full}",
        "email the thanksgiving guest list to {contact_email}",
        "where can i park near {landmark} that isn't crazy expensive",
        "call {contact_first} at {contact_phone} about carpooling on {day}",
        "pay the parking ticket online with {card}",
        "book a brunch table for {n} near {landmark} {when}",
        "how long is the drive from {city} to {other_city} with traffic",
        "remind me to pick up groceries at {supermarket} on the way home",
        "tell {contact} the tailgate is at {address} on {day} at {time}",
        "is it gonna snow {when}? need to know if i should take the car",
        "find a car wash near {address} that's open on {day}",
        "send {contact_first} the money on {pay_app} for the {team} tickets",
        "grab me {drink} at {coffee} on the way, usual order",
        "schedule an oil change for {day} at {time} and confirm with {contact_email}",
        "whats a good brunch spot with {food} near {home}?",
        "remind me the car registration renewal is due {when}",
    ),
)

_EUROPE_CENTRAL = Region(
    name="europe-central",
    description="Germany, Austria and Switzerland: biergarten, s-bahn, hiking, pfand.",
    countries=("DE", "AT", "CH"),
    vocab={
        "food": ("schnitzel", "currywurst", "döner", "käsespätzle", "rösti", "apfelstrudel",
                 "weisswurst", "fondue", "leberkäse", "flammkuchen"),
        "drink": ("a radler", "a weissbier", "a spritzer", "apfelschorle", "a glühwein",
                  "a helles"),
        "music": ("techno", "schlager", "jazz", "classical", "indie", "austropop"),
        "sport": ("hiking", "skiing", "football", "handball", "climbing", "cycling"),
        "cuisine": ("italian", "vietnamese", "turkish", "greek", "indian", "swabian"),
        "transport": ("s-bahn", "tram", "u-bahn", "bike", "train"),
        "bread": ("a brezel", "semmeln", "vollkornbrot", "brötchen", "a laugenstange"),
        "mountain": ("the alps", "the zugspitze", "the uetliberg", "the kahlenberg",
                     "the feldberg"),
        "time": ("18:00", "19:30", "7 uhr", "20:15", "12:00", "17:30", "8:45", "13:00"),
        "signoff": ("danke", "thx", "bitte", "merci", "lg", "servus"),
    },
    habits=("the sauna", "the stammtisch", "the hiking group", "the evening walk",
            "choir practice", "the after-work beer"),
    templates=(
        "feierabend beer at the biergarten near {landmark} {when}?",
        "is the {rail} from {city} to {other_city} on time {when}?",
        "remind me to return the pfand bottles to {supermarket} on {day}",
        "any hiking trails near {mountain} for {when}? check the weather",
        "text {contact} at {contact_phone} that my {transit} is late again",
        "book a table at the biergarten near {home} for {n} on {day}",
        "any good {food} near {gps}? need something quick",
        "shops are closed on sunday, remind me to do groceries at {supermarket} on saturday",
        "christmas market with {contact_first} on {day} at {time}, meet at {landmark}",
        "send the nebenkosten bill for {home_full} to {contact_email}",
        "whats the quickest way by {transit} from {home} to {landmark}",
        "call {contact_first} on {contact_phone} about the hike to {mountain} {when}",
        "buy {bread} and some {food} from the bäckerei on {address}",
        "book {rail} tickets to {other_city} on {day}, pay with {card}",
        "is it ruhezeit already? the neighbours at {address} complained about the noise",
        "remind me to sort the recycling, the yellow bag goes out {when}",
        "kaffee und kuchen at {contact}'s on {day} at {time}",
        "where can i rent skis near {mountain} for {day}",
        "tell {contact_first} the stammtisch moved to {day} at the usual place",
        "package for {contact} needs to go to {address_full}",
        "is my {transit_card} valid on the {transit} to {other_city}?",
        "split the biergarten bill with {contact_first} on {pay_app}",
    ),
)

REGIONS: Mapping[str, Region] = MappingProxyType(
    {r.name: r for r in (_EUROPE_WEST, _UK_IRELAND, _NORTH_AMERICA, _EUROPE_CENTRAL)}
)

# The first region gets two nodes so that a 3-node federation has a shared cohort
# (something to merge per region) and a second region (something to tell apart).
_ORDER: tuple[str, ...] = tuple(REGIONS)


def region_for_node(index: int) -> str:
    """Region of the 1-based `index`-th node: node-1 and node-2 share the first region,
    node-3 onward cycle through the others and back (node-6 is in the first again)."""
    if index < 1:
        raise ValueError(f"node index is 1-based, got {index}")
    if index <= 2:
        return _ORDER[0]
    return _ORDER[(index - 2) % len(_ORDER)]
