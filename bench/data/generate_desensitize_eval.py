"""Generate bench/data/desensitize_eval.jsonl: labeled records for the desensitizer.

Each record is ``{"id", "text", "spans": [{"type", "start", "end", "city"?}], "trap"}``.
Location spans (STREET_ADDRESS, POSTCODE, GPS_COORDINATES) carry the city they
must be generalized to. Trap records hold no personal data at all.

The values are written the way people write them (national and international
phone formats, addresses in each country's own order, several GPS notations),
and were written before the recognizers they test, as a held-out check. The
generator is seeded, so the committed file is reproducible:

    .venv/bin/python bench/data/generate_desensitize_eval.py
"""

from __future__ import annotations

import json
import random
from pathlib import Path

OUTPUT = Path(__file__).with_name("desensitize_eval.jsonl")
SEED = 20261122

# (address, city) in each country's own format.
ADDRESSES = [
    ("221B Baker Street, London NW1 6XE", "London"),
    ("14 Deansgate, Manchester M3 2BA", "Manchester"),
    ("7 Royal Crescent, Bath BA1 2LR", "Bath"),
    ("Flat 3, 27 Princes Street, Edinburgh EH2 2BY", "Edinburgh"),
    ("1600 Pennsylvania Avenue NW, Washington, DC 20500", "Washington"),
    ("742 Evergreen Terrace, Springfield, IL 62704", "Springfield"),
    ("500 Boylston St, Boston, MA 02116", "Boston"),
    ("2211 N 1st Street, San Jose, CA 95131", "San Jose"),
    ("Hauptstraße 5, 10115 Berlin", "Berlin"),
    ("Marienplatz 8, 80331 München", "Munich"),
    ("Königsallee 27, 40212 Düsseldorf", "Düsseldorf"),
    ("Schanzenstraße 12, 20357 Hamburg", "Hamburg"),
    ("12 rue de la Paix, 75002 Paris", "Paris"),
    ("8 place Bellecour, 69002 Lyon", "Lyon"),
    ("45 boulevard de la Croisette, 06400 Cannes", "Cannes"),
    ("3 allée des Tilleuls, 31000 Toulouse", "Toulouse"),
    ("Calle de Alcalá 45, 28014 Madrid", "Madrid"),
    ("C/ Mayor 12, 3º B, 28013 Madrid", "Madrid"),
    ("Passeig de Gràcia 92, 08008 Barcelona", "Barcelona"),
    ("Avenida de la Constitución 20, 41004 Sevilla", "Sevilla"),
    ("Via del Corso 123, 00186 Roma", "Rome"),
    ("Corso Buenos Aires 33, 20124 Milano MI", "Milan"),
    ("Piazza San Carlo 156, 10121 Torino", "Turin"),
    ("Via Toledo 256, 80132 Napoli", "Naples"),
    ("Keizersgracht 123, 1015 CJ Amsterdam", "Amsterdam"),
    ("Coolsingel 40, 3011 AD Rotterdam", "Rotterdam"),
    ("Oudegracht 158, 3511 AZ Utrecht", "Utrecht"),
    ("1-1-2 Oshiage, Sumida-ku, Tokyo 131-0045", "Tokyo"),
    ("2-8-1 Nishi-Shinjuku, Shinjuku-ku, Tokyo 163-8001", "Tokyo"),
    ("1-1 Osakajo, Chuo-ku, Osaka 540-0002", "Osaka"),
    ("Flat 302, Sai Residency, 14th Cross, Indiranagar, Bengaluru, Karnataka 560038", "Bengaluru"),
    ("B-45, Sector 62, Noida, Uttar Pradesh 201309", "Noida"),
    ("12, Linking Road, Bandra West, Mumbai 400050", "Mumbai"),
    ("House No. 14, Lajpat Nagar, New Delhi - 110024", "New Delhi"),
    ("Av. Paulista, 1578 - Bela Vista, São Paulo - SP, 01310-200", "São Paulo"),
    ("Rua Visconde de Pirajá, 330 - Ipanema, Rio de Janeiro - RJ, 22410-002", "Rio de Janeiro"),
    ("Rua das Flores, 85, Curitiba - PR, 80010-020", "Curitiba"),
    ("Level 5, 1 Martin Place, Sydney NSW 2000", "Sydney"),
    ("45 Smith Street, Fitzroy, Melbourne VIC 3065", "Melbourne"),
    ("88 Queen Street, Brisbane QLD 4000", "Brisbane"),
    ("100 Queen Street West, Toronto, ON M5H 2N2", "Toronto"),
    ("1200 Rue Peel, Montréal, QC H3B 2T6", "Montreal"),
    ("789 Robson Street, Vancouver, BC V6Z 1A1", "Vancouver"),
    ("Paseo de la Reforma 222, Juárez, 06600 Ciudad de México, CDMX", "Mexico City"),
    ("Av. Chapultepec 480, Col. Roma Norte, 06700 Ciudad de México", "Mexico City"),
    ("Calle Morelos 1420, Centro, 44100 Guadalajara, Jal.", "Guadalajara"),
    ("12 Long Street, Cape Town, 8001", "Cape Town"),
    ("45 Jan Smuts Avenue, Rosebank, Johannesburg, 2196", "Johannesburg"),
    ("30 Florida Road, Morningside, Durban, 4001", "Durban"),
    ("152 Teheran-ro, Gangnam-gu, Seoul 06236", "Seoul"),
    ("110 Sejong-daero, Jung-gu, Seoul 04524", "Seoul"),
    ("Haeundae-ro 264, Haeundae-gu, Busan 48099", "Busan"),
    ("52 Grafton Street, Dublin 2", "Dublin"),
    ("Rue de la Loi 16, 1000 Bruxelles", "Brussels"),
]
ADDRESS_TEMPLATES = [
    "Please deliver the parcel to {} before Friday.",
    "My new address is {}",
    "I moved to {} last month, come visit!",
    "Invoice address: {}.",
    "can u send the keys to {} thx",
    "The meeting is at our office, {}, second floor.",
    "Ship to: {}",
    "Remind me that the plumber comes to {} at 9.",
]

