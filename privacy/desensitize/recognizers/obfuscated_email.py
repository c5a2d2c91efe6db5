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


class ObfuscatedEmailRecognizer(CuePatternRecognizer):
    """Marks addresses with the "@" or dots spelled out in brackets.

    People write their address this way precisely because it is theirs; the
    bracketed "at" is what makes the shape unambiguous, so a plain " at "
    ("meet at home") is not taken.
    """

    ENTITY = "EMAIL_ADDRESS"
    SCORE = 0.8
    EXPLANATION = "Email with spelled-out @"
    PATTERNS = (_OBFUSCATED,)
