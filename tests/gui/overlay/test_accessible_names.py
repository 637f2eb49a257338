"""Every control of the overlay a screen reader meets has a name: the drawer's tabs, the action list, an
open form, the Data and Attributes tabs."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from pytestqt.qtbot import QtBot

from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.overlay.actions_panel import ActionsPanel
from cti_desktop.services.app_services import AppServices
from tests.gui.accessibility import focusable_widgets, unnamed_widgets


def test_every_focusable_overlay_control_has_an_accessible_name(
    qtbot: QtBot, real_services: AppServices, tmp_path: Path
) -> None:
    window = MainWindow(real_services, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    actions = window.drawer.panel("Actions")
    assert isinstance(actions, ActionsPanel)
    with_form = next(action for action in actions.cti_actions() if action.has_form)
    assert unnamed_widgets(window) == []

    window.drawer.show_panel("Actions")
    actions.open_form(with_form)
    qtbot.waitUntil(actions.is_form_open)
    page = actions.form_page()
    assert page.form is not None
    assert len([w for w in focusable_widgets(window) if page.isAncestorOf(w)]) >= 4
    assert unnamed_widgets(window) == []
