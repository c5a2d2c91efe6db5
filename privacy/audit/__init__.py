"""Empirical privacy audit: canaries planted in a copy of a node's data, and
the lower bound on ε that the guesses about them support.

A leaf of `privacy` like `dp`: it knows nothing of nodes, Flower or training;
`netgpt.commands.empirical_audit` drives the node's own training around it.
"""
