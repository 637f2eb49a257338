"""Store and database errors in words a user understands: the one place that turns them into a
sentence, for opening a database, for the command line and for the GUI (through
`services.store_errors`, since windows do not reach into the store)."""

from __future__ import annotations

import re
from typing import Any


class StoreError(Exception):
    """The database cannot be used; the message says why in words a user understands."""


class NewerDatabaseError(StoreError):
    pass


class EditingRefused(StoreError):
    """Actions and flows cannot be changed now (the seat works from its copy); the message says why."""


def describe_store_error(exc: BaseException, where: str = "") -> str:
    """A sentence saying what went wrong and, where there is one, what to do about it, without the
    library's internals (its SQL, its web addresses). `where` names the database when it is known.
    SQLAlchemy is imported only when asked: the GUI's start-up must not load it before the window."""
    from sqlalchemy import exc as sa_exc

    if isinstance(exc, StoreError):
        return str(exc)
    the_database = f"The database at {where}" if where else "The database"
    detail = str(getattr(exc, "orig", None) or exc).split("\n", 1)[0].strip()
    lowered = detail.lower()
    if isinstance(exc, sa_exc.NoSuchModuleError | ModuleNotFoundError) or "no module named" in lowered:
        return (
            f"{the_database} needs a driver that is not installed "
            "(for PostgreSQL: pip install 'psycopg[binary]')."
        )
    if isinstance(exc, sa_exc.ArgumentError):
        return f"The database address {where or ''} is not one CTI Desktop can use: {detail}."
    if isinstance(exc, sa_exc.IntegrityError):
        return (
            "The change conflicts with what is stored already (a name that must be unique is used twice, "
            "or something it refers to was deleted meanwhile). Nothing was stored."
        )
    refused = _refused_in_words(exc)
    if refused:
        return refused
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "The connection to the database was lost. Nothing was stored; try again in a moment."
    if isinstance(exc, sa_exc.DBAPIError):
        return _in_words(lowered, the_database, detail)
    if isinstance(exc, sa_exc.SQLAlchemyError):
        return f"{the_database} refused the operation ({type(exc).__name__}). Nothing was stored."
    if isinstance(exc, OSError):
        what = f"{exc.filename} cannot be used" if exc.filename else "The file cannot be used"
        return f"{what}: {exc.strerror or exc}."
    return str(exc) or type(exc).__name__


# What a refused login tried, by the table (or function) the database named, and whom to ask instead.
_REFUSED_WHAT: dict[str, tuple[str, str]] = {
    "cti_action": ("change CTI actions", "a supervisor"),
    "flow": ("change flows", "a supervisor"),
    "flow_source": ("change the flow sources", "a supervisor"),
    "item_version": ("save or publish versions of actions and flows", "a supervisor"),
    "change": ("record that change", "a supervisor"),
    "flow_run": ("change another person's runs", "a supervisor"),
    "flow_run_step": ("change another person's runs", "a supervisor"),
    "form_draft": ("change another person's form drafts", "a supervisor"),
    "person": ("see or manage people", "an admin"),
    "cti_person_add": ("add people", "an admin"),
    "cti_person_set_role": ("change people's roles", "an admin"),
    "cti_person_remove": ("remove people", "an admin"),
    "alembic_version": ("upgrade the database", "an admin"),
}
_REFUSED_NAME = re.compile(r'(?:for|on|of) (?:table|relation|function|sequence) "?([A-Za-z0-9_]+)"?')


def note_login(context: Any) -> None:
    """SQLAlchemy's `handle_error` hook: remember on the error which login the database refused, so
    the sentence can name the person (the driver's error does not carry it)."""
    connection = getattr(context, "connection", None)
    try:
        dbapi = connection.connection.dbapi_connection if connection is not None else None
        login = getattr(getattr(dbapi, "info", None), "user", None)
    except Exception:  # a closed connection: the sentence goes without the name
        login = None
    if login:
        context.sqlalchemy_exception.cti_login = login


