"""Opening Run History: from the Admin menu (Ctrl+Shift+H), non-modal, one per window, at a given run."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.main_window import MainWindow
from cti_desktop.gui.runs import open_run_history
from cti_desktop.gui.runs.dialog import RunHistoryDialog
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.overlay import ActionOutcome

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


def test_the_overlays_result_details_open_the_run(
    qtbot: QtBot, services: AppServices, run_flow: RunFlow, tmp_path: Path
) -> None:
    failed = run_flow("Broken Lookup", trigger_kind="action", trigger_detail="Order Status")
    window = MainWindow(
        services,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        workspace=lambda _services: QWidget(),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    bar = window.drawer.panel("Actions").result_bar  # type: ignore[attr-defined]
    outcome = ActionOutcome(1, "Order Status", "", "failed", "Order Status failed", failed.error, 1.0, failed)
    bar.show_outcome(outcome)
    assert not bar.history_button.isVisible(), "the short line stays calm until Details is opened"
    qtbot.mouseClick(bar.details_button, Qt.MouseButton.LeftButton)
    assert bar.history_button.isVisible()
    qtbot.mouseClick(bar.history_button, Qt.MouseButton.LeftButton)
    dialog = window.findChild(RunHistoryDialog, RunHistoryDialog.OBJECT_NAME)
    assert dialog is not None and dialog.isVisible()
    assert dialog.details.run_id() == failed.run_id
    assert dialog.current_run_id() == failed.run_id

    # An outcome with no recorded run (it broke before its flow ran) offers no link.
    bar.show_outcome(ActionOutcome(1, "Order Status", "", "failed", "No flow", "RuntimeError: no flow", 1.0))
    if not bar.details_button.isChecked():
        qtbot.mouseClick(bar.details_button, Qt.MouseButton.LeftButton)
    assert bar.details.isVisible() and not bar.history_button.isVisible()
    dialog.close()
