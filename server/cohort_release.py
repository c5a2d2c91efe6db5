"""Which region adapters a round may publish beside the global one.

Every published adapter of a round is the adapter sent plus a mean of its
members' changes, so anyone who knows the member counts can take published
sums apart: the global sum less the published cohorts' sums is the sum of the
nodes in no published cohort. A cohort with fewer than `min_nodes` members is
never published, and neither is a set of cohorts that would leave between one
and `min_nodes - 1` nodes as that remainder: a lone node's update would be
recoverable by subtraction, exactly under a plain mean. Withholding starts
with the smallest cohort, which personalizes for the fewest nodes.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence


def publishable(members: Mapping[str, Sequence[object]], accepted: int, min_nodes: int) -> set[str]:
    """The cohorts (of `members`, cohort -> its updates, or its nodes when
    only public counts may decide) whose adapters may be published when the
    global merge holds `accepted` of them."""
    chosen = {cohort for cohort, indices in members.items() if len(indices) >= min_nodes}
    while chosen:
        remainder = accepted - sum(len(members[cohort]) for cohort in chosen)
        if remainder == 0 or remainder >= min_nodes:
            break
        chosen.remove(min(chosen, key=lambda cohort: (len(members[cohort]), cohort)))
    return chosen
