"""The completion API as a client sees it: the official `openai` package against a
real `netgpt serve` process with the tiny model and two cohort adapters."""

from __future__ import annotations

import json
import signal
import threading
import time

import httpx
import openai
import pytest
import uvicorn
from serving import REGION_COHORT, create_key, publish_adapters, running_server
from starlette.testclient import TestClient

from netgpt.modeling import load_base_model
from policies import load_policy
from server.api.adapter_pool import AdapterPool
from server.api.app import create_app
from server.api.draining_server import DrainingServer
from server.api.generation import Generator, Sampling
from server.api.guard import PromptGuard
from server.api.keys import ApiKeyStore
from server.api.model_gate import ModelGate

pytestmark = pytest.mark.timeout(240)

MESSAGES = [{"role": "user", "content": "Suggest a plan for saturday"}]


@pytest.fixture(scope="module")
def server(tmp_path_factory, model_cache):
    workdir = tmp_path_factory.mktemp("serve")
    publish_adapters(workdir, model_cache, {"global": 1, REGION_COHORT: 1})
    key = create_key(workdir)
    with running_server(workdir) as running:
        yield running, key


@pytest.fixture(scope="module")
def client(server):
    running, key = server
    with openai.OpenAI(base_url=f"{running.url}/v1", api_key=key, timeout=60, max_retries=0) as client:
        yield client


def test_lists_the_base_model_and_every_cohort(client):
    ids = {model.id for model in client.models.list()}
    assert ids == {"netgpt:base", "netgpt:global", f"netgpt:{REGION_COHORT}"}


def test_chat_completion_from_a_cohort_adapter(client):
    reply = client.chat.completions.create(model=f"netgpt:{REGION_COHORT}", messages=MESSAGES, max_tokens=8)
    assert reply.object == "chat.completion"
    assert reply.model == f"netgpt:{REGION_COHORT}"
    assert isinstance(reply.choices[0].message.content, str)
    assert reply.choices[0].finish_reason in {"stop", "length"}
    assert 1 <= reply.usage.completion_tokens <= 8
    assert reply.usage.total_tokens == reply.usage.prompt_tokens + reply.usage.completion_tokens


def test_streamed_chat_equals_the_whole_answer(client):
    model = f"netgpt:{REGION_COHORT}"
    whole = client.chat.completions.create(model=model, messages=MESSAGES, max_tokens=12)
    chunks = list(client.chat.completions.create(
        model=model, messages=MESSAGES, max_tokens=12, stream=True, stream_options={"include_usage": True}
    ))
    text = "".join(c.choices[0].delta.content or "" for c in chunks if c.choices)
    assert text == whole.choices[0].message.content
    assert [c.choices[0].finish_reason for c in chunks if c.choices][-1] == whole.choices[0].finish_reason
    assert chunks[-1].usage.completion_tokens == whole.usage.completion_tokens


def test_cohorts_answer_differently_from_the_base(client):
    answers = {
        model: client.completions.create(model=model, prompt="The weather today", max_tokens=6).choices[0].text
        for model in ("netgpt:base", "netgpt:global", f"netgpt:{REGION_COHORT}")
    }
    assert len(set(answers.values())) > 1


@pytest.mark.parametrize(
    ("change", "status", "param"),
    [
        ({"model": "netgpt:region-atlantis"}, 404, "model"),
        ({"max_tokens": 0}, 400, "max_tokens"),
        ({"max_tokens": 100_000}, 400, "max_tokens"),
        ({"max_tokens": "5"}, 400, "max_tokens"),
        ({"temperature": "hot"}, 400, "temperature"),
        ({"messages": "hello"}, 400, "messages"),
        ({"messages": [{"role": "user", "content": "x" * 8001}]}, 400, "messages"),
    ],
)
def test_bad_requests_get_openai_errors(server, change, status, param):
    running, key = server
    body = {"model": "netgpt:global", "messages": MESSAGES, "max_tokens": 4} | change
    response = httpx.post(f"{running.url}/v1/chat/completions", json=body,
                          headers={"Authorization": f"Bearer {key}"}, timeout=30)
    assert response.status_code == status
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    assert error["param"] == param
    assert "xxxxxxxx" not in error["message"], "an error must not echo the prompt"


def test_invalid_json_is_a_400(server):
    running, key = server
    response = httpx.post(f"{running.url}/v1/completions", content=b'{"model": "netgpt:global", "prompt": ',
                          headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
                          timeout=30)
    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_json"


