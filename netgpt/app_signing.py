"""The operator's app-signing key, the signatures it makes, and the nodes' trust file.

A SuperNode started with `--trusted-entities FILE` runs a run's app only when
its FAB carries a signature that verifies with a key listed in FILE (YAML,
`{key-id: "ssh-ed25519 …"}`, Ed25519 only); Flower checks the signature over
`signed_at` (8 bytes, big-endian) followed by SHA-256(FAB), base64url-encoded.
`flwr run DIR` never attaches one, so the operator signs here: `netgpt train`
signs the FAB it built with the work directory's key, and every bundle's
trust file lists that key's public half and nothing else.

The key id is derived from the public key, so a replaced key never passes for
the one the nodes trust. No message here contains key material.
"""

from __future__ import annotations

import base64
import hashlib
import time
from dataclasses import dataclass
from pathlib import Path

import yaml
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netgpt.files import write_atomic
from netgpt.layout import NodeLayout, Workdir
from privacy.identity.signing import SigningKeyError, load_or_create_signing_key, load_public_key, public_key_path

KEY_ID_PREFIX = "netgpt-operator-"


class AppSigningError(RuntimeError):
    """A signing key or a trust file is missing, unreadable or not Ed25519."""


@dataclass(frozen=True)
class FabSignature:
    """One entry of what Flower calls a FAB's verifications."""

    key_id: str
    signature: str  # base64url, unpadded, as Flower's hub writes it
    signed_at: int  # Unix seconds

    def verification(self) -> dict[str, str | int]:
        """The entry as the SuperLink reads it from a hub's `fetch-fab` answer."""
        return {"public_key_id": self.key_id, "signature": self.signature, "signed_at": self.signed_at}


def key_id(public: Ed25519PublicKey) -> str:
    return KEY_ID_PREFIX + hashlib.sha256(public.public_bytes_raw()).hexdigest()[:16]


def signing_key(workdir: Path) -> Ed25519PrivateKey:
    """The work directory's app-signing key, created (0600) on first use."""
    try:
        return load_or_create_signing_key(Workdir(workdir).app_signing_key)
    except (SigningKeyError, OSError) as error:
        raise AppSigningError(f"app-signing key: {error}") from None


def operator_public_key(workdir: Path) -> Ed25519PublicKey:
    """The public half nodes trust, read without touching the private key."""
    try:
        return load_public_key(public_key_path(Workdir(workdir).app_signing_key))
    except SigningKeyError as error:
        raise AppSigningError(f"no app-signing key: {error}") from None


def signed_message(fab: bytes, signed_at: int) -> bytes:
    return signed_at.to_bytes(8, "big") + hashlib.sha256(fab).digest()


def sign_fab(key: Ed25519PrivateKey, fab: bytes, signed_at: int | None = None) -> FabSignature:
    when = int(time.time()) if signed_at is None else signed_at
    raw = key.sign(signed_message(fab, when))
    encoded = base64.urlsafe_b64encode(raw).rstrip(b"=").decode("ascii")
    return FabSignature(key_id(key.public_key()), encoded, when)


def verifies(public: Ed25519PublicKey, fab: bytes, signature: FabSignature) -> bool:
    """Whether `signature` is `public`'s over `fab` under `public`'s own key id."""
    if signature.key_id != key_id(public):
        return False
    try:
        raw = base64.urlsafe_b64decode(signature.signature + "=" * (-len(signature.signature) % 4))
        public.verify(raw, signed_message(fab, signature.signed_at))
    except (ValueError, InvalidSignature, OverflowError):
        return False
    return True


def trusted_entities_yaml(public: Ed25519PublicKey) -> str:
    openssh = public.public_bytes(serialization.Encoding.OpenSSH, serialization.PublicFormat.OpenSSH).decode()
    return yaml.safe_dump({key_id(public): openssh}, sort_keys=False)


def write_trusted_entities(workdir: Path, layout: NodeLayout) -> None:
    """Put the operator's public key in the bundle at `layout` as the only key
    whose apps the node runs; enrollment calls this for every bundle."""
    public = signing_key(workdir).public_key()
    write_atomic(layout.trusted_entities, trusted_entities_yaml(public), mode=0o644)


def load_trusted_entities(path: Path) -> dict[str, Ed25519PublicKey]:
    """The trust file as Flower will read it, checked first: Flower checks no
    signature at all when the file is an empty mapping, and exits with a
    bare code on a key it cannot use."""
    try:
        entries = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except OSError as error:
        raise AppSigningError(f"cannot read {path}: {error.strerror or error}") from None
    except yaml.YAMLError:
        raise AppSigningError(f"{path} is not YAML") from None
    if not isinstance(entries, dict) or not entries:
        raise AppSigningError(f"{path} lists no key (a mapping of key id to 'ssh-ed25519 …' is expected)")
    keys: dict[str, Ed25519PublicKey] = {}
    for name, text in entries.items():
        try:
            key = serialization.load_ssh_public_key(str(text).encode("utf-8"))
        except (ValueError, UnsupportedAlgorithm):
            key = None
        if not isinstance(name, str) or not isinstance(key, Ed25519PublicKey):
            raise AppSigningError(f"{path}: entry {name!r} is not an Ed25519 public key in OpenSSH form")
        keys[name] = key
    return keys
