"""PersonLexiconRecognizer alone: runs of name words that the names lexicon shows to be people."""

from __future__ import annotations

import pytest
import spacy
from presidio_analyzer.nlp_engine import NlpArtifacts
from spacy.tokens import Span

from privacy.desensitize.gazetteer import Gazetteer
from privacy.desensitize.recognizers import PersonLexiconRecognizer
from privacy.desensitize.recognizers.person_lexicon import NameLexicon, person_name_lexicon

from . import artifacts_of, assert_found, assert_nothing

ENTITY = "PERSON"
SCORES = (0.75, 0.84)  # below the NER model's 0.85 and the cue recognizer's 0.88


@pytest.fixture(scope="module")
def recognizer(gazetteer: Gazetteer) -> PersonLexiconRecognizer:
    return PersonLexiconRecognizer(gazetteer)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Çağla Demir called twice", [(0, 11, "Çağla Demir")]),
        ("paid by Chidi Okeke today", [(8, 19, "Chidi Okeke")]),
        ("Cagla Demir", [(0, 11, "Cagla Demir")]),  # typed without the accents
        ("from Mariana das Neves", [(5, 22, "Mariana das Neves")]),
        ("Jan van der Berg signed", [(0, 16, "Jan van der Berg")]),
        ("Aoife Ní Bhriain", [(0, 16, "Aoife Ní Bhriain")]),
        ("Omar al-Farsi", [(0, 13, "Omar al-Farsi")]),
        ("Seo-yeon Kim booked", [(0, 12, "Seo-yeon Kim")]),
        ("NAME ON CARD: OLIVER GRANT", [(14, 26, "OLIVER GRANT")]),
        ("GRANT/OLIVER MR", [(0, 12, "GRANT/OLIVER")]),
        # An airline's passenger form vouches for names the lexicon lacks.
        ("Passenger 2: ZQARVEN/TOLMIRA MISS (CHD)", [(13, 28, "ZQARVEN/TOLMIRA")]),
        (" 1.1ZQARVEN/TOLMIRA MRS", [(4, 19, "ZQARVEN/TOLMIRA")]),
        ("HK1 P/ARE/N3462610/ARE/12MAR79/F/15JUN29/ZQARVEN/TOLMIRA", [(41, 56, "ZQARVEN/TOLMIRA")]),
        ("HK1 P/ARE/N3462610/ARE/12MAR23/FI/15JUN29/ZQARVEN/TOLMIRA/ADEOLA", [(42, 64, "ZQARVEN/TOLMIRA/ADEOLA")]),
        ("Okeke, Chidi (guest)", [(0, 12, "Okeke, Chidi")]),
        ("Juan Carlos de la Cruz Pérez", [(0, 28, "Juan Carlos de la Cruz Pérez")]),
        # A particle that ends the run is a word of the sentence, not part of the name.
        ("se lo vendí a Marcos Herrera el 3 de mayo", [(14, 28, "Marcos Herrera")]),
        ("Priya Sharma's birthday", [(0, 12, "Priya Sharma")]),
        ("Lena Ortiz and Chidi Okeke", [(0, 10, "Lena Ortiz"), (15, 26, "Chidi Okeke")]),
        ("Louis R Craig", [(0, 13, "Louis R Craig")]),  # a middle initial
        ("Nina P. Jeremiassen", [(0, 19, "Nina P. Jeremiassen")]),
        ("Why is Jouni so impulsive?", [(7, 12, "Jouni", (0.55, 0.65))]),  # rare in English
        # The other names of a list that holds a person, above the NER model
        # when the person is a full name.
        (
            "They came: Chidi Okeke, Christian and Walker.",
            [
                (11, 22, "Chidi Okeke"),
                (24, 33, "Christian", (0.855, 0.87)),
                (38, 44, "Walker", (0.855, 0.87)),
            ],
        ),
    ],
)
def test_names_are_found(recognizer: PersonLexiconRecognizer, text: str, expected: list) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "Christian",  # one word alone only when English seldom uses it
        "Grace",
        "the Goblet of Fire",  # after an article or a place preposition: a thing, a place
        "The museum is in Agra",
        "Will Power",  # both names are common words
        "Grace Park",
        "San Jose",  # a place
        "Rio de Janeiro",
        "leaves Paris Gare du Nord at 7",  # words after a place belong to it
        "Paris, France",
        "Disneyland Paris is packed",  # no given name first
        "CAN I SPEAK TO A REAL PERSON",
        "Chidi Okeke 4",  # a numbered thing
        "Mr Okeke",
        "chidi okeke",  # lowercase names need a cue
        "AND/OR MR",  # English words before a title are no passenger
    ],
)
def test_words_places_and_single_names_are_not(
    recognizer: PersonLexiconRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


def test_lexicon_marks_names_that_are_words() -> None:
    lexicon = person_name_lexicon()
    assert lexicon.is_given("Grace") and lexicon.is_common("Grace")
    assert lexicon.is_surname("Okeke") and not lexicon.is_common("Okeke")
    assert lexicon.is_given("Seo-yeon")  # a hyphenated name of known parts
    assert not lexicon.is_given("Seo-Wxq")


def test_a_country_or_its_capital_typed_into_a_name_field_is_no_name() -> None:
    """The names data ranks "Tbilisi" among Georgia's given names and "Fiji"
    among Fiji's surnames: people typed their home there. A name ranked in
    other countries stays one ("Sofia", "Jordan", "Kenya"), and so do towns
    that are names in their own country ("Nakamura", "Gyula")."""
    lexicon = person_name_lexicon()
    for place in ("Tbilisi", "Fiji", "Singapore", "Maldives", "Kabul", "Vilnius"):
        assert not lexicon.is_name(place), place
    for name in ("Sofia", "Jordan", "Kenya", "Victoria", "Nakamura", "Gyula", "Georgia"):
        assert lexicon.is_name(name), name


def test_no_english_word_means_rare_as_a_name_and_as_a_word() -> None:
    lexicon = person_name_lexicon()
    assert lexicon.is_no_english_word("Oskarsdin") and lexicon.is_no_english_word("Jouni")
    # Words that are no names at all: the lexicon's names alone would call them rare.
    assert not lexicon.is_name("Quarterly") and not lexicon.is_no_english_word("Quarterly")
    assert not lexicon.is_no_english_word("Options") and not lexicon.is_no_english_word("figures")
    assert not lexicon.is_no_english_word("Grace")  # a name that is a word


def test_a_surname_that_is_also_a_word_stays_rare_as_a_name() -> None:
    """Whether a found surname carries its person to its other mentions must
    not depend on the word list: "Sturgeon" is a frequent word only because
    people carry it."""
    lexicon = person_name_lexicon()
    assert lexicon.is_rare_in_english("Sturgeon") and lexicon.is_rare_in_english("Quarterly")
    assert not lexicon.is_no_english_word("Sturgeon")


def test_a_hyphenated_compound_of_english_words_is_english() -> None:
    """Compounds no word list has ("Follow-up", "Co-tenant") are English, so
    no shape rule takes them for names; a pair of names stays a name."""
    lexicon = person_name_lexicon()
    for word in ("Follow-up", "Co-tenant", "Cash-out", "Pre-order"):
        assert lexicon.is_english(word) and not lexicon.is_no_english_word(word), word
        assert not lexicon.is_rare_in_english(word), word
    for name in ("Jean-Pierre", "Billy-Joe", "Mary-Kate", "Seo-yeon", "Day-Lewis"):
        assert not lexicon.is_english(name), name


def test_a_lexicon_can_be_given(gazetteer: Gazetteer) -> None:
    lexicon = NameLexicon(frozenset({"wiremu"}), frozenset({"tane"}), frozenset())
    recognizer = PersonLexiconRecognizer(gazetteer, lexicon)
    assert_found(recognizer, "Wiremu Tane", [(0, 11, "Wiremu Tane")], ENTITY, SCORES)
    assert_nothing(recognizer, "Chidi Okeke")


def _tagged(text: str, tags: dict[str, str]) -> NlpArtifacts:
    """Blank-tokenizer artifacts with the parts of speech in ``tags`` set, as the tagger would."""
    doc = spacy.blank("en")(text)
    for token in doc:
        token.pos_ = tags.get(token.text, "X")
    return artifacts_of(doc)


LONE = (0.55, 0.65)


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        # A given name that is no word, which the tagger reads as a proper noun...
        ("She named him Dirk", {"Dirk": "PROPN"}, [(14, 18, "Dirk", LONE)]),
        ("shouted at Lucie:", {"Lucie": "PROPN"}, [(11, 16, "Lucie", LONE)]),
        # ...or as the subject of a verb, whatever it calls the name itself.
        ("Susanna is from Rome", {"Susanna": "NOUN", "is": "AUX"}, [(0, 7, "Susanna", LONE)]),
        # Two words around a middle initial: a surname of the lexicon and a proper noun.
        ("under the name Malvin A Frøyland", {"Malvin": "PROPN"}, [(15, 32, "Malvin A Frøyland")]),
        # Two words around a middle initial that English seldom uses at all,
        # as names or as words: a name the lexicon lacks, whatever the tagger says.
        ("Varek S Oskarsdin", {"Varek": "PROPN", "Oskarsdin": "PROPN"}, [(0, 17, "Varek S Oskarsdin")]),
        ("signed: Taisa S Barsukov", {"Taisa": "NOUN"}, [(8, 24, "Taisa S Barsukov")]),
        # A subject that is no name of the lexicon and no English word at all.
        ("Lazarka is very reliable. Depend on him.", {"is": "AUX"}, [(0, 7, "Lazarka", LONE)]),
        ("so Batirbek had given her the key", {"had": "AUX"}, [(3, 11, "Batirbek", LONE)]),
    ],
)
def test_the_tagger_vouches_for_names(
    recognizer: PersonLexiconRecognizer, text: str, tags: dict[str, str], expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES, _tagged(text, tags))