# Postcodes written with their city, or alone after a label.
POSTCODES = [
    ("75011 Paris", "Paris"),
    ("10117 Berlin", "Berlin"),
    ("London SW1A 1AA", "London"),
    ("Austin, TX 78701", "Austin"),
    ("28004 Madrid", "Madrid"),
    ("20121 Milano", "Milan"),
    ("Sydney NSW 2010", "Sydney"),
    ("Toronto ON M4W 1A5", "Toronto"),
    ("1017 AB Amsterdam", "Amsterdam"),
    ("Bengaluru 560001", "Bengaluru"),
]
POSTCODE_TEMPLATES = [
    "Looking for a flat around {} with two bedrooms.",
    "My postcode area is {} if that helps the delivery estimate.",
    "Any good bakeries near {}?",
]

# (coordinates as written, city)
COORDINATES = [
    ("48.8584, 2.2945", "Paris"),
    ("51.5033, -0.1196", "London"),
    ("40.7484° N, 73.9857° W", "New York"),
    ("52°31'12\"N 13°24'18\"E", "Berlin"),
    ("geo:41.9028,12.4964", "Rome"),
    ("https://maps.google.com/@35.6586,139.7454,17z", "Tokyo"),
    ("-33.8568, 151.2153", "Sydney"),
    ("19.4326, -99.1332", "Mexico City"),
    ("-23.5614, -46.6559", "São Paulo"),
    ("37.5796, 126.9770", "Seoul"),
    ("lat 40.4168 lon -3.7038", "Madrid"),
    ("12.9716N 77.5946E", "Bengaluru"),
    ("-33.9249, 18.4241", "Cape Town"),
    ("43.6532, -79.3832", "Toronto"),
    ("52.3676, 4.9041", "Amsterdam"),
]
COORDINATE_TEMPLATES = [
    "I'm at {} right now, where should I eat?",
    "GPS fix: {} (accuracy 12 m)",
    "Pin dropped at {} — meet me there",
    "Last location {} at 18:42",
]

NAMES = [
    "Sarah Connor",
    "Peter Parker",
    "Amélie Dubois",
    "Jan van der Berg",
    "Priya Sharma",
    "Hiroshi Tanaka",
    "Kim Min-jun",
    "Lucía Fernández",
    "Giulia Rossi",
    "João Silva",
    "Thabo Mokoena",
    "Liam O'Brien",
    "Olivia Smith",
    "Mohammed Al-Farsi",
    "Chloé Martin",
    "Lukas Schneider",
    "Ana Souza",
    "Carlos Hernández",
    "Emma Wilson",
    "Arjun Patel",
]
# Public figures are people too: presidio-research labels them PERSON, and a
# model needs no famous name to learn a user's preferences.
PUBLIC_FIGURES = [
    ("Listen to {}'s new album.", "Taylor Swift"),
    ("Play some {} while I cook.", "Miles Davis"),
    ("{} scored twice in the final.", "Lionel Messi"),
    ("{}'s paintings are in Mexico City.", "Frida Kahlo"),
]
NAME_TEMPLATES = [
    "Please ask {} to send the invoice.",
    "Call {} tomorrow about the lease.",
    "Had lunch with {} and it was great.",
    "{}'s birthday party is on Saturday.",
    "Meeting notes: {} will present the budget.",
    "text {} that I'm running late",
]

