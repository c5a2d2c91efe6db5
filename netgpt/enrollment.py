"""Enroll, revoke and list edge nodes: Flower's SuperNode authentication,
wrapped so that an operator never handles a key by hand.

Enrolling makes the node's P-384 key pair, registers the public key with the
SuperLink (Flower assigns the node id), records name, region and key in the
enrollment registry the aggregator checks, and writes the node bundle.
Revoking unregisters the key (the SuperLink drops the node and refuses its key
from then on) and marks the registry entry, which the aggregator also honours.
"""

from __future__ import annotations

import contextlib
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from client.bundle import NodeBundle
from client.node_limits import NodeLimits, save_node_limits
from netgpt.flower_cli import FlowerCliError, list_nodes, register_node, unregister_node
from netgpt.layout import NodeLayout, Workdir
from netgpt.processes import interrupts_deferred
from netgpt.superlink import SuperLinkInfo, operator_env
from privacy.identity.node_keys import create_node_key, public_key_path, public_key_text
from server.enrollment import EnrolledNode, EnrollmentError, Enrollments

# Names and regions end up in Flower's node config and in file names.
_NAME = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,62}")


class EnrollError(RuntimeError):
    """Enrollment or revocation could not be done; nothing half-done is left."""


def _check_name(kind: str, value: str) -> None:
    if not _NAME.fullmatch(value):
        raise EnrollError(
            f"{kind} {value!r} must be 1-63 letters, digits, '.', '_' or '-', starting with a letter or digit"
        )


def enroll(
    workdir: Path,
    name: str,
    region: str,
    data_dir: Path,
    out: Path | None = None,
    superlink: str | None = None,
    limits: NodeLimits | None = None,
) -> NodeBundle:
    """Enroll `name` with the SuperLink of `workdir` and write its bundle to
    `out`, with the node's own `limits` (`limits.yaml`) when any is set."""
    _check_name("node name", name)
    _check_name("region", region)
    workdir = Path(workdir).resolve()
    registry = Enrollments(workdir)
    existing = registry.get(name)
    if existing is not None:
        state = "was revoked; enroll it under a new name" if existing.revoked else "is enrolled already"
        raise EnrollError(f"node {name!r} {state}")
    info = SuperLinkInfo.load(workdir)
    out = Path(out or Workdir(workdir).node_bundle(name)).resolve()
    if out.exists() and any(out.iterdir()):
        raise EnrollError(f"{out} exists and is not empty; refusing to overwrite another bundle")
    env = operator_env(workdir)
    out.mkdir(mode=0o700, parents=True, exist_ok=True)
    node_id = None
    enrolled = False
    try:
        layout = NodeLayout(out)
        key = create_node_key(layout.key)
        shutil.copyfile(info.ca_cert, layout.ca_cert)
        if limits is not None and not limits.is_empty():
            save_node_limits(layout, limits)
        node_id = register_node(public_key_path(layout.key), name, env)
        # The registry entry and the bundle's manifest go together: a stop
        # signal waits for both (milliseconds), so neither exists alone.
        with interrupts_deferred():
            node = registry.add(name, node_id, region, public_key_text(key.public_key()), str(data_dir))
            bundle = NodeBundle(
                directory=out,
                name=name,
                region=region,
                superlink=superlink or info.address,
                data_dir=str(data_dir),
                node_id=node.node_id,
                enrolled_at=node.enrolled_at,
            )
            bundle.write_manifest()
            enrolled = True
    except (FlowerCliError, EnrollmentError, OSError) as error:
        shutil.rmtree(out, ignore_errors=True)
        if node_id is not None:
            # The key is gone with the bundle: leave no registration behind for it.
            with contextlib.suppress(FlowerCliError):
                unregister_node(node_id, env)
        raise EnrollError(f"could not enroll {name!r}: {error}") from None
    except KeyboardInterrupt:
        # Stopped (Ctrl-C, SIGTERM) while Flower registered the key: no bundle
        # without a manifest stays behind, so enrolling again starts afresh.
        # Unregistering would take a `flwr` call; a registered key that no
        # bundle holds any more admits nobody.
        if not enrolled:
            with interrupts_deferred():
                shutil.rmtree(out, ignore_errors=True)
        raise
    return bundle


def revoke(workdir: Path, name: str) -> EnrolledNode:
    registry = Enrollments(workdir)
    node = registry.get(name)
    if node is None:
        raise EnrollError(f"no enrolled node named {name!r} in {workdir}")
    if node.revoked:
        return node
    env = operator_env(workdir)
    try:
        if list_nodes(env).get(node.node_id, "unregistered") != "unregistered":
            unregister_node(node.node_id, env)
    except FlowerCliError as error:
        raise EnrollError(f"could not revoke {name!r}: {error}") from None
    return registry.revoke(name)


@dataclass(frozen=True)
class NodeStatus:
    node: EnrolledNode
    status: str  # enrolled | online | revoked

    def to_json(self) -> dict[str, object]:
        return {
            "name": self.node.name,
            "node_id": self.node.node_id,
            "region": self.node.region,
            "status": self.status,
            "enrolled_at": self.node.enrolled_at,
            "revoked_at": self.node.revoked_at,
        }


def node_statuses(workdir: Path) -> tuple[list[NodeStatus], str | None]:
    """Every enrolled node with its status, and why liveness is unknown (if it is).

    The registry is the truth for enrolled/revoked; the SuperLink for online.
    When the SuperLink cannot be asked, nodes show as enrolled and the reason
    is returned, rather than failing the whole listing.
    """
    nodes = Enrollments(workdir).all()
    problem = None
    flower: dict[int, str] = {}
    if nodes:
        try:
            flower = list_nodes(operator_env(workdir))
        except (FlowerCliError, RuntimeError) as error:
            problem = str(error)
    statuses = []
    for node in nodes:
        if node.revoked:
            status = "revoked"
        elif flower.get(node.node_id) == "online":
            status = "online"
        else:
            status = "enrolled"
        statuses.append(NodeStatus(node, status))
    return statuses, problem