@pytest.mark.parametrize(
    "text, tags, expected",
    [
        # English text: a given name before a word English does not have is a
        # name, whatever the tagger made of the second word.
        (
            "The name in the account is not correct, please change it to Emmanuelle Fresne",
            {"Emmanuelle": "PROPN", "Fresne": "NOUN"},
            [(60, 77, "Emmanuelle Fresne")],
        ),
    ],
)
def test_a_given_name_before_a_word_english_lacks_is_a_name_in_english_text(
    recognizer: PersonLexiconRecognizer, text: str, tags: dict[str, str], expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES, _tagged(text, tags))


@pytest.mark.parametrize(
    "text, tags",
    [
        # In another language most words are no English words: German nouns.
        ("Ich habe gestern Emmanuelle Blumen und Kuchen gegeben", {"Emmanuelle": "PROPN", "Blumen": "NOUN"}),
        # A place after the given name.
        ("we should all go to Emmanuelle Bratislava now", {"Emmanuelle": "PROPN", "Bratislava": "NOUN"}),
        # The given name is no proper noun to the tagger.
        ("The name in the account is not correct, so Emmanuelle Fresne", {"Emmanuelle": "NOUN"}),
    ],
)
def test_a_given_name_before_an_unknown_word_needs_more(
    recognizer: PersonLexiconRecognizer, text: str, tags: dict[str, str]
) -> None:
    assert_nothing(recognizer, text, _tagged(text, tags))


