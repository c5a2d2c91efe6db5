"""The edge-node role: Flower's SuperNode for one node bundle.

Flower's SuperNode retries a SuperLink it cannot reach or trust and reports a
refused key only as "failed to activate". Before starting it we check the
bundle and the TLS handshake against the bundle's CA, and after it exits we ask
the SuperLink whether the key was revoked, so that every failure ends with one
line saying which it was.

The SuperNode runs only apps signed by the operator's key in the bundle's
trust file (`--trusted-entities`); a bundle without a usable one does not
start, since without it Flower runs whatever app the SuperLink sends.

A SuperLink that crashes and is restarted must find its nodes again without
anyone restarting them. flower-supernode 1.41 retries every call to the
SuperLink that fails for want of a connection with exponential backoff capped
at 20 s, for as long as `--max-retries` and `--max-wait-time` allow, and both
are unlimited unless given: so neither is passed. A bound would end the node
after an outage longer than it, and `netgpt node start` does not start a
SuperNode again once the SuperLink cannot say why it stopped.
"""

from __future__ import annotations

import re
import secrets
import socket
import ssl
import sys
from dataclasses import dataclass
from pathlib import Path

from client.bundle import NodeBundle
from netgpt.app_signing import AppSigningError, load_trusted_entities
from netgpt.files import write_atomic
from netgpt.flower_cli import FlowerCliError, list_nodes, write_connection
from netgpt.flower_env import flower_bin, flower_env
from netgpt.layout import NodeData, NodeLayout
from netgpt.memory_budget import MemoryBudget

CONNECT_TIMEOUT = 10.0
# Flower's exit code when the SuperNode cannot connect or activate; after our
# TLS check passed, it means the SuperLink refused the key.
FLOWER_CONNECTION_ERROR = 305
_FLOWER_EXIT = re.compile(r"Exit Code: (\d+)")


class NodeStartError(RuntimeError):
    """The node cannot join; the message says why (bundle, CA, key, revocation)."""


@dataclass(frozen=True)
class NodePaths:
    """The bundle's layout (state, keys) and where the user's data is."""

    layout: NodeLayout
    data: NodeData
    model_cache: Path


def node_paths(bundle: NodeBundle, data_dir: Path | None, model_cache: Path | None = None) -> NodePaths:
    layout = NodeLayout(bundle.directory)
    data = NodeData(Path(data_dir or bundle.data_dir).resolve())
    if not data.records.is_file():
        raise NodeStartError(f"node {bundle.name!r} has no records at {data.records}")
    check_trusted_entities(layout)
    return NodePaths(layout, data, Path(model_cache).resolve() if model_cache else layout.models)


def check_trusted_entities(layout: NodeLayout) -> None:
    """Refuse to start without the operator's app-signing key to check apps with."""
    if not layout.trusted_entities.is_file():
        raise NodeStartError(
            f"bundle {layout.root} lacks {layout.trusted_entities.name}, the operator key whose signed apps "
            "alone this node may run; without it the node would run any app the SuperLink sends. "
            "Copy it from the files enrollment wrote for this node"
        )
    try:
        load_trusted_entities(layout.trusted_entities)
    except AppSigningError as error:
        raise NodeStartError(f"bundle {layout.root}: {error}") from None


# OpenSSL's X509_V_ERR_HOSTNAME_MISMATCH and X509_V_ERR_IP_ADDRESS_MISMATCH: a
# certificate the CA signed, but for other names.
_NAME_MISMATCH = (62, 64)


def check_superlink(bundle: NodeBundle) -> None:
    """Fail now, with the reason, if the SuperLink is unreachable, its
    certificate is not signed by the bundle's CA, or not issued for the name
    the bundle dials."""
    host, _, port = bundle.superlink.rpartition(":")
    try:
        context = ssl.create_default_context(cafile=str(bundle.ca_cert))
    except (OSError, ssl.SSLError):
        raise NodeStartError(f"bundle {bundle.directory}: {bundle.ca_cert.name} is not a CA certificate") from None
    try:
        with (
            socket.create_connection((host, int(port)), timeout=CONNECT_TIMEOUT) as raw,
            context.wrap_socket(raw, server_hostname=host),
        ):
            pass
    except ssl.SSLCertVerificationError as error:
        if error.verify_code in _NAME_MISMATCH:
            raise NodeStartError(
                f"the SuperLink at {bundle.superlink} presents a certificate from this bundle's CA that is not "
                f"issued for {host!r} ({error.verify_message}); dial a name the certificate holds "
                "(`node start --superlink HOST:PORT`), or restart the SuperLink with `--san "
                f"{host}` (or `--advertise {bundle.superlink}`) so that it is issued for this name too"
            ) from None
        raise NodeStartError(
            f"the SuperLink at {bundle.superlink} presents a certificate this bundle's CA did not sign "
            f"({error.verify_message}); the bundle belongs to another federation or the CA was replaced"
        ) from None
    except ssl.SSLError as error:
        raise NodeStartError(f"TLS with the SuperLink at {bundle.superlink} failed: {error.reason}") from None
    except (OSError, ValueError) as error:
        raise NodeStartError(f"cannot reach the SuperLink at {bundle.superlink}: {error}") from None


