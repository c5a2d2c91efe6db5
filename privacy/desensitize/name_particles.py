"""The lowercase words written inside names, apart from the recognizers that
read names, so that the language check can leave them out of its count too."""

from __future__ import annotations

# "Jan van der Berg", "Mariana das Neves", "Ali bin Ahmed", "Juan García y
# Pérez", "Maria dela Cruz". They are no evidence of a name on their own, but a capitalized word
# after one is a surname.
PARTICLES = frozenset(
    "van von der den ter ten te op zu zum de del della delle dei degli di da das do dos du le la"
    " les bin binti bint ibn ben bat al el y e dela delos".split()
)
# The particles as one regex alternation, longest first so that "della" is not
# read as "de" and the rest.
PARTICLE_ALTERNATION = "|".join(sorted(PARTICLES, key=len, reverse=True))
