"""The TLS transport: sipp here may be built without TLS (then it cannot play the PBX over TLS), so these
check what the phone makes of its TLS settings: a certificate and key it takes, and, in words, the
settings it cannot work with."""

from __future__ import annotations

import asyncio
import datetime
from pathlib import Path

import pytest

from cti_desktop.contacts.sip.connector import SipConnector
from cti_desktop.contacts.sip.settings import SipSettings

pytestmark = pytest.mark.usefixtures("needs_sipp")


def write_certificate(folder: Path, name: str = "phone") -> tuple[Path, Path]:
    """A throwaway self-signed certificate for 127.0.0.1 and its key, as PEM files."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.UTC)
    certificate = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .sign(key, hashes.SHA256())
    )
    cert_path, key_path = folder / f"{name}.crt", folder / f"{name}.key"
    cert_path.write_bytes(certificate.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path


def phone_status(**settings: str) -> str:
    """What the phone says once it has started (or failed to), with TLS and these settings."""

    async def scenario() -> str:
        values = {"listen": "127.0.0.1:0", "user": "agent1001", "transport": "tls", **settings}
        phone = SipConnector(SipSettings(**values), null_audio=True)
        statuses: list[str] = []
        changed = asyncio.Event()

        def seen(text: str) -> None:
            statuses.append(text)
            changed.set()

        phone.phone_status_changed.connect(seen)
        phone.start()
        try:
            async with asyncio.timeout(15):
                while not any(s.startswith(("Phone: ready", "Phone: the phone could not")) for s in statuses):
                    await changed.wait()
                    changed.clear()
        finally:
            await phone.aclose()
        return statuses[-1]

    return asyncio.run(scenario())


def test_a_certificate_and_key_the_phone_takes(tmp_path: Path) -> None:
    certificate, key = write_certificate(tmp_path)
    status = phone_status(tls_certificate=str(certificate), tls_private_key=str(key))
    assert status.startswith("Phone: ready on 127.0.0.1:"), status


def test_tls_without_a_certificate_is_refused_in_words() -> None:
    assert phone_status() == (
        "Phone: the phone could not start: TLS needs the phone's certificate: set tls_certificate in "
        "[telephony.sip]; TLS needs the phone's private key: set tls_private_key in [telephony.sip]"
    )


def test_a_missing_or_invalid_certificate_is_refused_in_words(tmp_path: Path) -> None:
    _certificate, key = write_certificate(tmp_path)
    missing = tmp_path / "nowhere.crt"
    assert phone_status(tls_certificate=str(missing), tls_private_key=str(key)) == (
        f"Phone: the phone could not start: the TLS certificate file {missing} does not exist"
    )
    garbled = tmp_path / "garbled.crt"
    garbled.write_text("not a certificate\n")
    assert phone_status(tls_certificate=str(garbled), tls_private_key=str(key)) == (
        f"Phone: the phone could not start: the TLS certificate file {garbled} is not a PEM certificate"
    )


def test_a_key_that_is_not_the_certificates_is_refused_in_words(tmp_path: Path) -> None:
    certificate, _key = write_certificate(tmp_path, "phone")
    _other, other_key = write_certificate(tmp_path, "other")
    assert phone_status(tls_certificate=str(certificate), tls_private_key=str(other_key)) == (
        f"Phone: the phone could not start: the TLS private key {other_key} is not the key of the "
        f"certificate {certificate}"
    )


def test_a_key_protected_by_a_passphrase_is_refused_in_words(tmp_path: Path) -> None:
    from cryptography.hazmat.primitives import serialization

    certificate, key = write_certificate(tmp_path)
    loaded = serialization.load_pem_private_key(key.read_bytes(), password=None)
    key.write_bytes(
        loaded.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.BestAvailableEncryption(b"secret"),
        )
    )
    settings = SipSettings(transport="tls", tls_certificate=str(certificate), tls_private_key=str(key))
    assert settings.tls_problem().startswith(
        f"the TLS certificate {certificate} or its private key {key} cannot be used (a damaged file, or a "
        "key protected by a passphrase)"
    )
    assert SipSettings(transport="udp").tls_problem() == ""
