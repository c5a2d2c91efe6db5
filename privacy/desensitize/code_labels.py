"""Whether a number is labelled as an order, product or booking code rather than a phone.

libphonenumber takes any run of six to twelve digits that some region could
dial for a phone number: "tuotekoodi 091234", "Código de producto
8410376012", "comanda nr. 4419028377", "art.nr 002.638.50". What a writer puts
before a number says what it is, and the nearest such word decides: "Bestellung
Nr. 4419…" is an order, "Tel. Nr. 0612…" a phone. Words that only count
("Nr.", "número", "no") are read past.
"""

from __future__ import annotations

import regex

# Words that label a code, lowercase: orders, products, articles, bookings,
# parcels, invoices, references, coupons, tickets, in the languages we weigh.
_CODE_WORDS = frozenset(
    """
    code codes codice código codigo kod kód kode kodu kodi koodi ref réf refs referencia referência
    referencie référence reference referenz riferimento reference art artikel article articolo
    artículo artigo item sku ean upc produkt produktu producto produto produit prodotto product
    tuote order orders orden ordem ordine pedido pedidos commande comanda bestelling bestellung
    bestilling zamówienie zamówienia objednávka objednávky sipariş siparişi pesanan rendelés
    tilaus invoice factura fattura fatura facture rechnung faktura booking reserva reservation
    réservation prenotazione rezerwacja rezerwacji rezervace rezervasyon varaus tracking sendung
    shipment parcel paket pakke colis pacco paquete lot serial pnr localizador localitzador
    dossier voucher coupon cupón cupão gutschein bon kupon ticket billet biljett billett bilet
    biglietto billete bilhete jegy lippu
    """.split()
)
# Starts of words that label a phone or ask to be called ("Tel.", "Handynummer",
# "puhelinnumero", "llámame"), and stems that make a compound one wherever
# they stand in it ("Rückrufnummer", "Festnetznummer").
_PHONE_STARTS = (
    "tel", "phone", "fon", "handy", "mobil", "móvil", "movil", "cell", "puh", "gsm", "fax",
    "whatsapp", "call", "ring", "dial", "llam", "chiam", "appel", "zadzw", "dzwo",
    "volej", "zavolej", "soit", "kontakt", "contact", "τηλ", "κινητ", "tlf", "tfn", "portab",
    "cellul", "celul",
)
_PHONE_INSIDE = ("telefon", "phone", "rufnummer", "handy", "mobil", "puhelin", "festnetz")
# Endings of compounds that label a code ("Bestellnummer", "tilausnumero",
# "Rendelésszám", "tuotekoodi") unless a phone stem is in them.
_CODE_ENDINGS = ("nummer", "numero", "numer", "nr", "koodi", "kode", "kod", "code", "szám", "numarası", "kodu")
_WORD = regex.compile(r"\p{L}+")
# What ends a label's reach: another number ("Bestellnummer 4471…, Tel. 0151…"),
# or the end of a clause ("numéro de commande 55…, mon portable 06…").
_REACH_END = regex.compile(r"[\p{N},;!?]")
# How far before the number, within its line, a label is looked for.
_REACH = 48
_MAX_WORDS = 4


def labels_a_code(text: str, start: int) -> bool:
    """Whether the nearest label before the number at ``start`` names a code, not a phone."""
    line_start = text.rfind("\n", max(0, start - _REACH), start) + 1
    window_start = max(line_start, start - _REACH)
    for end_of_reach in _REACH_END.finditer(text, window_start, start):
        window_start = end_of_reach.end()
    words = _WORD.findall(text, window_start, start)[-_MAX_WORDS:]
    for word in reversed(words):
        if names_a_code(word):
            return True
        if _names_a_phone(word.casefold()):
            return False
    return False


def names_a_code(word: str) -> bool:
    """Whether one word labels an order, product, booking or ticket code: a
    code word, or a compound ending in one that names no phone ("Bestellnummer",
    "tilausnumero", not "Telefonnummer")."""
    word = word.casefold()
    if word in _CODE_WORDS:
        return True
    return not _names_a_phone(word) and any(
        word.endswith(ending) and len(word) - len(ending) >= 3 for ending in _CODE_ENDINGS
    )


def _names_a_phone(word: str) -> bool:
    return word.startswith(_PHONE_STARTS) or any(stem in word for stem in _PHONE_INSIDE)
