"""People and roles enforced by PostgreSQL: the group roles migration 0005 makes, their grants and the
row-level security of runs and drafts, checked with each person's own login (the app's checks bypassed)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import replace

import pytest
import sqlalchemy as sa
from sqlalchemy import Engine
from sqlalchemy.exc import ProgrammingError

from cti_desktop.domain.actions import CtiAction
from cti_desktop.flows.sandbox import FlowSandbox
from cti_desktop.services.app_services import build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings
from cti_desktop.store import change_log, roles
from cti_desktop.store.actions import ActionRepository
from cti_desktop.store.crm import LocalCrm
from cti_desktop.store.database import make_engine, open_store
from cti_desktop.store.drafts import DraftRepository
from cti_desktop.store.errors import describe_store_error
from cti_desktop.store.flows import FlowRepository
from cti_desktop.store.properties import PropertyStore
from cti_desktop.store.runs import RunRepository
from tests.people_logins import people_of


@pytest.fixture
def admin_engine(postgres_url: str) -> Iterator[Engine]:
    engine = open_store(postgres_url)
    yield engine
    engine.dispose()


@pytest.fixture
def login(postgres_url: str) -> Iterator[Callable[[str], Engine]]:
    """login(role): an engine connected as a new person with that role."""
    engines: list[Engine] = []
    with people_of(postgres_url) as add:

        def connect(role: str) -> Engine:
            engine = make_engine(add(role))
            engines.append(engine)
            return engine

        yield connect
        for engine in engines:
            engine.dispose()


def _database(engine: Engine) -> str:
    with engine.connect() as connection:
        return str(connection.execute(sa.text("SELECT current_database()")).scalar_one())


def test_the_migration_makes_three_group_roles_each_holding_the_one_below(admin_engine: Engine) -> None:
    groups = roles.Groups.of(_database(admin_engine))
    with admin_engine.connect() as connection:
        found = dict(
            (row[0], row[1])
            for row in connection.execute(
                sa.text(
                    "SELECT g.rolname, array_agg(m.rolname ORDER BY m.rolname) FROM pg_roles g "
                    "LEFT JOIN pg_auth_members a ON a.roleid = g.oid "
                    "LEFT JOIN pg_roles m ON m.oid = a.member "
                    "WHERE g.rolname IN (:a, :s, :ad) AND NOT g.rolcanlogin GROUP BY g.rolname"
                ),
                {"a": groups.agent, "s": groups.supervisor, "ad": groups.admin},
            )
        )
        owner = connection.execute(
            sa.text("SELECT tableowner FROM pg_tables WHERE tablename = 'cti_action'")
        ).scalar_one()
    assert found == {
        groups.agent: [groups.supervisor],
        groups.supervisor: [groups.admin],
        groups.admin: [None],
    }
    assert owner == groups.admin


def test_group_roles_are_named_per_database_and_fit_postgresql_names() -> None:
    assert roles.group_role("cti", "agent") == "cti_agent"
    long = roles.group_role("d" * 70, "supervisor")
    assert len(long) <= 63 and long.endswith("_supervisor")
    assert long != roles.group_role("d" * 69 + "e", "supervisor")


def test_an_agent_login_cannot_update_actions_even_with_raw_sql(
    admin_engine: Engine, login: Callable[[str], Engine]
) -> None:
    services = build_services(Settings(), "", admin_engine)
    assert create_demo_data_if_empty(services)
    services.close()
    with admin_engine.connect() as connection:
        before = connection.execute(sa.text("SELECT id, name FROM cti_action ORDER BY id")).all()
    agent = login("agent")
    for statement in (
        "UPDATE cti_action SET name = 'taken over'",
        "DELETE FROM flow",
        "INSERT INTO flow_source (api_value, label, active, sort_order) VALUES ('x', 'X', true, 0)",
    ):
        with pytest.raises(ProgrammingError) as refused, agent.begin() as connection:
            connection.execute(sa.text(statement))
        assert refused.value.orig.sqlstate == "42501"  # type: ignore[union-attr]
    with admin_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT id, name FROM cti_action ORDER BY id")).all() == before
    words = describe_store_error(refused.value)
    assert words.endswith("may not change the flow sources: ask a supervisor")
    assert words.startswith("cti_person_agent_")


def test_a_supervisor_login_changes_actions(admin_engine: Engine, login: Callable[[str], Engine]) -> None:
    supervisor = login("supervisor")
    with supervisor.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO cti_action (name, sort_order, active, shortcut, payload, title, instructions, "
                "form, created_at, updated_at) VALUES ('New', 0, true, '', '[]', '', '', '{}', now(), now())"
            )
        )
        change_log.record(connection_session(connection), "action", 1)
    with admin_engine.connect() as connection:
        assert connection.execute(sa.text("SELECT name FROM cti_action")).scalar_one() == "New"
        assert connection.execute(sa.text('SELECT kind FROM "change"')).scalar_one() == "action"


def connection_session(connection: sa.Connection) -> sa.orm.Session:
    return sa.orm.Session(bind=connection)


def test_an_agent_records_runs_sets_properties_writes_drafts_and_crm_records(
    admin_engine: Engine, login: Callable[[str], Engine]
) -> None:
    agent = login("agent")
    sandbox = FlowSandbox()
    result = sandbox.run(sandbox.single("SE_Log", {"message": "hello"}), name="Greet")
    run_id = RunRepository(agent).record(result)
    assert RunRepository(agent).get(run_id) is not None
    PropertyStore(agent).set("queue", "gold")
    drafts = DraftRepository(agent)
    drafts.save(1, "c-1", {"note": "typed"})
    drafts.save(1, "c-1", {"note": "typed more"})
    record = LocalCrm(agent).create("Contact", {"Name": "Ada", "Phone": "+12065550100"})
    LocalCrm(agent).update(record.Id, {"Name": "Ada L."})
    with admin_engine.connect() as connection:
        assert (
            connection.execute(sa.text("SELECT created_by FROM flow_run"))
            .scalar_one()
            .startswith("cti_person_agent_")
        )
        assert (
            connection.execute(sa.text("SELECT value FROM property WHERE key = 'queue'")).scalar_one()
            == "gold"
        )
        assert connection.execute(sa.text('SELECT kind FROM "change"')).scalar_one() == "property"
    assert drafts.get(1, "c-1").values == {"note": "typed more"}  # type: ignore[union-attr]
    assert LocalCrm(agent).get(record.Id).fields["Name"] == "Ada L."  # type: ignore[union-attr]


def test_runs_and_drafts_belong_to_their_agent_and_supervisors_read_every_run(
    login: Callable[[str], Engine],
) -> None:
    first, second, supervisor = login("agent"), login("agent"), login("supervisor")
    sandbox = FlowSandbox()
    run_id = RunRepository(first).record(sandbox.run(sandbox.single("SE_Log", {"message": "x"}), name="F"))
    DraftRepository(first).save(1, "c-1", {"note": "mine"})
    assert RunRepository(second).get(run_id) is None
    assert DraftRepository(second).get(1, "c-1") is None
    assert RunRepository(supervisor).get(run_id) is not None
    # Nor can another agent write into them, nor write a row in someone else's name.
    with second.begin() as connection:
        assert connection.execute(sa.text("UPDATE form_draft SET values = '{}'")).rowcount == 0
        connection.execute(
            sa.text(
                "INSERT INTO form_draft (action_id, contact_id, values, updated_at, created_by) "
                "VALUES (2, '', '{}', now(), 'someone else')"
            )
        )
    assert DraftRepository(second).get(2, "") is not None
    assert DraftRepository(first).get(2, "") is None
    assert DraftRepository(first).get(1, "c-1").values == {"note": "mine"}  # type: ignore[union-attr]


def test_an_agent_logs_only_property_changes_in_its_own_name(login: Callable[[str], Engine]) -> None:
    agent = login("agent")
    with pytest.raises(ProgrammingError) as refused, agent.begin() as connection:
        change_log.record(connection_session(connection), "action", 1)
    assert "row-level security" in str(refused.value.orig)
    assert describe_store_error(refused.value).endswith("may not record that change: ask a supervisor")
    with pytest.raises(ProgrammingError), agent.begin() as connection:
        connection.execute(
            sa.text(
                'INSERT INTO "change" (kind, row_id, removed, author, host, origin, at) '
                "VALUES ('property', 'k', false, 'somebody', '', '', now())"
            )
        )


def test_only_admins_manage_people(admin_engine: Engine, login: Callable[[str], Engine]) -> None:
    supervisor = login("supervisor")
    with pytest.raises(ProgrammingError) as refused:
        roles.add_person(supervisor, "cti_person_never_made", "admin", None)
    assert describe_store_error(refused.value).endswith("may not add people: ask an admin")
    assert not roles.login_exists(admin_engine, "cti_person_never_made")
    admin = login("admin")
    assert roles.current_person(admin)[1] == "admin"
    assert {p.role for p in roles.people(admin)} == {"supervisor", "admin"}


def test_the_people_functions_leave_superusers_and_groups_alone(admin_engine: Engine) -> None:
    groups = roles.Groups.of(_database(admin_engine))
    for name in ("postgres", groups.supervisor):
        with pytest.raises(ProgrammingError) as refused:
            roles.set_person_role(admin_engine, name, "agent")
        assert describe_store_error(refused.value).startswith(("The role", "The name"))


class _Refusal(Exception):
    sqlstate = "42501"


@pytest.mark.parametrize(
    ("message", "said"),
    [
        ("permission denied for table flow", "ana may not change flows: ask a supervisor"),
        ('new row violates row-level security policy for table "form_draft"', "ana may not change another"),
        ("must be owner of table cti_action", "ana may not upgrade the database: ask an admin"),
        ("permission denied for function cti_person_remove", "ana may not remove people: ask an admin"),
        ("permission denied for schema public", "ana may not do this: ask an admin"),
    ],
)
def test_refusals_are_said_by_what_was_tried(message: str, said: str) -> None:
    error = sa.exc.ProgrammingError("SELECT 1", {}, _Refusal(message))
    error.cti_login = "ana"  # type: ignore[attr-defined]
    assert describe_store_error(error).startswith(said)
    del error.cti_login  # type: ignore[attr-defined]
    assert describe_store_error(error).startswith("This login may not")


def test_everyone_s_changes_are_entered_in_their_own_name_and_nobody_changes_an_entry(
    admin_engine: Engine, login: Callable[[str], Engine]
) -> None:
    from cti_desktop.store import audit

    agent, supervisor = login("agent"), login("supervisor")
    PropertyStore(agent).set("queue", "gold")
    with pytest.raises(sa.exc.ProgrammingError, match="permission denied"):
        audit.count(agent)  # an agent enters changes, it does not read the log
    [entry] = audit.page(supervisor, audit.AuditFilter(kind="property"))
    assert entry.author.startswith("cti_person_agent_") and entry.name == "queue"
    people = audit.page(supervisor, audit.AuditFilter(kind="person"))
    assert sorted(e.after["role"] for e in people) == ["agent", "supervisor"], "adding people is entered"
    assert {e.operation for e in people} == {"created"}
    with pytest.raises(sa.exc.DBAPIError), agent.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO audit_entry (at, author, host, kind, row_id, name, operation) "
                "VALUES (now(), 'someone else', '', 'property', 'x', 'x', 'created')"
            )
        )
    with pytest.raises(sa.exc.DBAPIError, match="cannot be changed or deleted"), admin_engine.begin() as c:
        c.execute(sa.text("DELETE FROM audit_entry"))


def test_an_agent_login_reads_published_actions_only_and_no_versions(
    admin_engine: Engine, login: Callable[[str], Engine]
) -> None:
    flow = FlowRepository(admin_engine).save("Gift Card", {"actions": []}, source="ctiAction").row
    supervisor = ActionRepository(login("supervisor"))
    live = supervisor.save(CtiAction("Live", flow_id=flow.id))
    supervisor.save(replace(live, shortcut="Ctrl+9"), live, publish=False)
    supervisor.save(CtiAction("Unpublished", flow_id=flow.id), publish=False)

    agent = login("agent")
    with agent.connect() as connection:
        names = connection.execute(sa.text("SELECT name, shortcut FROM cti_action ORDER BY name")).all()
        drafts = connection.execute(sa.text("SELECT count(*) FROM item_version")).scalar_one()
    assert names == [("Live", "")]  # the published version, even with raw SQL
    assert drafts == 0
    seen = ActionRepository(agent)
    assert [a.name for a in seen.all()] == ["Live"] and seen.all()[0].shortcut == ""
    with pytest.raises(ProgrammingError) as refused, agent.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO item_version (kind, item_id, number, saved_at, content) "
                "VALUES ('action', 1, 99, now(), '{}')"
            )
        )
    assert refused.value.orig.sqlstate == "42501"  # type: ignore[union-attr]


def test_changing_and_removing_people_is_entered_in_the_audit_log(
    admin_engine: Engine, postgres_url: str
) -> None:
    from cti_desktop.store import audit

    with people_of(postgres_url) as add:
        url = add("agent")
        name = str(sa.engine.make_url(url).username)
        roles.set_person_role(admin_engine, name, "supervisor")
        roles.remove_person(admin_engine, name)
    entries = audit.page(admin_engine, audit.AuditFilter(kind="person", row_id=name))
    assert [(e.operation, e.before, e.after) for e in entries] == [
        ("deleted", {"role": "supervisor"}, None),
        ("changed", {"role": "agent"}, {"role": "supervisor"}),
        ("created", None, {"role": "agent"}),
    ]
