"""The Flows table model: columns, the picklist's labels (an unknown source never breaks it), problem
counts with their blocks, the Active box sent out rather than written, and Qt's model rules."""

from __future__ import annotations

import json
from datetime import UTC, datetime
from typing import Any

import pytest
from PySide6.QtCore import QSortFilterProxyModel, Qt
from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot

from cti_desktop.flows.blocks import default_registry
from cti_desktop.gui.flows.model import (
    COL_ACTIVE,
    COL_BLOCKS,
    COL_EVENT,
    COL_NAME,
    COL_PROBLEMS,
    COL_SOURCE,
    COL_VERSION,
    FLOW_ROLE,
    HEADERS,
    SORT_ROLE,
    FlowItem,
    FlowTableModel,
    flow_item,
)
from cti_desktop.services.flows import StoredFlow
from cti_desktop.store.models import FlowRow

from .conftest import MIGRATED_FLOW

pytestmark = pytest.mark.usefixtures("qapp")  # the Problems column's icons come from the style

LABELS = {"ctiAction": "CTI Action", "voiceContact": "Voice Contact (phone)"}
GOOD_FLOW = {
    "actions": [{"id": "0", "type": "SE_Start", "ports": {"done": "1"}}, {"id": "1", "type": "SE_End"}]
}


def item(name: str, document: Any = None, **settings: Any) -> FlowItem:
    now = datetime.now(UTC)
    row = FlowRow(
        id=settings.pop("id", 1),
        name=name,
        document=GOOD_FLOW if document is None else document,
        created_at=now,
        updated_at=now,
        **settings,
    )
    return flow_item(StoredFlow.from_row(row), LABELS, default_registry())


@pytest.fixture
def model() -> FlowTableModel:
    model = FlowTableModel()
    model.set_flows(
        [
            item("Gift Card", source="ctiAction", active=True, version=3),
            item("Screen pop", source="voiceContact", event="onConnecting"),
            item("Old one", json.loads(MIGRATED_FLOW), source="salesforceUi", event="onHvsWorkStart"),
            item("Fresh import"),
        ]
    )
    return model


def cell(model: FlowTableModel, row: int, column: int, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
    return model.index(row, column).data(role)


def test_passes_qt_model_checks(qtmodeltester: ModelTester, model: FlowTableModel) -> None:
    qtmodeltester.check(model)
    model.set_flows([])
    qtmodeltester.check(model)


def test_columns_show_each_setting(model: FlowTableModel) -> None:
    assert [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())] == list(
        HEADERS
    )
    assert [cell(model, 0, c) for c in range(len(HEADERS)) if c != COL_ACTIVE] == [
        "Gift Card",
        "CTI Action",
        "—",
        3,
        2,
        0,
    ]
    assert cell(model, 0, COL_ACTIVE, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell(model, 1, COL_ACTIVE, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert cell(model, 1, COL_EVENT) == "onConnecting"
    assert model.flags(model.index(0, COL_ACTIVE)) & Qt.ItemFlag.ItemIsUserCheckable
    assert not model.flags(model.index(0, COL_NAME)) & Qt.ItemFlag.ItemIsEditable


def test_source_labels_come_from_the_picklist_and_unknown_values_are_named(model: FlowTableModel) -> None:
    assert cell(model, 1, COL_SOURCE) == "Voice Contact (phone)"
    assert cell(model, 2, COL_SOURCE) == "Unknown source (salesforceUi)"
    assert cell(model, 2, COL_SOURCE, Qt.ItemDataRole.ForegroundRole) is not None
    assert cell(model, 3, COL_SOURCE) == "No source yet"
    assert "value: voiceContact" in cell(model, 1, COL_SOURCE, Qt.ItemDataRole.ToolTipRole)


def test_problems_are_counted_and_listed_with_their_blocks_and_severity(model: FlowTableModel) -> None:
    assert cell(model, 2, COL_PROBLEMS) == 3
    tooltip = cell(model, 2, COL_PROBLEMS, Qt.ItemDataRole.ToolTipRole)
    lines = tooltip.splitlines()
    assert len(lines) == 3
    assert all(line.startswith("Warning: block ") for line in lines)
    assert "block old, SE_SFOldThing \"Old pop\": unknown block type 'SE_SFOldThing'" in tooltip
    assert "block end, SE_End: no path from SE_Start reaches this block" in tooltip
    assert cell(model, 2, COL_PROBLEMS, Qt.ItemDataRole.DecorationRole) is not None
    assert cell(model, 0, COL_PROBLEMS, Qt.ItemDataRole.ToolTipRole) == "No problems found"
    assert cell(model, 2, COL_PROBLEMS, Qt.ItemDataRole.AccessibleTextRole) == "3 problems"


def test_a_stored_document_that_cannot_be_read_is_one_error_not_a_crash() -> None:
    broken = item("Broken", {"actions": "not a list"}, source="agent", event="onError")
    assert broken.document is None
    assert broken.block_count == 0
    assert [p.severity for p in broken.problems] == ["error"]
    assert "cannot be read" in broken.problems[0].message
    model = FlowTableModel()
    model.set_flows([broken])
    assert cell(model, 0, COL_PROBLEMS) == 1
    assert cell(model, 0, COL_PROBLEMS, Qt.ItemDataRole.ForegroundRole) is not None


def test_ticking_active_asks_for_the_change_without_making_it(qtbot: QtBot, model: FlowTableModel) -> None:
    index = model.index(1, COL_ACTIVE)
    with qtbot.waitSignal(model.active_toggled) as blocker:
        assert model.setData(index, Qt.CheckState.Checked.value, Qt.ItemDataRole.CheckStateRole)
    assert blocker.args == ["Screen pop", True]
    assert cell(model, 1, COL_ACTIVE, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Unchecked
    assert not model.setData(model.index(1, COL_NAME), "x", Qt.ItemDataRole.EditRole)

    stored = item("Screen pop", source="voiceContact", event="onConnecting", active=True)
    with qtbot.waitSignal(model.dataChanged):
        model.replace_flow(stored)
    assert cell(model, 1, COL_ACTIVE, Qt.ItemDataRole.CheckStateRole) == Qt.CheckState.Checked
    assert cell(model, 1, COL_NAME, FLOW_ROLE) is stored


def test_sorting_uses_numbers_and_active_not_text(model: FlowTableModel) -> None:
    proxy = QSortFilterProxyModel()
    proxy.setSourceModel(model)
    proxy.setSortRole(SORT_ROLE)
    proxy.sort(COL_PROBLEMS, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_NAME).data() == "Old one"
    proxy.sort(COL_VERSION, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_NAME).data() == "Gift Card"
    proxy.sort(COL_ACTIVE, Qt.SortOrder.DescendingOrder)
    assert proxy.index(0, COL_NAME).data() == "Gift Card"
    proxy.sort(COL_BLOCKS, Qt.SortOrder.AscendingOrder)
    assert proxy.index(0, COL_BLOCKS).data() == 2
