"""`netgpt complete --bundle`: edge completion from the node's bundle alone, and
what leaves the device holds none of the node's raw PII."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from serving import NETGPT, REGION_COHORT, create_key, publish_adapters, running_server

from client.bundle import NodeBundle
from client.node_policy import save_node_policy
from netgpt.layout import NodeLayout
from netgpt.synthetic import generate_federation_data
from policies import load_policy
from privacy.identity.node_keys import create_node_key

pytestmark = pytest.mark.timeout(300)


def _bundle(directory: Path, data_dir: Path, adapter: Path | None) -> Path:
    """A node's bundle as it is on the device after a round: manifest, key, CA,
    its personal adapter (here: a published one) and the policy it trained under."""
    layout = NodeLayout(directory)
    layout.state.mkdir(parents=True)
    create_node_key(layout.key)
    layout.ca_cert.write_text("not needed for completion\n")
    NodeBundle(directory, "node-1", "europe-west", "127.0.0.1:9", str(data_dir), 1, "2026-11-29").write_manifest()
    if adapter is not None:
        shutil.copytree(adapter, layout.personal_adapter)
        save_node_policy(layout, load_policy())
    return directory


@pytest.fixture(scope="module")
def edge(tmp_path_factory, model_cache):
    workdir = tmp_path_factory.mktemp("edge")
    publish_adapters(workdir, model_cache, {"global": 1, REGION_COHORT: 1})
    generate_federation_data(workdir / "data", 1, seed=11, regions={"node-1": "europe-west"})
    bundle = _bundle(workdir / "bundle", workdir / "data" / "node-1", workdir / "adapters" / "global" / "latest")
    untrained = _bundle(workdir / "untrained", workdir / "data" / "node-1", None)
    key = create_key(workdir)
    with running_server(workdir) as server:
        yield server, key, bundle, untrained, model_cache


def _complete(edge, prompt: str, *extra: str, bundle: Path | None = None) -> subprocess.CompletedProcess[str]:
    server, key, trained, _, model_cache = edge
    return subprocess.run(
        [str(NETGPT), "complete", "--bundle", str(bundle or trained), "--model-cache", str(model_cache),
         "--api-url", f"{server.url}/v1", "--max-new-tokens", "8", *extra, prompt],
        capture_output=True, text=True, timeout=180, env={**os.environ, "NETGPT_API_KEY": key, "NO_COLOR": "1"},
    )


def _digits(text: str) -> str:
    return re.sub(r"\D", "", text)


def test_show_sent_reveals_no_raw_pii(edge):
    server = edge[0]
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
    server, _, bundle, _, _ = edge
    done = subprocess.run(
        [str(NETGPT), "complete", "--bundle", str(bundle), "--api-url", f"{server.url}/v1",
         "--api-key", "ngpt-wrong", "hello"],
        capture_output=True, text=True, timeout=120,
    )
    assert done.returncode == 1
    assert "401" in done.stderr


def test_a_node_that_never_trained_says_so(edge):
    """No silent fallback: without its own adapter and policy the node refuses."""
    done = _complete(edge, "hello", bundle=edge[3])
    assert done.returncode == 1
    assert "has not trained yet" in done.stderr


def test_a_missing_bundle_is_bad_usage(edge, tmp_path):
    done = _complete(edge, "hello", bundle=tmp_path / "nope")
    assert done.returncode == 2
    assert "no node bundle" in done.stderr
