"""ε per round under RDP and PRV for the default policy, rounds until its cap,
and what one ε costs under each accountant.

A default round: the run's batch size over 160 records (q = 0.1, 10 steps, one
epoch) at the configured σ. Usage: `.venv/bin/python bench/dp_accounting.py`.
"""

from __future__ import annotations

import time

from opacus.accountants import PRVAccountant

from client.budget import poisson_schedule
from netgpt.settings import RunSettings
from policies import load_policy
from privacy.dp.accounting import ACCOUNTANTS, canonical, epsilon

RECORDS = 160


def main() -> None:
    policy, train = load_policy(), RunSettings.defaults().train
    delta, cap = policy.privacy.delta, policy.privacy.max_epsilon
    rate, steps = poisson_schedule(RECORDS, train.batch_size, train.local_epochs)
    sigma = max(train.noise_multiplier, policy.privacy.min_noise_multiplier)
    print(f"default round: σ={sigma} q={rate} steps={steps}; policy cap ε={cap} at δ={delta:g}")
    print("round  ε RDP   ε PRV   PRV/RDP")
    last = {name: 0 for name in ACCOUNTANTS}
    rounds = 0
    while True:
        rounds += 1
        history = [(sigma, rate, steps * rounds)]
        figures = {name: epsilon(history, delta, name) for name in ACCOUNTANTS}
        for name, value in figures.items():
            if value <= cap:
                last[name] = rounds
        print(f"{rounds:5d}  {figures['rdp']:6.3f}  {figures['prv']:6.3f}  {figures['prv'] / figures['rdp']:.3f}")
        if all(value > cap for value in figures.values()):
            break
    print(f"rounds within the cap at σ={sigma}: RDP {last['rdp']}, PRV {last['prv']}")
    # A σ not met before for each, so that no cache helps: what a new round costs.
    for label, compute in (
        ("RDP", lambda: epsilon([(sigma, rate, steps), (1.3, rate, steps)], delta, "rdp")),
        ("PRV (this project)", lambda: epsilon([(sigma, rate, steps), (1.4, rate, steps)], delta, "prv")),
        ("PRV (Opacus PRVAccountant)", lambda: _opacus_prv([(sigma, rate, steps), (1.5, rate, steps)], delta)),
    ):
        started = time.perf_counter()
        compute()
        print(f"ε of two rounds at σ {sigma} and a new σ, {label}: {(time.perf_counter() - started) * 1000:.0f} ms")


def _opacus_prv(history: list[tuple[float, float, int]], delta: float) -> float:
    accountant = PRVAccountant()
    accountant.history = list(canonical(history))
    return float(accountant.get_epsilon(delta))


if __name__ == "__main__":
    main()