def test_a_subject_the_model_calls_an_organization_is_not_a_name(
    recognizer: PersonLexiconRecognizer,
) -> None:
    text = "Wiziboat had a good year, he said"
    artifacts = _tagged(text, {"had": "AUX"})
    artifacts.tokens.ents = [Span(artifacts.tokens, 0, 1, label="ORG")]
    artifacts.entities = list(artifacts.tokens.ents)
    assert_nothing(recognizer, text, artifacts)
    assert_found(recognizer, text, [(0, 8, "Wiziboat", LONE)], ENTITY, SCORES, _tagged(text, {"had": "AUX"}))


@pytest.mark.parametrize(
    "text, tags",
    [
        ("Wimbledon starts in late June.", {"June": "PROPN"}),  # a month
        ("Why is Amber so impulsive?", {"Amber": "PROPN"}),  # a common word
        ("Book the Lucie for Friday", {"Lucie": "PROPN"}),  # after an article: a thing
        ("Lucie Hotel", {"Lucie": "NOUN"}),  # neither a proper noun nor a subject
        ("try Plan B Options", {"Plan": "PROPN", "Options": "PROPN"}),  # common words
        ("take Vitamin D Supplements", {"Vitamin": "PROPN", "Supplements": "PROPN"}),
        # Frequent English words around an initial, tagged as proper nouns.
        ("see Quarterly B Figures", {"Quarterly": "PROPN", "Figures": "PROPN"}),
        ("Option C Pricing applies", {"Option": "PROPN", "Pricing": "PROPN"}),
        # A subject that is no word, where something else says it is no person.
        ("Netflix raised prices by 2 dollars.", {"raised": "VERB"}),  # no "he" or "she" in the text
        ("Zoolander is a 2001 film; he liked it", {"is": "AUX"}),  # the sentence defines a thing
        ("The address of Ondeck is his", {"is": "AUX"}),  # after a word that takes things
        ("Reliance is from Mumbai, he said", {"is": "AUX"}),  # an English word
        ("Ford and Tesla reported what he said", {"reported": "VERB"}),  # it ends a list
        ("Paczka dla Ani, he said", {"dla": "VERB"}),  # the verb the tagger saw is no English word
        ("Lazarka is very reliable, says he", {"Lazarka": "PROPN"}),  # no verb after it: no subject
        # A "he" far away in a long record says nothing about this subject.
        ("Spotify raised prices." + " The weather was fine." * 20 + " Then he left.", {"raised": "VERB"}),
    ],
)
def test_the_tagger_alone_does_not_make_a_name(
    recognizer: PersonLexiconRecognizer, text: str, tags: dict[str, str]
) -> None:
    assert_nothing(recognizer, text, _tagged(text, tags))


