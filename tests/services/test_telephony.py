"""Which telephony connector the settings choose, and where the SIP phone's password comes from."""

from __future__ import annotations

import pytest

from cti_desktop.contacts.simulator import Simulator
from cti_desktop.contacts.sip.connector import SipConnector
from cti_desktop.contacts.sip.settings import SipSettings, TelephonySettings
from cti_desktop.services.credentials import Credential, CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring
from cti_desktop.services.telephony import build_telephony
from cti_desktop.settings import Settings


def sip_settings(**values: str) -> Settings:
    sip = SipSettings(listen="127.0.0.1:0", user="agent1001", **values)
    return Settings(telephony=TelephonySettings(connector="sip", sip=sip))


def test_the_simulator_by_default() -> None:
    telephony = build_telephony(Settings())
    assert type(telephony) is Simulator


def test_the_sip_phone_takes_its_password_from_the_credential_store() -> None:
    store = CredentialStore(backend=MemoryKeyring())
    store.set("sip", Credential("basic", "s3cret-pass", "agent1001-auth"))
    phone = build_telephony(sip_settings(registrar="pbx.test"), store)
    assert isinstance(phone, SipConnector)
    assert (phone._engine._password, phone._engine._auth_user) == ("s3cret-pass", "agent1001-auth")
    assert phone.phone_status == "Phone: starting…"
    assert phone.agent.username == "agent1001"


def test_a_missing_password_is_said_with_how_to_set_it() -> None:
    phone = build_telephony(sip_settings(registrar="pbx.test"), CredentialStore(backend=MemoryKeyring()))
    assert phone.phone_status == (  # type: ignore[attr-defined]
        "Phone: no SIP password is stored: run cti-desktop credentials set sip --kind basic --secret-stdin"
    )


def test_without_a_registrar_no_password_is_needed() -> None:
    phone = build_telephony(sip_settings(), CredentialStore(backend=MemoryKeyring()))
    assert phone.phone_status == "Phone: starting…"  # type: ignore[attr-defined]


def test_tests_and_benchmarks_keep_away_from_the_sound_device(monkeypatch: pytest.MonkeyPatch) -> None:
    assert build_telephony(sip_settings())._engine.null_audio is False  # type: ignore[attr-defined]
    monkeypatch.setenv("CTI_DESKTOP_NULL_AUDIO", "1")
    assert build_telephony(sip_settings())._engine.null_audio is True  # type: ignore[attr-defined]
