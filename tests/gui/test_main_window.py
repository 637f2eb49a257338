"""The app shell: menus, the overlay drawer with its three tabs, and the layout surviving a restart."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace
from typing import Any

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QLabel, QWidget
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.gui.main_window import MainWindow
from cti_desktop.services.changes import ChangeBus
from cti_desktop.services.live_changes import LiveChanges


class _Panel(QLabel):
    def __init__(self, title: str) -> None:
        super().__init__(title)
        self.title = title
        self.torn_down = False

    def teardown(self) -> None:
        self.torn_down = True


def _panels(_services: Any) -> list[QWidget]:
    return [_Panel("Attributes"), _Panel("Actions"), _Panel("Data")]


def _workspace(_services: Any) -> QWidget:
    return QLabel("workspace")


def _window(
    qtbot: QtBot, engine: Engine, db_url: str, settings_file: Path, editing_refusal: str | None = None
) -> MainWindow:
    services = SimpleNamespace(
        engine=engine,
        database_url=db_url,
        actions=None,
        live=LiveChanges(engine, db_url, ChangeBus()),
        editing_refusal=lambda: editing_refusal,
    )
    window = MainWindow(
        services,  # type: ignore[arg-type]
        QSettings(str(settings_file), QSettings.Format.IniFormat),
        panels=_panels,
        workspace=_workspace,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_drawer_has_three_tabs_docked_right(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    window = _window(qtbot, engine, db_url, tmp_path / "window.ini")
    assert window.drawer.tab_titles() == ["Attributes", "Actions", "Data"]
    assert window.dockWidgetArea(window.drawer) == Qt.DockWidgetArea.RightDockWidgetArea
    assert window.drawer.tabs.currentWidget() is window.drawer.panel("Actions")
    menus = [action.text().replace("&", "") for action in window.menuBar().actions()]
    assert menus == ["File", "Admin", "View", "Help"]


def test_drawer_can_be_closed_and_reopened_from_view(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    window = _window(qtbot, engine, db_url, tmp_path / "window.ini")
    toggle = window.drawer.toggleViewAction()
    assert toggle in window.view_menu.actions()
    window.drawer.close()
    qtbot.waitUntil(lambda: not window.drawer.isVisible())
    toggle.trigger()
    qtbot.waitUntil(window.drawer.isVisible)


def test_moved_dock_is_where_it_was_left_after_a_restart(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    settings_file = tmp_path / "window.ini"
    window = _window(qtbot, engine, db_url, settings_file)
    window.addDockWidget(Qt.DockWidgetArea.LeftDockWidgetArea, window.drawer)
    window.resize(700, 500)
    panels = [window.drawer.panel(t) for t in ("Attributes", "Actions", "Data")]
    window.close()
    assert all(getattr(p, "torn_down", False) for p in panels), "closing tears the panels down"

    reopened = _window(qtbot, engine, db_url, settings_file)
    assert reopened.dockWidgetArea(reopened.drawer) == Qt.DockWidgetArea.LeftDockWidgetArea
    assert reopened.size().width() == 700


def test_floating_dock_stays_floating_after_a_restart(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    settings_file = tmp_path / "window.ini"
    window = _window(qtbot, engine, db_url, settings_file)
    window.drawer.setFloating(True)
    window.close()
    reopened = _window(qtbot, engine, db_url, settings_file)
    assert reopened.drawer.isFloating()


@pytest.mark.sqlite_only
def test_about_shows_version_database_and_revision(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    from cti_desktop import __version__
    from cti_desktop.store.database import head_revision

    window = _window(qtbot, engine, db_url, tmp_path / "window.ini")
    window.show_about()
    box = window.about_box
    qtbot.waitUntil(box.isVisible)
    text = box.text()
    assert f"CTI Desktop {__version__}" in text
    assert f"Database: {tmp_path / 'cti-desktop.db'}" in text
    assert f"Schema revision: {head_revision()}" in text
    box.close()


class _CompactPanel(_Panel):
    compact = False

    def set_compact(self, compact: bool) -> None:
        self.compact = compact


def test_compact_mode_reaches_every_panel_and_survives_a_restart(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    settings_file = tmp_path / "window.ini"

    def compact_panels(_services: Any) -> list[QWidget]:
        return [_CompactPanel("Attributes"), _CompactPanel("Actions"), _CompactPanel("Data")]

    def build() -> MainWindow:
        services = SimpleNamespace(
            engine=engine,
            database_url=db_url,
            actions=None,
            live=LiveChanges(engine, db_url, ChangeBus()),
            editing_refusal=lambda: None,
        )
        window = MainWindow(
            services,  # type: ignore[arg-type]
            QSettings(str(settings_file), QSettings.Format.IniFormat),
            panels=compact_panels,
            workspace=_workspace,
        )
        qtbot.addWidget(window)
        return window

    window = build()
    assert window.compact_action in window.view_menu.actions()
    window.compact_action.trigger()
    assert all(getattr(p, "compact", False) for p in window.drawer.panels())
    window.close()
    reopened = build()
    assert reopened.compact_action.isChecked()
    assert all(getattr(p, "compact", False) for p in reopened.drawer.panels())


@pytest.mark.sqlite_only
def test_a_window_shown_before_its_services_gets_them_later(
    qtbot: QtBot, demo_services: Any, tmp_path: Path
) -> None:
    actions = demo_services.overlay.active_actions()
    window = MainWindow(
        None,
        QSettings(str(tmp_path / "window.ini"), QSettings.Format.IniFormat),
        startup_actions=actions,
    )
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    assert window.drawer.tab_titles() == ["Actions"]
    assert not window.has_services
    assert not window.editor_action.isEnabled() and not window.import_actions_action.isEnabled()
    assert window.database_label.text() == "Database: opening…"
    assert window.workspace.objectName() == "workspaceLoading"

    window.attach_services(demo_services)

    assert window.drawer.tab_titles() == ["Attributes", "Actions", "Data"]
    assert window.drawer.tabs.currentWidget() is window.drawer.panel("Actions")
    assert window.editor_action.isEnabled() and window.import_actions_action.isEnabled()
    assert window.database_label.text().endswith("cti-desktop.db")
    assert window.workspace.objectName() == "agentWorkspace"
    assert window.drawer.panel("Actions").visible_action_names() == [a.name for a in actions]  # type: ignore[attr-defined]
    window.drawer.teardown()
    window.workspace.teardown()  # type: ignore[attr-defined]


def test_fields_are_outlined_only_with_a_high_contrast_palette(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path, monkeypatch: Any
) -> None:
    from cti_desktop.gui import theme
    from cti_desktop.gui.main_window import HIGH_CONTRAST_FIELDS

    assert _window(qtbot, engine, db_url, tmp_path / "plain.ini").styleSheet() == ""
    monkeypatch.setattr(theme, "high_contrast", lambda: True)
    window = _window(qtbot, engine, db_url, tmp_path / "contrast.ini")
    assert window.styleSheet() == HIGH_CONTRAST_FIELDS
    assert "palette(window-text)" in HIGH_CONTRAST_FIELDS and ":focus" in HIGH_CONTRAST_FIELDS


def test_the_status_bar_says_when_the_seat_works_from_its_copy(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    from cti_desktop.services.live_changes import LiveStatus

    window = _window(qtbot, engine, db_url, tmp_path / "window.ini")
    live = window._services.live  # type: ignore[union-attr]
    if db_url.startswith("sqlite"):
        assert not window.live_label.isVisible()  # one PC: nothing to say
    live.status_changed.emit(LiveStatus("Offline: working from the copy of 14:05", live=False, offline=True))
    assert window.live_label.isVisible()
    assert window.live_label.text() == "Offline: working from the copy of 14:05"
    live.status_changed.emit(LiveStatus("Database: reconnected, 3 changes applied", live=True))
    assert window.live_label.text() == "Database: reconnected, 3 changes applied"


def test_editing_is_disabled_with_the_reason_while_working_from_the_copy(
    qtbot: QtBot, engine: Engine, db_url: str, tmp_path: Path
) -> None:
    reason = "Actions and flows cannot be changed while this seat works from its copy of 14:05"
    window = _window(qtbot, engine, db_url, tmp_path / "window.ini", editing_refusal=reason)
    for action in (window.editor_action, window.flows_action, window.import_flows_action):
        assert not action.isEnabled() and action.statusTip() == reason
    assert window.run_history_action.isEnabled()
