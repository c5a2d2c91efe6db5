"""Signed FABs in the aggregator's work directory: `netgpt train` publishes them,
the app hub hands them to the SuperLink.

Publishing is writing into the work directory, which only the operator can
do; reading checks the signature against the operator's key and the app's
name and version against the FAB's own metadata, so a FAB that anyone else
placed there, or that was altered after signing, is never served.
"""

from __future__ import annotations

import io
import json
import re
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from netgpt.app_signing import AppSigningError, FabSignature, operator_public_key, verifies
from netgpt.files import write_atomic, write_directory_atomic
from netgpt.layout import Workdir
from netgpt.layout.workdir import SignedAppFiles

# Each part names a directory: no leading dot, so never "." or "..".
_PART = re.compile(r"[A-Za-z0-9][A-Za-z0-9_.-]{0,99}")
# Flower's own form of an app version (`flwr run @publisher/name==x.y.z`).
_VERSION = re.compile(r"\d{1,9}\.\d{1,9}\.\d{1,9}")


class SignedAppError(RuntimeError):
    """No signed app of that name and version, or one that must not be served."""


@dataclass(frozen=True)
class AppRef:
    publisher: str
    name: str
    version: str

    def __post_init__(self) -> None:
        for part in (self.publisher, self.name):
            if not _PART.fullmatch(part):
                raise SignedAppError(f"app name part {part!r} must be letters, digits, '.', '_' or '-'")
        if not _VERSION.fullmatch(self.version):
            raise SignedAppError(f"app version {self.version!r} is not of the form x.y.z")

    @classmethod
    def parse(cls, app_id: str, version: str | None) -> AppRef:
        """From Flower's `@publisher/name` and version."""
        publisher, slash, name = app_id.removeprefix("@").partition("/")
        if not app_id.startswith("@") or not slash:
            raise SignedAppError(f"app id {app_id!r} is not of the form @publisher/name")
        if version is None:
            raise SignedAppError(f"no version asked for {app_id}; only pinned versions are served")
        return cls(publisher, name, version)

    @classmethod
    def of_fab(cls, fab: bytes) -> AppRef:
        """The app a FAB says it is, read as Flower reads it (publisher from
        `[tool.flwr.app]`, name and version from `[project]`)."""
        try:
            with zipfile.ZipFile(io.BytesIO(fab)) as archive:
                config = tomllib.loads(archive.read("pyproject.toml").decode("utf-8"))
            return cls(
                str(config["tool"]["flwr"]["app"]["publisher"]),
                str(config["project"]["name"]),
                str(config["project"]["version"]),
            )
        except (zipfile.BadZipFile, KeyError, TypeError, UnicodeDecodeError, tomllib.TOMLDecodeError):
            raise SignedAppError("not a FAB with a readable pyproject.toml naming the app") from None

    @property
    def spec(self) -> str:
        """What `flwr run` takes to have the SuperLink fetch this app from the hub."""
        return f"@{self.publisher}/{self.name}=={self.version}"

    def files(self, workdir: Path) -> SignedAppFiles:
        return Workdir(workdir).signed_app(self.publisher, self.name, self.version)


@dataclass(frozen=True)
class SignedApp:
    app: AppRef
    fab: bytes
    signature: FabSignature


def publish(workdir: Path, fab: bytes, signature: FabSignature) -> SignedApp:
    """Replace the app's signed version in the work directory with this one, whole."""
    app = AppRef.of_fab(fab)
    payload = {"public_key_id": signature.key_id, "signature": signature.signature, "signed_at": signature.signed_at}

    def build(staging: Path) -> None:
        files = SignedAppFiles(staging)
        write_atomic(files.fab, fab, mode=0o644)
        write_atomic(files.signature, json.dumps(payload, indent=2) + "\n", mode=0o644)

    write_directory_atomic(app.files(workdir).root, build)
    return SignedApp(app, fab, signature)


def load_signed(workdir: Path, app: AppRef) -> SignedApp:
    """The app as the operator signed it; SignedAppError names why it cannot be served."""
    files = app.files(workdir)
    try:
        fab = files.fab.read_bytes()
        payload = json.loads(files.signature.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise SignedAppError(f"{app.spec} was never signed here") from None
    except (OSError, ValueError) as error:
        raise SignedAppError(f"{app.spec}: unreadable signed app ({error})") from None
    try:
        signature = FabSignature(
            str(payload["public_key_id"]), str(payload["signature"]), _integer(payload["signed_at"])
        )
    except (KeyError, TypeError, ValueError):
        raise SignedAppError(f"{app.spec}: {files.signature.name} is incomplete") from None
    if AppRef.of_fab(fab) != app:
        raise SignedAppError(f"{app.spec}: the FAB in {files.root} is another app")
    try:
        public = operator_public_key(workdir)
    except AppSigningError as error:
        raise SignedAppError(f"{app.spec}: {error}") from None
    if not verifies(public, fab, signature):
        raise SignedAppError(f"{app.spec}: the signature does not verify with the operator's app-signing key")
    return SignedApp(app, fab, signature)


def _integer(value: object) -> int:
    if not isinstance(value, int) or isinstance(value, bool):
        raise ValueError("not an integer")
    return value
