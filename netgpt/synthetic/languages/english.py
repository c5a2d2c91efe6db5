"""English: the templates as written, and the words the other languages translate."""

from __future__ import annotations

MESSAGES: tuple[str, ...] = (
    "remind me to call {contact} at {contact_phone} {when}",
    "email the receipt to {contact_email}",
    "pay for it with card {card}",
    "whats {contact_first}'s number again? i think it's {contact_phone}",
    "send my boarding pass to {my_email} please",
    "my new number is {my_phone}, update my profile",
    "set an alarm for {time} {when}",
    "what's the weather like {when}?",
    "add {food} to the shopping list",
    "play some {music} while i cook",
    "remind me about {habit} {when} at {time}",
    "how do i get to {address_full} from here?",
    "share my location {gps} with {contact}",
    "schedule a call with {contact} and {other_contact} on {day}",
    "write a short birthday message for {contact_first}, turning {age} {when}",
    "i'm at {gps}, how far is {landmark} on foot?",
    "what should i cook tonight? i have {food} and some leftover rice",
    "is {habit} still happening {when}? i might skip it",
    "any {sport} on tv {when}?",
)

NOTES: tuple[str, ...] = (
    "door code for {address_full} is {code}",
    "{contact}'s birthday is on {date}, likes {music}",
    "shopping: {food}, {drink}, milk, eggs, bread",
    "new email for {contact_first}: {contact_email}",
    "emergency contact: {contact} {contact_phone}",
    "backup card {card} expires {expiry}",
    "plans for {day}: {habit}, then {sport} with {contact_first}",
    "wifi at {contact_first}'s place, password is {wifi}",
    "parking near {address} is free after {time}",
    "{habit} every {day}, don't skip it again",
)

# Tails are the asides people add to a request; theirs name the user's own haunts,
# routines, trips and tastes, so they carry what sets one user apart, and they never
# plant PII, so they leave the PII share where the templates put it.
TAILS: tuple[str, ...] = (
    "i'm near {landmark} btw",
    "need it sorted before {habit}",
    "it's for the trip to {other_city}",
    "heading to {other_city} after",
    "then {habit} as usual",
    "craving {food} again",
    "we might do {cuisine} after",
    "going by {transport}",
    "no rush, it's after {habit}",
)

# The region's own templates are the region's (`Region.templates`).
REGION_TEMPLATES: dict[str, tuple[str, ...]] = {}

WHEN: tuple[str, ...] = ("tomorrow", "tonight", "this weekend", "next week", "on friday", "tomorrow morning",
                         "later today", "this evening", "on monday")
ON_DAY = "on {day}"
WEEKDAYS: tuple[str, ...] = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
MONTHS: tuple[str, ...] = ("january", "february", "march", "april", "may", "june", "july", "august",
                           "september", "october", "november", "december")
OPENERS: tuple[str, ...] = ("hey", "ok so", "quick one:", "hi,", "yo", "so", "hey there,", "right,", "um")
WORDS: dict[str, str] = {}
