"""spaCy's attribute ruler with its one-token rules looked up instead of matched.

The pipeline's ``attribute_ruler`` gives each token its part of speech and
morphology from its fine-grained tag, and a few words under a tag their own
(179 rules in en_core_web_sm 3.8). spaCy runs every rule through its Matcher at
every token: on the speed bench that took as long as ``tok2vec`` (0.40 s of
2,000 records, AMD EPYC). Nearly all rules test only one token's TAG, LOWER
form or whether it is a space; those are found here by looking the token up in
dicts. Rules of any other kind (two tokens, a regular expression, a dependency
label) stay in a Matcher of their own. Every rule's attributes are then set as
spaCy sets them, in the rules' order, so that a later rule wins, and the tokens
come out the same as the ruler's (``tests/test_attribute_lookup.py``).
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from typing import Any, cast

from spacy.language import Language
from spacy.matcher import Matcher
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc
from spacy.tokens._retokenize import set_token_attrs

RULER = "attribute_ruler"
FACTORY = "netgpt_attribute_lookup"

# The token attributes a rule may test and still be looked up: each must be a
# plain value, or an IN list for TAG and LOWER.
_LOOKED_UP = frozenset({"TAG", "LOWER", "IS_SPACE"})

# A rule's key: its tag and its lowercase form, None where it tests neither.
_Key = tuple[str | None, str | None]
# A Matcher pattern: one test per token.
_Pattern = list[dict[str, Any]]


def _values(spec: object) -> tuple[str, ...] | None:
    """The strings a TAG or LOWER test accepts, or None if it is no plain list of them."""
    if isinstance(spec, str):
        return (spec,)
    if isinstance(spec, Mapping) and set(spec) == {"IN"} and all(
        isinstance(value, str) for value in spec["IN"]
    ):
        return tuple(spec["IN"])
    return None


def _keys(token_test: Mapping[str, Any]) -> list[_Key] | None:
    """The lookup keys of a one-token test, or None if it must be matched."""
    if not set(token_test) <= _LOOKED_UP or not ({"TAG", "LOWER"} & set(token_test)):
        return None
    if "IS_SPACE" in token_test and not isinstance(token_test["IS_SPACE"], bool):
        return None
    tags = _values(token_test["TAG"]) if "TAG" in token_test else (None,)
    lowers = _values(token_test["LOWER"]) if "LOWER" in token_test else (None,)
    if tags is None or lowers is None:
        return None
    return [(tag, lower) for tag in tags for lower in lowers]


def _needs_dependencies(pattern: Iterable[Mapping[str, Any]]) -> bool:
    """Whether a pattern tests a DEP label in a way that an empty label fails."""
    for token_test in pattern:
        if "DEP" not in token_test:
            continue
        test = token_test["DEP"]
        if isinstance(test, str):
            return test != ""
        if isinstance(test, Mapping) and set(test) == {"IN"}:
            return "" not in test["IN"]
        if isinstance(test, Mapping) and set(test) == {"NOT_IN"}:
            return "" in test["NOT_IN"]
    return False


class AttributeLookup:
    """The rules of an :class:`AttributeRuler`, applied by lookup where they test one token."""

    def __init__(self, ruler: AttributeRuler) -> None:
        self._attrs = list(ruler.attrs)
        self._indices = list(ruler.indices)
        self._strings = ruler.vocab.strings
        self._rules: dict[_Key, list[tuple[int, bool | None]]] = defaultdict(list)
        self._matcher = Matcher(ruler.vocab)
        self._matcher_without_dependencies = Matcher(ruler.vocab)
        for rule, entry in enumerate(ruler.patterns):
            matched: list[_Pattern] = []
            for pattern in cast(list[_Pattern], entry["patterns"]):
                keys = _keys(pattern[0]) if len(pattern) == 1 else None
                if keys is None:
                    matched.append(pattern)
                    continue
                space = pattern[0].get("IS_SPACE")
                for key in keys:
                    self._rules[key].append((rule, space))
            if matched:
                self._matcher.add(str(rule), matched)
            if without_dependencies := [p for p in matched if not _needs_dependencies(p)]:
                self._matcher_without_dependencies.add(str(rule), without_dependencies)

    def __call__(self, doc: Doc) -> Doc:
        """Set every matching rule's attributes, in the rules' order."""
        rules = self._rules
        found = self._matched(doc)
        for token in doc:
            tag, lower = token.tag_, token.lower_
            for key in ((tag, lower), (tag, None), (None, lower)):
                for rule, space in rules.get(key, ()):
                    if space is None or space == token.is_space:
                        found.append((rule, token.i))
        found.sort()
        for rule, position in found:
            set_token_attrs(doc[position], self._attrs[rule])
        return doc

    def _matched(self, doc: Doc) -> list[tuple[int, int]]:
        """The rules found by the Matcher, each with the token it sets."""
        found = []
        # Without a parser every token's DEP is empty: a rule that needs a label cannot match.
        matcher = self._matcher if doc.has_annotation("DEP") else self._matcher_without_dependencies
        for match_id, start, end in matcher(doc, allow_missing=True):
            rule = int(self._strings[match_id])
            index = self._indices[rule]
            found.append((rule, start + index if index >= 0 else end + index))
        return found


@Language.factory(FACTORY)
def _make_attribute_lookup(nlp: Language, name: str) -> AttributeLookup:
    ruler = nlp.get_pipe(RULER)
    if not isinstance(ruler, AttributeRuler):
        raise TypeError(f"{RULER!r} is a {type(ruler).__name__}, not spaCy's AttributeRuler")
    return AttributeLookup(ruler)


def look_up_attributes(nlp: Language) -> None:
    """Put an :class:`AttributeLookup` of the pipeline's attribute ruler in the ruler's place."""
    if RULER not in nlp.pipe_names:
        return
    nlp.add_pipe(FACTORY, name=f"{RULER}_lookup", before=RULER)
    nlp.remove_pipe(RULER)

