#!/usr/bin/env bash
# The compose stack's init step: enroll each NAME:REGION argument with the
# SuperLink and write its bundle into the volume mounted at $BUNDLES/NAME (that
# node's own bundle volume). A node whose bundle is there already is skipped,
# so the stack can be brought up again on its volumes.
#
# Started as root only to hand the freshly created bundle volumes to the
# netgpt user; the enrollment itself runs as that user.
set -euo pipefail

BUNDLES="${BUNDLES:-/srv/netgpt/bundles}"
DATA_ROOT="${DATA_ROOT:-/srv/netgpt/data}"
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
    if [[ ! -d "$BUNDLES/$name" ]]; then
        echo "enroll-nodes: no bundle volume for $name is mounted at $BUNDLES/$name" >&2
        exit 2
    fi
done

if [[ "$(id -u)" == 0 ]]; then
    for spec in "$@"; do
        chown "$RUN_AS:$RUN_AS" "$BUNDLES/${spec%%:*}"
    done
    exec setpriv --reuid="$RUN_AS" --regid="$RUN_AS" --init-groups -- "$0" "$@"
fi

for spec in "$@"; do
    name="${spec%%:*}"
    region="${spec#*:}"
    if [[ -f "$BUNDLES/$name/bundle.json" ]]; then
        echo "$name: enrolled already"
        continue
    fi
    netgpt enroll "$name" --region "$region" --out "$BUNDLES/$name" --data-dir "$DATA_ROOT/$name"
done