def superexec_secret(layout: NodeLayout) -> Path:
    """A fresh secret, owner-only, for one start of the SuperNode and its
    SuperExec: in `process` isolation Flower then hands a ClientApp's task
    (its token, so the round's message) only to a caller that proves it
    holds the secret, not to any local process that finds the port."""
    path = layout.state / "superexec.secret"
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    write_atomic(path, secrets.token_bytes(32))
    return path


def supernode_argv(
    bundle: NodeBundle, paths: NodePaths, runtime_port: int, threads: int, secret: Path,
    max_memory_mb: MemoryBudget = "auto",
) -> list[str]:
    """The SuperNode in Flower's `process` isolation: its ClientApps are
    started by the SuperExec of `superexec_argv`, which must prove it holds
    `secret` to claim one."""
    node_config = " ".join(
        [
            f'node-name="{bundle.name}"',
            f'region="{bundle.region}"',
            f'bundle-dir="{paths.layout.root}"',
            f'data-dir="{paths.data.root}"',
            f'model-cache="{paths.model_cache}"',
            f"threads={threads}",
            f'max-memory-mb="{max_memory_mb}"',  # a string: "auto" or a number
        ]
    )
    return [
        flower_bin("flower-supernode"),
        "--superlink", bundle.superlink,
        "--root-certificates", str(bundle.ca_cert),
        "--auth-supernode-private-key", str(bundle.key),
        "--trusted-entities", str(paths.layout.trusted_entities),
        "--port", str(runtime_port),
        "--isolation", "process",
        "--superexec-auth-secret-file", str(secret),
        "--node-config", node_config,
    ]


def superexec_argv(runtime_port: int, secret: Path, fresh: bool, supernode_pid: int) -> list[str]:
    """The SuperExec that starts this SuperNode's ClientApps, and ends when it
    does: forking each from a warm process (`netgpt.forking_superexec`), or,
    `fresh`, Flower's own, which starts a fresh process for each. `-P`: the
    warm process imports nothing from the directory it was started in, as a
    fresh `flwr-clientapp` would not."""
    program = [flower_bin("flower-superexec")] if fresh else [sys.executable, "-P", "-m", "netgpt.forking_superexec"]
    return [
        *program,
        "--runtime-api-address", f"127.0.0.1:{runtime_port}",
        "--insecure",
        "--superexec-auth-secret-file", str(secret),
        "--parent-pid", str(supernode_pid),
    ]


def flower_exit_code(output: list[str]) -> int | None:
    """The exit code Flower printed ("Exit Code: 305"); its process status is 1 regardless."""
    for line in reversed(output):
        found = _FLOWER_EXIT.search(line)
        if found:
            return int(found.group(1))
    return None


@dataclass(frozen=True)
class ExitReason:
    message: str
    retry: bool = False


def explain_exit(bundle: NodeBundle, paths: NodePaths, code: int, output: list[str]) -> ExitReason:
    """Why the SuperNode stopped, from its output and the SuperLink's view of
    this node; `retry` when waiting may help (its previous session still
    counts as online until the SuperLink's heartbeat timeout)."""
    env = flower_env(paths.layout.flwr_home("status"))
    write_connection(Path(env["FLWR_HOME"]), bundle.superlink, bundle.ca_cert)
    refused = flower_exit_code(output) == FLOWER_CONNECTION_ERROR
    try:
        status = list_nodes(env).get(bundle.node_id)
    except FlowerCliError as error:
        if refused:
            # Behind the TLS front (`netgpt superlink --public`) a node cannot
            # ask the Control API, and Flower's refusal reads the same for all
            # three causes: waiting helps with one, and costs the others little.
            return ExitReason(
                f"the SuperLink refused to activate node {bundle.name!r}: its key is not enrolled or was "
                "revoked, or its last session has not timed out yet", retry=True,
            )
        return ExitReason(f"the SuperNode exited with status {code}, and the SuperLink could not be asked why: {error}")
    if status == "unregistered":
        return ExitReason(f"node {bundle.name!r} (id {bundle.node_id}) was revoked; the SuperLink refuses its key")
    if refused:
        if status == "online":
            return ExitReason(
                f"node {bundle.name!r} is online already: another process runs it, or its last session "
                "has not timed out yet", retry=True,
            )
        return ExitReason(
            f"the SuperLink refused node {bundle.name!r}'s key: it is not enrolled with this SuperLink "
            "(never registered, or the bundle's key was replaced)"
        )
    return ExitReason(f"the SuperNode exited with status {code}; see its output above")
