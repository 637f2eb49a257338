"""Step 1 of the element editor, drawn in ui/editor_name_flow.ui: its controls, their order for the
keyboard, and how it looks under high contrast."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication, QWidget
from pytestqt.qtbot import QtBot

from cti_desktop.gui.editor import ElementEditorDialog
from cti_desktop.gui.ui_generated.editor_name_flow_ui import Ui_NameFlowStep
from tests.gui.accessibility import HIGHLIGHT, OUTLINE, frame_is, high_contrast

Opener = Callable[[], ElementEditorDialog]


def test_the_step_is_the_drawn_layout_with_its_labels_and_tab_order(
    qtbot: QtBot, open_editor: Opener
) -> None:
    step = open_editor().name_step
    assert isinstance(step.ui, Ui_NameFlowStep)
    assert step.name_edit is step.ui.actionName and step.flow_combo is step.ui.actionFlow
    assert step.ui.nameLabel.buddy() is step.name_edit
    assert step.ui.shortcutLabel.buddy() is step.shortcut_edit
    controls = [
        step.name_edit,
        step.flow_combo,
        step.order_spin,
        step.active_check,
        step.shortcut_edit,
        step.shortcut_clear,
    ]
    met: list[QWidget] = []
    widget: QWidget = step.name_edit
    for _ in range(40):  # Tab's order, a control's inner parts counted as the control
        owner = next((c for c in controls if c is widget or c.isAncestorOf(widget)), None)
        if owner is not None and owner not in met:
            met.append(owner)
        widget = widget.nextInFocusChain()
    assert met == controls
    step.shortcut_edit.setKeySequence("Ctrl+9")
    qtbot.mouseClick(step.shortcut_clear, Qt.MouseButton.LeftButton)
    assert step.shortcut_edit.keySequence().isEmpty()


def test_under_high_contrast_fields_are_outlined_and_the_focused_one_framed(
    qtbot: QtBot, qapp: QApplication, open_editor: Opener, monkeypatch: pytest.MonkeyPatch
) -> None:
    with high_contrast(qapp, monkeypatch):
        dialog = open_editor()
        dialog.activateWindow()
        step = dialog.name_step
        step.name_edit.setFocus()
        qtbot.waitUntil(step.name_edit.hasFocus)
        assert frame_is(step.name_edit, HIGHLIGHT)
        assert frame_is(step.order_spin, OUTLINE)
        assert frame_is(step.flow_combo, OUTLINE)
