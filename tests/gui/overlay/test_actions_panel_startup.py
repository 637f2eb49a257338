"""The Actions tab before the services exist (start-up): it lists the actions read at start-up, queues what
the agent starts as "Starting…", and runs it (or opens its form) once bound."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cti_desktop.gui.overlay.action_list import IDLE, RUNNING
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from tests.gui.overlay.test_actions_panel import GIFT_FORM, save_action


def startup_panel(qtbot: QtBot, services: Any) -> ActionsPanel:
    """A panel as start-up builds it: from the active actions, with no services yet."""
    actions = services.overlay.active_actions()
    panel = ActionsPanel(None, startup_actions=actions)
    qtbot.addWidget(panel)
    panel.resize(360, 500)
    panel.show()
    qtbot.waitExposed(panel)
    return panel


def test_lists_the_startup_actions_before_the_services_exist(qtbot: QtBot, services: Any) -> None:
    save_action(services, "Caller Details", order=0)
    save_action(services, "Customer Gift Card", order=1, form=GIFT_FORM)

    panel = startup_panel(qtbot, services)

    assert not panel.is_bound
    assert panel.visible_action_names() == ["Caller Details", "Customer Gift Card"]
    assert panel.view.isVisible() and panel.view.isEnabled()


def test_says_loading_when_the_actions_are_not_known_yet(qtbot: QtBot) -> None:
    panel = ActionsPanel(None)
    qtbot.addWidget(panel)
    panel.show()

    assert panel.empty_label.isVisible()
    assert panel.empty_label.text() == "Loading actions…"


def test_a_click_while_loading_runs_once_bound(qtbot: QtBot, services: Any) -> None:
    details = save_action(services, "Caller Details")
    panel = startup_panel(qtbot, services)

    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.button_center(details))

    assert panel.row_status(details).state == RUNNING
    assert panel.row_status(details).message == "Starting…"
    assert services.runner.calls == []
    # A second click is not a second run.
    qtbot.mouseClick(panel.view.viewport(), Qt.MouseButton.LeftButton, pos=panel.button_center(details))

    with qtbot.waitSignal(panel.run_finished, timeout=5000) as finished:
        panel.bind(services)
    assert finished.args is not None and finished.args[0].ok
    assert [call["action"] for call in services.runner.calls] == ["Caller Details"]
    assert panel.row_status(details).state != RUNNING


def test_a_form_asked_for_while_loading_opens_once_bound(qtbot: QtBot, services: Any) -> None:
    gift = save_action(services, "Customer Gift Card", form=GIFT_FORM)
    panel = startup_panel(qtbot, services)

    panel.activate(gift)
    assert not panel.is_form_open()

    panel.bind(services)

    assert panel.is_form_open()
    assert panel.row_status(gift).state == IDLE
    assert services.runner.calls == []


def test_an_action_removed_while_loading_is_reported_not_run(qtbot: QtBot, services: Any) -> None:
    details = save_action(services, "Caller Details")
    panel = startup_panel(qtbot, services)
    panel.activate(details)
    assert details.id is not None
    services.actions.delete(details.id)

    panel.bind(services)

    assert services.runner.calls == []
    assert "removed" in panel.result_bar.message.text()
    assert panel.visible_action_names() == []
