#!/usr/bin/env bash
# An edge node of the compose stack. On first start it writes its synthetic
# user's records into its own data volume (standing in for the data already on
# a real device) and creates its key pair in its own bundle volume
# (`netgpt node init`): the private key never leaves that volume. It publishes
# only the public key ($PUBKEYS/NAME.pub), waits until the init service has
# enrolled it ($ENROLLMENTS/NAME, secret-free bundle files), copies those
# files beside its key, and runs the SuperNode for the bundle at $BUNDLE.
#
# Started as root only to hand its own public-key volume to the netgpt
# user; the node itself runs as that user.
set -euo pipefail

: "${NODE_NAME:?set NODE_NAME to the name the node was enrolled under}"
: "${NODE_REGION:?set NODE_REGION to the region the node was enrolled in}"
BUNDLE="${BUNDLE:-/srv/netgpt/bundle}"
DATA_ROOT="${DATA_ROOT:-/srv/netgpt/data}"
PUBKEYS="${PUBKEYS:-/srv/netgpt/pubkeys}"
ENROLLMENTS="${ENROLLMENTS:-/srv/netgpt/enrollments}"
ENROLL_WAIT="${NODE_ENROLL_WAIT:-600}"
RUN_AS="${RUN_AS:-netgpt}"

if [[ "$(id -u)" == 0 ]]; then
    chown "$RUN_AS:$RUN_AS" "$PUBKEYS" "$BUNDLE" "$DATA_ROOT"
    exec setpriv --reuid="$RUN_AS" --regid="$RUN_AS" --init-groups -- "$0" "$@"
fi

if [[ ! -f "$DATA_ROOT/$NODE_NAME/records.jsonl" ]]; then
    netgpt data generate --node "$NODE_NAME" --region "$NODE_REGION" \
        --seed "${NODE_SEED:-0}" --out "$DATA_ROOT"
fi

if [[ ! -f "$BUNDLE/node.key" ]]; then
    netgpt node init --out "$BUNDLE"
fi
# Replaced whole, so that the init service never reads half a key.
cp "$BUNDLE/node.pub" "$PUBKEYS/.$NODE_NAME.pub.tmp"
mv -f "$PUBKEYS/.$NODE_NAME.pub.tmp" "$PUBKEYS/$NODE_NAME.pub"

if [[ ! -f "$BUNDLE/bundle.json" ]]; then
    enrollment="$ENROLLMENTS/$NODE_NAME"
    echo "$NODE_NAME: public key published as $PUBKEYS/$NODE_NAME.pub; waiting for its enrollment" \
         "(at most $ENROLL_WAIT s)"
    deadline=$((SECONDS + ENROLL_WAIT))
    until [[ -f "$enrollment/bundle.json" ]]; do
        if (( SECONDS >= deadline )); then
            echo "$NODE_NAME: not enrolled within $ENROLL_WAIT s; enroll it with" \
                 "\`docker compose run --rm init netgpt-enroll-nodes $NODE_NAME:$NODE_REGION\`" >&2
            exit 1
        fi
        sleep 1
    done
    # Only the files enrollment writes, never node.key or node.pub: whoever
    # writes the enrollments volume must not be able to plant a key it knows
    # (NodeBundle.load then checks that node.key is the key bundle.json names).
    # bundle.json last: until it is in place the bundle counts as not enrolled.
    for name in ca.crt trusted-entities.yaml ledger-key.pub limits.yaml; do
        [[ ! -f "$enrollment/$name" ]] || cp "$enrollment/$name" "$BUNDLE/$name"
    done
    cp -p "$enrollment/bundle.json" "$BUNDLE/.bundle.json.tmp"
    mv -f "$BUNDLE/.bundle.json.tmp" "$BUNDLE/bundle.json"
    echo "$NODE_NAME: enrolled; bundle files copied beside its key"
fi
exec netgpt node start --bundle "$BUNDLE" --threads "${NODE_THREADS:-1}"
