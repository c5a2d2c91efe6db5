"""A hostile client's crafted text costs the bank-account recognizer and the phone price guard linear time.

Both read back over a run of digits (the guard's look behind for an amount's
shape) or over a filler of labels and bank names that repeats.
"""

from __future__ import annotations

import pytest

from privacy.desensitize.recognizers import BankAccountRecognizer, PhonePatternRecognizer

from .linear_time import assert_linear, best_cpu_time, crafted

UNITS = ("acc 1 ", "account HSBC ", "acc no. # ", "konto 1 2 3 ", "1 000 ", "Phone 1 ", "Phone 1000 kr ", "12.")


@pytest.mark.parametrize("recognizer", [BankAccountRecognizer(), PhonePatternRecognizer()], ids=["account", "phone"])
@pytest.mark.parametrize("unit", UNITS)
def test_a_crafted_run_costs_linear_time(recognizer: BankAccountRecognizer | PhonePatternRecognizer, unit: str) -> None:
    def timed(length: int) -> float:
        text = crafted(unit, length)
        return best_cpu_time(lambda: recognizer.analyze(text, recognizer.supported_entities, None))

    assert_linear(f"{recognizer.name} on {unit!r}", timed)
