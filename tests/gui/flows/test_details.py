"""The Flows window's details pane, drawn in ui/flow_details.ui: the drawn controls carry the pane's
behaviour, and under high contrast its fields are outlined and the focused one framed."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flows.dialog import FlowsDialog
from cti_desktop.gui.ui_generated.flow_details_ui import Ui_FlowDetails
from tests.gui.accessibility import HIGHLIGHT, OUTLINE, frame_is, high_contrast

OpenFlows = Callable[[], FlowsDialog]


def test_the_pane_is_the_drawn_layout_and_edits_mark_it_changed(qtbot: QtBot, open_flows: OpenFlows) -> None:
    dialog = open_flows()
    details = dialog.details
    assert isinstance(details.ui, Ui_FlowDetails)
    assert details.ui.descriptionLabel.buddy() is details.description_edit
    assert details.ui.eventLabel.buddy() is details.event_combo
    assert details.heading.font().bold()
    assert details.item() is not None
    with qtbot.waitSignal(details.changed):
        qtbot.keyClicks(details.description_edit, " More.")
    assert details.is_dirty() and details.heading.text().endswith(" *")
    details.active_check.setFocus()
    qtbot.keyClick(details.active_check, Qt.Key.Key_Space)
    assert details.read().active is not details.item().active  # type: ignore[union-attr]


def test_under_high_contrast_fields_are_outlined_and_the_focused_one_framed(
    qtbot: QtBot, qapp: QApplication, open_flows: OpenFlows, monkeypatch: pytest.MonkeyPatch
) -> None:
    with high_contrast(qapp, monkeypatch):
        dialog = open_flows()
        dialog.activateWindow()
        details = dialog.details
        details.description_edit.setFocus()
        qtbot.waitUntil(details.description_edit.hasFocus)
        assert frame_is(details.description_edit, HIGHLIGHT)
        assert frame_is(details.source_combo, OUTLINE)
