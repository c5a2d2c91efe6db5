"""Presidio's email recognizer, with its domain check kept offline."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer


class OfflineEmailRecognizer(EmailRecognizer):
    """EmailRecognizer whose domain check never touches the network.

    The stock recognizer validates matches with the module-level
    ``tldextract.extract``, which downloads the public-suffix list on first use
    and caches it under the user's home. Edge nodes are offline by design, so
    this one uses the suffix-list snapshot bundled with tldextract, with no
    download URLs and no disk cache.
    """

    def __init__(self) -> None:
        self._extract = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
        super().__init__()

    def validate_result(self, pattern_text: str) -> bool:
        """Accept a match only if its domain ends in a known public suffix."""
        return self._extract(pattern_text).fqdn != ""
