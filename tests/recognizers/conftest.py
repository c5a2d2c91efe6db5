"""The offline gazetteer, parsed once for every recognizer test that needs one."""

from __future__ import annotations

import pytest

from privacy.desensitize.gazetteer import Gazetteer, default_gazetteer


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return default_gazetteer()
