"""The start-up reader: the same active actions as the repository, from a database at this build's
revision; None (and not a byte changed) for everything else."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from sqlalchemy import Engine, text
from sqlmodel import Session

from cti_desktop.domain.actions import CtiAction, PayloadEntry
from cti_desktop.domain.forms import FormField, FormSpec, Validation
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.models import FlowRow
from cti_desktop.store.quick_read import read_active_actions, sqlite_file
from tests.store.test_actions import add_flow

# The SQLite file itself: its backups, damage, and the start-up reader that opens it with sqlite3.
pytestmark = pytest.mark.sqlite_only

FORM = FormSpec(
    "Gift card",
    "Ask for the name",
    (
        FormField("firstName", label="First name", required=True),
        FormField("code", validation=Validation(pattern="[0-9]+", message="Digits only")),
    ),
)


def active_from_repository(engine: Engine) -> list[CtiAction]:
    return [action for action in ActionRepository(engine).all() if action.active]


def test_reads_what_the_repository_reads(engine: Engine, db_url: str) -> None:
    flow = add_flow(engine, "Gift Card")
    screen_pop = add_flow(engine, "Screen pop", "voiceContact")
    doomed = add_flow(engine, "Doomed")
    repo = ActionRepository(engine)
    repo.save_many(
        [
            CtiAction(
                "Gift", flow_id=flow, order=2, shortcut="Ctrl+1", payload=(PayloadEntry("a", 1),), form=FORM
            ),
            CtiAction("Details", flow_id=flow, order=0, payload=(PayloadEntry("mode", {"x": [1, 2]}),)),
            CtiAction("Also order 2", flow_id=flow, order=2),
            CtiAction("Hidden", flow_id=flow, order=1, active=False),
            CtiAction("Wrong source", flow_id=screen_pop, order=3),
            CtiAction("Flow deleted", flow_id=doomed, order=4),
        ]
    )
    with Session(engine) as session:
        session.execute(text("UPDATE cti_action SET flow_id = NULL WHERE name = 'Flow deleted'"))
        session.delete(session.get(FlowRow, doomed))
        # A form the app cannot read: the action is listed, marked broken.
        session.execute(text("""UPDATE cti_action SET form = '{"fields": 5}' WHERE name = 'Also order 2'"""))
        session.commit()

    read = read_active_actions(db_url)

    assert read == active_from_repository(engine)
    assert [a.name for a in read or []] == ["Details", "Also order 2", "Gift", "Wrong source", "Flow deleted"]
    assert {a.name for a in read or [] if a.broken} == {"Also order 2", "Wrong source", "Flow deleted"}


def test_an_empty_store_has_no_actions(engine: Engine, db_url: str) -> None:
    assert read_active_actions(db_url) == []


def test_a_database_to_upgrade_is_left_to_the_store(db_url: str, tmp_path: Path) -> None:
    from alembic import command

    from cti_desktop.store import database

    engine = database.make_engine(db_url)
    config = database._alembic_config()
    with engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0002")
    engine.dispose()

    assert read_active_actions(db_url) is None


def test_a_newer_database_is_left_untouched(engine: Engine, db_url: str) -> None:
    with engine.begin() as connection:
        connection.execute(text("UPDATE alembic_version SET version_num = '9999'"))
    engine.dispose()
    path = sqlite_file(db_url)
    assert path is not None
    before = hashlib.sha256(path.read_bytes()).hexdigest()

    assert read_active_actions(db_url) is None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before


@pytest.mark.parametrize(
    "url",
    [
        "postgresql://cti@db.example/cti",
        "sqlite://",
        "sqlite:///:memory:",
        "sqlite:///file:x.db?mode=ro&uri=true",
        "sqlite:///with%20escape.db",
    ],
)
def test_other_databases_are_left_to_the_store(url: str) -> None:
    assert sqlite_file(url) is None
    assert read_active_actions(url) is None


def test_a_missing_file_or_a_file_that_is_not_a_database(tmp_path: Path) -> None:
    assert read_active_actions(f"sqlite:///{tmp_path / 'none.db'}") is None
    junk = tmp_path / "junk.db"
    junk.write_bytes(b"not a database at all" * 100)
    assert read_active_actions(f"sqlite:///{junk}") is None


def test_sqlite_file_of_relative_and_absolute_paths() -> None:
    assert sqlite_file("sqlite:///cti.db") == Path("cti.db")
    assert sqlite_file("sqlite:////var/lib/cti.db") == Path("/var/lib/cti.db")
