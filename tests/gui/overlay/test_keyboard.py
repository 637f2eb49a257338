"""The overlay from the keyboard alone: F6 to the drawer, arrows through the actions, Enter opens a form,
Tab through its fields, Ctrl+Enter submits, Ctrl+Tab to the Data tab, Ctrl+C copies a value; and the
README's first call, from the agent's state to the copied value, with key presses only."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication, QLineEdit, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.contacts.model import AgentState
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.gui.overlay.data_panel import ENTRY_COLUMN, DataPanel
from tests.gui.overlay.test_actions_panel import GIFT_FORM, save_action


def _window(qtbot: QtBot, services: Any, tmp_path: Path) -> MainWindow:
    def panels(_services: Any) -> list[QWidget]:
        return [ActionsPanel(services), DataPanel(services)]

    window = MainWindow(
        services,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        panels=panels,
        workspace=lambda _services: QLineEdit(),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    return window


def _focused() -> QWidget | None:
    return QApplication.focusWidget()


def test_the_overlay_is_walked_with_key_presses_only(
    qtbot: QtBot, services: Any, runner: Any, db_url: str, tmp_path: Path
) -> None:
    services.database_url = db_url
    save_action(services, "Send Survey", order=0)
    save_action(services, "Customer Gift Card", form=GIFT_FORM, order=1)
    services.telephony.incoming("+12065550100", "Sales")
    runner.send = {"giftCard": "GC-777"}
    window = _window(qtbot, services, tmp_path)
    actions = window.drawer.panel("Actions")
    data = window.drawer.panel("Data")
    assert isinstance(actions, ActionsPanel) and isinstance(data, DataPanel)
    window.workspace.setFocus()
    qtbot.waitUntil(lambda: _focused() is window.workspace)

    # F6 reaches the drawer's action list, and F6 again goes back to the workspace.
    qtbot.keyClick(window, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: _focused() is actions.view)
    qtbot.keyClick(actions.view, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: _focused() is window.workspace)
    qtbot.keyClick(window.workspace, Qt.Key.Key_F6)
    qtbot.waitUntil(lambda: _focused() is actions.view)

    # The arrows move to Customer Gift Card; Enter opens its form on the first field.
    qtbot.keyClick(actions.view, Qt.Key.Key_Home)
    qtbot.keyClick(actions.view, Qt.Key.Key_Down)
    current = actions.current_action()
    assert current is not None and current.name == "Customer Gift Card"
    qtbot.keyClick(actions.view, Qt.Key.Key_Return)
    qtbot.waitUntil(actions.is_form_open)
    page = actions.form_page()
    assert page.form is not None
    qtbot.waitUntil(lambda: _focused() is page.form.editor("firstName").focus_widget())

    # Type, Tab to the next field, type, Ctrl+Enter submits.
    qtbot.keyClicks(_focused(), "Ada")
    qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
    assert _focused() is page.form.editor("lastName").focus_widget()
    qtbot.keyClicks(_focused(), "Lovelace")
    qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: len(runner.calls) == 1)
    assert runner.calls[0]["payload"]["firstName"] == "Ada"
    assert runner.calls[0]["payload"]["lastName"] == "Lovelace"
    qtbot.waitUntil(lambda: not actions.is_form_open())

    # Back on the list, Ctrl+Tab shows the Data tab with the keyboard on its values.
    qtbot.waitUntil(lambda: _focused() is actions.view)
    qtbot.keyClick(actions.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.drawer.tabs.currentWidget() is data)
    qtbot.waitUntil(lambda: _focused() is data.view)

    # Down onto the contact, Right opens it, Down onto the value, Ctrl+C copies.
    QGuiApplication.clipboard().clear()
    qtbot.keyClick(data.view, Qt.Key.Key_Down)
    qtbot.keyClick(data.view, Qt.Key.Key_Right)
    qtbot.keyClick(data.view, Qt.Key.Key_Down)
    with qtbot.waitSignal(data.copied):
        qtbot.keyClick(data.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
    assert QGuiApplication.clipboard().text() == "GC-777"


def _tab_to(qtbot: QtBot, target: QWidget, limit: int = 30) -> None:
    """Press Tab until `target` has the keyboard (as a keyboard user does), failing after `limit` presses."""
    for _ in range(limit):
        if _focused() is target:
            return
        focused = _focused()
        assert focused is not None, "the keyboard went nowhere"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
    raise AssertionError(f"Tab never reached {target.objectName()} (last: {_focused()!r})")


def test_the_first_call_of_the_readme_is_done_with_the_keyboard_alone(
    qtbot: QtBot, demo_services: Any, tmp_path: Path
) -> None:
    """README, "Try it: a first call": Available, ring the agent (Jane Doe's record pops), Customer Gift
    Card from the drawer (the telephone filled in, empty fields refused in place), fill in and submit,
    the result in the Data tab, copied. The real main window, its workspace and drawer, the demo data and
    the demo flows; nothing but key presses."""
    window = MainWindow(demo_services, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    window.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
    workspace = window.workspace
    actions = window.drawer.panel("Actions")
    data = window.drawer.panel("Data")
    assert isinstance(actions, ActionsPanel) and isinstance(data, DataPanel)
    try:
        # 1. Take a call. F6 reaches the workspace; Tab reaches the agent's state, Home picks Available.
        qtbot.waitUntil(lambda: _focused() is not None)
        if window.drawer.isAncestorOf(_focused()):
            qtbot.keyClick(_focused(), Qt.Key.Key_F6)
        state = workspace.agent_bar.state
        _tab_to(qtbot, state)
        qtbot.keyClick(state, Qt.Key.Key_Home)
        qtbot.waitUntil(lambda: demo_services.telephony.agent.state == AgentState.AVAILABLE)
        # The simulator's number is Jane Doe's already: Tab to Ring the agent and press Space.
        simulator = workspace.simulator
        assert simulator.number.text() == "+12065550100"
        _tab_to(qtbot, simulator.ring_button)
        qtbot.keyClick(simulator.ring_button, Qt.Key.Key_Space)
        qtbot.waitUntil(lambda: workspace.tabs.tabText(workspace.tabs.currentIndex()) == "Contact: Jane Doe")

        # 2. F6 to the drawer's actions; Home is Customer Gift Card, Enter opens its form.
        qtbot.keyClick(_focused(), Qt.Key.Key_F6)
        qtbot.waitUntil(lambda: _focused() is actions.view)
        qtbot.keyClick(actions.view, Qt.Key.Key_End)
        qtbot.keyClick(actions.view, Qt.Key.Key_Home)
        current = actions.current_action()
        assert current is not None and current.name == "Customer Gift Card"
        qtbot.keyClick(actions.view, Qt.Key.Key_Return)
        qtbot.waitUntil(actions.is_form_open)
        form = actions.form_page().form
        assert form is not None
        qtbot.waitUntil(lambda: _focused() is form.editor("firstName").focus_widget())
        assert form.values()["telephone"] == "+12065550100", "filled in from the caller"
        # Submitting it empty says what is missing, in place, and keeps the form.
        qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        assert form.error_text("firstName") == "First name is required"
        assert form.error_text("lastName") == "Last name is required"
        assert actions.is_form_open()

        # 3. Fill in first and last name and submit: the flow's result reaches the Data tab.
        qtbot.waitUntil(lambda: _focused() is form.editor("firstName").focus_widget())
        qtbot.keyClicks(_focused(), "Ada")
        qtbot.keyClick(_focused(), Qt.Key.Key_Tab)
        assert _focused() is form.editor("lastName").focus_widget()
        qtbot.keyClicks(_focused(), "Lovelace")
        with qtbot.waitSignal(data.badge_changed, timeout=10_000):
            qtbot.keyClick(_focused(), Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: not actions.is_form_open())
        qtbot.waitUntil(lambda: _focused() is actions.view)
        qtbot.keyClick(actions.view, Qt.Key.Key_Tab, Qt.KeyboardModifier.ControlModifier)
        qtbot.waitUntil(lambda: window.drawer.tabs.currentWidget() is data)
        qtbot.waitUntil(lambda: _focused() is data.view)
        contact = demo_services.overlay.current_contact_id
        rows = data.entry_rows(contact)
        assert ("Gift card", "standard card for Ada Lovelace") in rows, "the flow's result, in the Data tab"

        # The arrows select a value (Down, Right opens the contact, Down), Ctrl+C copies it.
        QGuiApplication.clipboard().clear()
        qtbot.keyClick(data.view, Qt.Key.Key_Down)
        qtbot.keyClick(data.view, Qt.Key.Key_Right)
        qtbot.keyClick(data.view, Qt.Key.Key_Down)
        selected = data.view.currentIndex().siblingAtColumn(ENTRY_COLUMN).data()
        assert selected in {value for _key, value in rows}
        with qtbot.waitSignal(data.copied):
            qtbot.keyClick(data.view, Qt.Key.Key_C, Qt.KeyboardModifier.ControlModifier)
        assert QGuiApplication.clipboard().text() == selected
    finally:
        window.drawer.teardown()
        workspace.teardown()  # type: ignore[attr-defined]