@pytest.mark.parametrize(
    "text, expected",
    [
        ("including VajdaKevin of Nextgen", [(10, 20, "VajdaKevin", LONE)]),
        ("player KristoffersenSimone over visa", [(7, 26, "KristoffersenSimone", LONE)]),
        # A surname the lexicon lacks, written against a given name.
        ("including GersteMarkus of Polyplex", [(10, 22, "GersteMarkus", LONE)]),
        # One half a name that is also an English word ("shaw", "lea").
        ("called ShawPhilip, and", [(7, 17, "ShawPhilip", LONE)]),
        ("tennis player LindLea over visa", [(14, 21, "LindLea", LONE)]),
        # Dutch capitalizes IJ as one letter.
        ("was called IJzermansCelina, and", [(11, 26, "IJzermansCelina", LONE)]),
        # Two names English seldom uses, neither a given name of the lexicon.
        ("was called TougasVachel, and", [(11, 23, "TougasVachel", LONE)]),
    ],
)
def test_a_surname_and_a_given_name_written_together_are_a_name(
    recognizer: PersonLexiconRecognizer, text: str, expected: list
) -> None:
    assert_found(recognizer, text, expected, ENTITY, SCORES)


@pytest.mark.parametrize(
    "text",
    [
        "shares of BlackRock fell", "a McDonald burger", "on YouTube now", "pay with PayPal", "a WordPress site",
        "my old BlackBerry phone", "slides in PowerPoint", "flew JetBlue home",
        # Towns written together: the halves name a place, or both do.
        "flew to SaoPaulo", "landed at AustinBergstrom", "toured ParisOrly",
    ],
)
def test_joined_words_that_are_no_two_names_are_not(
    recognizer: PersonLexiconRecognizer, text: str
) -> None:
    assert_nothing(recognizer, text)


def test_a_list_mate_of_a_full_name_is_marked_and_outscores_the_model(
    recognizer: PersonLexiconRecognizer,
) -> None:
    """Text in another language keeps a lone name only with evidence: a full name beside it is."""
    text = "Morgen kommen Jonas und Fatma Özdemir"
    results = {(r.start, r.end): r for r in recognizer.analyze(text, [ENTITY])}
    mate = results[(14, 19)]
    assert mate.score > 0.85  # Presidio keeps it over the NER model's "Jonas"
    assert mate.recognition_metadata[PersonLexiconRecognizer.LIST_MATE_KEY] is True
    assert PersonLexiconRecognizer.LIST_MATE_KEY not in results[(24, 37)].recognition_metadata


def test_a_valediction_is_no_list_mate(recognizer: PersonLexiconRecognizer) -> None:
    """ "Regards, Seun" reads as a list of two, and the tagger calls both proper nouns."""
    text = "I moved to Leeds. Regards, Seun Adeyemi"
    artifacts = _tagged(text, {"Regards": "PROPN", "Seun": "PROPN", "Adeyemi": "PROPN"})
    found = {text[r.start : r.end] for r in recognizer.analyze(text, [ENTITY], artifacts)}
    assert "Regards" not in found and "Seun Adeyemi" in found


def test_a_list_mate_of_a_lone_name_is_not_marked(recognizer: PersonLexiconRecognizer) -> None:
    """A lone name is weaker evidence: its list mates keep the lone score and no mark."""
    text = "Why is Jouni with Aune and Walker?"
    artifacts = _tagged(text, {"Jouni": "PROPN", "Aune": "PROPN", "Walker": "PROPN"})
    results = recognizer.analyze(text, [ENTITY], artifacts)
    assert results
    assert all(r.score < 0.85 for r in results)
    assert not any(r.recognition_metadata.get(PersonLexiconRecognizer.LIST_MATE_KEY) for r in results)
