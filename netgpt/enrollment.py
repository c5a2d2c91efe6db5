"""Enroll, revoke and list edge nodes: Flower's SuperNode authentication,
wrapped so that an operator never handles a key by hand.

A node's P-384 key pair is born on the device (`init_node`, `netgpt node
init`), and only its public key reaches the operator: enrolling registers that
key with the SuperLink (Flower assigns the node id), records name, region and
key in the enrollment registry the aggregator checks, and writes the node's
bundle files, none of them secret. So the aggregator cannot sign a node's
privacy report. Revoking unregisters the key (the SuperLink drops the node and
refuses its key from then on) and marks the registry entry, which the
aggregator also honours.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
from dataclasses import dataclass
from pathlib import Path

from client.bundle import NodeBundle
from client.node_limits import NodeLimits, save_node_limits
from netgpt.app_signing import AppSigningError, write_trusted_entities
from netgpt.files import write_atomic
from netgpt.flower_cli import FlowerCliError, list_nodes, register_node, unregister_node
from netgpt.layout import NodeLayout, Workdir, default_anchor_dir
from netgpt.processes import interrupts_deferred
from netgpt.superlink import SuperLinkInfo, operator_env
from privacy.dp.anchor import LedgerAnchor
from privacy.dp.ledger import Ledger, LedgerError, public_key_file
from privacy.identity.node_keys import NodeKeyError, create_node_key, load_public_key, public_key_text
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


def init_node(directory: Path) -> NodeLayout:
    """Make a node's key pair in `directory`, on the device that will run it.

    Refuses a directory that holds a key already: the key is the node's
    identity, and replacing it would silently un-enroll the node.
    """
    layout = NodeLayout(Path(directory).resolve())
    if layout.key.exists():
        raise EnrollError(f"{layout.root} holds a node key already ({layout.key.name}); refusing to replace it")
    try:
        layout.root.mkdir(mode=0o700, parents=True, exist_ok=True)
        # An existing directory keeps its mode on mkdir: the bundle files that
        # decide what the node trusts (CA, operator key, SuperLink) go here.
        layout.root.chmod(0o700)
        create_node_key(layout.key)
    except (NodeKeyError, OSError) as error:
        raise EnrollError(f"could not create the node key in {layout.root}: {error}") from None
    return layout


def _enrolled_key(registry: Enrollments, name: str, public_key: Path) -> str:
    """The key in `public_key`, as the registry stores it, if `name` may enroll with it."""
    existing = registry.get(name)
    if existing is not None:
        state = "was revoked; enroll it under a new name" if existing.revoked else "is enrolled already"
        raise EnrollError(f"node {name!r} {state}")
    try:
        key = public_key_text(load_public_key(public_key))
    except NodeKeyError as error:
        raise EnrollError(str(error)) from None
    holder = next((node.name for node in registry.all() if node.public_key == key), None)
    if holder is not None:
        raise EnrollError(
            f"the key in {public_key} is enrolled already as {holder!r}; "
            "every node needs its own key (`netgpt node init` on its device)"
        )
    return key


def _check_out(layout: NodeLayout, key: str) -> None:
    """`out` may be new, empty, or the node's own directory made by `init_node`."""
    if layout.manifest.exists():
        raise EnrollError(f"{layout.root} holds a bundle already ({layout.manifest.name}); refusing to overwrite it")
    if layout.public_key.exists():
        try:
            own = public_key_text(load_public_key(layout.public_key))
        except NodeKeyError as error:
            raise EnrollError(f"{layout.root} holds a broken public key: {error}") from None
        if own != key:
            raise EnrollError(f"{layout.root} is another node's directory: its {layout.public_key.name} differs")
    if layout.root.is_dir() and any(layout.root.iterdir()) and not layout.key.exists():
        raise EnrollError(f"{layout.root} exists and is not empty; refusing to write a bundle into it")


