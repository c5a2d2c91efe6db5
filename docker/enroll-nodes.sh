#!/usr/bin/env bash
# The compose stack's init step: enroll each NAME:REGION argument with the
# SuperLink from the public key the node published ($PUBKEYS/NAME/NAME.pub:
# each node's own public-key volume, read-only here, so that no node can
# publish a key under another's name; waited for), and write its secret-free bundle files to $ENROLLMENTS/NAME, where the
# node picks them up. This service sees no node's private key: it mounts no
# node's bundle volume. A node enrolled already is skipped, so the stack can be
# brought up again on its volumes.
#
# Started as root only to hand the enrollments volume to the netgpt user; the
# enrollment itself runs as that user.
set -euo pipefail

PUBKEYS="${PUBKEYS:-/srv/netgpt/pubkeys}"
ENROLLMENTS="${ENROLLMENTS:-/srv/netgpt/enrollments}"
DATA_ROOT="${DATA_ROOT:-/srv/netgpt/data}"
KEY_WAIT="${KEY_WAIT:-600}"
RUN_AS="${RUN_AS:-netgpt}"

if [[ $# -eq 0 ]]; then
    echo "usage: netgpt-enroll-nodes NAME:REGION [NAME:REGION ...]" >&2
    exit 2
fi
for spec in "$@"; do
    name="${spec%%:*}"
    if [[ "$spec" != *:* || -z "$name" || -z "${spec#*:}" ]]; then
        echo "enroll-nodes: $spec is not NAME:REGION" >&2
        exit 2
    fi
done
for directory in "$PUBKEYS" "$ENROLLMENTS"; do
    if [[ ! -d "$directory" ]]; then
        echo "enroll-nodes: no volume is mounted at $directory" >&2
        exit 2
    fi
done

if [[ "$(id -u)" == 0 ]]; then
    chown "$RUN_AS:$RUN_AS" "$ENROLLMENTS"
    exec setpriv --reuid="$RUN_AS" --regid="$RUN_AS" --init-groups -- "$0" "$@"
fi

# Nodes enrolled before enrollments had a volume of their own hold their
# bundle already; the registry knows them.
registered="$( { netgpt nodes --json | python -c \
    'import json, sys; print(" ".join(n["name"] for n in json.load(sys.stdin)["nodes"]))'; } 2>/dev/null || true)"

deadline=$((SECONDS + KEY_WAIT))
for spec in "$@"; do
    name="${spec%%:*}"
    region="${spec#*:}"
    if [[ -f "$ENROLLMENTS/$name/bundle.json" || " $registered " == *" $name "* ]]; then
        echo "$name: enrolled already"
        continue
    fi
    pub="$PUBKEYS/$name/$name.pub"
    [[ -f "$pub" ]] || echo "$name: waiting for its public key ($pub)"
    until [[ -f "$pub" ]]; do
        if (( SECONDS >= deadline )); then
            echo "enroll-nodes: $name published no public key ($pub) within $KEY_WAIT s;" \
                 "is its service running, and is its public-key volume mounted here?" >&2
            exit 1
        fi
        sleep 1
    done
    netgpt enroll "$name" --region "$region" --public-key "$pub" \
        --out "$ENROLLMENTS/$name" --data-dir "$DATA_ROOT/$name"
done
