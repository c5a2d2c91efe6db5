"""`netgpt audit` on a real signed ledger: the table, the JSON, `--verify`
exit codes and `--plot`, through a one-command Typer app."""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest
import typer
from typer.testing import CliRunner

from netgpt.commands.audit import audit_command
from netgpt.layout import default_anchor_dir
from policies import load_policy, parse_policy
from privacy.dp.accounting import epsilon
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import FEDERATION_NODE, Ledger

POLICY_YAML = "version: 1\nprivacy:\n  max_epsilon: 3.0\n"
MECHANISM = (2.0, 0.05, 10)
DELTA = 1e-5

app = typer.Typer()
app.command()(audit_command)
runner = CliRunner()


def _record(ledger: Ledger, node: str, round: int, decision: str, steps: int = 10) -> None:
    mechanism = (*MECHANISM[:2], steps) if steps else (0.0, 0.0, 0)
    history = [*ledger.history(node), mechanism] if steps else ledger.history(node)
    ledger.append(
        round=round, node=node, noise_multiplier=mechanism[0], sample_rate=mechanism[1],
        steps=steps, delta=DELTA, epsilon_round=epsilon([mechanism], DELTA) if steps else 0.0,
        epsilon_total=epsilon(history, DELTA), decision=decision,
        reason="" if decision == "accepted" else "test", policy_hash="p" * 64,
    )


@pytest.fixture(autouse=True)
def private_state_home(tmp_path, monkeypatch):
    """`--verify` looks for the aggregator's default anchor; never in the real home."""
    monkeypatch.setenv("XDG_STATE_HOME", str(tmp_path / "xdg-state"))
    monkeypatch.delenv("NETGPT_LEDGER_ANCHOR", raising=False)


@pytest.fixture(scope="module")
def template(tmp_path_factory) -> Path:
    workdir = tmp_path_factory.mktemp("audit")
    (workdir / "policy.yaml").write_text(POLICY_YAML)
    ledger = Ledger.open(workdir, writable=True)
    _record(ledger, "node-a", 1, "accepted")
    _record(ledger, "node-b", 1, "accepted")
    _record(ledger, "node-a", 2, "accepted")
    _record(ledger, "node-b", 2, "rejected")
    _record(ledger, "node-b", 3, "exhausted", steps=0)
    return workdir


@pytest.fixture
def workdir(template, tmp_path) -> Path:
    return Path(shutil.copytree(template, tmp_path / "work"))


def _audit(workdir: Path, *args: str):
    return runner.invoke(app, ["--workdir", str(workdir), *args])


def test_json_has_the_documented_shape(workdir):
    result = _audit(workdir, "--json")
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    policy = parse_policy(POLICY_YAML)
    assert document["policy"] == {**policy.model_dump(mode="json"), "hash": policy.content_hash()}
    assert document["ledger"] == {"entries": 5, "verified": None}
    assert document["nodes"] == [
        {"node": "node-a", "epsilon_spent": pytest.approx(epsilon([MECHANISM] * 2, DELTA)),
         "epsilon_cap": 3.0, "delta": DELTA, "rounds": 2, "rejections": 0, "status": "active"},
        {"node": "node-b", "epsilon_spent": pytest.approx(epsilon([MECHANISM] * 2, DELTA)),
         "epsilon_cap": 3.0, "delta": DELTA, "rounds": 1, "rejections": 1, "status": "exhausted"},
    ]


def test_table_shows_each_node_and_the_policy_hash(workdir):
    result = _audit(workdir)
    assert result.exit_code == 0, result.output
    rows = {line.split("│")[0].strip(): line for line in result.stdout.splitlines() if "node-" in line}
    assert set(rows) == {"node-a", "node-b"}
    assert "active" in rows["node-a"] and "exhausted" in rows["node-b"]
    assert "3.000" in rows["node-a"]  # the cap from the work directory's policy
    assert "5 ledger entries" in result.stdout
    assert parse_policy(POLICY_YAML).content_hash() in result.stdout


def test_the_privacy_unit_is_named_and_record_level_only_is_warned_about(workdir):
    """A node's ε is per record; without client-level DP nothing bounds what a user's records
    reveal together, and the audit must say so rather than let ε read as per user."""
    table = _audit(workdir)
    assert "ε per record, per node" in table.stdout
    assert "client-level DP is off" in table.stderr
    document = json.loads(_audit(workdir, "--json").stdout)
    assert document["privacy_unit"] == {"node_epsilon": "record", "federation_epsilon": None}
    assert any("client-level DP is off" in w for w in document["warnings"])

    (workdir / "policy.yaml").write_text(POLICY_YAML + "aggregation:\n  client_dp:\n    enabled: true\n")
    assert "client-level DP is off" not in _audit(workdir).stderr
    assert json.loads(_audit(workdir, "--json").stdout)["warnings"] == []


