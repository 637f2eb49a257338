"""`cti-desktop credentials list|set|delete`: the named credentials of the HTTP Request block.

Secrets go to the OS credential store only. They are typed at a hidden prompt or piped on standard input
(`--secret-stdin`), never given as arguments, so they stay out of shell history and process listings.
No database is opened: credentials do not live there.
"""

from __future__ import annotations

import argparse
import getpass
import re
import sys

from cti_desktop.cli.common import UsageError
from cti_desktop.services.credentials import (
    KINDS,
    Credential,
    CredentialError,
    CredentialKind,
    CredentialStore,
    check_name,
)

# An HTTP header name is a "token" (RFC 9110, section 5.1): no spaces, no colon.
HEADER_NAME = re.compile(r"[!#$%&'*+.^_`|~0-9A-Za-z-]+")

NO_STORE_HELP = """no OS credential store is available, so credentials can be neither kept nor read.
  Windows and macOS have one built in. On Linux a Secret Service must run, unlocked, in your session
  (GNOME Keyring, KWallet or KeePassXC). On a headless machine, start one around the command:
    dbus-run-session -- sh -c 'gnome-keyring-daemon --unlock < PASSWORD_FILE; cti-desktop credentials list'
  or pick another keyring backend with PYTHON_KEYRING_BACKEND (see: python -m keyring --list-backends)."""


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "credentials", help="manage the named credentials of the HTTP Request block (OS credential store)"
    )
    commands = parser.add_subparsers(dest="command", metavar="ACTION", required=True)
    listing = commands.add_parser("list", help="list the stored credentials: names and kinds, never secrets")
    listing.set_defaults(handler=list_command)
    store = commands.add_parser(
        "set",
        help="store a credential, replacing one of the same name; the secret is asked for at a hidden prompt",
    )
    store.add_argument("name", metavar="NAME", help="the name flows use to refer to the credential")
    store.add_argument(
        "--kind",
        required=True,
        choices=KINDS,
        help="bearer: a token sent as 'Authorization: Bearer ...'; basic: a user name and password; "
        "header: a key sent in a header of its own (see --header-name)",
    )
    store.add_argument("--username", metavar="USER", help="the user name of a basic credential")
    store.add_argument(
        "--header-name", metavar="HEADER", help="the header a header credential is sent in, e.g. X-Api-Key"
    )
    store.add_argument(
        "--secret-stdin",
        action="store_true",
        help="read the secret from standard input instead of prompting (one trailing newline is dropped)",
    )
    store.set_defaults(handler=set_command)
    delete = commands.add_parser("delete", help="remove a credential from the OS credential store")
    delete.add_argument("name", metavar="NAME")
    delete.set_defaults(handler=delete_command)


def explain(exc: CredentialError) -> str:
    """The store's error in words a user can act on; a missing store gets its own explanation."""
    from keyring.errors import NoKeyringError

    if isinstance(exc.__cause__, NoKeyringError):
        return NO_STORE_HELP
    return str(exc)


def list_command(args: argparse.Namespace, url: str) -> int:
    store = CredentialStore()
    try:
        names = store.names()
    except CredentialError as exc:
        raise UsageError(explain(exc)) from exc
    if not names:
        print("no credentials stored; add one with: cti-desktop credentials set NAME --kind bearer")
        return 0
    width = max(len(name) for name in names)
    for name in names:
        print(f"{name:<{width}}  {_kind_of(store, name)}")
    return 0


def _kind_of(store: CredentialStore, name: str) -> str:
    try:
        credential = store.get(name)
    except CredentialError as exc:
        return f"(unreadable: {explain(exc)})"
    return credential.kind if credential is not None else "(missing from the store; set it again)"


def set_command(args: argparse.Namespace, url: str) -> int:
    kind: CredentialKind = args.kind
    username = (args.username or "").strip()
    header = (args.header_name or "").strip()
    try:
        name = check_name(args.name)
    except CredentialError as exc:
        raise UsageError(str(exc)) from exc
    if kind == "basic" and not username:
        raise UsageError("a basic credential needs --username")
    if kind != "basic" and username:
        raise UsageError("--username is only for --kind basic")
    if kind == "header" and not HEADER_NAME.fullmatch(header):
        raise UsageError(
            "a header credential needs --header-name, a header name without spaces or colons, e.g. X-Api-Key"
            if not header
            else f"{header!r} is not a valid header name: use letters, digits and dashes, e.g. X-Api-Key"
        )
    if kind != "header" and header:
        raise UsageError("--header-name is only for --kind header")
    store = CredentialStore()
    try:
        existed = name in store.names()  # also finds a missing store before the secret is typed
    except CredentialError as exc:
        raise UsageError(explain(exc)) from exc
    secret = _read_secret(name, kind, from_stdin=args.secret_stdin)
    try:
        credential = Credential(kind, secret, username=username, header=header or "Authorization")
        store.set(name, credential)
    except CredentialError as exc:
        raise UsageError(explain(exc)) from exc
    print(f"{'replaced' if existed else 'stored'} credential '{name}' ({kind}) in the OS credential store")
    return 0


def _read_secret(name: str, kind: CredentialKind, *, from_stdin: bool) -> str:
    what = {"bearer": "token", "basic": "password", "header": "key"}[kind]
    if from_stdin:
        secret = sys.stdin.read()
        secret = secret[:-1] if secret.endswith("\n") else secret
        secret = secret[:-1] if secret.endswith("\r") else secret
        if not secret:
            raise UsageError(f"standard input held no {what}")
        return secret
    if not sys.stdin.isatty():
        raise UsageError(
            "standard input is not a terminal, so the secret cannot be asked for: "
            "pipe it in and add --secret-stdin"
        )
    try:
        secret = getpass.getpass(f"The {what} for '{name}' (not shown): ")
        if not secret:
            raise UsageError(f"no {what} was typed; nothing was stored")
        if getpass.getpass(f"The {what} again: ") != secret:
            raise UsageError(f"the two {what}s differ; nothing was stored")
    except EOFError:
        raise UsageError(f"no {what} was typed; nothing was stored") from None
    return secret


def delete_command(args: argparse.Namespace, url: str) -> int:
    store = CredentialStore()
    try:
        name = check_name(args.name)
        listed = name in store.names()
        existed = store.delete(name) or listed
    except CredentialError as exc:
        raise UsageError(explain(exc)) from exc
    if not existed:
        raise UsageError(f"there is no credential named '{name}'; see 'cti-desktop credentials list'")
    print(f"deleted credential '{name}'")
    return 0
