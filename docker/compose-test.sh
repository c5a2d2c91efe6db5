#!/usr/bin/env bash
# `make compose-test`: the whole federation of docker-compose.yml, for real.
#
# Makes sure a Docker engine runs (installing it on a fresh machine), builds
# the base image and NetGPT's image, brings the stack up, waits for the
# training rounds, asks the published completion API for a completion from the
# global adapter, checks that no region adapter was published that would leave
# node-3's update recoverable by subtraction (europe-west holds 2 of the 3
# nodes: global less europe-west is node-3 alone), verifies the privacy ledger inside the stack, and always
# tears the stack down with its volumes. On failure it prints the logs of the
# services that failed.
set -euo pipefail
cd "$(dirname "$0")/.."

PROJECT="${COMPOSE_TEST_PROJECT:-netgpt-compose-test}"
IMAGE="${NETGPT_IMAGE:-netgpt:latest}"
TORCH_WHEEL_DIR="${TORCH_WHEEL_DIR:-/opt/wheels}"
TRAIN_TIMEOUT="${COMPOSE_TEST_TRAIN_TIMEOUT:-2400}"  # 2 rounds took 2,330 s at load average 8 (2026-11-29)
UP_TIMEOUT="${COMPOSE_TEST_UP_TIMEOUT:-300}"
MODEL="${COMPOSE_TEST_MODEL:-netgpt:global}"
WITHHELD="${COMPOSE_TEST_WITHHELD:-netgpt:region-europe-west}"
export NETGPT_IMAGE="$IMAGE"
export NETGPT_ROUNDS="${NETGPT_ROUNDS:-2}"
# Fewer records per node and round than a real run, to keep the test short.
export NETGPT_MAX_TRAIN_RECORDS="${NETGPT_MAX_TRAIN_RECORDS:-100}"

started=$SECONDS
step() { echo "==> [$((SECONDS - started)) s] $*"; }
fail() { echo "compose-test: FAILED: $*" >&2; exit 1; }

read -r -a COMPOSE <<<"$(docker/engine.sh)"
compose() { "${COMPOSE[@]}" -p "$PROJECT" "$@"; }

step "base image"
base="$(docker/make-base-image.sh)"
step "base image: $base"

# The CPU torch wheel goes to the build through docker/wheels (git-ignored).
if ! ls docker/wheels/torch-2.13.0+cpu-*.whl >/dev/null 2>&1; then
    for wheel in "$TORCH_WHEEL_DIR"/torch-2.13.0+cpu-cp311-*.whl; do
        [[ -f "$wheel" ]] || continue
        ln -f "$wheel" docker/wheels/ 2>/dev/null || cp "$wheel" docker/wheels/
    done
fi

step "building $IMAGE from $base"
docker build --quiet --force-rm -f docker/Dockerfile --build-arg BASE_IMAGE="$base" -t "$IMAGE" . >/dev/null
step "image built"

NETGPT_API_PORT="${NETGPT_API_PORT:-$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}"
export NETGPT_API_PORT NETGPT_API_BIND=127.0.0.1

# Long-running services must stay up; one-shot services must exit 0.
ONE_SHOT=" init train "

container_state() {  # name status exit-code health
    docker inspect --format \
        '{{.Name}} {{.State.Status}} {{.State.ExitCode}} {{if .State.Health}}{{.State.Health.Status}}{{else}}-{{end}}' "$1"
}

failed_services() {
    local id name status code health service
    for id in $(docker ps -aq --filter "label=com.docker.compose.project=$PROJECT"); do
        read -r name status code health <<<"$(container_state "$id")"
        service="$(docker inspect --format '{{index .Config.Labels "com.docker.compose.service"}}' "$id")"
        if [[ "$health" == unhealthy || ( "$status" == exited && "$code" != 0 ) || \
              ( "$status" == exited && "$ONE_SHOT" != *" $service "* ) ]]; then
            echo "$service"
        fi
    done
}