EMAILS = [
    "john.doe@example.com",
    "amelie.dubois@orange.fr",
    "priya.sharma92@gmail.com",
    "t.mokoena@mweb.co.za",
    "giulia_rossi@libero.it",
    "kim.minjun@naver.com",
    "lucia.fernandez@telefonica.es",
    "j.silva@uol.com.br",
]
PHONES = [
    "+44 7700 900123",
    "07700 900456",
    "+33 6 12 34 56 78",
    "06 12 34 56 78",
    "+49 30 12345678",
    "030 1234567",
    "+1 (415) 555-0132",
    "415-555-0199",
    "+34 612 345 678",
    "+39 347 123 4567",
    "+81 90-1234-5678",
    "090-1234-5678",
    "+91 98765 43210",
    "+55 11 98765-4321",
    "(11) 98765-4321",
    "+61 412 345 678",
    "0412 345 678",
    "+52 55 1234 5678",
    "+27 82 123 4567",
    "082 123 4567",
    "+82 10-1234-5678",
    "010-1234-5678",
]
CONTACT_TEMPLATES = [
    "You can reach me on {} after six.",
    "My number is {}",
    "Contact: {}",
    "pls ring {} asap",
    "New mobile {} — save it!",
]
IBANS = [
    "DE89 3704 0044 0532 0130 00",
    "FR76 3000 6000 0112 3456 7890 189",
    "GB29 NWBK 6016 1331 9268 19",
    "ES91 2100 0418 4502 0005 1332",
    "IT60 X054 2811 1010 0000 0123 456",
    "NL91ABNA0417164300",
    "BE68 5390 0754 7034",
    "IE29 AIBK 9311 5212 3456 78",
]
IBAN_TEMPLATES = [
    "Please transfer the deposit to IBAN {}.",
    "Bank details: {} (account holder on file)",
    "Refund to {} please",
]
PASSPORTS = [
    ("passport number 123456789", "123456789"),
    ("passport no. C01X00T47", "C01X00T47"),
    ("Passport: 12AB34567", "12AB34567"),
    ("passport K1234567", "K1234567"),
    ("my passport number is GK5473819", "GK5473819"),
    ("Reisepass Nr. C4J9R2LT7", "C4J9R2LT7"),
]
PASSPORT_TEMPLATES = [
    "For the visa form: {}, expires 2031.",
    "Hotel check-in needs {}.",
    "Reminder — {} for the airline booking",
]
PLATES = [
    ("AB12 CDE", "United Kingdom"),
    ("AB-123-CD", "France"),
    ("1234 BCD", "Spain"),
    ("EX 123 AB", "Italy"),
    ("B-MW 1234", "Germany"),
    ("GB-123-X", "Netherlands"),
    ("ABC1D23", "Brazil"),
]
PLATE_TEMPLATES = [
    "My car's plate is {}.",
    "The van with registration {} is blocking the driveway.",
    "Parking permit for {} renewed",
]
DOBS = [
    "12/03/1985",
    "1990-07-14",
    "3 May 1978",
    "March 12, 1985",
    "14.02.1992",
    "the 5th of June 2001",
]
DOB_TEMPLATES = [
    "Date of birth: {}",
    "I was born on {} in a small village.",
    "DOB {} — please update my profile",
    "my birthday is {}",
]
IPS = ["192.168.1.20", "10.0.0.5", "203.0.113.42", "2001:db8:85a3::8a2e:370:7334", "172.16.254.1"]
IP_TEMPLATES = [
    "My home server is at {} if you need ssh.",
    "Blocked login attempt from {}",
    "set the router to {} please",
]
URLS = [
    "linkedin.com/in/jane-doe",
    "https://www.linkedin.com/in/priya-sharma-92",
    "github.com/janedoe",
    "https://github.com/hiroshi-tanaka",
    "https://twitter.com/lucia_fdz",
    "instagram.com/thabo.mokoena",
    "https://mastodon.social/@amelie",
    "https://www.facebook.com/giulia.rossi.1987",
]
URL_TEMPLATES = [
    "Here's my profile: {}",
    "Connect with me at {} for the job.",
    "follow {} for updates",
]
CARDS = ["4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005"]

