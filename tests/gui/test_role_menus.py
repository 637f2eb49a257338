"""The main window follows the connected person's role: an agent's login sees the entries that change
actions and flows disabled, saying why; supervisors and one PC's user keep them."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
import qasync
from PySide6.QtCore import QSettings
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.gui.main_window import MainWindow
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.live_changes import LiveChanges
from cti_desktop.store.database import make_engine
from tests.people_logins import people_of


class _Panel(QLabel):
    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title

    def teardown(self) -> None:
        pass


def _window(qtbot: QtBot, engine: Engine, url: str, settings_file: Path) -> MainWindow:
    services = SimpleNamespace(
        engine=engine,
        database_url=url,
        actions=None,
        live=LiveChanges(engine, url, ChangeBus()),
        editing_refusal=lambda: None,
    )
    window = MainWindow(
        services,  # type: ignore[arg-type]
        QSettings(str(settings_file), QSettings.Format.IniFormat),
        panels=lambda _s: [_Panel("Attributes"), _Panel("Actions"), _Panel("Data")],
        workspace=lambda _s: QWidget(),
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


@pytest.fixture
def logins(postgres_url: str) -> Iterator[dict[str, Engine]]:
    with people_of(postgres_url) as add:
        engines = {role: make_engine(add(role)) for role in ("agent", "supervisor")}
        yield engines
        for engine in engines.values():
            engine.dispose()


def test_an_agent_sees_the_editing_entries_disabled_with_the_reason(
    qtbot: QtBot, logins: dict[str, Engine], postgres_url: str, tmp_path: Path, qloop: qasync.QEventLoop
) -> None:
    window = _window(qtbot, logins["agent"], postgres_url, tmp_path / "w.ini")
    editing = [
        window.editor_action,
        window.flows_action,
        window.import_flows_action,
        window.import_actions_action,
    ]
    # Asked off the GUI thread: the entries change once the server answers.
    qtbot.waitUntil(lambda: not any(action.isEnabled() for action in editing))
    tip = window.editor_action.statusTip()
    assert tip.startswith("cti_person_agent_") and tip.endswith(
        "is an agent: changing CTI actions and flows is for supervisors"
    )
    assert all(action.statusTip() == tip for action in editing)
    assert window.export_actions_action.isEnabled() and window.run_history_action.isEnabled()


def test_a_supervisor_keeps_the_editor_and_the_designer(
    qtbot: QtBot, logins: dict[str, Engine], postgres_url: str, tmp_path: Path
) -> None:
    window = _window(qtbot, logins["supervisor"], postgres_url, tmp_path / "w.ini")
    assert window.editor_action.isEnabled() and window.flows_action.isEnabled()
    assert window.editor_action.statusTip() == "Configure the CTI Actions agents see in the overlay"


def test_one_pc_s_user_is_its_admin(qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path) -> None:
    window = _window(qtbot, engine, db_url, tmp_path / "w.ini")
    assert window.editor_action.isEnabled() and window.import_actions_action.isEnabled()