cleanup() {
    local code=$?
    trap - EXIT
    if [[ $code -ne 0 ]]; then
        local services
        services="$(failed_services | sort -u)"
        if [[ -z "$services" ]]; then
            echo "compose-test: no service failed by itself; logs of the stack follow" >&2
            services="superlink train"
        fi
        for service in $services; do
            echo "----- logs of $service (last 80 lines) -----" >&2
            compose logs --no-color --tail=80 "$service" >&2 || true
        done
    fi
    step "tearing down"
    compose down -v --remove-orphans >/dev/null 2>&1 || echo "compose-test: teardown failed" >&2
    step "done (exit $code)"
    exit $code
}
trap cleanup EXIT

# A run killed half-way may have left its stack behind.
compose down -v --remove-orphans >/dev/null 2>&1 || true

step "docker compose up -d ($NETGPT_ROUNDS rounds, completion API on 127.0.0.1:$NETGPT_API_PORT)"
timeout "$UP_TIMEOUT" "${COMPOSE[@]}" -p "$PROJECT" up -d --no-build || fail "the stack did not come up"

step "waiting for the training rounds (at most $TRAIN_TIMEOUT s)"
train="$(compose ps -q train)"
[[ -n "$train" ]] || fail "no train container"
deadline=$((SECONDS + TRAIN_TIMEOUT))
while [[ "$(docker inspect --format '{{.State.Status}}' "$train")" != exited ]]; do
    (( SECONDS < deadline )) || fail "the rounds did not finish within $TRAIN_TIMEOUT s"
    broken="$(failed_services | grep -v '^train$' || true)"
    [[ -z "$broken" ]] || fail "service(s) failed during training: $broken"
    sleep 10
done
compose logs --no-color train | tail -n 15
[[ "$(docker inspect --format '{{.State.ExitCode}}' "$train")" == 0 ]] || fail "the train service failed"
step "rounds finished"
# The log is read whole before grep: `grep -q` stops at the first match, the
# writer then dies of SIGPIPE, and pipefail would call that a failure.
node_log="$(compose logs --no-color node-1)" || fail "could not read node-1's log"
grep -q "memory allocator: tcmalloc" <<<"$node_log" \
    || fail "node-1 did not run on tcmalloc, which the image installs for the edge nodes"

step "asking the completion API for a completion from $MODEL ($WITHHELD must not be served)"
key="$(compose exec -T serve netgpt apikey create compose-test 2>/dev/null | tr -d '\r\n')"
[[ -n "$key" ]] || fail "could not create an API key"
NETGPT_API_KEY="$key" MODEL="$MODEL" WITHHELD="$WITHHELD" python3 - <<'EOF' || fail "the completion API did not give a completion"
import json
import os
import time
import urllib.error
import urllib.request

base = f"http://127.0.0.1:{os.environ['NETGPT_API_PORT']}/v1"
headers = {"Authorization": f"Bearer {os.environ['NETGPT_API_KEY']}", "Content-Type": "application/json"}
model = os.environ["MODEL"]
withheld = os.environ["WITHHELD"]


def call(path, body=None, timeout=30):
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(base + path, data=data, headers=headers)
    with urllib.request.urlopen(request, timeout=timeout) as response:
        return json.load(response)


deadline = time.monotonic() + 120
while True:
    try:
        models = [m["id"] for m in call("/models")["data"]]
        if model in models:
            break
    except (urllib.error.URLError, OSError) as error:
        models = [f"unreachable: {error}"]
    if time.monotonic() > deadline:
        raise SystemExit(f"{model} is not served; /v1/models: {models}")
    time.sleep(3)
print("served models:", ", ".join(models))
if withheld in models:
    raise SystemExit(f"{withheld} is served: with it and the global adapter, the lone node outside it is exposed")
answer = call(
    "/chat/completions",
    {"model": model, "messages": [{"role": "user", "content": "remind me to grab"}], "max_tokens": 24},
    timeout=180,
)
text = answer["choices"][0]["message"]["content"]
if not text.strip():
    raise SystemExit(f"empty completion: {answer}")
print(f"completion from {answer['model']}: {text!r}")
EOF

step "netgpt audit --verify inside the stack"
compose exec -T superlink netgpt audit --verify || fail "the privacy ledger did not verify"

step "compose-test passed in $((SECONDS - started)) s"
