"""`netgpt complete --node`: what leaves the device holds none of the node's raw PII."""

from __future__ import annotations

import json
import os
import re
import subprocess

import pytest

from netgpt.synthetic import generate_federation_data
from serving import NETGPT, REGION_COHORT, create_key, publish_adapters, running_server

pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def edge(tmp_path_factory, model_cache):
    workdir = tmp_path_factory.mktemp("edge")
    publish_adapters(workdir, model_cache, {"global": 1, REGION_COHORT: 1})
    generate_federation_data(workdir / "data", 1, seed=11, regions={"node-1": "europe-west"})
    key = create_key(workdir)
    with running_server(workdir) as server:
        yield server, key


def _complete(edge, prompt: str, *extra: str) -> subprocess.CompletedProcess[str]:
    server, key = edge
    return subprocess.run(
        [str(NETGPT), "complete", "--node", "node-1", "--workdir", str(server.workdir),
         "--api-url", f"{server.url}/v1", "--max-new-tokens", "8", *extra, prompt],
        capture_output=True, text=True, timeout=180, env={**os.environ, "NETGPT_API_KEY": key, "NO_COLOR": "1"},
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_show_sent_reveals_no_raw_pii(edge):
    server, _ = edge
    node_dir = server.workdir / "data" / "node-1"
    profile = json.loads((node_dir / "profile.json").read_text())
    contact = profile["contacts"][0]
    records = [json.loads(line)["text"] for line in (node_dir / "records.jsonl").read_text().splitlines()]
    planted = json.loads((node_dir / "planted_pii.json").read_text())
    prompt = (
        f"I am {profile['name']} ({profile['email']}, {profile['phone']}), living at {profile['home_address']}. "
        f"Tell {contact['name']} at {contact['phone']} or {contact['email']} about this: {records[0]}"
    )

    done = _complete(edge, prompt, "--show-sent", "--json")

    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["model"] == f"netgpt:{REGION_COHORT}"
    sent = json.loads(result["sent"])
    assert sent["model"] == result["model"]
    content = sent["messages"][0]["content"]
    assert profile["home_city"] in content, "the generalized context should reach the cloud"
    secrets = [profile["name"], profile["email"], profile["phone"], profile["home_address"],
               contact["name"], contact["email"], contact["phone"],
               *(p["value"] for p in planted if p["value"] in records[0])]
    for secret in secrets:
        assert secret.casefold() not in content.casefold()
    for phone in (profile["phone"], contact["phone"]):
        assert _digits(phone)[-8:] not in _digits(content)
    assert isinstance(result["answer"], str)


def test_a_wrong_key_fails_cleanly(edge):
    server, _ = edge
    done = subprocess.run(
        [str(NETGPT), "complete", "--node", "node-1", "--workdir", str(server.workdir),
         "--api-url", f"{server.url}/v1", "--api-key", "ngpt-wrong", "hello"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "401" in done.stderr
