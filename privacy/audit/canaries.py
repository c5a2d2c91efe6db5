"""Canaries: random secrets, each planted with probability ½, in a copy of the records.

One-run auditing (`privacy.audit.bound`) needs the canaries' membership to be
independent fair coins and the rest of the data fixed; everything else about
a canary is the auditor's choice. A canary here is its secret alone, eight
random one-token words: a shared prefix ("my passphrase is …") pulls every
canary's clipped gradient the same way, and the per-canary part drowned in it
(tiny model, 200 canaries, 4 epochs without noise: attack AUC 0.56 for the
prefix and four words, 0.78 for eight words alone). The canaries only ever
join a new list: the records they are planted among are never changed, and
nothing is written.

Only the included canaries become records, so the record count N, and with
it q = 1/⌈N/B⌉ and the steps, follow the coins by a few records: the audit
takes the run's own accounting as the claim. Gradient canaries
(`privacy.audit.gradient_canaries`) avoid this by keeping an excluded canary
as a record whose gradient is zero. A text record always has a gradient, so
here that would take a stand-in that is no text; the input canaries stay the
text-only audit they were measured as.

The threat model is the score's: black-box loss (`privacy.audit.scoring`:
the attacker queries the trained adapter and the public base model for a
canary's loss) or white-box (`privacy.audit.alignment`: the attacker holds
the initial and the final adapter). Neither sees the other records.
"""

from __future__ import annotations

import random
import secrets
from collections.abc import Sequence
from dataclasses import dataclass

INCLUSION_PROBABILITY = 0.5
"""The theorem is stated for fair coins; it is not a setting."""
SECRET_WORDS = 8


@dataclass(frozen=True)
class Canaries:
    texts: tuple[str, ...]
    included: tuple[bool, ...]

    def __len__(self) -> int:
        return len(self.texts)

    @property
    def planted(self) -> list[str]:
        return [text for text, inside in zip(self.texts, self.included, strict=True) if inside]


def draw_canaries(count: int, words: Sequence[str], seed: int | None = None) -> Canaries:
    """`count` distinct canaries of SECRET_WORDS words drawn from `words`,
    each included with probability ½.

    Without a seed both the secrets and the coins come from the OS, so that
    nobody can predict them; a seed makes a run repeatable.
    """
    vocabulary = sorted(set(words))
    if len(vocabulary) < SECRET_WORDS:
        raise ValueError(f"need at least {SECRET_WORDS} distinct words, got {len(vocabulary)}")
    if count > len(vocabulary) ** SECRET_WORDS // 2:
        raise ValueError(f"{count} canaries from {len(vocabulary)} words would repeat secrets")
    rng: random.Random = random.Random(seed) if seed is not None else secrets.SystemRandom()
    texts: dict[str, None] = {}
    while len(texts) < count:
        texts.setdefault(" ".join(rng.choice(vocabulary) for _ in range(SECRET_WORDS)))
    included = tuple(rng.random() < INCLUSION_PROBABILITY for _ in range(count))
    return Canaries(tuple(texts), included)


def with_canaries(records: Sequence[str], canaries: Canaries) -> list[str]:
    """A new list: `records` and, after them, the canaries drawn in. The order
    does not matter to DP-SGD's Poisson sampling; `records` is left as it was."""
    return [*records, *canaries.planted]

