#!/usr/bin/env bash
# An edge node of the compose stack: on first start it writes its synthetic
# user's records into its own data volume (standing in for the data already on
# a real device), then runs the SuperNode for the bundle mounted at $BUNDLE.
set -euo pipefail

: "${NODE_NAME:?set NODE_NAME to the name the node was enrolled under}"
: "${NODE_REGION:?set NODE_REGION to the region the node was enrolled in}"
BUNDLE="${BUNDLE:-/srv/netgpt/bundle}"
DATA_ROOT="${DATA_ROOT:-/srv/netgpt/data}"

if [[ ! -f "$DATA_ROOT/$NODE_NAME/records.jsonl" ]]; then
    netgpt data generate --node "$NODE_NAME" --region "$NODE_REGION" \
        --seed "${NODE_SEED:-0}" --out "$DATA_ROOT"
fi
exec netgpt node start --bundle "$BUNDLE" --threads "${NODE_THREADS:-1}"
