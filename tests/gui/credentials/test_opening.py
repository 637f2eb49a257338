"""Opening the Credentials dialog: from the Admin menu, non-modal, one per window."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import keyring
import pytest
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.gui.credentials import open_credentials
from cti_desktop.gui.credentials.dialog import CredentialsDialog
from cti_desktop.gui.main_window import MainWindow
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.credentials import Credential, CredentialStore
from cti_desktop.services.live_changes import LiveChanges

from .conftest import MemoryKeyring, table_rows


class Panel(QLabel):
    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title


@pytest.fixture
def system_keyring(memory: MemoryKeyring) -> Iterator[MemoryKeyring]:
    previous = keyring.get_keyring()
    keyring.set_keyring(memory)
    try:
        yield memory
    finally:
        keyring.set_keyring(previous)


def test_the_admin_menu_opens_it_on_the_system_store(
    qtbot: QtBot, system_keyring: MemoryKeyring, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    CredentialStore().set("crm-api", Credential("bearer", "tok"))
    window = MainWindow(
        SimpleNamespace(
            engine=engine,
            database_url=db_url,
            actions=None,
            live=LiveChanges(engine, db_url, ChangeBus()),
            editing_refusal=lambda: None,
        ),  # type: ignore[arg-type]
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        panels=lambda _services: [Panel(title) for title in ("Attributes", "Actions", "Data")],
        workspace=lambda _services: QLabel("workspace"),
    )
    qtbot.addWidget(window)
    window.show()
    assert window.credentials_action in window.admin_menu.actions()
    assert window.credentials_action.text() == "&Credentials…"

    window.credentials_action.trigger()
    dialog = window.findChild(CredentialsDialog)
    assert dialog is not None
    qtbot.waitExposed(dialog)
    assert not dialog.isModal()
    assert table_rows(dialog) == [("crm-api", "Bearer token")]


def test_one_dialog_per_window_and_fresh_on_reopening(qtbot: QtBot, store: CredentialStore) -> None:
    window = QWidget()
    qtbot.addWidget(window)
    window.show()
    dialog = open_credentials(window, store)
    qtbot.waitExposed(dialog)
    assert table_rows(dialog) == []
    dialog.close()
    store.set("crm-api", Credential("bearer", "tok"))  # e.g. from the command line meanwhile
    assert open_credentials(window, store) is dialog
    assert dialog.isVisible()
    assert table_rows(dialog) == [("crm-api", "Bearer token")]
