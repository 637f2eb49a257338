"""The overlay with the real flow engine, local CRM and simulator over the demo data: actions run their
flows, data reaches the Data tab, flows update attributes, drafts survive a restart of the window, and the
event loop keeps turning while a flow waits on a slow HTTP server."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtWidgets import QLineEdit
from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.gui.overlay.attributes_panel import AttributesPanel
from cti_desktop.gui.overlay.data_panel import DataPanel
from cti_desktop.store.flows import FlowRepository
from tests.local_http import JsonHandler, serve


def panels(qtbot: QtBot, services: Any) -> tuple[ActionsPanel, DataPanel, AttributesPanel]:
    made = (ActionsPanel(services), DataPanel(services), AttributesPanel(services))
    for panel in made:
        qtbot.addWidget(panel)
        panel.resize(380, 520)
        panel.show()
    return made


def flow_action(services: Any, name: str, actions: list[dict[str, Any]]) -> CtiAction:
    saved = services.flows.save(name, {"name": name, "actions": actions}, source="ctiAction", active=True)
    return services.actions.save(CtiAction(name, flow_id=saved.flow.id, order=10))


def block(id_: str, type_: str, controls: dict[str, Any] | None = None, **ports: str) -> dict[str, Any]:
    return {"id": id_, "type": type_, "controls": controls or {}, "ports": ports, "position": [0, 0]}


def test_execute_an_action_without_a_form_and_see_its_data(qtbot: QtBot, real_services: Any) -> None:
    services = real_services
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)
    actions, data, _ = panels(qtbot, services)
    caller_details = actions.action_named("Caller Details")
    assert caller_details is not None and not caller_details.has_form
    with qtbot.waitSignal(actions.run_finished, timeout=5000) as finished:
        qtbot.mouseClick(
            actions.view.viewport(), Qt.MouseButton.LeftButton, pos=actions.button_center(caller_details)
        )
    assert finished.args[0].ok, finished.args[0].details
    rows = dict(data.entry_rows(contact.contactId))
    assert rows["Caller"] == "Jane Doe"
    assert rows["Email"] == "jane.doe@northwind.example.com"


def test_fill_and_submit_customer_gift_card_after_a_validation_error(
    qtbot: QtBot, real_services: Any
) -> None:
    services = real_services
    contact = services.telephony.incoming("+12065550100", "Sales")
    services.overlay.select_contact(contact.contactId)
    actions, data, _ = panels(qtbot, services)
    gift = actions.action_named("Customer Gift Card")
    assert gift is not None
    qtbot.mouseClick(actions.view.viewport(), Qt.MouseButton.LeftButton, pos=actions.button_center(gift))
    page = actions.form_page()
    form = page.form
    assert form is not None
    assert form.values()["telephone"] == "+12065550100"
    form.editor("firstName").set_value("Ada")
    qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert form.error_text("lastName") == "Last name is required"
    form.editor("lastName").set_value("Lovelace")
    with qtbot.waitSignal(actions.run_finished, timeout=5000) as finished:
        qtbot.mouseClick(page.submit_button, Qt.MouseButton.LeftButton)
    assert finished.args[0].ok, finished.args[0].details
    rows = dict(data.entry_rows(contact.contactId))
    assert rows["Gift card"] == "standard card for Ada Lovelace"
    assert rows["Task"].startswith("00T")
    # The flow's task is in the CRM.
    task = services.crm.get(rows["Task"])
    assert task is not None and task.fields["Subject"] == "Gift card - Ada Lovelace - standard"


def test_a_flow_that_updates_attributes_shows_in_the_attributes_tab(qtbot: QtBot, real_services: Any) -> None:
    services = real_services
    action = flow_action(
        services,
        "Upgrade Tier",
        [
            block("start", "SE_Start", done="update"),
            block(
                "update",
                "SE_ContactUpdateAttributes",
                {"attributes": {"customerTier": "platinum"}},
                success="end",
            ),
            block("end", "SE_End"),
        ],
    )
    contact = services.telephony.incoming("+12065550100", "Sales", attributes={"customerTier": "gold"})
    services.overlay.select_contact(contact.contactId)
    actions, _, attributes = panels(qtbot, services)
    assert attributes.attributes_shown() == {"customerTier": "gold"}
    with qtbot.waitSignal(actions.run_finished, timeout=5000):
        actions.activate(action)
    assert attributes.attributes_shown() == {"customerTier": "platinum"}


def test_a_draft_survives_a_restart_of_the_window(qtbot: QtBot, real_services: Any, tmp_path: Path) -> None:
    services = real_services
    contact = services.telephony.incoming("+12065550100", "Sales")
    settings = QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat)
    window = MainWindow(services, settings)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.workspace.current_contact_id() == contact.contactId
    actions = window.drawer.panel("Actions")
    assert isinstance(actions, ActionsPanel)
    gift = actions.action_named("Customer Gift Card")
    assert gift is not None
    actions.activate(gift)
    first_name = actions.form_page().form.editor("firstName").focus_widget()  # type: ignore[union-attr]
    assert isinstance(first_name, QLineEdit)
    qtbot.keyClicks(first_name, "Ada")
    # Closed right after typing (before the draft timer fired): closing writes the draft.
    window.close()
    assert services.overlay.drafts.get(gift.id, contact.contactId).values["firstName"] == "Ada"

    again = MainWindow(services, settings)
    qtbot.addWidget(again)
    again.show()
    qtbot.waitExposed(again)
    actions = again.drawer.panel("Actions")
    assert isinstance(actions, ActionsPanel)
    actions.activate(gift)
    form = actions.form_page().form
    assert form is not None
    assert form.values()["firstName"] == "Ada"
    assert form.values()["telephone"] == "+12065550100"
    again.close()


class _SlowHandler(JsonHandler):
    release: threading.Event
    arrived: threading.Event

    def do_GET(self) -> None:
        type(self).arrived.set()
        # Answer only when the test says so: the flow waits as long as the test needs to watch.
        type(self).release.wait(10)
        self.send_json({"ok": True})


@pytest.fixture
def slow_server() -> Iterator[tuple[str, type[_SlowHandler]]]:
    handler = type("Handler", (_SlowHandler,), {"release": threading.Event(), "arrived": threading.Event()})
    with serve(handler) as url:
        yield f"{url}/slow", handler
        handler.release.set()


def test_the_ui_stays_responsive_while_a_flow_waits_on_a_slow_http_server(
    qtbot: QtBot, real_services: Any, slow_server: tuple[str, type[_SlowHandler]]
) -> None:
    url, handler = slow_server
    services = real_services
    action = flow_action(
        services,
        "Slow Lookup",
        [
            block("start", "SE_Start", done="http"),
            block(
                "http",
                "SE_HttpRequest",
                {"method": "GET", "url": url, "timeoutMs": 10000},
                success="send",
                failure="end",
            ),
            block(
                "send",
                "SE_SendDataToOverlay",
                {"value": {"Lookup": "$.actions.http.results.body.ok"}},
                done="end",
            ),
            block("end", "SE_End"),
        ],
    )
    actions, data, _ = panels(qtbot, services)
    ticks: list[int] = []
    timer = QTimer()
    timer.setInterval(10)
    timer.timeout.connect(lambda: ticks.append(1))
    timer.start()
    actions.activate(action)
    qtbot.waitUntil(handler.arrived.is_set, timeout=5000)
    # The request is out and unanswered: the timer keeps ticking, the row shows progress, other actions
    # can still be started.
    qtbot.waitUntil(lambda: len(ticks) >= 10, timeout=3000)
    assert actions.row_status(action).state == "running"
    assert services.overlay.is_running(action.id, "")
    assert not actions.execute(action)
    with qtbot.waitSignal(actions.run_finished, timeout=5000) as finished:
        handler.release.set()
    timer.stop()
    assert finished.args[0].ok, finished.args[0].details
    assert dict(data.entry_rows("")) == {"Lookup": "true"}


def test_a_flow_changed_or_deleted_by_another_seat_never_runs_stale_for_long(
    qtbot: QtBot, real_services: Any
) -> None:
    """Flows run from rows kept in memory; another seat's change reaches them without any notice here."""
    services = real_services

    def sends(text: str) -> list[dict[str, Any]]:
        return [
            block("start", "SE_Start", done="send"),
            block("send", "SE_SendDataToOverlay", {"value": {"Seat": text}}, done="end"),
            block("end", "SE_End"),
        ]

    action = flow_action(services, "Seat Flow", sends("first"))
    actions, data, _ = panels(qtbot, services)

    def click() -> Any:
        with qtbot.waitSignal(actions.run_finished, timeout=5000) as finished:
            qtbot.mouseClick(
                actions.view.viewport(), Qt.MouseButton.LeftButton, pos=actions.button_center(action)
            )
        return finished.args[0]

    assert click().ok
    assert data.entry_rows("")[0] == ("Seat", "first")

    # Another seat saves a new version (nothing is announced in this process): the check after the next
    # run, or the periodic one, finds it.
    FlowRepository(services.engine).save("Seat Flow", {"name": "Seat Flow", "actions": sends("second")})
    click()
    services.runner.settle(timeout=5)
    assert click().ok
    assert data.entry_rows("")[0] == ("Seat", "second")

    # Another seat deletes it: the agent reads why it did not run, nothing crashes.
    FlowRepository(services.engine).delete("Seat Flow")
    services.runner.check_flows()
    services.runner.settle(timeout=5)
    outcome = click()
    assert not outcome.ok
    assert outcome.message.startswith('Its flow "Seat Flow" no longer exists.')
    assert actions.result_bar.message.text().startswith("✗ Seat Flow: Its flow")


def test_the_actions_flows_are_loaded_once_the_window_is_up(qtbot: QtBot, real_services: Any) -> None:
    services = real_services
    actions, _, _ = panels(qtbot, services)
    wanted = {a.flow_id for a in actions.cti_actions() if a.flow_id is not None and not a.broken}
    assert wanted
    qtbot.waitUntil(lambda: set(services.runner.rows.cached_ids()) == wanted, timeout=5000)
    assert all(services.runner.rows.fresh(flow_id) is not None for flow_id in wanted)
