"""An edge node's identity key: P-384, the same key for Flower and for reports.

Flower's SuperNode authentication proves to the SuperLink which enrolled node
is connected; signing the privacy report with that same key proves to the
aggregator that the report is the node's own, even though the report travels
inside a message the ClientApp (a separate process) writes. One key per node
means one thing to enroll and one thing to revoke.

Flower reads the private key in OpenSSH format and registers the public key in
OpenSSH format, so both are stored that way. The private key file is 0600 and
no message raised here contains key material.
"""

from __future__ import annotations

import base64
import json
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec

from netgpt.files import create_private_file, write_atomic

CURVE = ec.SECP384R1
SIGNATURE_ALGORITHM = "ecdsa-p384-sha384"


class NodeKeyError(RuntimeError):
    """A node key file is missing, unreadable, or not a P-384 key."""


def create_node_key(path: Path) -> ec.EllipticCurvePrivateKey:
    """Write a new private key to `path` (0600) and its public key beside it.

    Refuses to overwrite: a node's key is its identity, and replacing it would
    silently un-enroll the node.
    """
    path = Path(path)
    if path.exists():
        raise NodeKeyError(f"{path} exists already; refusing to replace a node key")
    path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
    key = ec.generate_private_key(CURVE())
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.OpenSSH, serialization.NoEncryption()
    )
    try:
        create_private_file(path, pem)
    except FileExistsError:
        raise NodeKeyError(f"{path} exists already; refusing to replace a node key") from None
    write_atomic(public_key_path(path), public_key_text(key.public_key()) + "\n", mode=0o644)
    return key


def public_key_path(key_path: Path) -> Path:
    return Path(key_path).with_suffix(".pub")


def public_key_text(public: ec.EllipticCurvePublicKey) -> str:
    """The OpenSSH one-line form that Flower registers and we store."""
    return public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()


def load_node_key(path: Path) -> ec.EllipticCurvePrivateKey:
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NodeKeyError(f"{path}: cannot read node key ({error.strerror or error})") from None
    try:
        key = serialization.load_ssh_private_key(data, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise NodeKeyError(f"{path}: not an unencrypted OpenSSH private key") from None
    if not isinstance(key, ec.EllipticCurvePrivateKey) or not isinstance(key.curve, CURVE):
        raise NodeKeyError(f"{path}: not a P-384 key")
    return key


def parse_public_key(text: str) -> ec.EllipticCurvePublicKey:
    try:
        key = serialization.load_ssh_public_key(text.strip().encode())
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise NodeKeyError("not an OpenSSH public key") from None
    if not isinstance(key, ec.EllipticCurvePublicKey) or not isinstance(key.curve, CURVE):
        raise NodeKeyError("not a P-384 public key")
    return key


def load_public_key(path: Path) -> ec.EllipticCurvePublicKey:
    """The node's public key from the `.pub` file the node handed over for enrollment."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise NodeKeyError(f"{path}: cannot read public key ({error.strerror or error})") from None
    if b"PRIVATE KEY" in data:
        # The usual slip is passing node.key: say so, and never echo it.
        raise NodeKeyError(f"{path} holds a private key; pass the node's public key (node.pub) instead")
    try:
        return parse_public_key(data.decode(errors="replace"))
    except NodeKeyError as error:
        raise NodeKeyError(f"{path}: {error} (expected the node.pub that `netgpt node init` wrote)") from None


def _canonical(record: dict[str, Any]) -> bytes:
    """Signed bytes: equal reports sign equally whatever the key order."""
    return json.dumps(record, sort_keys=True, separators=(",", ":")).encode()


def sign_record(key: ec.EllipticCurvePrivateKey, record: dict[str, Any]) -> str:
    signature = key.sign(_canonical(record), ec.ECDSA(hashes.SHA384()))
    return base64.b64encode(signature).decode()


def verify_record(public_key: str, record: dict[str, Any], signature: str) -> bool:
    """Whether `signature` was made over `record` by the key `public_key` names."""
    try:
        key = parse_public_key(public_key)
        key.verify(base64.b64decode(signature, validate=True), _canonical(record), ec.ECDSA(hashes.SHA384()))
    except (NodeKeyError, InvalidSignature, ValueError, TypeError):
        return False
    return True
