"""The currency codes and signs prices are written with: a price is no plate and no identifier.

A plate after "plate" and a number after a form's label look like prices on
a menu or a bill: "plate RM 12.50", "KES: 1500000". One list serves them all.
"""

from __future__ import annotations

# The ISO 4217 codes of the currencies in use (and the Chinese "RMB" beside CNY).
ISO_CURRENCY = (
    r"(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|ISK|PLN|CZK|HUF|RON|BGN|RSD|BAM|MKD|ALL|UAH|TRY|RUB|GEL|AMD|AZN|KZT|UZS"
    r"|KGS|MNT|IDR|INR|PKR|BDT|LKR|NPR|MYR|SGD|THB|VND|PHP|KHR|LAK|MMK|CNY|RMB|HKD|TWD|KRW|JPY|AUD|NZD|FJD"
    r"|AED|SAR|QAR|KWD|BHD|OMR|JOD|LBP|ILS|IRR|IQD|EGP|MAD|TND|DZD|NGN|GHS|KES|UGX|TZS|RWF|ETB|ZAR|XOF|XAF"
    r"|MZN|ZMW|BRL|MXN|ARS|CLP|COP|PEN|UYU|BOB|PYG|GTQ|CRC|HNL|NIO|DOP|JMD|TTD|CUP|HTG|CAD"
    r"|GNF|CDF|MWK|MGA|BIF|SLE|SLL|SYP|YER|AOA|VES|SOS|SDG|SSP|LRD|GMD|NAD|BWP|SZL|LSL|MUR|SCR|KMF|DJF|ERN"
    r"|LYD|AFN|TJS|TMT|BYN|MDL|PGK|SBD|VUV|WST|TOP|XPF|BZD|BBD|BSD|KYD|XCD|AWG|ANG|SRD|GYD|FKP|BND|MOP|MVR|BTN)"
)
# The short forms menus and chats write before an amount: "RM 12.50", "Ksh 150", "R$ 40".
LOCAL_CURRENCY = r"(?:RM|Rs|Ksh|KSh|Tsh|TSh|Ush|USh|GH₵|S/|R\$)"
# Currency signs, written before or after the amount.
CURRENCY_SIGNS = r"[€$£₺₽₦₵₹₱₩¥₫₸₴₾]"
# Any of them after an amount, with the words for a currency the Nordic,
# Turkish, Indonesian, Hungarian, Polish, Czech and Romanian write there ("480
# TL", "4 000 Ft", "25 kr"); a currency of two letters only after digits.
CURRENCY_AFTER_AMOUNT = rf"(?:{ISO_CURRENCY}|{LOCAL_CURRENCY}|(?i:kr|tl|rp|ft|zł|kč|lei)|{CURRENCY_SIGNS})"
