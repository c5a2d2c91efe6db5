"""Privacy, by subsystem.

- `privacy.desensitize`: Presidio-based removal of identifiers and
  generalization of places (engine, recognizers, gazetteer, placeholders).
- `privacy.dp`: differential-privacy accounting, the node's accountant store,
  the privacy report and the aggregator's ledger.
- `privacy.identity`: the federation's CA and TLS, node keys and signing.

The subpackages do not import each other except `dp` → `identity` (the ledger
is signed), so that a change to one never invalidates another's caches.
"""
