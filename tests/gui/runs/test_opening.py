"""Opening Run History: from the Admin menu (Ctrl+Shift+H), non-modal, one per window, at a given run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.runs import open_run_history
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.services.app_services import AppServices

from .conftest import RunFlow


class Panel(QLabel):
    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


def test_the_admin_menu_opens_one_window(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, tmp_path: Path
) -> None:
    failed = run_flow("Broken Lookup")
    window = MainWindow(
        services,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        panels=lambda _services: [Panel(title) for title in ("Attributes", "Actions", "Data")],
        workspace=lambda _services: QWidget(),
    )
    qtbot.addWidget(window)
    action = window.run_history_action
    assert action in window.admin_menu.actions()
    assert action.shortcut() == QKeySequence("Ctrl+Shift+H")
    action.trigger()
    dialog = window.findChild(RunHistoryDialog, RunHistoryDialog.OBJECT_NAME)
    assert dialog is not None and dialog.isVisible() and not dialog.isModal()
    assert dialog.model.row_of(failed.run_id) == 0
    action.trigger()
    assert window.findChildren(RunHistoryDialog) == [dialog]

    # Asked for one run (as a result in the overlay would), the same window shows it.
    assert open_run_history(window, services, failed.run_id) is dialog
    assert dialog.details.run_id() == failed.run_id
    dialog.close()
    qtbot.waitUntil(lambda: window.findChild(RunHistoryDialog) is None)
    assert services.runner.run_finished._callbacks == []
