"""Presidio recognizers written for NetGPT's edge desensitizer, one per module."""

from privacy.recognizers.email_address import OfflineEmailRecognizer
from privacy.recognizers.gazetteer_place import GazetteerPlaceRecognizer
from privacy.recognizers.gps_coordinates import GpsCoordinatesRecognizer
from privacy.recognizers.person_cue import PersonCueRecognizer
from privacy.recognizers.phone_pattern import PhonePatternRecognizer
from privacy.recognizers.street_address import StreetAddressRecognizer

__all__ = [
    "GazetteerPlaceRecognizer",
    "GpsCoordinatesRecognizer",
    "OfflineEmailRecognizer",
    "PersonCueRecognizer",
    "PhonePatternRecognizer",
    "StreetAddressRecognizer",
]
