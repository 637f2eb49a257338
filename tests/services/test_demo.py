"""Demo data: created once into an empty database, and every demo action works end to end."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from typing import Any

import pytest
from sqlalchemy import Engine

from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty, is_empty
from cti_desktop.settings import Settings


@pytest.fixture
def services(engine: Engine, db_url: str) -> Iterator[AppServices]:
    built = build_services(Settings(), db_url, engine)
    yield built
    asyncio.run(built.aclose())
    built.close()


def test_demo_data_fills_an_empty_database_once(services: AppServices) -> None:
    assert is_empty(services.engine)
    assert create_demo_data_if_empty(services)
    assert not create_demo_data_if_empty(services), "a second start adds nothing"
    names = {flow.name for flow in services.flows.list()}
    assert {"Gift Card", "Caller Details", "Voice Contact onConnecting", "UI onClickToDial"} <= names
    actions = {action.name: action for action in services.actions.list_actions()}
    assert list(actions) == ["Customer Gift Card", "Caller Details", "Log Call Note"]
    assert all(not action.broken for action in actions.values())
    assert actions["Customer Gift Card"].has_form
    assert not actions["Caller Details"].has_form
    assert services.crm.count("Contact") >= 3


def test_a_database_with_any_flow_gets_no_demo_data(services: AppServices) -> None:
    services.flows.save("Mine", {"actions": []}, source="ctiAction")
    assert not create_demo_data_if_empty(services)
    assert [flow.name for flow in services.flows.list()] == ["Mine"]


def test_every_demo_action_completes_on_a_call_from_a_demo_contact(services: AppServices) -> None:
    create_demo_data_if_empty(services)
    typed = {"firstName": "Ada", "lastName": "Lovelace", "disposition": "resolved", "note": "ok"}

    async def call_and_run_every_action() -> tuple[str, dict[str, Any]]:
        contact = services.telephony.incoming("+12065550100", "Sales", "voice")
        outcomes: dict[str, Any] = {}
        for action in services.actions.list_actions():
            form_values = {f.name: typed[f.name] for f in action.form.fields if f.name in typed}
            outcomes[action.name] = await services.overlay.run_action(action, form_values, contact.contactId)
        await services.dispatcher.wait_idle()
        return contact.contactId, outcomes

    contact_id, outcomes = asyncio.run(call_and_run_every_action())
    for name, outcome in outcomes.items():
        assert outcome.ok, f"{name}: {outcome}"
    entries = services.overlay.data.entries(contact_id)
    gift = [e for e in entries if e.key == "Gift card"]
    assert gift and gift[0].value == "standard card for Ada Lovelace"
    caller = [e for e in entries if e.key == "Caller"]
    assert caller and caller[0].value == "Jane Doe"


def test_the_data_tab_keeps_data_as_the_settings_say(engine: Engine, db_url: str) -> None:
    built = build_services(Settings(overlay_data_kept="until_cleared"), db_url, engine)
    try:
        assert built.overlay.data.keep == "until_cleared"
    finally:
        built.close()
