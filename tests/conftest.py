"""Shared fixtures. GUI tests run offscreen; Qt warnings fail a test."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Keep every test away from the real user's data, settings and logs.
os.environ.setdefault("CTI_DESKTOP_NO_USER_FILES", "1")

from sqlalchemy import Engine

from cti_desktop import memory
from cti_desktop.store.database import open_store

ENGINES = ("sqlite", "postgresql")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--db-engine",
        choices=ENGINES,
        default=os.environ.get("CTI_DESKTOP_TEST_DB", "sqlite"),
        help="the database the store's tests run on (default sqlite; run-tests.sh runs both)",
    )


def pytest_configure(config: pytest.Config) -> None:
    # As in the app: no collection on a store or PJSIP thread, where it could delete a Qt object.
    memory.stop_automatic_collection()
    config.addinivalue_line("markers", "sqlite_only: checks what only the embedded SQLite file has")
    config.addinivalue_line("markers", "postgresql: needs the PostgreSQL server")
    config.addinivalue_line(
        "markers", "empty_database: db_url must be an empty database (tests of the schema's creation)"
    )


def _on_postgresql(config: pytest.Config) -> bool:
    return bool(config.getoption("--db-engine") == "postgresql")


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """On --db-engine postgresql, run the tests that use the store (the others do not depend on the
    engine and ran in the SQLite pass), less those about the SQLite file itself."""
    if not _on_postgresql(config):
        return
    kept, deselected = [], []
    for item in items:
        uses_store = "db_url" in getattr(item, "fixturenames", ())
        if uses_store and item.get_closest_marker("sqlite_only") is None:
            kept.append(item)
        else:
            deselected.append(item)
    config.hook.pytest_deselected(items=deselected)
    items[:] = kept


def _require_postgresql() -> None:
    from tests.postgres import unreachable_reason

    reason = unreachable_reason()
    if reason is None:
        return
    if os.environ.get("CTI_DESKTOP_REQUIRE_POSTGRES") == "1":
        pytest.fail(reason, pytrace=False)
    pytest.skip(reason)


@pytest.fixture
def postgres_url() -> Iterator[str]:
    """A fresh, empty PostgreSQL database (for tests about PostgreSQL itself, on any --db-engine)."""
    _require_postgresql()
    from tests.postgres import fresh_database

    with fresh_database() as url:
        yield url


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str]:
    """The name of a database migrated once per test run, which each test's database copies."""
    _require_postgresql()
    from tests.postgres import migrated_template

    with migrated_template() as name:
        yield name


@pytest.fixture
def db_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """Where the store lives: a SQLite file in the test's folder, or a fresh PostgreSQL database (already
    migrated, unless the test is marked `empty_database`)."""
    if _on_postgresql(request.config) and request.node.get_closest_marker("sqlite_only") is None:
        _require_postgresql()
        from tests.postgres import fresh_database

        empty = request.node.get_closest_marker("empty_database") is not None
        template = "template0" if empty else request.getfixturevalue("postgres_template")
        with fresh_database(template=template) as url:
            yield url
        return
    yield f"sqlite:///{tmp_path / 'cti-desktop.db'}"


@pytest.fixture
def engine(db_url: str) -> Iterator[Engine]:
    engine = open_store(db_url)
    yield engine
    engine.dispose()


@pytest.fixture(autouse=True)
def collect_garbage_on_the_main_thread() -> Iterator[None]:
    """The collections Python would have run during the test, run after it on the main thread."""
    yield
    memory.collect_due()
