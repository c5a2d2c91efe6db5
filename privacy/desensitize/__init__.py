"""Desensitization: Presidio's analyzer with our recognizers, our replacement.

The node's desensitization cache is keyed by this package's code and data
only (`fingerprint.py`), so work on TLS or accounting never invalidates it.
"""