def test_client_level_dp_is_shown_per_user_before_and_after_its_first_release(workdir):
    """With client-level DP on, the audit names the per-user unit even before
    anything was released, and after releases shows the federation's ε (an
    entry of the `@federation` key covers that round's releases)."""
    (workdir / "policy.yaml").write_text(POLICY_YAML + "aggregation:\n  client_dp:\n    enabled: true\n")
    table = _audit(workdir)
    assert "client-level DP: no release yet (cap 8 per user)" in table.stdout
    assert json.loads(_audit(workdir, "--json").stdout)["privacy_unit"] == {
        "node_epsilon": "record", "federation_epsilon": "user"}

    ledger = Ledger.open(workdir, writable=True)
    release = (4.0, 1.0, 2)
    for round_ in (1, 2):
        history = [*ledger.history(FEDERATION_NODE), release]
        ledger.append(
            round=round_, node=FEDERATION_NODE, noise_multiplier=release[0], sample_rate=release[1],
            steps=release[2], delta=DELTA, epsilon_round=epsilon([release], DELTA),
            epsilon_total=epsilon(history, DELTA), decision="accepted", reason="", policy_hash="p" * 64,
        )
    table = _audit(workdir, "--verify")
    assert table.exit_code == 0, table.output
    words = " ".join(table.stdout.split())  # the line wraps at the terminal's width
    assert "per user" in words and "after 4 noised release(s)" in words
    assert "@federation" not in words  # not a node row
    document = json.loads(_audit(workdir, "--json").stdout)
    assert document["federation"] == {"epsilon": pytest.approx(epsilon([release] * 2, DELTA)), "cap": 8.0,
                                      "delta": DELTA, "releases": 4}
    assert document["privacy_unit"]["federation_epsilon"] == "user"


def test_default_policy_when_the_workdir_has_none(workdir):
    (workdir / "policy.yaml").unlink()
    document = json.loads(_audit(workdir, "--json").stdout)
    assert document["policy"]["hash"] == load_policy().content_hash()
    assert document["nodes"][0]["epsilon_cap"] == load_policy().privacy.max_epsilon


def test_verify_passes_on_an_intact_ledger_and_says_what_it_could_not_check(workdir):
    result = _audit(workdir, "--json", "--verify")
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["ledger"] == {
        "entries": 5, "verified": True, "findings": [], "anchor": None, "receipts": 0, "pinned_seq": 0,
        "truncation_checked": False,
    }
    assert "verified" in result.stderr
    assert "truncation of the newest entries cannot be ruled out" in result.stderr


def test_verify_uses_the_aggregators_default_anchor_when_it_pins_anything(workdir, tmp_path):
    Ledger.open(workdir, writable=True, anchor=LedgerAnchor(default_anchor_dir(workdir, os.environ)))
    result = _audit(workdir, "--json", "--verify")
    assert result.exit_code == 0, result.output
    ledger = json.loads(result.stdout)["ledger"]
    assert ledger["anchor"] == str(default_anchor_dir(workdir, os.environ)) and ledger["pinned_seq"] == 5
    assert "anchored" in result.stderr and str(tmp_path / "xdg-state") in ledger["anchor"]


def test_an_anchor_or_receipts_that_pin_nothing_are_errors(workdir, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result = _audit(workdir, "--anchor", str(empty))
    assert result.exit_code == 1 and "holds no pinned ledger key or head" in result.stderr
    result = _audit(workdir, "--receipts", str(empty))
    assert result.exit_code == 1 and "no receipts file" in result.stderr


def test_verify_fails_with_exit_1_naming_the_first_bad_entry(workdir):
    db = sqlite3.connect(workdir / "ledger.sqlite", isolation_level=None)
    db.execute("DROP TRIGGER entries_no_update")
    db.execute("UPDATE entries SET epsilon_total = 0.1 WHERE seq = 3")
    db.close()
    result = _audit(workdir, "--json", "--verify")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["ledger"]["verified"] is False
    assert "seq 3 (node node-a, round 2)" in result.stderr
    assert _audit(workdir, "--verify").exit_code == 1


def test_verify_without_the_public_key_fails(workdir):
    (workdir / "keys" / "aggregator.pub").unlink()
    result = _audit(workdir, "--verify")
    assert result.exit_code == 1 and "aggregator.pub" in result.stderr


def test_missing_ledger_is_a_clear_error(tmp_path):
    result = _audit(tmp_path, "--json")
    assert result.exit_code == 1 and "no privacy ledger" in result.stderr and result.stdout == ""


def test_invalid_policy_in_the_workdir_fails(workdir):
    (workdir / "policy.yaml").write_text("privacy:\n  max_epsilonn: 3\n")
    result = _audit(workdir)
    assert result.exit_code == 1 and "max_epsilonn" in result.stderr


def test_plot_writes_a_png(workdir, tmp_path):
    target = tmp_path / "budget.png"
    result = _audit(workdir, "--plot", str(target))
    assert result.exit_code == 0, result.output
    assert target.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"


def test_plot_into_a_missing_directory_fails_cleanly(workdir, tmp_path):
    result = _audit(workdir, "--plot", str(tmp_path / "nowhere" / "budget.png"))
    assert result.exit_code == 1 and "cannot write" in result.stderr


def test_empirical_audit_checks_its_input_before_training(workdir, tmp_path):
    """`--empirical` needs no ledger; a wrong arm or a node directory without
    records is a usage error (2), found before any model is loaded."""
    wrong_arm = _audit(workdir, "--empirical", "--arm", "sideways")
    assert wrong_arm.exit_code == 2 and "--arm must be" in wrong_arm.output
    empty = _audit(tmp_path / "nowhere", "--empirical", "--node-data", str(tmp_path / "no-node"))
    assert empty.exit_code == 2 and "records.jsonl" in empty.output
