"""What every street recognizer shares: the gazetteer it reads towns off, and nothing to load."""

from __future__ import annotations

from presidio_analyzer import LocalRecognizer

from privacy.desensitize.gazetteer import Gazetteer


class StreetRecognizer(LocalRecognizer):
    """A recognizer of STREET_ADDRESS whose patterns are compiled at import.

    The gazetteer tells which words after a street are its town or country,
    the part of the address that the desensitizer keeps.
    """

    def __init__(self, gazetteer: Gazetteer) -> None:
        self._gazetteer = gazetteer
        super().__init__(supported_entities=["STREET_ADDRESS"])

    def load(self) -> None:
        """Nothing to load: the patterns are compiled at import."""
