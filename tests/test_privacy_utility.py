"""bench/privacy_utility.py's `--summary`: the paired gains and issue 16's target check,
on a CSV written by hand with figures worked out here.

Four (seed, node) pairs whose base perplexities differ eightfold, as real users do:
only a figure paired on the same records recovers the gains set below.
"""

from __future__ import annotations

import argparse
import csv
import importlib.util
import math
import statistics
import sys
from pathlib import Path
from types import ModuleType

import pytest

REPO = Path(__file__).resolve().parents[1]
BASES = {(0, "node-1"): 100.0, (0, "node-2"): 400.0, (1, "node-1"): 200.0, (1, "node-2"): 50.0}
PAIRS = list(BASES)


def _bench() -> ModuleType:
    spec = importlib.util.spec_from_file_location("privacy_utility", REPO / "bench" / "privacy_utility.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses resolve their annotations through it
    spec.loader.exec_module(module)
    return module


bench = _bench()


def _write(path: Path, arms: dict[str, dict[str, list[float]]], rounds: int = 2) -> Path:
    """Rows as the bench writes them: base rows under every arm, each adapter's perplexity
    `base × (1 − gain)` with the gains given per arm and adapter, pair by pair. A round-1
    row that would break every figure checks that only the last round counts."""
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, fieldnames=bench.FIELDS)
        writer.writeheader()

        def row(seed: int, node: str, arm: str, adapter: str, perplexity: float, round_: int = rounds) -> None:
            writer.writerow({"seed": seed, "arm": arm, "round": round_, "node": node, "region": "europe-west",
                             "adapter": adapter, "view": "novel", "sigma": "", "epsilon": "", "loss": "",
                             "perplexity": perplexity, "tokens": 100})

        for arm, adapters in arms.items():
            for index, ((seed, node), base) in enumerate(BASES.items()):
                row(seed, node, arm, "base", base)
                for adapter, gains in adapters.items():
                    row(seed, node, arm, adapter, base * (1 - gains[index]))
                    row(seed, node, arm, adapter, 10 * base, round_=1)
    return path


SGD = {"personal": [0.10, 0.20, 0.10, 0.20], "global": [0.08] * 4, "region": [0.08] * 4, "local": [0.12] * 4}
EPS8 = {"personal": [0.09, 0.18, 0.09, 0.16], "global": [0.05] * 4, "region": [0.06] * 4, "local": [0.10] * 4}


def test_gains_are_paired_per_seed_and_node(tmp_path: Path) -> None:
    table = bench.read_cells(_write(tmp_path / "pu.csv", {"ε=8": EPS8, "sgd": SGD}), rounds=2)
    personal = bench.gains(table[("ε=8", "novel")], "personal")
    assert personal == pytest.approx(dict(zip(PAIRS, EPS8["personal"], strict=True)))
    spread = bench.Spread.of(list(personal.values()))
    assert (spread.mean, spread.sd, spread.n) == pytest.approx((0.13, statistics.stdev(EPS8["personal"]), 4))
    # Kept: 0.13 / 0.15 of the mean gain; pair by pair 0.9, 0.9, 0.9, 0.8.
    kept = bench.kept(personal, bench.gains(table[("sgd", "novel")], "personal"))
    assert kept.of_means == pytest.approx(0.13 / 0.15)
    assert (kept.per_pair.mean, kept.per_pair.n, kept.pairs) == pytest.approx((0.875, 4, 4))
    # Personal − global: 0.04, 0.13, 0.04, 0.11; personal − local: −0.01, 0.08, −0.01, 0.06.
    over_global = bench.versus(personal, bench.gains(table[("ε=8", "novel")], "global"))
    over_local = bench.versus(personal, bench.gains(table[("ε=8", "novel")], "local"))
    assert (over_global.difference.mean, over_global.wins) == pytest.approx((0.08, 4))
    assert (over_local.difference.mean, over_local.wins) == pytest.approx((0.03, 2))


def test_beats_is_bounded_over_seed_means_not_over_pairs() -> None:
    # Two nodes of a seed share its run and move together. Six pairs would give a bound of
    # +0.55 pp (mean 3.33, t(0.95, 5) = 2.015); three seed means 0.06, 0.05, −0.01 give −3.05.
    pairs = [(seed, node) for seed in range(3) for node in ("node-1", "node-2")]
    differences = dict(zip(pairs, [0.06, 0.06, 0.05, 0.05, -0.01, -0.01], strict=True))
    result = bench.versus(differences, dict.fromkeys(pairs, 0.0))
    assert (result.difference.n, result.wins, result.by_seed.n) == (6, 4, 3)
    assert result.lower_bound == pytest.approx(-0.0305, abs=1e-4)
    assert not result.beats
    # One seed bounds nothing, however many nodes it has.
    assert not bench.versus({(0, "a"): 0.1, (0, "b"): 0.2}, {(0, "a"): 0.0, (0, "b"): 0.0}).beats


