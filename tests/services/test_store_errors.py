"""Store and database errors said in words a user understands."""

from __future__ import annotations

import sqlite3

import pytest
from sqlalchemy import exc as sa_exc

from cti_desktop.services.store_errors import describe_store_error, is_store_error
from cti_desktop.store.errors import StoreError


def operational(message: str) -> sa_exc.OperationalError:
    return sa_exc.OperationalError("INSERT INTO flow ...", {}, sqlite3.OperationalError(message))


@pytest.mark.parametrize(
    ("error", "words"),
    [
        (operational("database is locked"), "The database is busy"),
        (operational("attempt to write a readonly database"), "The database is read-only"),
        (operational("no such table: flow"), "cti-desktop db upgrade"),
        (operational("database or disk is full"), "the disk may be full"),
        (operational("could not connect to server"), "cannot be reached"),
        (operational("something new"), "cannot be used right now"),
        (
            sa_exc.IntegrityError(
                "INSERT", {}, sqlite3.IntegrityError("UNIQUE constraint failed: flow.name")
            ),
            "a name that must be unique is used twice",
        ),
        (sa_exc.NoResultFound(), "The database refused the operation (NoResultFound)"),
        (StoreError("The database was made by a newer CTI Desktop."), "The database was made by a newer"),
        (
            PermissionError(13, "Permission denied", "/data/cti.db"),
            "/data/cti.db cannot be used: Permission denied",
        ),
    ],
)
def test_store_errors_become_sentences(error: BaseException, words: str) -> None:
    text = describe_store_error(error)
    assert words in text
    assert "Traceback" not in text and "INSERT" not in text, "no SQL or traceback for the user"


def test_a_lost_connection_is_said() -> None:
    error = sa_exc.DBAPIError("SELECT 1", {}, Exception("gone"), connection_invalidated=True)
    assert "connection to the database was lost" in describe_store_error(error)


def test_only_store_errors_count_as_such() -> None:
    assert is_store_error(operational("database is locked"))
    assert is_store_error(StoreError("x")) and is_store_error(OSError("disk"))
    assert not is_store_error(ValueError("a bug")) and not is_store_error(KeyError("a bug"))
