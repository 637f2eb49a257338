"""Fixtures for the flow designer: the app's services over a migrated store, flows imported from the real
adapter exports (or from text), and a way to open the designer that closes it again after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import shiboken6
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot
from sqlalchemy import Engine

from cti_desktop.gui.flow_designer.window import FlowDesignerWindow
from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.flow_import import import_files
from cti_desktop.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "adapter-flows"
FIXTURE_FILES = sorted(path.name for path in FIXTURES.glob("*.json"))

# A flow an older tool wrote: an unknown block type with its own controls, a port to a block that is
# not there, a port the block type does not have, an unknown top-level key and a block nothing reaches.
MIGRATED_FLOW = """{
  "name": "Migrated screen pop",
  "exportedBy": "an older tool",
  "actions": [
    {"id": "start", "type": "SE_Start", "ports": {"done": "old"}, "position": [0, 0]},
    {"id": "old", "type": "SE_SFOldThing", "meta": {"title": "Old pop"},
     "controls": {"legacy": {"a": 1}}, "ports": {"success": "gone"}, "position": [250, 0], "color": "red"},
    {"id": "log", "type": "SE_Log", "controls": {"level": "info", "message": "hi", "colour": "blue"},
     "ports": {"done": "end", "maybe": "end"}, "position": [250, 150]},
    {"id": "end", "type": "SE_End", "position": [500, 0]}
  ]
}
"""

OpenDesigner = Callable[[str], FlowDesignerWindow]


@pytest.fixture
def services(engine: Engine, db_url: str) -> Iterator[AppServices]:
    services = build_services(Settings(), db_url, engine)
    yield services
    services.close()


@pytest.fixture
def migrated_file(tmp_path: Path) -> Path:
    path = tmp_path / "migrated.json"
    path.write_text(MIGRATED_FLOW, encoding="utf-8")
    return path


def import_flow(services: AppServices, path: Path) -> str:
    return import_files(services.engine, [path])[0].name


@pytest.fixture
def open_designer(qtbot: QtBot, services: AppServices) -> Iterator[OpenDesigner]:
    """Open the designer on a fixture file (a name in FIXTURES) or a file path, imported first."""
    opened: list[FlowDesignerWindow] = []

    def open_one(file: str) -> FlowDesignerWindow:
        path = Path(file) if Path(file).is_absolute() else FIXTURES / file
        window = FlowDesignerWindow(services, import_flow(services, path))
        window.show()
        window.activateWindow()
        # Shortcuts (Ctrl+Z, Ctrl+S, ...) only reach the active window.
        qtbot.waitUntil(lambda: QApplication.activeWindow() is window)
        opened.append(window)
        return window

    yield open_one
    for window in opened:
        if shiboken6.isValid(window):
            window._closing = True  # leave without the "save changes?" question
            window.close()
