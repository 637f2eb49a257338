"""How this seat reaches a database server, from its settings and the OS keyring."""

from __future__ import annotations

import logging
import socket

from cti_desktop.services.credentials import CredentialError, CredentialStore
from cti_desktop.settings import Settings
from cti_desktop.store.database import ServerOptions

log = logging.getLogger(__name__)

# The credential (`cti-desktop credentials set database --kind basic ...`) that holds the password.
DATABASE_CREDENTIAL = "database"


def application_name(settings: Settings) -> str:
    return settings.database_application_name or f"cti-desktop/{socket.gethostname()}"


def server_options(settings: Settings, credentials: CredentialStore | None = None) -> ServerOptions:
    """The options for a PostgreSQL connection. The password comes from the keyring when a `database`
    credential is stored there; otherwise libpq finds it (.pgpass) or the server needs none."""
    password: str | None = None
    if settings.resolved_database_url().startswith("postgresql"):
        try:
            credential = (credentials or CredentialStore()).get(DATABASE_CREDENTIAL)
        except CredentialError as exc:
            log.info("the database password could not be read from the keyring: %s", exc)
            credential = None
        password = credential.secret if credential is not None else None
    return ServerOptions(
        connect_timeout_s=settings.database_connect_timeout_s,
        sslmode=settings.database_sslmode,
        sslrootcert=settings.database_sslrootcert,
        application_name=application_name(settings),
        password=password,
    )
