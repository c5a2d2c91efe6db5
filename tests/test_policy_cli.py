"""`netgpt policy check` states what each ε cap protects: record-level ε per
node, and, when it is on, client-level ε per user; with it off it says that
a user's repeated attributes are not covered."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from netgpt.cli import app

runner = CliRunner()


def _check(tmp_path, yaml: str, *args: str):
    path = tmp_path / "policy.yaml"
    path.write_text(yaml)
    return runner.invoke(app, ["policy", "check", str(path), *args])


def test_the_caps_are_named_with_their_privacy_unit(tmp_path):
    result = _check(tmp_path, "version: 1\nprivacy:\n  max_epsilon: 3.0\n")
    assert result.exit_code == 0, result.output
    words = " ".join(result.stdout.split())
    assert "ε cap 3.0 per record, per node" in words
    assert "client-level DP off" in words and "record-level ε" in words

    result = _check(tmp_path, "version: 1\naggregation:\n  client_dp:\n    enabled: true\n    max_epsilon: 5\n")
    words = " ".join(result.stdout.split())
    assert "client-level DP: ε cap 5.0 per user" in words


def test_an_invalid_policy_names_the_bad_key_and_exits_2(tmp_path):
    result = _check(tmp_path, "version: 1\nprivacy:\n  max_epsilon: -1\n")
    assert result.exit_code == 2
    assert "max_epsilon" in result.output


def test_json_is_the_validated_policy(tmp_path):
    result = _check(tmp_path, "version: 1\n", "--json")
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["valid"] is True and document["policy"]["privacy"]["max_epsilon"] > 0
