from __future__ import annotations

from collections.abc import Iterator

import keyring
import pytest
from keyring.errors import KeyringLocked

from cti_desktop.services.credentials import Credential, CredentialError, CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring


@pytest.fixture
def backend() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    memory = MemoryKeyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


def test_set_get_list_delete(backend: MemoryKeyring) -> None:
    store = CredentialStore()  # the system keyring, here the in-memory one
    store.set("crm-api", Credential("bearer", "tok-1"))
    store.set("billing", Credential("basic", "pw", username="svc"))
    assert store.names() == ["billing", "crm-api"]
    assert store.get("crm-api") == Credential("bearer", "tok-1")
    store.set("crm-api", Credential("bearer", "tok-2"))
    assert store.names() == ["billing", "crm-api"]
    assert store.get("crm-api") == Credential("bearer", "tok-2")
    assert store.delete("crm-api") is True
    assert store.delete("crm-api") is False
    assert store.get("crm-api") is None
    assert store.names() == ["billing"]
    # Everything lives in the credential store, under the app's service name.
    assert {service for service, _ in backend.entries} == {"cti-desktop"}


def test_header_values() -> None:
    assert Credential("bearer", "t").header_value() == "Bearer t"
    assert Credential("basic", "pw", username="ann").header_value() == "Basic YW5uOnB3"
    key = Credential("header", "k-1", header="X-Api-Key")
    assert (key.header_name, key.header_value()) == ("X-Api-Key", "k-1")
    assert Credential("basic", "pw", username="ann").secrets() == ("Basic YW5uOnB3", "YW5uOnB3", "pw")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("token", "x"), "unknown credential kind"),
        (("bearer", ""), "needs a secret"),
        (("basic", "pw"), "needs a user name"),
        (("header", "k", "", " "), "needs the header's name"),
    ],
)
def test_bad_credentials_are_refused(args: tuple[str, ...], message: str) -> None:
    with pytest.raises(CredentialError, match=message):
        Credential(*args)  # type: ignore[arg-type]


@pytest.mark.parametrize("name", ["", "   ", "x" * 101, "tab\there", "cti-desktop:credential-names"])
def test_bad_names_are_refused(name: str) -> None:
    store = CredentialStore(backend=MemoryKeyring())
    with pytest.raises(CredentialError):
        store.set(name, Credential("bearer", "t"))
    assert store.names() == []


def test_a_damaged_entry_is_reported() -> None:
    memory = MemoryKeyring()
    memory.entries[("cti-desktop", "bad")] = "{not json"
    with pytest.raises(CredentialError, match="damaged"):
        CredentialStore(backend=memory).get("bad")


def test_a_locked_store_gives_a_clear_error() -> None:
    class Locked(MemoryKeyring):
        def set_password(self, service: str, username: str, password: str) -> None:
            raise KeyringLocked("the keyring is locked")

    with pytest.raises(CredentialError, match="cannot be written: the keyring is locked"):
        CredentialStore(backend=Locked()).set("a", Credential("bearer", "t"))