def test_the_openai_client_sees_clean_errors(server, client):
    running, _ = server
    with (
        openai.OpenAI(base_url=f"{running.url}/v1", api_key="ngpt-not-a-key", max_retries=0) as stranger,
        pytest.raises(openai.AuthenticationError) as refused,
    ):
        stranger.models.list()
    assert refused.value.status_code == 401
    assert httpx.get(f"{running.url}/v1/models", timeout=10).status_code == 401
    with pytest.raises(openai.NotFoundError):
        client.chat.completions.create(model="netgpt:nowhere", messages=MESSAGES)
    with pytest.raises(openai.BadRequestError) as too_long:
        client.completions.create(model="netgpt:global", prompt="x" * 8001, max_tokens=4)
    assert too_long.value.code == "context_length_exceeded"


def test_a_new_round_is_served_without_restart(server, client, model_cache):
    running, _ = server
    assert client.models.retrieve("netgpt:global").model_extra["adapter_round"] == "round-1"
    publish_adapters(running.workdir, model_cache, {"global": 2}, seed=7)
    deadline = time.monotonic() + 30
    while client.models.retrieve("netgpt:global").model_extra["adapter_round"] != "round-2":
        assert time.monotonic() < deadline, "round 2 not picked up in 30 s"
        time.sleep(0.2)
    reply = client.chat.completions.create(model="netgpt:global", messages=MESSAGES, max_tokens=4)
    assert reply.usage.completion_tokens >= 1
    assert client.models.retrieve(f"netgpt:{REGION_COHORT}").model_extra["adapter_round"] == "round-1"


def test_policy_desensitizes_incoming_prompts():
    guard = PromptGuard(load_policy())
    [clean] = guard.clean(["Mail jan.peeters@example.be or call +32 481 46 05 35"])
    assert "jan.peeters@example.be" not in clean and "481 46 05 35" not in clean


def test_stop_strings_end_the_answer_streamed_or_not(client):
    whole = client.completions.create(model="netgpt:global", prompt="Once upon a time", max_tokens=16).choices[0].text
    if len(whole.strip()) < 6:
        pytest.skip("the tiny model's answer is too short to cut")
    stop = whole[3:5]
    expected = whole[: whole.find(stop)]
    cut = client.completions.create(model="netgpt:global", prompt="Once upon a time", max_tokens=16, stop=[stop])
    assert cut.choices[0].text == expected
    assert cut.choices[0].finish_reason == "stop"
    streamed = client.completions.create(model="netgpt:global", prompt="Once upon a time", max_tokens=16,
                                         stop=stop, stream=True)
    assert "".join(chunk.choices[0].text for chunk in streamed if chunk.choices) == expected


def test_a_revoked_key_is_refused_at_once(server):
    running, _ = server
    store = ApiKeyStore(running.workdir)
    key = store.create("short-lived")
    headers = {"Authorization": f"Bearer {key}"}
    assert httpx.get(f"{running.url}/v1/models", headers=headers, timeout=10).status_code == 200
    assert store.revoke("short-lived")
    refused = httpx.get(f"{running.url}/v1/models", headers=headers, timeout=10)
    assert refused.status_code == 401
    assert refused.json()["error"]["code"] == "invalid_api_key"


def test_same_adapter_requests_overlap_and_others_wait():
    gate = ModelGate()
    inside: list[str] = []
    overlaps: list[set[str]] = []
    lock = threading.Lock()

    def user(key: str, name: str) -> None:
        with gate.shared(key, lambda: None, lambda: None):
            with lock:
                inside.append(name)
                overlaps.append(set(inside))
            time.sleep(0.2)
            with lock:
                inside.remove(name)

    threads = [threading.Thread(target=user, args=args) for args in
               [("a", "a1"), ("a", "a2"), ("b", "b1")]]
    for thread in threads:
        thread.start()
        time.sleep(0.02)
    for thread in threads:
        thread.join(timeout=10)
    assert {"a1", "a2"} in overlaps
    assert not any("b1" in seen and len(seen) > 1 for seen in overlaps)


@pytest.mark.parametrize("api_docs", [False, True])
def test_the_openapi_pages_are_served_only_when_asked_for(tmp_path, model_cache, api_docs):
    base = load_base_model("tiny", model_cache)
    pool = AdapterPool(tmp_path, base.model)
    app = create_app(pool, Generator(pool, base.tokenizer, 512), PromptGuard(load_policy()), ApiKeyStore(tmp_path),
                     reload_interval=None, api_docs=api_docs)
    with TestClient(app) as client:
        for path in ["/docs", "/redoc", "/openapi.json"]:
            assert client.get(path).status_code == (200 if api_docs else 404)
        assert client.get("/health").json() == {"status": "ok"}


