"""Fixtures for the Flows window: the app's services over a migrated store with the demo data, a flow
fixture file, and a way to open the window that closes it again after the test."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import Engine

from cti_desktop.gui.flows.dialog import FlowsDialog
from cti_desktop.services.app_services import AppServices, build_services
from cti_desktop.services.demo import create_demo_data_if_empty
from cti_desktop.settings import Settings

FIXTURES = Path(__file__).resolve().parents[2] / "fixtures" / "adapter-flows"

# A flow an older tool wrote: an unknown block type, a port to a block that is not there, and a block
# nothing reaches. It is stored with these as warnings, each naming its block.
MIGRATED_FLOW = """{
  "name": "Migrated screen pop",
  "actions": [
    {"id": "start", "type": "SE_Start", "ports": {"done": "old"}},
    {"id": "old", "type": "SE_SFOldThing", "meta": {"title": "Old pop"}, "ports": {"success": "gone"}},
    {"id": "end", "type": "SE_End"}
  ]
}
"""


@pytest.fixture
def services(engine: Engine, db_url: str) -> Iterator[AppServices]:
    services = build_services(Settings(), db_url, engine)
    assert create_demo_data_if_empty(services)
    yield services
    services.close()


@pytest.fixture
def migrated_file(tmp_path: Path) -> Path:
    path = tmp_path / "migrated.json"
    path.write_text(MIGRATED_FLOW, encoding="utf-8")
    return path


@pytest.fixture
def open_flows(
    services: AppServices, show_window: Callable[[FlowsDialog], FlowsDialog]
) -> Callable[[], FlowsDialog]:
    return lambda: show_window(FlowsDialog(services))
