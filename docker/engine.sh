#!/usr/bin/env bash
# Make sure a Docker engine and a Compose client are usable on this machine.
#
# On a fresh machine of the project's kind there is only the docker client:
# install Debian's engine and docker-compose (v1), start dockerd in the
# background, and wait (bounded) until it answers. Needs root for the install.
# Prints the compose command to use ("docker compose" or "docker-compose").
set -euo pipefail

DOCKERD_LOG="${DOCKERD_LOG:-/var/log/netgpt-dockerd.log}"
ENGINE_WAIT="${ENGINE_WAIT:-60}"

log() { echo "engine: $*" >&2; }

install_packages() {
    log "installing $*"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >&2
}

if ! docker info >/dev/null 2>&1; then
    command -v dockerd >/dev/null 2>&1 || install_packages docker.io
    if ! pgrep -x dockerd >/dev/null 2>&1; then
        log "starting dockerd (log: $DOCKERD_LOG)"
        nohup dockerd >"$DOCKERD_LOG" 2>&1 &
    fi
    for _ in $(seq "$ENGINE_WAIT"); do
        docker info >/dev/null 2>&1 && break
        sleep 1
    done
    if ! docker info >/dev/null 2>&1; then
        tail -n 20 "$DOCKERD_LOG" >&2 || true
        log "the Docker engine did not answer within ${ENGINE_WAIT} s"
        exit 1
    fi
    log "Docker engine $(docker version --format '{{.Server.Version}}') is up"
fi

if docker compose version >/dev/null 2>&1; then
    echo "docker compose"
else
    command -v docker-compose >/dev/null 2>&1 || install_packages docker-compose
    echo "docker-compose"
fi
