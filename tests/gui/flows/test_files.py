"""The File and Admin menus' import, export and Flows commands, through the main window: non-blocking file
dialogs, CTI actions imported all or nothing with every problem listed, and flows imported into the Flows
window."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QLabel, QMessageBox, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flows.files import file_name_for, problem_list
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.services.app_services import AppServices
from cti_desktop.services.changes import Change

from .conftest import FIXTURES


class _Panel(QLabel):
    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


def _panels(_services: Any) -> list[QWidget]:
    return [_Panel(title) for title in ("Attributes", "Actions", "Data")]


def _workspace(_services: Any) -> QWidget:
    return QLabel("workspace")


@pytest.fixture
def window(qtbot: QtBot, services: AppServices, tmp_path: Path) -> MainWindow:
    window = MainWindow(
        services,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        panels=_panels,
        workspace=_workspace,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def texts(actions: list[Any]) -> list[str]:
    return [action.text() for action in actions if not action.isSeparator()]


def test_menus_and_toolbar_offer_the_commands(window: MainWindow) -> None:
    assert texts(window.file_menu.actions()) == [
        "Import &Flows…",
        "&Import CTI Actions…",
        "&Export CTI Actions…",
        "&Preferences…",
        "&Quit",
    ]
    assert window.flows_action in window.admin_menu.actions()
    assert window.flows_action.shortcut() == QKeySequence("Ctrl+Shift+F")
    assert window.flows_action in window.toolbar.actions()


def test_admin_flows_opens_one_non_modal_window(qtbot: QtBot, window: MainWindow) -> None:
    window.flows_action.trigger()
    dialog = window.flows_dialog
    assert dialog is not None
    qtbot.waitUntil(dialog.isVisible)
    assert not dialog.isModal()
    window.flows_action.trigger()
    assert window.flows_dialog is dialog, "the open window is raised, not a second one"
    with qtbot.waitSignal(dialog.destroyed):
        dialog.close()
    assert window.flows_dialog is None


def test_import_flows_from_the_file_menu_shows_them_in_the_flows_window(
    qtbot: QtBot, window: MainWindow, services: AppServices
) -> None:
    window.import_flows_action.trigger()
    dialog = window.flows_dialog
    assert dialog is not None and dialog.file_dialog is not None
    qtbot.waitUntil(dialog.file_dialog.isVisible)
    dialog.file_dialog.filesSelected.emit([str(FIXTURES / "default-02-voiceContactOnConnecting.json")])
    assert services.flows.get("VoiceContact.onConnecting") is not None
    assert dialog.current_name() == "VoiceContact.onConnecting"
    window.close()
    assert window.flows_dialog is None or not window.flows_dialog.isVisible()


def test_export_then_import_cti_actions_from_the_file_menu(
    qtbot: QtBot, window: MainWindow, services: AppServices, tmp_path: Path
) -> None:
    out = tmp_path / "actions.json"
    window.export_actions_action.trigger()
    assert window.file_dialog is not None
    qtbot.waitUntil(window.file_dialog.isVisible)
    window.file_dialog.fileSelected.emit(str(out))
    exported = json.loads(out.read_text(encoding="utf-8"))
    names = sorted(a["name"] for a in exported["actions"])
    assert names == sorted(a.name for a in services.actions.list_actions())
    assert window.message is not None
    qtbot.waitUntil(window.message.isVisible)
    assert f"exported to {out}" in window.message.text()

    for action in exported["actions"]:
        action["name"] += " (copy)"
        action["shortcut"] = ""
    out.write_text(json.dumps(exported), encoding="utf-8")
    changes: list[Change] = []
    services.changes.changed.connect(changes.append)
    window.import_actions_action.trigger()
    qtbot.waitUntil(window.file_dialog.isVisible)
    window.file_dialog.filesSelected.emit([str(out)])
    assert window.message is not None
    assert window.message.windowTitle() == "CTI actions imported"
    assert len(services.actions.list_actions()) == 2 * len(names)
    assert changes, "open overlays and the editor hear about it"


def test_a_refused_actions_import_lists_every_problem_and_stores_nothing(
    qtbot: QtBot, window: MainWindow, services: AppServices, tmp_path: Path
) -> None:
    before = services.actions.list_actions()
    bad = tmp_path / "bad-actions.json"
    bad.write_text(
        json.dumps(
            {
                "actions": [
                    {"name": "One", "flow": "No such flow"},
                    {"name": "Two", "flow": "Voice Contact onConnecting"},
                    {"name": "One", "flow": "Gift Card"},
                ]
            }
        ),
        encoding="utf-8",
    )
    window.import_actions_action.trigger()
    assert window.file_dialog is not None
    window.file_dialog.filesSelected.emit([str(bad)])
    message = window.message
    assert message is not None
    qtbot.waitUntil(message.isVisible)
    assert message.windowTitle() == "Nothing was imported"
    assert message.icon() == QMessageBox.Icon.Warning
    assert message.text() == "bad-actions.json has 3 problems; no action was imported."
    lines = message.informativeText().splitlines()
    assert len(lines) == 3
    assert lines[0].startswith('• Action "One"') and "No such flow" in lines[0]
    assert lines[1].startswith('• Action "Two"') and "not a CTI Action flow" in lines[1]
    assert lines[2].startswith('• Action "One"') and "used twice" in lines[2]
    assert services.actions.list_actions() == before


def test_an_unreadable_actions_file_is_named(qtbot: QtBot, window: MainWindow, tmp_path: Path) -> None:
    missing = tmp_path / "missing.json"
    window._import_actions_from([str(missing)])
    assert window.message is not None
    assert window.message.text().startswith(f"{missing} cannot be read")


def test_many_problems_go_to_the_details() -> None:
    lines = [f"problem {n}" for n in range(20)]
    shown, details = problem_list(lines)
    assert shown.count("•") == 12
    assert shown.endswith("… and 8 more: see Show Details.")
    assert details.splitlines() == lines
    assert problem_list(lines[:2]) == ("• problem 0\n• problem 1", "")


@pytest.mark.parametrize(
    ("name", "file_name"),
    [("Gift Card", "Gift Card.json"), ('a/b:c*"d"', "a-b-c--d-.json"), ("...", "flow.json")],
)
def test_export_file_names_are_safe(name: str, file_name: str) -> None:
    assert file_name_for(name) == file_name
