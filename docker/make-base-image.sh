#!/usr/bin/env bash
# Print the name of the base image to build NetGPT's image FROM.
#
# The official python:3.11-slim when it is present or can be pulled; otherwise a
# local Debian bookworm base made with debootstrap (its python3 is 3.11). Only
# that local base gets this machine's CA bundle, so that its builds reach the
# package registries through this machine's network; an image built from the
# official base never contains it.
#
# Messages go to stderr; stdout is the image name alone, for
#   docker build --build-arg BASE_IMAGE="$(docker/make-base-image.sh)" ...
set -euo pipefail

OFFICIAL_BASE="${OFFICIAL_BASE:-python:3.11-slim}"
LOCAL_BASE="${LOCAL_BASE:-netgpt-base:bookworm}"
DEBIAN_MIRROR="${DEBIAN_MIRROR:-http://deb.debian.org/debian}"
HOST_CA_BUNDLE="${HOST_CA_BUNDLE:-/etc/ssl/certs/ca-certificates.crt}"
PULL_TIMEOUT="${PULL_TIMEOUT:-120}"

log() { echo "make-base-image: $*" >&2; }

if docker image inspect "$OFFICIAL_BASE" >/dev/null 2>&1; then
    echo "$OFFICIAL_BASE"
    exit 0
fi
if timeout "$PULL_TIMEOUT" docker pull --quiet "$OFFICIAL_BASE" >/dev/null 2>&1; then
    log "pulled $OFFICIAL_BASE"
    echo "$OFFICIAL_BASE"
    exit 0
fi
log "$OFFICIAL_BASE cannot be pulled here; using a local Debian bookworm base"

if docker image inspect "$LOCAL_BASE" >/dev/null 2>&1; then
    echo "$LOCAL_BASE"
    exit 0
fi

if ! command -v debootstrap >/dev/null 2>&1; then
    log "installing debootstrap"
    apt-get update -qq >&2
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq debootstrap >&2
fi

rootfs="$(mktemp -d /var/tmp/netgpt-rootfs.XXXXXX)"
trap 'rm -rf "$rootfs"' EXIT
started=$SECONDS
log "debootstrap bookworm into $rootfs (about a minute)"
if ! debootstrap --variant=minbase --include=python3,python3-venv,ca-certificates \
        bookworm "$rootfs" "$DEBIAN_MIRROR" >"$rootfs.log" 2>&1; then
    tail -n 30 "$rootfs.log" >&2
    rm -f "$rootfs.log"
    log "debootstrap failed"
    exit 1
fi
rm -f "$rootfs.log"
rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
# This machine's CA bundle, so that pip inside builds trusts this network's TLS.
cp "$HOST_CA_BUNDLE" "$rootfs/etc/ssl/certs/ca-certificates.crt"
tar -C "$rootfs" -c . | docker import \
    --change 'ENV LANG=C.UTF-8' \
    --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'CMD ["/bin/bash"]' \
    - "$LOCAL_BASE" >/dev/null
log "built $LOCAL_BASE in $((SECONDS - started)) s"
echo "$LOCAL_BASE"
