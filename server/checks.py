"""The aggregator's checks on one training reply: verify, don't trust.

Every number that bounds privacy is recomputed here from the mechanism
parameters the node reported, against the policy the aggregator holds. Each
check returns a reason, so that every rejection is recorded with why.
"""

from __future__ import annotations

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


def update_norm(
    update: Mapping[str, np.ndarray], sent: Mapping[str, np.ndarray]
) -> float:
    """L2 norm of what the node changed, over all tensors together."""
    total = 0.0
    for key, value in update.items():
        delta = value.astype(np.float64) - sent[key].astype(np.float64)
        total += float(np.sum(delta * delta))
    return float(total**0.5)


def judge(
    report: PrivacyReport,
    tensors: Mapping[str, np.ndarray],
    sent: Mapping[str, np.ndarray],
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
    eps_total = epsilon([*history, mechanism], privacy.delta)

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
    problem = update_problem(tensors, expected)
    if problem is not None:
        return reject(problem)
    norm = update_norm(tensors, sent)
    if norm > policy.aggregation.max_update_norm:
        return reject(
            f"update norm {norm:.3f} exceeds max_update_norm {policy.aggregation.max_update_norm:.3f}"
        )
    return Verdict(True, "", mechanism)
