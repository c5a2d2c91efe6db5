"""The aggregator's checks on one training reply: verify, don't trust.

Every number that bounds privacy is recomputed here from the mechanism
parameters the node reported, against the policy the aggregator holds. Each
check returns a reason, so that every rejection is recorded with why. An
update's size is not a reason to reject it: the merge clips every update to
the policy's `max_update_norm` (see `merging`), which bounds what any one
node can do just as a rejection above the cap would, without discarding an
honest node's round because its noise happened to be large.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import numpy as np

from policies import Policy
from privacy.dp.accounting import Mechanism, epsilon
from privacy.dp.report import PrivacyReport
from server.validation import update_problem


@dataclass(frozen=True)
class Verdict:
    accepted: bool
    reason: str
    mechanism: Mechanism  # as recorded; all zero when the report's is impossible


def judge(
    report: PrivacyReport,
    tensors: Mapping[str, np.ndarray],
    expected: Mapping[str, tuple[int, ...]],
    history: Sequence[Mechanism],
    policy: Policy,
) -> Verdict:
    """Decide on one reply. `history` is the node's earlier mechanisms from the
    ledger; the reported one is composed onto it with the policy's δ."""
    privacy = policy.privacy
    if not (0 < report.sample_rate <= 1) or report.steps <= 0 or report.records <= 0 \
            or report.noise_multiplier <= 0:
        # Nothing can be accounted for an impossible mechanism: it spends no
        # recorded budget, and the entry says why.
        return Verdict(False, "privacy report has an impossible noise, sample rate, step or "
                       "record count", (0.0, 0.0, 0))
    mechanism = (report.noise_multiplier, report.sample_rate, report.steps)
    eps_total = _epsilon([*history, mechanism], privacy.delta)
    if eps_total is None:
        return Verdict(False, "privacy report has a mechanism the accountant cannot evaluate", (0.0, 0.0, 0))

    def reject(reason: str) -> Verdict:
        return Verdict(False, reason, mechanism)

    if report.policy_hash != policy.content_hash():
        # Named by hash prefix, so an operator can tell which policy the node had.
        return reject(
            f"trained under another policy than the aggregator's: the report is signed for policy "
            f"{report.policy_hash[:12]}, the aggregator's is {policy.content_hash()[:12]}"
        )
    if report.delta != privacy.delta:
        return reject(f"δ {report.delta:g} differs from the policy's {privacy.delta:g}")
    if report.noise_multiplier < privacy.min_noise_multiplier:
        return reject(
            f"noise multiplier {report.noise_multiplier:.3f} below the policy minimum "
            f"{privacy.min_noise_multiplier:.3f}"
        )
    if report.max_grad_norm > privacy.max_grad_norm:
        return reject(
            f"clipping norm {report.max_grad_norm:.3f} above the policy's {privacy.max_grad_norm:.3f}"
        )
    if eps_total > privacy.max_epsilon * (1 + 1e-9):
        return reject(
            f"recomputed cumulative ε {eps_total:.3f} exceeds the cap {privacy.max_epsilon:.3f}"
        )
    if report.records * report.sample_rate < 1 - 1e-9:
        # A Poisson loader's expected batch is q·N records, at least one for a
        # real loader (see client.budget.poisson_schedule); nodes report N
        # rounded up to whole batches, which makes q·N the batch size
        # (client.budget.reported_records): these numbers describe no training.
        return reject("reported record count and sample rate disagree: a batch would expect under one record")
    problem = update_problem(tensors, expected)
    if problem is not None:
        return reject(problem)
    return Verdict(True, "", mechanism)


def _epsilon(history: Sequence[Mechanism], delta: float) -> float | None:
    """The composed ε, or None when the RDP analysis cannot give a finite one:
    a σ far outside any real training (1e-300, 1e200) divides by zero or
    overflows in it, 10^15 steps exhaust Opacus's search for the optimal order
    (ValueError), and such a mechanism could never be accounted in the ledger
    either."""
    try:
        total = epsilon(history, delta)
    except (ArithmeticError, ValueError):
        return None
    return total if math.isfinite(total) else None
