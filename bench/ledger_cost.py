"""What the signed privacy ledger costs the aggregator per round.

Side by side in one process: for 3 nodes × 20 rounds of default-policy
mechanisms, the aggregator's per-round work with the ledger (recompute ε from
the ledger's history, append a signed, hash-chained entry per node) against the
same ε recomputation from an in-memory history, then one full `verify`.
The PRV cache is emptied before each timed part, so that each pays for the ε
it computes (the nodes' histories are identical: each round costs one PRV
computation, not three).
Usage: `.venv/bin/python bench/ledger_cost.py`.
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

from policies import load_policy
from privacy.dp.accounting import epsilon, prv_bounds
from privacy.dp.ledger import Ledger
from privacy.identity.signing import load_public_key

NODES, ROUNDS = 3, 20
MECHANISM = (1.0, 0.1, 10)  # σ, q, steps of a demo round


def main() -> None:
    policy = load_policy()
    delta = policy.privacy.delta
    with tempfile.TemporaryDirectory() as tmp:
        ledger = Ledger.open(Path(tmp), writable=True)
        memory: dict[str, list[tuple[float, float, int]]] = {f"node-{i}": [] for i in range(NODES)}
        with_ledger = without = 0.0
        for server_round in range(1, ROUNDS + 1):
            prv_bounds.cache_clear()
            started = time.perf_counter()
            for node in memory:
                total = epsilon([*ledger.history(node), MECHANISM], delta)
                ledger.append(
                    round=server_round, node=node, noise_multiplier=MECHANISM[0],
                    sample_rate=MECHANISM[1], steps=MECHANISM[2], delta=delta,
                    epsilon_round=epsilon([MECHANISM], delta), epsilon_total=total,
                    decision="accepted", reason="", policy_hash=policy.content_hash(),
                )
            with_ledger += time.perf_counter() - started
            prv_bounds.cache_clear()
            started = time.perf_counter()
            for history in memory.values():
                history.append(MECHANISM)
                epsilon(history, delta)
                epsilon([MECHANISM], delta)
            without += time.perf_counter() - started
        prv_bounds.cache_clear()
        started = time.perf_counter()
        result = ledger.verify(load_public_key(Path(tmp) / "keys" / "aggregator.pub"))
        verify = time.perf_counter() - started
    per_round_ledger = with_ledger / ROUNDS * 1000
    per_round_memory = without / ROUNDS * 1000
    print(f"{NODES} nodes x {ROUNDS} rounds, mechanism σ={MECHANISM[0]} q={MECHANISM[1]} steps={MECHANISM[2]}")
    print(f"  per round with signed ledger : {per_round_ledger:7.2f} ms")
    print(f"  per round, in-memory only    : {per_round_memory:7.2f} ms")
    print(f"  ledger overhead              : {per_round_ledger - per_round_memory:7.2f} ms/round "
          f"({per_round_ledger / per_round_memory:.1f}x)")
    print(f"  verify {result.entries} entries (ok={result.ok}): {verify * 1000:.1f} ms")


if __name__ == "__main__":
    main()
