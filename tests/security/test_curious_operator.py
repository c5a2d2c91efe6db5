"""A curious operator on the aggregator's host who deletes the privacy ledger
so that every node's spent budget is forgotten (issue 13, point 6, in part).

Before, the ServerApp's `Ledger.open(..., writable=True)` silently created an
empty ledger beside the existing signing key, and training went on with every
node's budget reset. Now it refuses, naming the missing ledger and the key.
"""

from __future__ import annotations

import pytest

from privacy.dp.ledger import Ledger, LedgerError

from .harness import Aggregator


def test_a_deleted_ledger_stops_the_aggregator_instead_of_resetting_budgets(tmp_path):
    aggregator = Aggregator(tmp_path)
    aggregator.strategy.aggregate_train(1, [node.honest(0.1) for node in aggregator.nodes.values()])
    assert aggregator.ledger.history("node-1"), "the round was accounted"
    for path in tmp_path.glob("ledger.sqlite*"):
        path.unlink()
    with pytest.raises(LedgerError) as raised:
        Ledger.open(tmp_path, writable=True)
    message = str(raised.value)
    assert str(tmp_path / "ledger.sqlite") in message and str(tmp_path / "keys" / "aggregator.key") in message
    assert not (tmp_path / "ledger.sqlite").exists()
