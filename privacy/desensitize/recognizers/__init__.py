"""Presidio recognizers written for NetGPT's edge desensitizer, one per module."""

from privacy.desensitize.recognizers.address_parts import AddressPartsRecognizer
from privacy.desensitize.recognizers.bank_account import BankAccountRecognizer
from privacy.desensitize.recognizers.capitalized_given_name import CapitalizedGivenNameRecognizer
from privacy.desensitize.recognizers.capitals_surname import CapitalsSurnameRecognizer
from privacy.desensitize.recognizers.card_number import CardNumberRecognizer
from privacy.desensitize.recognizers.chat_name import ChatNameRecognizer
from privacy.desensitize.recognizers.cued_street import CuedStreetRecognizer
from privacy.desensitize.recognizers.date_of_birth import DateOfBirthRecognizer
from privacy.desensitize.recognizers.email_address import OfflineEmailRecognizer
from privacy.desensitize.recognizers.gazetteer_place import GazetteerPlaceRecognizer
from privacy.desensitize.recognizers.gps_coordinates import GpsCoordinatesRecognizer
from privacy.desensitize.recognizers.iban import IbanCodeRecognizer
from privacy.desensitize.recognizers.identifier_names import IdentifierNamesRecognizer
from privacy.desensitize.recognizers.labelled_address import LabelledAddressRecognizer
from privacy.desensitize.recognizers.labelled_identifier import LabelledIdentifierRecognizer
from privacy.desensitize.recognizers.licence_plate import LicencePlateRecognizer
from privacy.desensitize.recognizers.lowercase_street import LowercaseStreetRecognizer
from privacy.desensitize.recognizers.named_domain import NamedDomainRecognizer
from privacy.desensitize.recognizers.named_street import NamedStreetRecognizer
from privacy.desensitize.recognizers.national_id import NationalIdRecognizer
from privacy.desensitize.recognizers.obfuscated_email import ObfuscatedEmailRecognizer
from privacy.desensitize.recognizers.old_full_date import OldFullDateRecognizer
from privacy.desensitize.recognizers.other_script_name import OtherScriptNameRecognizer
from privacy.desensitize.recognizers.passport import PassportRecognizer
from privacy.desensitize.recognizers.person_cue import PersonCueRecognizer
from privacy.desensitize.recognizers.person_lexicon import PersonLexiconRecognizer
from privacy.desensitize.recognizers.person_url import PersonUrlRecognizer
from privacy.desensitize.recognizers.phone_pattern import PhonePatternRecognizer
from privacy.desensitize.recognizers.postcode import PostcodeRecognizer
from privacy.desensitize.recognizers.public_name import PublicNameRecognizer
from privacy.desensitize.recognizers.ssn import SsnRecognizer
from privacy.desensitize.recognizers.street_address import StreetAddressRecognizer
from privacy.desensitize.recognizers.table_columns import TableColumnRecognizer
from privacy.desensitize.recognizers.titled_name_in_script import TitledNameInScriptRecognizer
from privacy.desensitize.recognizers.travel_document import TravelDocumentRecognizer
from privacy.desensitize.recognizers.windowed_phone import WindowedPhoneRecognizer
from privacy.desensitize.recognizers.world_street_address import WorldStreetAddressRecognizer

__all__ = [
    "AddressPartsRecognizer",
    "BankAccountRecognizer",
    "CapitalizedGivenNameRecognizer",
    "CapitalsSurnameRecognizer",
    "CardNumberRecognizer",
    "ChatNameRecognizer",
    "CuedStreetRecognizer",
    "DateOfBirthRecognizer",
    "GazetteerPlaceRecognizer",
    "GpsCoordinatesRecognizer",
    "IbanCodeRecognizer",
    "IdentifierNamesRecognizer",
    "LabelledAddressRecognizer",
    "LabelledIdentifierRecognizer",
    "LicencePlateRecognizer",
    "LowercaseStreetRecognizer",
    "NamedDomainRecognizer",
    "NamedStreetRecognizer",
    "NationalIdRecognizer",
    "ObfuscatedEmailRecognizer",
    "OfflineEmailRecognizer",
    "OldFullDateRecognizer",
    "OtherScriptNameRecognizer",
    "PassportRecognizer",
    "PersonCueRecognizer",
    "PersonLexiconRecognizer",
    "PersonUrlRecognizer",
    "PhonePatternRecognizer",
    "PostcodeRecognizer",
    "PublicNameRecognizer",
    "SsnRecognizer",
    "StreetAddressRecognizer",
    "TableColumnRecognizer",
    "TitledNameInScriptRecognizer",
    "TravelDocumentRecognizer",
    "WindowedPhoneRecognizer",
    "WorldStreetAddressRecognizer",
]
