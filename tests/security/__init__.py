"""Tests that play an attacker against the real code: a lying node, a node
that is not enrolled, a curious operator, another account on the host.

Each drives the parts an attacker meets (the aggregator's strategy, its ledger
and registry on disk) with what that attacker can send or do, and checks the
attack is refused with a recorded reason.
"""
