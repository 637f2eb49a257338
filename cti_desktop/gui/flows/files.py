"""Non-blocking file dialogs and messages for importing and exporting, and the CTI actions' File menu
commands. Everything here uses `open()`, never `exec()`: the app runs on qasync, where a nested event loop
breaks the running coroutines."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QMessageBox, QWidget

from cti_desktop.services.actions import ActionService

JSON_FILTER = "JSON files (*.json);;All files (*)"
# More than this many problems go to the message's details, which scroll.
PROBLEMS_SHOWN = 12


def ask_for_files(
    parent: QWidget, title: str, chosen: Callable[[list[str]], object], *, multiple: bool = True
) -> QFileDialog:
    """Open a file dialog for existing files; `chosen(paths)` runs when the user picks them."""
    dialog = QFileDialog(parent, title, "", JSON_FILTER)
    mode = QFileDialog.FileMode.ExistingFiles if multiple else QFileDialog.FileMode.ExistingFile
    dialog.setFileMode(mode)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptOpen)
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.filesSelected.connect(chosen)
    dialog.open()
    return dialog


def ask_for_save_path(
    parent: QWidget, title: str, default_name: str, chosen: Callable[[str], object]
) -> QFileDialog:
    """Open a save dialog (it asks before overwriting); `chosen(path)` runs when the user confirms."""
    dialog = QFileDialog(parent, title, default_name, JSON_FILTER)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    dialog.setDefaultSuffix("json")
    dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    dialog.fileSelected.connect(chosen)
    dialog.open()
    return dialog


def file_name_for(name: str) -> str:
    """A file name made from a flow's name: characters file systems refuse become '-'."""
    cleaned = "".join("-" if ch in '<>:"/\\|?*' or ord(ch) < 32 else ch for ch in name).strip(" .")
    return f"{cleaned or 'flow'}.json"


def show_message(
    parent: QWidget,
    title: str,
    text: str,
    icon: QMessageBox.Icon = QMessageBox.Icon.Information,
    *,
    informative: str = "",
    details: str = "",
) -> QMessageBox:
    box = QMessageBox(icon, title, text, QMessageBox.StandardButton.Ok, parent)
    box.setObjectName("flowsMessage")
    box.setInformativeText(informative)
    if details:
        box.setDetailedText(details)
    box.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    box.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    box.open()
    return box


def problem_list(lines: list[str]) -> tuple[str, str]:
    """The problems for a message: (shown in the text, all of them for the details when there are many)."""
    shown = lines[:PROBLEMS_SHOWN]
    more = len(lines) - len(shown)
    text = "\n".join(f"• {line}" for line in shown)
    if more:
        text += f"\n… and {more} more: see Show Details."
    return text, ("\n".join(lines) if more else "")


def import_actions_file(parent: QWidget, service: ActionService, path: str) -> QMessageBox:
    """Import every CTI action of the file, or none; the message tells which, with every problem."""
    name = Path(path).name
    try:
        text = Path(path).read_text(encoding="utf-8")
    except UnicodeDecodeError:
        return show_message(
            parent, "Nothing was imported", f"{path} is not UTF-8 text.", QMessageBox.Icon.Warning
        )
    except OSError as exc:
        return show_message(
            parent,
            "Nothing was imported",
            f"{path} cannot be read: {exc.strerror or exc}.",
            QMessageBox.Icon.Warning,
        )
    problems = service.import_json(text)
    if problems:
        plural = "s" if len(problems) != 1 else ""
        shown, details = problem_list([p.message for p in problems])
        return show_message(
            parent,
            "Nothing was imported",
            f"{name} has {len(problems)} problem{plural}; no action was imported.",
            QMessageBox.Icon.Warning,
            informative=shown,
            details=details,
        )
    count = len(service.list_actions())
    return show_message(
        parent,
        "CTI actions imported",
        f"The CTI actions of {name} were imported.",
        informative=f"There are now {count} CTI action{'s' if count != 1 else ''}.",
    )


def export_actions_file(parent: QWidget, service: ActionService, path: str) -> QMessageBox:
    try:
        Path(path).write_text(service.export_json(), encoding="utf-8")
    except OSError as exc:
        return show_message(
            parent,
            "Export failed",
            f"{path} cannot be written: {exc.strerror or exc}.",
            QMessageBox.Icon.Warning,
        )
    count = len(service.list_actions())
    return show_message(
        parent, "CTI actions exported", f"{count} CTI action{'s' if count != 1 else ''} exported to {path}."
    )
