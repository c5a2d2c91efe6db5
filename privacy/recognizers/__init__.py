"""Presidio recognizers written for NetGPT's edge desensitizer, one per module."""

from privacy.recognizers.date_of_birth import DateOfBirthRecognizer
from privacy.recognizers.email_address import OfflineEmailRecognizer
from privacy.recognizers.gazetteer_place import GazetteerPlaceRecognizer
from privacy.recognizers.gps_coordinates import GpsCoordinatesRecognizer
from privacy.recognizers.licence_plate import LicencePlateRecognizer
from privacy.recognizers.obfuscated_email import ObfuscatedEmailRecognizer
from privacy.recognizers.passport import PassportRecognizer
from privacy.recognizers.person_cue import PersonCueRecognizer
from privacy.recognizers.person_url import PersonUrlRecognizer
from privacy.recognizers.phone_pattern import PhonePatternRecognizer
from privacy.recognizers.postcode import PostcodeRecognizer
from privacy.recognizers.public_name import PublicNameRecognizer
from privacy.recognizers.street_address import StreetAddressRecognizer
from privacy.recognizers.world_street_address import WorldStreetAddressRecognizer

__all__ = [
    "DateOfBirthRecognizer",
    "GazetteerPlaceRecognizer",
    "GpsCoordinatesRecognizer",
    "LicencePlateRecognizer",
    "ObfuscatedEmailRecognizer",
    "OfflineEmailRecognizer",
    "PassportRecognizer",
    "PersonCueRecognizer",
    "PersonUrlRecognizer",
    "PhonePatternRecognizer",
    "PostcodeRecognizer",
    "PublicNameRecognizer",
    "StreetAddressRecognizer",
    "WorldStreetAddressRecognizer",
]