def test_a_pair_without_sgd_gain_has_no_share_but_counts_in_the_ratio_of_means() -> None:
    kept = bench.kept({(0, "a"): 0.05, (0, "b"): 0.02, (0, "c"): 0.04}, {(0, "a"): 0.10, (0, "b"): -0.05})
    assert (kept.per_pair.mean, kept.per_pair.n, kept.pairs) == pytest.approx((0.5, 1, 2))
    assert kept.of_means == pytest.approx(0.035 / 0.025)
    # No gain to keep: no share, which fails the target rather than passing it.
    assert math.isnan(bench.kept({(0, "a"): 0.05}, {(0, "a"): -0.01}).of_means)


@pytest.mark.parametrize(("change", "verdict", "figures"), [
    # Personal − local 0.03, 0.12, 0.03, 0.10: seed means 0.075 and 0.065, sd 0.00707,
    # t(0.95, 1) = 6.314: bound 0.07 − 6.314 × 0.005.
    ({"local": [0.06] * 4}, "MET", ("keeps 0.87", "≥ 0.80: yes", "personal − global +8.00 pp, wins 4/4",
                                    "personal − local +7.00 pp, wins 4/4, 95% lower bound over 2 seed means "
                                    "+3.84 pp (> 0: yes)")),
    # Personal − local −0.01, 0.08, −0.01, 0.06: a mean above 0 that two seeds do not bear out.
    ({}, "NOT MET", ("keeps 0.87", "personal − global +8.00 pp, wins 4/4, 95% lower bound over 2 seed means "
                                   "+4.84 pp (> 0: yes)",
                     "personal − local +3.00 pp, wins 2/4, 95% lower bound over 2 seed means -0.16 pp (> 0: no)")),
    # Local-only gains 20% everywhere: personal − local −0.11, −0.02, −0.11, −0.04.
    ({"local": [0.20] * 4}, "NOT MET", ("keeps 0.87", "personal − local -7.00 pp, wins 0/4, 95% lower bound")),
    # Personal gains half of plain SGD's in every pair: 0.05, 0.10, 0.05, 0.10.
    ({"personal": [0.05, 0.10, 0.05, 0.10]}, "NOT MET", ("keeps 0.50", "≥ 0.80: no")),
])
def test_summary_prints_the_target_check_and_draws_the_gains(
        tmp_path: Path, capsys: pytest.CaptureFixture[str], change: dict[str, list[float]], verdict: str,
        figures: tuple[str, ...]) -> None:
    # ε = 1 has base rows only, as in a run cut off before its arm: it is left out, not a crash.
    path = _write(tmp_path / "pu.csv", {"ε=1": {}, "ε=8": EPS8 | change, "sgd": SGD})
    png = tmp_path / "pu.png"
    bench.summarize(path, list(bench.ARMS), 2, png)
    out = capsys.readouterr().out
    [line] = [line for line in out.splitlines() if line.startswith("issue 16 target") and "personal adapter" in line]
    assert line.startswith(f"issue 16 target (ε=8, novel records, the personal adapter): {verdict}:")
    for figure in figures:
        assert figure in line
    assert "no adapter figures in the CSV for ε=1, ε=2, ε=4, clip-only" in out
    assert png.stat().st_size > 10_000


def test_the_mixed_adapter_is_held_to_plain_sgds_personal_gain(
        tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    # Mixed gains 0.14 in every pair: 0.14 / 0.15 of plain SGD's personal gain (not of its
    # own gain, which the plain SGD arm here does not report), above global (0.05) and local (0.10).
    path = _write(tmp_path / "pu.csv", {"ε=8": EPS8 | {"mixed": [0.14] * 4}, "sgd": SGD})
    bench.summarize(path, list(bench.ARMS), 2, tmp_path / "pu.png")
    [line] = [line for line in capsys.readouterr().out.splitlines() if "the mixed adapter" in line]
    assert line.startswith("issue 16 target (ε=8, novel records, the mixed adapter): MET:")
    assert "mixed keeps 0.93" in line and "mixed − global +9.00 pp, wins 4/4" in line
    assert "mixed − local +4.00 pp, wins 4/4" in line


def test_target_is_not_measured_without_the_plain_sgd_arm(tmp_path: Path) -> None:
    table = bench.read_cells(_write(tmp_path / "pu.csv", {"ε=8": EPS8}), rounds=2)
    assert bench.target(table) is None
    assert "not measured" in bench.target_line(None)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("train.batch-size=8", {"train.batch-size": 8}),
        ("train.learning-rate=0.1", {"train.learning-rate": 0.1}),
        ('model="tiny"', {"model": "tiny"}),
    ],
)
def test_run_config_overrides_are_read_as_flower_reads_them(text: str, expected: dict[str, object]) -> None:
    assert _bench().run_config_override(text) == expected


# Flower's parser returns nothing for the first two and rejects an unquoted string.
@pytest.mark.parametrize("text", ["train.batch-size", "=8", "model=tiny"])
def test_a_run_config_override_flower_would_not_set_is_refused(text: str) -> None:
    with pytest.raises(argparse.ArgumentTypeError):
        _bench().run_config_override(text)
