"""Store and database errors in words a user understands: the one place that turns them into a sentence,
for the command line and the GUI alike (`gui.operations` shows it)."""

from __future__ import annotations


def describe_store_error(exc: BaseException) -> str:
    """A sentence saying what went wrong and, where there is one, what to do about it. SQLAlchemy is
    imported here only when asked: the GUI's start-up must not load it before the window is up."""
    from sqlalchemy import exc as sa_exc

    from cti_desktop.store.database import StoreError

    if isinstance(exc, StoreError):
        return str(exc)
    if isinstance(exc, sa_exc.IntegrityError):
        return (
            "The change conflicts with what is stored already (a name that must be unique is used twice, "
            "or something it refers to was deleted meanwhile). Nothing was stored."
        )
    if isinstance(exc, sa_exc.OperationalError):
        return _operational(str(exc.orig or exc).lower())
    if isinstance(exc, sa_exc.DBAPIError) and exc.connection_invalidated:
        return "The connection to the database was lost. Nothing was stored; try again in a moment."
    if isinstance(exc, sa_exc.SQLAlchemyError):
        return f"The database refused the operation ({type(exc).__name__}). Nothing was stored."
    if isinstance(exc, OSError):
        where = f"{exc.filename} cannot be used" if exc.filename else "The file cannot be used"
        return f"{where}: {exc.strerror or exc}."
    return str(exc) or type(exc).__name__


def is_store_error(exc: BaseException) -> bool:
    """Whether `exc` is the store failing (a database or file error), rather than a bug."""
    from sqlalchemy.exc import SQLAlchemyError

    from cti_desktop.store.database import StoreError

    return isinstance(exc, SQLAlchemyError | StoreError | OSError)


def _operational(detail: str) -> str:
    if "locked" in detail or "busy" in detail:
        return (
            "The database is busy: another program is writing to it. Nothing was stored; try again in a "
            "moment."
        )
    if "readonly" in detail or "read-only" in detail:
        return "The database is read-only: check the file's permissions. Nothing was stored."
    if "no such table" in detail or "no such column" in detail:
        return (
            "The database is missing some of its tables: it was not set up by this version of CTI Desktop. "
            "Run `cti-desktop db upgrade`."
        )
    if "disk" in detail or "full" in detail or "unable to open" in detail:
        return "The database file cannot be written: the disk may be full or the file unavailable."
    if "connect" in detail or "server" in detail or "timeout" in detail:
        return "The database server cannot be reached. Nothing was stored; try again in a moment."
    return "The database cannot be used right now. Nothing was stored; try again in a moment."


__all__ = ["describe_store_error", "is_store_error"]
