"""The credentials dialog's tests run against an in-memory keyring, never the machine's own store."""

from __future__ import annotations

from collections.abc import Callable

import pytest
import shiboken6
from PySide6.QtWidgets import QAbstractButton, QApplication, QLabel, QLineEdit, QTableWidget, QWidget

from cti_desktop.gui.credentials.dialog import CredentialsDialog
from cti_desktop.services.credentials import CredentialStore
from cti_desktop.services.memory_keyring import MemoryKeyring


@pytest.fixture
def memory() -> MemoryKeyring:
    return MemoryKeyring()


@pytest.fixture
def store(memory: MemoryKeyring) -> CredentialStore:
    return CredentialStore(backend=memory)


@pytest.fixture
def open_dialog(
    store: CredentialStore, show_window: Callable[[CredentialsDialog], CredentialsDialog]
) -> Callable[..., CredentialsDialog]:
    def open_one(with_store: CredentialStore | None = None) -> CredentialsDialog:
        return show_window(CredentialsDialog(with_store if with_store is not None else store))

    return open_one


def all_texts() -> list[str]:
    """Every text any live widget holds or would show or read out."""
    texts: list[str] = []
    for widget in QApplication.allWidgets():
        if not shiboken6.isValid(widget):
            continue
        texts += [
            widget.windowTitle(),
            widget.toolTip(),
            widget.accessibleName(),
            widget.accessibleDescription(),
        ]
        if isinstance(widget, QLineEdit):
            texts += [widget.text(), widget.displayText(), widget.placeholderText()]
        elif isinstance(widget, QLabel | QAbstractButton):
            texts.append(widget.text())
        elif isinstance(widget, QTableWidget):
            for row in range(widget.rowCount()):
                for column in range(widget.columnCount()):
                    item = widget.item(row, column)
                    if item is not None:
                        texts += [item.text(), item.toolTip()]
    return texts


def table_rows(dialog: CredentialsDialog) -> list[tuple[str, str]]:
    table = dialog.table
    rows = []
    for row in range(table.rowCount()):
        name, kind = table.item(row, 0), table.item(row, 1)
        assert name is not None and kind is not None
        rows.append((name.text(), kind.text()))
    return rows


def widget_named(parent: QWidget, kind: type[QWidget], name: str) -> QWidget:
    found = parent.findChild(kind, name)
    assert found is not None, name
    return found
