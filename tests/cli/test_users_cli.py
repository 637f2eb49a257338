"""`cti-desktop users` and `whoami`: people and roles on a shared PostgreSQL database, and what one PC
(SQLite) says instead. Every login made here is dropped afterwards (roles are the server's)."""

from __future__ import annotations

import io
import json
import uuid
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

import pytest
import sqlalchemy as sa
from sqlalchemy.engine import make_url

from cti_desktop.cli import main
from cti_desktop.store.database import make_engine, open_store
from tests.people_logins import PASSWORD, people_of
from tests.postgres import admin


@pytest.fixture
def names() -> Iterator[list[str]]:
    """Unique login names for the test; whatever of them exists at the end is dropped."""
    made = [f"cti_cli_{uuid.uuid4().hex[:8]}" for _ in range(3)]
    yield made
    with admin() as connection:
        for name in made:
            connection.execute(
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE usename = %s", (name,)
            )
            connection.execute(f'DROP ROLE IF EXISTS "{name}"')


def _as(url: str, name: str) -> str:
    return make_url(url).set(username=name, password=PASSWORD).render_as_string(hide_password=False)


def _json(capsys: pytest.CaptureFixture[str], *argv: str) -> object:
    capsys.readouterr()
    assert main(list(argv)) == 0
    return json.loads(capsys.readouterr().out)


def test_add_list_set_role_remove_and_whoami(
    postgres_url: str,
    names: list[str],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    agent, supervisor, _ = names
    db = ["--db", postgres_url]
    monkeypatch.setattr("sys.stdin", io.StringIO(f"{PASSWORD}\n"))
    assert main([*db, "users", "add", agent, "--role", "agent", "--password-stdin"]) == 0
    assert capsys.readouterr().out == f"added {agent} as agent\n"
    assert main([*db, "users", "add", supervisor, "--role", "supervisor"]) == 0

    listed = _json(capsys, *db, "users", "list", "--json")
    assert isinstance(listed, list)
    assert [(p["name"], p["role"]) for p in listed] == sorted([(agent, "agent"), (supervisor, "supervisor")])
    assert all(set(p) == {"name", "role", "created_at"} for p in listed)
    assert all(datetime.fromisoformat(p["created_at"]) for p in listed)

    assert _json(capsys, "--db", _as(postgres_url, agent), "whoami", "--json") == {
        "name": agent,
        "role": "agent",
    }
    assert _json(capsys, *db, "whoami", "--json") == {"name": "postgres", "role": "admin"}

    assert main([*db, "users", "set-role", agent, "supervisor"]) == 0
    assert capsys.readouterr().out == f"{agent} is now supervisor\n"
    assert _json(capsys, "--db", _as(postgres_url, agent), "whoami", "--json") == {
        "name": agent,
        "role": "supervisor",
    }

    assert main([*db, "users", "remove", agent]) == 0
    assert capsys.readouterr().out == f"removed {agent}\n"
    assert [p["name"] for p in _json(capsys, *db, "users", "list", "--json")] == [supervisor]  # type: ignore[union-attr]
    with admin() as connection:
        assert connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (agent,)).fetchone() is None


def test_people_commands_refuse_in_words(
    postgres_url: str, names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    db = ["--db", postgres_url]
    name = names[0]
    assert main([*db, "users", "add", name, "--role", "agent"]) == 0
    capsys.readouterr()
    for argv, said in (
        (["users", "add", name, "--role", "admin"], f"{name} is already a person of this database"),
        (["users", "set-role", names[1], "agent"], f"{names[1]} is not a person of this database"),
        (["users", "remove", names[1]], f"{names[1]} is not a person of this database"),
        (["users", "add", "pg_nope", "--role", "agent"], "reserved by PostgreSQL"),
    ):
        assert main([*db, *argv]) == 2
        err = capsys.readouterr().err
        assert said in err and len(err.strip().splitlines()) == 1


def test_an_agent_may_not_manage_people(
    postgres_url: str, names: list[str], capsys: pytest.CaptureFixture[str]
) -> None:
    with people_of(postgres_url) as add:
        agent_url = add("agent")
        agent = make_url(agent_url).username
        capsys.readouterr()
        assert main(["--db", agent_url, "users", "add", names[0], "--role", "admin"]) == 2
        assert capsys.readouterr().err == f"cti-desktop: {agent} may not see or manage people: ask an admin\n"
        assert main(["--db", agent_url, "users", "list"]) == 2
    with admin() as connection:
        assert connection.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", (names[0],)).fetchone() is None


def _actions(url: str) -> list[tuple[int, str, str]]:
    engine = make_engine(url)
    try:
        with engine.connect() as connection:
            return [
                tuple(row) for row in connection.execute(sa.text("SELECT id, name, title FROM cti_action"))
            ]
    finally:
        engine.dispose()


def test_an_agent_s_import_of_actions_is_refused_in_words_and_changes_nothing(
    postgres_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from cti_desktop.services.app_services import build_services
    from cti_desktop.services.demo import create_demo_data_if_empty
    from cti_desktop.settings import Settings

    engine = open_store(postgres_url)
    services = build_services(Settings(), postgres_url, engine)
    assert create_demo_data_if_empty(services)
    services.close()
    exported = tmp_path / "actions.json"
    assert main(["--db", postgres_url, "actions", "export", "-o", str(exported)]) == 0
    data = json.loads(exported.read_text(encoding="utf-8"))
    data["actions"][0]["form"]["title"] = "Changed by an agent"
    exported.write_text(json.dumps(data), encoding="utf-8")
    before = _actions(postgres_url)
    with people_of(postgres_url) as add:
        agent_url = add("agent")
        capsys.readouterr()
        assert main(["--db", agent_url, "actions", "import", str(exported)]) == 2
        err = capsys.readouterr().err
        assert (
            err
            == f"cti-desktop: {make_url(agent_url).username} may not change CTI actions: ask a supervisor\n"
        )
        # A supervisor may.
        assert main(["--db", add("supervisor"), "actions", "import", str(exported)]) == 0
    assert before != _actions(postgres_url)
    assert "Changed by an agent" in {title for _, _, title in _actions(postgres_url)}


@pytest.mark.sqlite_only
def test_on_one_pc_the_user_is_its_admin_and_people_need_postgresql(
    db_url: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    person = _json(capsys, "--db", db_url, "whoami", "--json")
    assert isinstance(person, dict) and set(person) == {"name", "role"} and person["role"] == "admin"
    assert main(["--db", db_url, "whoami"]) == 0
    assert capsys.readouterr().out.strip().endswith(": admin (one PC: SQLite)")
    for argv in (["users", "list"], ["users", "add", "ada", "--role", "agent"], ["users", "remove", "ada"]):
        assert main(["--db", db_url, *argv]) == 2
        err = capsys.readouterr().err
        assert err == (
            "cti-desktop: People and roles need a shared PostgreSQL database: on one PC (SQLite) its only "
            "user is its admin.\n"
        )
    assert not (tmp_path / "cti-desktop.db").exists(), "no database is made just to say so"
