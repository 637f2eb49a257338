"""Quitting never throws away what a supervisor has not saved in an open editing window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLineEdit, QMessageBox
from pytestqt.qtbot import QtBot

from cti_desktop.gui.editor.dialog import ElementEditorDialog
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.services.app_services import AppServices


def test_quitting_with_an_unsaved_action_asks_first(
    qtbot: QtBot, demo_services: AppServices, tmp_path: Path
) -> None:
    window = MainWindow(demo_services, QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat))
    qtbot.addWidget(window)
    window.show()
    window.open_element_editor()
    editor = window.editor
    assert isinstance(editor, ElementEditorDialog)
    name_box = editor.findChild(QLineEdit, "actionName")
    assert name_box is not None
    name_box.setText("Customer Gift Card (renamed)")
    qtbot.waitUntil(editor.is_dirty)

    window.close()

    assert window.isVisible(), "the main window stays while changes are unsaved"
    qtbot.waitUntil(lambda: editor.question is not None and editor.question.isVisible())
    assert editor.question is not None
    editor.question.button(QMessageBox.StandardButton.Discard).click()
    qtbot.waitUntil(lambda: not window.unsaved_windows())
    window.close()
    assert not window.isVisible()
    names = [action.name for action in demo_services.actions.list_actions()]
    assert "Customer Gift Card" in names and "Customer Gift Card (renamed)" not in names
