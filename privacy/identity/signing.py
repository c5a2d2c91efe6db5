"""The aggregator's Ed25519 signing key, and the public key auditors verify with.

The key signs every privacy-ledger entry, so anyone holding the public key can
check that the ledger is the one the aggregator wrote. It is created once and
never replaced: a new key would orphan every signature made with the old one.
No message this module raises or prints contains key material.
"""

from __future__ import annotations

from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey

from netgpt.files import create_private_file, write_atomic


class SigningKeyError(RuntimeError):
    """A key file is missing, unreadable, not Ed25519, or disagrees with its pair."""


def public_key_path(key_path: Path) -> Path:
    """Where the public half of `key_path` lives: `aggregator.key` → `aggregator.pub`."""
    return Path(key_path).with_suffix(".pub")


def load_or_create_signing_key(path: Path) -> Ed25519PrivateKey:
    """The key at `path`, created (0600, PKCS8 PEM) when there is none yet.

    The public key is (re)written beside it when missing, and checked against it
    when present, so auditors are never handed a key that verifies nothing.
    """
    path = Path(path)
    if path.exists():
        key = _load_private(path)
    else:
        path.parent.mkdir(mode=0o700, parents=True, exist_ok=True)
        key = _create_private(path)
    public = key.public_key()
    pub_path = public_key_path(path)
    if not pub_path.exists():
        write_atomic(pub_path, _public_pem(public), mode=0o644)
    elif load_public_key(pub_path).public_bytes_raw() != public.public_bytes_raw():
        raise SigningKeyError(f"{pub_path} is not the public key of {path}")
    return key


def load_public_key(path: Path) -> Ed25519PublicKey:
    """The Ed25519 public key in the PEM file at `path`."""
    try:
        key = serialization.load_pem_public_key(Path(path).read_bytes())
    except OSError as error:
        raise SigningKeyError(f"{path}: cannot read public key ({error.strerror or error})") from None
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise SigningKeyError(f"{path}: not a PEM public key") from None
    if not isinstance(key, Ed25519PublicKey):
        raise SigningKeyError(f"{path}: not an Ed25519 public key")
    return key


def _load_private(path: Path) -> Ed25519PrivateKey:
    try:
        key = serialization.load_pem_private_key(path.read_bytes(), password=None)
    except OSError as error:
        raise SigningKeyError(f"{path}: cannot read signing key ({error.strerror or error})") from None
    except (ValueError, TypeError, UnsupportedAlgorithm):
        raise SigningKeyError(f"{path}: corrupt or not an unencrypted PEM private key") from None
    if not isinstance(key, Ed25519PrivateKey):
        raise SigningKeyError(f"{path}: not an Ed25519 private key")
    return key


def _create_private(path: Path) -> Ed25519PrivateKey:
    """A fresh key at `path`; if another process created one first, use its key."""
    key = Ed25519PrivateKey.generate()
    pem = key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
    )
    try:
        create_private_file(path, pem)
    except FileExistsError:
        return _load_private(path)
    return key


def _public_pem(key: Ed25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
