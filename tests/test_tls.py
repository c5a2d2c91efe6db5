import stat

import pytest
from cryptography import x509

from privacy.identity.tls import TLSError, ensure_tls


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
