"""The federation's own certificate authority and the SuperLink's certificate.

Flower refuses TLS without certificates and self-signed shortcuts teach users to
skip verification, so the launcher makes a small CA with `cryptography`. An
existing CA is reused, never silently replaced: replacing it would cut off every
node that trusts it.
"""

from __future__ import annotations

import datetime as dt
import ipaddress
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from netgpt.files import write_atomic

DEFAULT_HOSTS = ("localhost", "127.0.0.1", "superlink")
VALIDITY = dt.timedelta(days=365)

# The kinds of CA key that can sign a certificate with SHA-384: the EC keys this
# module makes, and RSA keys that an operator brought.
CAKey = ec.EllipticCurvePrivateKey | rsa.RSAPrivateKey


class TLSError(RuntimeError):
    """The certificate directory is inconsistent (e.g. a CA key without its certificate)."""


@dataclass(frozen=True)
class TLSFiles:
    ca_cert: Path
    server_cert: Path
    server_key: Path


def ensure_tls(directory: Path, hosts: tuple[str, ...] = DEFAULT_HOSTS) -> TLSFiles:
    """Create (or reuse) the CA, then issue a server certificate for `hosts`."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    ca_cert_path, ca_key_path = directory / "ca.crt", directory / "ca.key"
    if ca_cert_path.exists() != ca_key_path.exists():
        raise TLSError(
            f"{directory} holds only one of ca.crt and ca.key; refusing to replace the CA"
        )
    if ca_cert_path.exists():
        loaded = serialization.load_pem_private_key(ca_key_path.read_bytes(), password=None)
        if not isinstance(loaded, CAKey):
            raise TLSError(f"{ca_key_path} is a {type(loaded).__name__}, which cannot sign certificates here")
        ca_key: CAKey = loaded
        ca_cert = x509.load_pem_x509_certificate(ca_cert_path.read_bytes())
    else:
        ca_key = ec.generate_private_key(ec.SECP384R1())
        ca_cert = _ca_certificate(ca_key)
        _write_private(ca_key_path, ca_key)
        write_atomic(ca_cert_path, ca_cert.public_bytes(serialization.Encoding.PEM), mode=0o644)
    files = TLSFiles(ca_cert_path, directory / "server.crt", directory / "server.key")
    if not _covers(files.server_cert, hosts, ca_cert):
        server_key = ec.generate_private_key(ec.SECP384R1())
        certificate = _server_certificate(server_key, ca_key, ca_cert, hosts)
        _write_private(files.server_key, server_key)
        write_atomic(files.server_cert, certificate.public_bytes(serialization.Encoding.PEM), mode=0o644)
    return files


def _write_private(path: Path, key: ec.EllipticCurvePrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_atomic(path, pem)


def _name(common_name: str) -> x509.Name:
    return x509.Name(
        [
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, "NetGPT federation"),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name),
        ]
    )


def _ca_certificate(key: ec.EllipticCurvePrivateKey) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name("NetGPT federation CA"))
        .issuer_name(_name("NetGPT federation CA"))
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + 10 * VALIDITY)
        .add_extension(x509.BasicConstraints(ca=True, path_length=0), critical=True)
        .add_extension(
            x509.KeyUsage(
                digital_signature=True, key_cert_sign=True, crl_sign=True,
                content_commitment=False, key_encipherment=False, data_encipherment=False,
                key_agreement=False, encipher_only=False, decipher_only=False,
            ),
            critical=True,
        )
        .add_extension(x509.SubjectKeyIdentifier.from_public_key(key.public_key()), critical=False)
        .sign(key, hashes.SHA384())
    )


def _server_certificate(
    key: ec.EllipticCurvePrivateKey,
    ca_key: CAKey,
    ca_cert: x509.Certificate,
    hosts: tuple[str, ...],
) -> x509.Certificate:
    now = dt.datetime.now(dt.UTC)
    return (
        x509.CertificateBuilder()
        .subject_name(_name(hosts[0]))
        .issuer_name(ca_cert.subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(minutes=5))
        .not_valid_after(now + VALIDITY)
        .add_extension(x509.SubjectAlternativeName(_alt_names(hosts)), critical=False)
        .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.SERVER_AUTH]), critical=False)
        .add_extension(
            x509.AuthorityKeyIdentifier.from_issuer_public_key(ca_key.public_key()), critical=False
        )
        .sign(ca_key, hashes.SHA384())
    )


def _alt_names(hosts: tuple[str, ...]) -> list[x509.GeneralName]:
    names: list[x509.GeneralName] = []
    for host in hosts:
        try:
            names.append(x509.IPAddress(ipaddress.ip_address(host)))
        except ValueError:
            names.append(x509.DNSName(host))
    return names


def _covers(cert_path: Path, hosts: tuple[str, ...], ca_cert: x509.Certificate) -> bool:
    """Reuse a server certificate only if it is ours, unexpired and names every host."""
    key_path = cert_path.with_suffix(".key")
    if not (cert_path.exists() and key_path.exists()):
        return False
    try:
        certificate = x509.load_pem_x509_certificate(cert_path.read_bytes())
        sans = certificate.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    except (ValueError, x509.ExtensionNotFound):
        return False
    if certificate.issuer != ca_cert.subject:
        return False
    if certificate.not_valid_after_utc < dt.datetime.now(dt.UTC) + dt.timedelta(days=1):
        return False
    return set(_alt_names(hosts)) <= set(sans)