def _refused_in_words(exc: BaseException) -> str:
    """PostgreSQL's insufficient_privilege (42501, a grant or a row-level policy refusing) in words:
    who may not do what, and whom to ask."""
    original = getattr(exc, "orig", None)
    sqlstate = getattr(original, "sqlstate", None)
    if sqlstate == "P0001":  # raised by the store's own functions, in words already
        return str(original).split("\n", 1)[0].removeprefix("ERROR:  ").strip()
    if sqlstate != "42501":
        return ""
    message = str(original).split("\n", 1)[0]
    found = _REFUSED_NAME.search(message)
    table = found.group(1) if found else ""
    what, ask = _REFUSED_WHAT.get(table, ("do this", "an admin"))
    if message.startswith("must be owner"):
        what, ask = "upgrade the database", "an admin"
    who = getattr(exc, "cti_login", None) or "This login"
    return f"{who} may not {what}: ask {ask}"


def is_store_error(exc: BaseException) -> bool:
    """Whether `exc` is the store failing (a database or file error), rather than a bug."""
    from sqlalchemy.exc import SQLAlchemyError

    return isinstance(exc, SQLAlchemyError | StoreError | OSError)


def _in_words(lowered: str, the_database: str, detail: str) -> str:
    if "not a database" in lowered:
        return f"{the_database} is not a database file (it may be another kind of file)."
    if "malformed" in lowered or "corrupt" in lowered:
        return (
            f"{the_database} is damaged ({detail}). Check it with 'cti-desktop db check' and restore a "
            "backup with 'cti-desktop db restore BACKUP'."
        )
    if "locked" in lowered or "busy" in lowered:
        return (
            f"{the_database} is busy: another program is writing to it. Nothing was stored; try again in a "
            "moment."
        )
    if "readonly" in lowered or "read-only" in lowered or "read only" in lowered:
        return f"{the_database} is read-only: check the file's permissions. Nothing was stored."
    if "no such table" in lowered or "no such column" in lowered:
        return (
            f"{the_database} is missing some of its tables: it was not set up by this version of CTI "
            "Desktop. Run 'cti-desktop db upgrade'."
        )
    if "disk is full" in lowered or "no space" in lowered or "disk i/o" in lowered:
        return f"{the_database} cannot be written: the disk may be full or failing. Nothing was stored."
    if "unable to open" in lowered:
        return f"{the_database} cannot be opened: check that its folder exists and can be written."
    server_words = _server_in_words(lowered, the_database, detail)
    if server_words:
        return server_words
    if "connect" in lowered or "server" in lowered or "timeout" in lowered:
        return f"{the_database} cannot be reached. Nothing was stored; try again in a moment."
    return f"{the_database} cannot be used right now ({detail}). Nothing was stored."


def _server_in_words(lowered: str, the_database: str, detail: str) -> str:
    """A database server's refusals (PostgreSQL's, as libpq words them), each with what to do."""
    if "password authentication failed" in lowered or "no password supplied" in lowered:
        return (
            f"{the_database} refused the login: the password is wrong or missing. Store it with "
            "'cti-desktop credentials set database --kind basic --username USER --secret-stdin', or in a "
            ".pgpass file."
        )
    if "database" in lowered and "does not exist" in lowered:
        return f"{the_database} does not exist on its server ({detail}): ask IT to create it, or fix the URL."
    if "role" in lowered and "does not exist" in lowered:
        return f"{the_database} knows no such user ({detail}): check the user name in the URL."
    if "ssl" in lowered or "certificate" in lowered or "tls" in lowered:
        return (
            f"{the_database} could not be reached securely ({detail}): check database_sslmode and "
            "database_sslrootcert in the settings."
        )
    if "pg_hba.conf" in lowered:
        return f"{the_database} does not accept connections from this PC ({detail}): ask IT to allow it."
    if "could not translate host name" in lowered or "name or service not known" in lowered:
        return f"{the_database} cannot be found: its server's name is not known on this network ({detail})."
    if "connection refused" in lowered:
        return f"{the_database} cannot be reached: its server refused the connection (is it running?)."
    if "timeout expired" in lowered or "timed out" in lowered:
        return (
            f"{the_database} cannot be reached: its server did not answer in time (the network, or a "
            "firewall; database_connect_timeout_s sets how long to wait)."
        )
    if "too many clients" in lowered or "remaining connection slots" in lowered:
        return (
            f"{the_database} has no connection to spare: its server's max_connections is reached (ask IT "
            "to raise it)."
        )
    if "permission denied" in lowered:
        return f"{the_database} refused the operation: this login may not do it ({detail})."
    return ""