def _remove_bundle(layout: NodeLayout, found: set[Path] | None) -> None:
    """Undo a failed enrollment's writes, and only those: what was in the
    directory before (`found`; None: no directory), the node's key above all, stays."""
    if found is None:
        shutil.rmtree(layout.root, ignore_errors=True)
        return
    for path in set(layout.root.iterdir()) - found:
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def _spent_key_hint(error: Exception) -> str:
    """Flower never registers a public key twice, not even once unregistered."""
    if "already in use" not in str(error):
        return ""
    return "; the SuperLink has seen this key before: make the node a new one (`netgpt node init`, new directory)"


def _write_trusted_keys(workdir: Path, layout: NodeLayout) -> None:
    """The aggregator keys a node trusts, into its bundle: the operator's
    app-signing key (the node runs only apps it signed) and the ledger key
    (the node keeps only receipts it signed). The ledger is opened as the
    ServerApp opens it, so a first enrollment creates ledger and key together
    and pins them in the anchor."""
    write_trusted_entities(workdir, layout)
    Ledger.open(workdir, writable=True, anchor=LedgerAnchor(default_anchor_dir(workdir, os.environ)))
    write_atomic(layout.ledger_key, public_key_file(workdir).read_bytes(), mode=0o644)


def enroll(
    workdir: Path,
    name: str,
    region: str,
    data_dir: Path,
    public_key: Path,
    out: Path | None = None,
    superlink: str | None = None,
    limits: NodeLimits | None = None,
) -> NodeBundle:
    """Enroll `name` with the SuperLink of `workdir` under the key in the
    `public_key` file and write its bundle files to `out`: beside the key when
    `out` is the node's own directory, else for the operator to copy there.
    The node's own `limits` go into `limits.yaml` when any is set."""
    _check_name("node name", name)
    _check_name("region", region)
    workdir = Path(workdir).resolve()
    registry = Enrollments(workdir)
    key = _enrolled_key(registry, name, Path(public_key))
    info = SuperLinkInfo.load(workdir)
    layout = NodeLayout(Path(out or Workdir(workdir).node_bundle(name)).resolve())
    _check_out(layout, key)
    env = operator_env(workdir)
    found = set(layout.root.iterdir()) if layout.root.exists() else None
    layout.root.mkdir(mode=0o700, parents=True, exist_ok=True)
    node_id = None
    enrolled = False
    try:
        write_atomic(layout.ca_cert, info.ca_cert.read_bytes(), mode=0o644)
        _write_trusted_keys(workdir, layout)
        if limits is not None and not limits.is_empty():
            save_node_limits(layout, limits)
        node_id = register_node(Path(public_key), name, env)
        # The registry entry and the bundle's manifest go together: a stop
        # signal waits for both (milliseconds), so neither exists alone.
        with interrupts_deferred():
            node = registry.add(name, node_id, region, key, str(data_dir))
            bundle = NodeBundle(
                directory=layout.root,
                name=name,
                region=region,
                superlink=superlink or info.address,
                data_dir=str(data_dir),
                node_id=node.node_id,
                enrolled_at=node.enrolled_at,
                public_key=key,
            )
            bundle.write_manifest()
            enrolled = True
    except (FlowerCliError, EnrollmentError, AppSigningError, LedgerError, OSError) as error:
        _remove_bundle(layout, found)
        if node_id is not None:
            # No bundle names the registration: leave none behind. (Flower
            # keeps an unregistered key's record, so the key is spent.)
            with contextlib.suppress(FlowerCliError):
                unregister_node(node_id, env)
        raise EnrollError(f"could not enroll {name!r}: {error}{_spent_key_hint(error)}") from None
    except KeyboardInterrupt:
        # Stopped (Ctrl-C, SIGTERM) while Flower registered the key: no bundle
        # without a manifest stays behind. Unregistering would take a `flwr`
        # call, so the key may stay registered without an enrollment; the
        # node then enrolls with a new key (`federation up` makes one).
        if not enrolled:
            with interrupts_deferred():
                _remove_bundle(layout, found)
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
