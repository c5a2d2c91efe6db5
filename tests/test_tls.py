import contextlib
import shutil
import socket
import ssl
import stat
import threading
from pathlib import Path

import pytest
from cryptography import x509

from client.bundle import NodeBundle
from netgpt.layout import NodeLayout
from netgpt.supernode import NodeStartError, check_superlink
from privacy.identity.tls import TLSError, TLSFiles, ensure_tls


def test_ca_reused_and_keys_private(tmp_path):
    first = ensure_tls(tmp_path)
    ca_before = first.ca_cert.read_bytes()
    second = ensure_tls(tmp_path, hosts=("localhost", "127.0.0.1", "superlink", "extra.host"))
    assert second.ca_cert.read_bytes() == ca_before
    for key in (tmp_path / "ca.key", second.server_key):
        assert stat.S_IMODE(key.stat().st_mode) == 0o600
    cert = x509.load_pem_x509_certificate(second.server_cert.read_bytes())
    names = cert.extensions.get_extension_for_class(x509.SubjectAlternativeName).value
    assert "extra.host" in names.get_values_for_type(x509.DNSName)


def test_half_a_ca_is_never_replaced(tmp_path):
    ensure_tls(tmp_path)
    (tmp_path / "ca.crt").unlink()
    with pytest.raises(TLSError):
        ensure_tls(tmp_path)


def _serve_tls_once(tls: TLSFiles) -> tuple[int, threading.Thread]:
    """A real TLS listener on loopback with `tls`'s server certificate, for one handshake."""
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(tls.server_cert, tls.server_key)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(10)

    def accept() -> None:
        with listener, contextlib.suppress(OSError):
            raw, _ = listener.accept()
            with raw, contextlib.suppress(ssl.SSLError, OSError):
                context.wrap_socket(raw, server_side=True).close()

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    return listener.getsockname()[1], thread


def _bundle_dialing(tmp_path: Path, superlink: str, ca_cert: Path) -> NodeBundle:
    directory = tmp_path / "bundle"
    directory.mkdir()
    shutil.copyfile(ca_cert, NodeLayout(directory).ca_cert)
    return NodeBundle(directory=directory, name="node-1", region="north", superlink=superlink,
                      data_dir=str(tmp_path), node_id=1, enrolled_at="")


def test_a_certificate_for_other_names_is_named_as_such_not_as_a_foreign_ca(tmp_path):
    """The CA signed it, but not for the name the bundle dials (here the
    loopback address, left out with --advertise elsewhere): the node must say
    that, not send its operator looking for another federation's CA."""
    tls = ensure_tls(tmp_path / "certs", hosts=("superlink.example",))
    port, served = _serve_tls_once(tls)
    with pytest.raises(NodeStartError) as raised:
        check_superlink(_bundle_dialing(tmp_path, f"127.0.0.1:{port}", tls.ca_cert))
    served.join(10)
    message = str(raised.value)
    assert "not issued for '127.0.0.1'" in message and "--san 127.0.0.1" in message
    assert "did not sign" not in message


def test_a_certificate_from_another_ca_is_named_as_such(tmp_path):
    ours = ensure_tls(tmp_path / "ours")
    theirs = ensure_tls(tmp_path / "theirs")
    port, served = _serve_tls_once(theirs)
    with pytest.raises(NodeStartError) as raised:
        check_superlink(_bundle_dialing(tmp_path, f"127.0.0.1:{port}", ours.ca_cert))
    served.join(10)
    assert "CA did not sign" in str(raised.value)