def test_only_the_chat_templates_own_preamble_is_shared_between_users(tmp_path, model_cache):
    """The attacker is another API client timing its own requests: a prompt
    whose start was cached answers sooner. Only the template's preamble, the
    same for everyone, may be cached; two users' prompts that start alike
    (a hostile client guessing the other's words) share nothing more, and a
    conversation with its own system message shares nothing at all."""
    base = load_base_model("tiny", model_cache)
    pool = AdapterPool(tmp_path, base.model)
    generator = Generator(pool, base.tokenizer, 512)
    try:
        preamble = base.tokenizer.decode(list(generator.preamble))
        assert generator.preamble and "Suggest" not in preamble and preamble.rstrip().endswith("user")
        victim = generator.chat_prompt([("user", "My diagnosis from Dr. Brandt is diabetes")])
        probe = generator.chat_prompt([("user", "My diagnosis from Dr. Brandt is asthma")])
        own_system = generator.chat_prompt([("system", "Be brief."), ("user", "My diagnosis from Dr. Brandt")])
        assert victim.public_prefix == probe.public_prefix == len(generator.preamble)
        assert own_system.public_prefix == 0
        sampling = Sampling(max_new_tokens=3)
        for prompt in (victim, probe, own_system):
            generator.complete("netgpt:base", prompt, sampling, threading.Event()).result(timeout=120)
        cached = [prefix for _, prefix in generator.decoder._prefixes._entries]
        assert cached == [generator.preamble]
    finally:
        generator.close()


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGHUP], ids=["SIGTERM", "SIGHUP"])
def test_a_stop_signal_lets_the_answer_being_generated_finish(tmp_path, model_cache, sig):
    """`kill` or a closed terminal stops the API, but an answer already
    streaming is finished first; then the server exits 128 + the signal."""
    publish_adapters(tmp_path, model_cache, {"global": 1})
    key = create_key(tmp_path)
    with running_server(tmp_path) as server:
        body = {"model": "netgpt:global", "messages": MESSAGES, "max_tokens": 200, "stream": True}
        with httpx.stream("POST", f"{server.url}/v1/chat/completions", json=body, timeout=60,
                          headers={"Authorization": f"Bearer {key}"}) as response:
            lines = response.iter_lines()
            assert next(line for line in lines if line.startswith("data: "))
            server.process.send_signal(sig)
            rest = [line for line in lines if line.startswith("data: ")]
        assert rest[-1] == "data: [DONE]", rest[-3:]
        finishes = [json.loads(line[6:])["choices"][0]["finish_reason"] for line in rest[:-1]]
        assert finishes[-1] in ("length", "stop")
        assert server.process.wait(timeout=30) == 128 + sig


def test_no_drain_time_cuts_the_answer_being_generated(tmp_path, model_cache):
    """`--drain-seconds` is what an answer in flight gets: with none, the
    stream ends without its last event, and the server still exits 143."""
    publish_adapters(tmp_path, model_cache, {"global": 1})
    key = create_key(tmp_path)
    with running_server(tmp_path, "--drain-seconds", "0") as server:
        body = {"model": "netgpt:global", "messages": MESSAGES, "max_tokens": 400, "stream": True}
        with httpx.stream("POST", f"{server.url}/v1/chat/completions", json=body, timeout=60,
                          headers={"Authorization": f"Bearer {key}"}) as response:
            lines = response.iter_lines()
            assert next(line for line in lines if line.startswith("data: "))
            server.process.send_signal(signal.SIGTERM)
            try:
                rest = [line for line in lines if line.startswith("data: ")]
            except httpx.RemoteProtocolError:
                rest = []  # the connection dropped mid-chunk: cut, as asked
        assert "data: [DONE]" not in rest
        assert server.process.wait(timeout=30) == 128 + signal.SIGTERM


def test_a_hangup_that_nohup_ignores_stays_ignored_while_serving():
    """`nohup netgpt serve &` asks to outlive the terminal: the server drains on
    a hangup only where SIGHUP is handled, and leaves every handler as it was."""
    server = DrainingServer(uvicorn.Config(create_app))
    before = signal.signal(signal.SIGHUP, signal.SIG_IGN)
    try:
        with server.capture_signals():
            assert signal.getsignal(signal.SIGHUP) == signal.SIG_IGN
        signal.signal(signal.SIGHUP, signal.SIG_DFL)
        with server.capture_signals():
            assert signal.getsignal(signal.SIGHUP) == server.handle_exit
        assert signal.getsignal(signal.SIGHUP) == signal.SIG_DFL
    finally:
        signal.signal(signal.SIGHUP, before)
