"""Differential privacy: ε from mechanisms, the node's accountant, the signed
privacy report and the aggregator's hash-chained ledger."""
