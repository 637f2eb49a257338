"""`cti-desktop credentials`: against an in-memory keyring, never the machine's own credential store."""

from __future__ import annotations

import io
import sys
from collections.abc import Iterator

import keyring
import pytest
from keyring.backends import fail
from keyring.errors import KeyringLocked

from cti_desktop.cli import main
from cti_desktop.services.credentials import Credential, CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring


@pytest.fixture
def memory() -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    backend = MemoryKeyring()
    keyring.set_keyring(backend)
    try:
        yield backend
    finally:
        keyring.set_keyring(previous)


class Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def feed(monkeypatch: pytest.MonkeyPatch, text: str, tty: bool = False) -> None:
    monkeypatch.setattr(sys, "stdin", Terminal(text) if tty else io.StringIO(text))


def run(argv: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    code = main(["credentials", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_set_list_delete_with_the_secret_on_stdin(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed(monkeypatch, "tok-SECRET-1\n")
    assert run(["set", "crm-api", "--kind", "bearer", "--secret-stdin"], capsys)[:2] == (
        0,
        "stored credential 'crm-api' (bearer) in the OS credential store\n",
    )
    feed(monkeypatch, "pw SECRET 2 \r\n")  # inner and trailing spaces belong to the password
    assert run(["set", "billing", "--kind", "basic", "--username", "svc", "--secret-stdin"], capsys)[0] == 0
    feed(monkeypatch, "key-SECRET-3")
    assert (
        run(["set", "maps", "--kind", "header", "--header-name", "X-Api-Key", "--secret-stdin"], capsys)[0]
        == 0
    )

    store = CredentialStore()
    assert store.get("crm-api") == Credential("bearer", "tok-SECRET-1")
    assert store.get("billing") == Credential("basic", "pw SECRET 2 ", username="svc")
    assert store.get("maps") == Credential("header", "key-SECRET-3", header="X-Api-Key")

    code, out, err = run(["list"], capsys)
    assert code == 0
    assert out.splitlines() == ["billing  basic", "crm-api  bearer", "maps     header"]
    assert "SECRET" not in out + err

    feed(monkeypatch, "tok-SECRET-4\n")
    code, out, _ = run(["set", "crm-api", "--kind", "bearer", "--secret-stdin"], capsys)
    assert (code, out) == (0, "replaced credential 'crm-api' (bearer) in the OS credential store\n")
    assert store.get("crm-api") == Credential("bearer", "tok-SECRET-4")

    assert run(["delete", "crm-api"], capsys)[:2] == (0, "deleted credential 'crm-api'\n")
    assert store.names() == ["billing", "maps"]
    assert ("cti-desktop", "crm-api") not in memory.entries
    code, _, err = run(["delete", "crm-api"], capsys)
    assert code == 2
    assert "there is no credential named 'crm-api'" in err


def test_an_empty_store_says_how_to_add_one(
    memory: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(["list"], capsys)
    assert code == 0
    assert "no credentials stored" in out
    assert "credentials set NAME --kind bearer" in out


def test_the_secret_is_asked_twice_at_a_hidden_prompt(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    prompts: list[str] = []
    answers = iter(["pw-SECRET", "pw-SECRET", "pw-SECRET", "pw-TYPO"])

    def fake_getpass(prompt: str = "") -> str:
        prompts.append(prompt)
        return next(answers)

    monkeypatch.setattr("getpass.getpass", fake_getpass)
    feed(monkeypatch, "", tty=True)
    assert run(["set", "billing", "--kind", "basic", "--username", "svc"], capsys)[0] == 0
    assert prompts == ["The password for 'billing' (not shown): ", "The password again: "]
    assert CredentialStore().get("billing") == Credential("basic", "pw-SECRET", username="svc")

    code, _, err = run(["set", "other", "--kind", "bearer"], capsys)
    assert code == 2
    assert "the two tokens differ; nothing was stored" in err
    assert CredentialStore().names() == ["billing"]


def test_without_a_terminal_the_secret_must_come_from_stdin(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    feed(monkeypatch, "tok\n")
    code, _, err = run(["set", "crm-api", "--kind", "bearer"], capsys)
    assert code == 2
    assert "add --secret-stdin" in err
    assert memory.entries == {}


@pytest.mark.parametrize(
    ("argv", "stdin", "message"),
    [
        (["--kind", "basic"], "pw", "a basic credential needs --username"),
        (["--kind", "bearer", "--username", "svc"], "tok", "--username is only for --kind basic"),
        (["--kind", "header"], "k", "a header credential needs --header-name"),
        (["--kind", "header", "--header-name", "X-Api-Key:"], "k", "'X-Api-Key:' is not a valid header name"),
        (
            ["--kind", "bearer", "--header-name", "X-Api-Key"],
            "tok",
            "--header-name is only for --kind header",
        ),
        (["--kind", "bearer"], "\n", "standard input held no token"),
    ],
)
def test_bad_input_stores_nothing(
    memory: MemoryKeyring,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    argv: list[str],
    stdin: str,
    message: str,
) -> None:
    feed(monkeypatch, stdin)
    code, out, err = run(["set", "crm-api", *argv, "--secret-stdin"], capsys)
    assert (code, out) == (2, "")
    assert message in err
    assert memory.entries == {}


@pytest.mark.parametrize("name", ["", "   ", "tab\there", "x" * 101])
def test_bad_names_are_refused(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], name: str
) -> None:
    feed(monkeypatch, "tok")
    code, _, err = run(["set", name, "--kind", "bearer", "--secret-stdin"], capsys)
    assert code == 2
    assert "a credential name must be 1 to 100 printable characters" in err
    assert memory.entries == {}


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["set", "crm-api", "--kind", "token", "--secret-stdin"], "invalid choice: 'token'"),
        (["set", "--kind", "bearer", "--secret-stdin"], "the following arguments are required: NAME"),
        (["set", "crm-api", "--secret-stdin"], "the following arguments are required: --kind"),
        (["delete"], "the following arguments are required: NAME"),
        (["set", "crm-api", "--kind", "bearer", "--token", "tok"], "unrecognized arguments: --token tok"),
    ],
)
def test_usage_errors_exit_2(
    memory: MemoryKeyring, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    with pytest.raises(SystemExit) as exited:
        main(["credentials", *argv])
    assert exited.value.code == 2
    assert message in capsys.readouterr().err
    assert memory.entries == {}


@pytest.fixture
def no_store() -> Iterator[None]:
    previous = keyring.get_keyring()
    keyring.set_keyring(fail.Keyring())
    try:
        yield
    finally:
        keyring.set_keyring(previous)


@pytest.mark.parametrize(
    "argv", [["list"], ["set", "crm-api", "--kind", "bearer", "--secret-stdin"], ["delete", "crm-api"]]
)
def test_a_missing_credential_store_is_explained(
    no_store: None, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str], argv: list[str]
) -> None:
    stdin = io.StringIO("tok")
    monkeypatch.setattr(sys, "stdin", stdin)
    code, out, err = run(argv, capsys)
    assert (code, out) == (2, "")
    assert err.startswith("cti-desktop: no OS credential store is available")
    assert "Secret Service" in err
    assert "dbus-run-session" in err
    assert "PYTHON_KEYRING_BACKEND" in err
    assert stdin.tell() == 0  # found before the secret was read


def test_a_locked_store_is_reported(
    memory: MemoryKeyring, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def locked(service: str, username: str, password: str) -> None:
        raise KeyringLocked("the keyring is locked")

    monkeypatch.setattr(memory, "set_password", locked)
    feed(monkeypatch, "tok-SECRET")
    code, _, err = run(["set", "crm-api", "--kind", "bearer", "--secret-stdin"], capsys)
    assert code == 2
    assert "cannot be written: the keyring is locked" in err
    assert "SECRET" not in err


def test_a_damaged_entry_is_listed_without_failing_the_list(
    memory: MemoryKeyring, capsys: pytest.CaptureFixture[str]
) -> None:
    CredentialStore().set("good", Credential("bearer", "tok"))
    CredentialStore().set("bad", Credential("bearer", "tok"))
    memory.entries[("cti-desktop", "bad")] = "{not json"
    code, out, _ = run(["list"], capsys)
    assert code == 0
    assert out.splitlines() == [
        "bad   (unreadable: the stored credential is damaged; store it again)",
        "good  bearer",
    ]
