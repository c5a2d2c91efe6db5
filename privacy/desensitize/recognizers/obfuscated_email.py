"""Recognize email addresses written to dodge scrapers: "jane [at] example [dot] com"."""

from __future__ import annotations

import regex

from privacy.desensitize.recognizers.cue_pattern import CuePatternRecognizer

_AT = r"\s*(?:\[at\]|\(at\)|\{at\}|<at>|\[@\]|\(@\))\s*"
_DOT = r"\s*(?:\[dot\]|\(dot\)|\{dot\}|<dot>|\[\.\]|\(\.\)|\.)\s*"
_OBFUSCATED = regex.compile(
    rf"(?<![\w.+-])[\w.+-]+{_AT}[\w-]+(?:{_DOT}[\w-]+)*{_DOT}[a-z]{{2,24}}(?![\w])",
    regex.IGNORECASE,
)


# A passenger's email in an airline's record, "@" written "//" as the
# teletype network cannot carry it: "SSR CTCE KC HK1/ALIYA.ZHAKUPOVA//MAIL.RU-1.1".
_SSR_CONTACT = regex.compile(
    r"(?<=(?<![A-Z])CTCE[ \t]+[A-Z0-9]{2}[ \t]+[A-Z]{2}\d/)[A-Z0-9._]+(?:\./[A-Z0-9._]+)*//(?:[A-Z0-9-]+\.)+[A-Z]{2,6}"
    r"(?![A-Z0-9])"
)


class ObfuscatedEmailRecognizer(CuePatternRecognizer):
    """Marks addresses with the "@" or dots spelled out in brackets.

    People write their address this way precisely because it is theirs; the
    bracketed "at" is what makes the shape unambiguous, so a plain " at "
    ("meet at home") is not taken.
    """

    ENTITY = "EMAIL_ADDRESS"
    SCORE = 0.8
    EXPLANATION = "Email with spelled-out @"
    PATTERNS = (_OBFUSCATED, _SSR_CONTACT)
