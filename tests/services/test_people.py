"""Who is connected and what their role lets them do: one PC's user is its admin; on a shared database
the role comes from the login's group, and people commands say in words what they refuse."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine

from cti_desktop.services.people import (
    NEEDS_POSTGRESQL,
    PeopleNeedServer,
    PeopleRefused,
    PeopleService,
    Person,
    whoami,
)
from cti_desktop.store.database import make_engine, open_store
from tests.people_logins import people_of


@pytest.mark.sqlite_only
def test_one_pc_s_user_is_its_admin_and_has_no_people_to_manage(engine: Engine) -> None:
    person = whoami(engine)
    assert person.role == "admin" and person.name
    assert person.may_edit_actions_and_flows and person.editing_refusal() is None
    with pytest.raises(PeopleNeedServer, match="need a shared PostgreSQL database"):
        PeopleService(engine)
    assert "SQLite" in NEEDS_POSTGRESQL


def test_only_supervisors_and_admins_may_edit_and_the_others_are_told_why() -> None:
    assert Person("sam", "supervisor").editing_refusal() is None
    assert Person("ana", "agent").editing_refusal() == (
        "ana is an agent: changing CTI actions and flows is for supervisors"
    )
    assert Person("x", "none").editing_refusal() == (
        "x is in no role: changing CTI actions and flows is for supervisors"
    )


def test_the_role_comes_from_the_login_s_group(postgres_url: str) -> None:
    engine = open_store(postgres_url)
    try:
        assert whoami(engine) == Person("postgres", "admin")
        service = PeopleService(engine)
        with people_of(postgres_url) as add:
            url = add("agent")
            login = make_engine(url)
            try:
                agent = whoami(login)
                assert agent.role == "agent" and not agent.may_edit_actions_and_flows
                service.set_role(agent.name, "admin")
                assert whoami(login).role == "admin"
            finally:
                login.dispose()
            with pytest.raises(PeopleRefused, match="must be agent, supervisor or admin"):
                service.add("someone", "owner")
            with pytest.raises(PeopleRefused, match="at most 63 bytes"):
                service.add("n" * 64, "agent")
            with pytest.raises(PeopleRefused, match="already a person"):
                service.add(agent.name, "agent")
    finally:
        engine.dispose()


def test_an_agent_s_first_start_on_an_empty_database_makes_no_demo_data(postgres_url: str) -> None:
    from cti_desktop.services.app_services import build_services
    from cti_desktop.services.demo import create_demo_data_if_empty
    from cti_desktop.settings import Settings

    open_store(postgres_url).dispose()
    with people_of(postgres_url) as add:
        url = add("agent")
        login = make_engine(url)
        services = build_services(Settings(), url, login)
        try:
            assert not create_demo_data_if_empty(services)
        finally:
            services.close()
