"""The change bus on the GUI thread: views hear changes made through the services, whoever made them,
without any window announcing them by hand."""

from __future__ import annotations

import threading
from collections.abc import Callable

from pytestqt.qtbot import QtBot

from cti_desktop.domain.actions import CtiAction
from cti_desktop.gui.changes import QtChanges
from cti_desktop.gui.flows.dialog import FlowsDialog
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.changes import Change, ChangeBus, ChangeKind, ChangeSet


def test_a_change_on_the_gui_thread_arrives_at_once(qtbot: QtBot) -> None:
    bus = ChangeBus()
    changes = QtChanges(bus)
    heard: list[ChangeSet] = []
    changes.changed.connect(heard.append)
    bus.announce(Change(ChangeKind.ACTION, (1,)))
    assert heard == [ChangeSet((Change(ChangeKind.ACTION, (1,)),))]
    changes.close()
    bus.announce(Change(ChangeKind.ACTION, (2,)))
    assert len(heard) == 1, "a closed adapter hears nothing"


def test_changes_from_worker_threads_arrive_together_on_the_gui_thread(qtbot: QtBot) -> None:
    bus = ChangeBus()
    changes = QtChanges(bus)
    heard: list[tuple[ChangeSet, bool]] = []
    gui_thread = threading.current_thread()
    changes.changed.connect(
        lambda change_set: heard.append((change_set, threading.current_thread() is gui_thread))
    )

    def work() -> None:
        bus.announce(Change(ChangeKind.CRM_RECORD, ("a",)))
        bus.announce(Change(ChangeKind.CRM_RECORD, ("b",)))

    worker = threading.Thread(target=work)
    worker.start()
    worker.join()
    assert heard == [], "delivered by the GUI thread's event loop, not the worker"
    qtbot.waitUntil(lambda: bool(heard))
    [(change_set, on_gui_thread)] = heard
    assert on_gui_thread
    assert change_set.ids(ChangeKind.CRM_RECORD) == {"a", "b"}
    changes.close()


def test_a_service_change_refreshes_the_flows_window_and_the_overlay(
    qtbot: QtBot, demo_services: AppServices, show_window: Callable[[FlowsDialog], FlowsDialog]
) -> None:
    services = demo_services
    dialog = show_window(FlowsDialog(services))
    panel = ActionsPanel(services)
    qtbot.addWidget(panel)
    before = {action.name for action in panel.cti_actions()}

    # A new flow and an action that runs it, made through the services as the command line would.
    saved = services.flows.save("Added elsewhere", {"actions": []}, source="ctiAction", active=True)
    assert "Added elsewhere" in dialog.flow_names()
    services.actions.save(CtiAction("Run the new flow", flow_id=saved.flow.id, order=99))
    assert {action.name for action in panel.cti_actions()} == before | {"Run the new flow"}

    # Deleting the flow breaks the action in the overlay and takes it out of the Flows window.
    assert services.flows.delete("Added elsewhere")
    assert "Added elsewhere" not in dialog.flow_names()
    action = panel.action_named("Run the new flow")
    assert action is not None and action.broken

    # Toggling a flow's Active box elsewhere shows in the table.
    services.flows.set_active("Gift Card", False)
    assert not dialog.model.flow(dialog.model.row_of("Gift Card")).active  # type: ignore[union-attr]
    panel.teardown()
