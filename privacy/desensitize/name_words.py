"""Words that mark the words beside them as a person's name, apart from the
modules that read names, so that recognizers and the desensitizer's own
co-reference share them without importing each other."""

from __future__ import annotations

# Forms of address written before a name, in any case ("pani Haliny", "Mr").
FORMS_OF_ADDRESS = frozenset(
    "mr mrs ms mx miss dr dra prof sir dame herr frau pan pani sr sra srta mme mlle dhr mevr"
    " dott sig doktor mevrouw meneer heer herra rouva neiti fru domnul doamna doamnei panu pana panie"
    " pane paní panem señor señora senhor senhora signor signora monsieur madame κύριε κύριο κύριος"
    " κυρία κυρίας κύριου".split()
)
# East Slavic patronymics, in Cyrillic and transliterated, in the cases
# Russian declines them into and in the capitals forms write them in:
# "Геннадиевна", "Петровны", "Ивановичу", "ВЛАДИМИРОВИЧ", "Ivanovich".
PATRONYMIC = (
    r"(?:\p{Lu}\p{Ll}+|\p{Lu}{2,})(?i:(?:ович|евич|ич)(?:а|у|ем|е)?|(?:овн|евн|ичн)(?:а|ы|е|у|ой)"
    r"|(?:ovich|evich)(?:a|u|em|e)?|(?:ovn|evn|ichn)(?:a|y|e|u|oi|oy))"
)