# Records with nothing personal in them: brands, landmarks, titles, people's
# names as products, numbers that are not identifiers.
TRAPS = [
    "Jordan shoes are on sale this weekend.",
    "I want to read Paris by night before the trip.",
    "Nike and Adidas both released new running shoes.",
    "The Eiffel Tower is lit up every evening.",
    "We watched The Devil Wears Prada again.",
    "Is the Golden Gate Bridge open to cyclists?",
    "Ford and Tesla reported quarterly earnings.",
    "Add 2 cups of flour and bake for 25 minutes at 180 degrees.",
    "The Louvre is closed on Tuesdays.",
    "Order a Big Mac and a McFlurry.",
    "Victoria's Secret opened a store downtown.",
    "The meeting moved to 3 pm on Thursday, room 4B.",
    "Version 2.14.3 fixed the memory leak.",
    "Read chapter 12 of Harry Potter and the Goblet of Fire.",
    "Flight BA 117 departs at 18:30 from terminal 5.",
    "Ben & Jerry's has a new flavour.",
    "The Colosseum tour takes about two hours.",
    "Tim Hortons coffee is better than Starbucks, fight me.",
    "Mercedes-Benz unveiled the EQS at the motor show.",
    "The price went from 1,299.99 to 999.50 euros.",
    "Take the M4 motorway towards Bristol.",
    "I love New York in the fall.",
    "Tokyo Tower looks great at night.",
    "Sydney Opera House tickets sold out fast.",
    "The Empire State Building has 102 floors.",
    "Mont Blanc pens make nice gifts.",
    "Jack Daniel's is a Tennessee whiskey.",
    "Disneyland Paris is packed in August.",
    "My favourite pizza is the Margherita.",
    "Ask Siri to set a timer for 10 minutes.",
    "Dr. Martens boots last forever.",
    "The Amazon rainforest is shrinking every year.",
    "Gucci and Prada lead the luxury market.",
    "Watch Sherlock Holmes on Sunday.",
    "The Big Ben clock is being repaired.",
    "We visited the Sagrada Família in Barcelona.",
    "Buy a Samsung Galaxy S24 or an iPhone 15?",
    "Download the report as PDF, 3.2 MB.",
    "Rome wasn't built in a day.",
    "The train to Lyon leaves from platform 7.",
    "Charlie and the Chocolate Factory is a classic.",
    "Toyota Corolla hybrid gets 4.5 l/100 km.",
    "The Taj Mahal is in Agra.",
    "I ordered a Caesar salad and a Coke Zero.",
    "Kelvin is the SI unit of temperature.",
    "Score was 3-1 after 90 minutes.",
    "ISO 8601 dates look like 2024-05-01.",
    "Mercury is the closest planet to the sun.",
    "The Ritz-Carlton has great afternoon tea.",
    "Wimbledon starts in late June.",
    "Santa Claus comes on the 24th.",
    "Use Python 3.11 with Django 5.",
    "I need 500 g of Parmesan for the lasagne.",
    "Champs-Élysées shops open at 10.",
    "Visit Central Park in spring.",
    # Public dates in history, old enough to be anyone's birth date.
    "The Berlin Wall fell on 9 November 1989.",
    "Apollo 11 landed on the Moon on July 20, 1969.",
    "Euro notes and coins came into use on 1 January 2002.",
    "The Treaty of Rome was signed on 25.03.1957.",
    "Windows 95 was released on 08/24/1995.",
    "The first iPhone went on sale on June 29, 2007.",
    "The Titanic sank on 15 April 1912 after hitting an iceberg.",
    "The Channel Tunnel opened on 6 May 1994.",
    "Germany reunified on 1990-10-03, a national holiday since.",
    "The stock market crashed on 19/10/1987, Black Monday.",
]


def _record(index: int, parts: list[tuple[str, dict | None]], trap: bool = False) -> dict:
    """Join text parts; a part with a label becomes a labeled span at its offsets."""
    text, spans = "", []
    for piece, label in parts:
        if label is not None:
            spans.append({**label, "start": len(text), "end": len(text) + len(piece)})
        text += piece
    return {"id": f"r{index:04d}", "text": text, "spans": spans, "trap": trap}


def _fill(template: str, value: str, label: dict) -> list[tuple[str, dict | None]]:
    before, after = template.split("{}")
    return [(before, None), (value, label), (after, None)]


def _generate() -> list[dict]:
    rng = random.Random(SEED)
    records: list[list[tuple[str, dict | None]]] = []
    for address, city in ADDRESSES:
        for template in rng.sample(ADDRESS_TEMPLATES, 2):
            records.append(_fill(template, address, {"type": "STREET_ADDRESS", "city": city}))
    for postcode, city in POSTCODES:
        template = rng.choice(POSTCODE_TEMPLATES)
        records.append(_fill(template, postcode, {"type": "POSTCODE", "city": city}))
    for coordinates, city in COORDINATES:
        for template in rng.sample(COORDINATE_TEMPLATES, 2):
            records.append(_fill(template, coordinates, {"type": "GPS_COORDINATES", "city": city}))
    for name in NAMES:
        for template in rng.sample(NAME_TEMPLATES, 2):
            records.append(_fill(template, name, {"type": "PERSON"}))
    for template, name in PUBLIC_FIGURES:
        records.append(_fill(template, name, {"type": "PERSON"}))
    for email in EMAILS:
        template = rng.choice(
            ["Send the files to {} tonight.", "email: {}", "cc {} on that thread"]
        )
        records.append(_fill(template, email, {"type": "EMAIL_ADDRESS"}))
    for phone in PHONES:
        records.append(_fill(rng.choice(CONTACT_TEMPLATES), phone, {"type": "PHONE_NUMBER"}))
    for iban in IBANS:
        records.append(_fill(rng.choice(IBAN_TEMPLATES), iban, {"type": "IBAN_CODE"}))
    for written, number in PASSPORTS:
        cue = written[: written.index(number)]
        for template in rng.sample(PASSPORT_TEMPLATES, 2):
            before, after = template.split("{}")
            records.append([(before + cue, None), (number, {"type": "PASSPORT"}), (after, None)])
    for plate, _country in PLATES:
        for template in rng.sample(PLATE_TEMPLATES, 2):
            records.append(_fill(template, plate, {"type": "LICENSE_PLATE"}))
    for dob in DOBS:
        for template in rng.sample(DOB_TEMPLATES, 2):
            records.append(_fill(template, dob, {"type": "DATE_OF_BIRTH"}))
    for ip in IPS:
        for template in rng.sample(IP_TEMPLATES, 2):
            records.append(_fill(template, ip, {"type": "IP_ADDRESS"}))
    for url in URLS:
        for template in rng.sample(URL_TEMPLATES, 2):
            records.append(_fill(template, url, {"type": "URL"}))
    for card in CARDS:
        records.append(_fill("Charge it to my card {} please.", card, {"type": "CREDIT_CARD"}))
    # Records mixing several identifiers, as real messages do.
    for _ in range(40):
        name = rng.choice(NAMES)
        phone = rng.choice(PHONES)
        address, city = rng.choice(ADDRESSES)
        email = rng.choice(EMAILS)
        shape = rng.randrange(3)
        if shape == 0:
            records.append(
                [
                    ("Hi, this is ", None),
                    (name, {"type": "PERSON"}),
                    (". Call me on ", None),
                    (phone, {"type": "PHONE_NUMBER"}),
                    (" or write to ", None),
                    (email, {"type": "EMAIL_ADDRESS"}),
                    (".", None),
                ]
            )
        elif shape == 1:
            records.append(
                [
                    ("Dinner at ", None),
                    (name, {"type": "PERSON"}),
                    ("'s place, ", None),
                    (address, {"type": "STREET_ADDRESS", "city": city}),
                    (" at 8.", None),
                ]
            )
        else:
            coordinates, gps_city = rng.choice(COORDINATES)
            records.append(
                [
                    ("Tell ", None),
                    (name, {"type": "PERSON"}),
                    (" I'm at ", None),
                    (coordinates, {"type": "GPS_COORDINATES", "city": gps_city}),
                    (", phone ", None),
                    (phone, {"type": "PHONE_NUMBER"}),
                ]
            )
    labeled = [_record(i, parts) for i, parts in enumerate(records)]
    traps = [_record(len(labeled) + i, [(t, None)], trap=True) for i, t in enumerate(TRAPS)]
    return labeled + traps


def main() -> None:
    """Write the evaluation set, one JSON object per line."""
    records = _generate()
    with OUTPUT.open("w", encoding="utf-8") as handle:
        for record in records:
            handle.write(json.dumps(record, ensure_ascii=False) + "\n")
    labeled = sum(not r["trap"] for r in records)
    print(f"wrote {labeled} labeled and {len(records) - labeled} trap records to {OUTPUT}")


if __name__ == "__main__":
    main()
