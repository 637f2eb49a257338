"""The canvas from the keyboard and the wheel: Tab walks the blocks and leaves after the last, arrows move
the selection (a held key is one undo step), Esc cancels a connection drag, Ctrl+wheel and Ctrl+=/-
zoom, Ctrl+0 fits the flow, Ctrl+A selects every block."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from PySide6.QtGui import QWheelEvent
from PySide6.QtWidgets import QApplication
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flow_designer.scene import POSITION_SCALE
from cti_desktop.gui.flow_designer.view import ARROW_STEP, FINE_STEP

from .conftest import OpenDesigner


def test_tab_walks_the_blocks_in_flow_order_then_leaves(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.view.setFocus()
    window.scene.select_blocks([])
    seen = []
    for _ in window.editor.ids():
        qtbot.keyClick(window.view, Qt.Key.Key_Tab)
        seen.append(window.scene.selected_ids())
    assert seen == [[block_id] for block_id in window.editor.ids()]
    assert window.inspector.current_id() == "uid-11"
    qtbot.keyClick(window.view, Qt.Key.Key_Tab)
    assert window.scene.selected_ids() == []
    assert QApplication.focusWidget() is not window.view
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.scene.selected_ids() == ["uid-11"]


def test_arrows_move_the_selected_blocks_and_a_held_key_is_one_step(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    window.view.setFocus()
    window.scene.select_blocks(["uid-0", "uid-1"])
    before = {block_id: list(window.editor.action(block_id).position) for block_id in ("uid-0", "uid-1")}
    qtbot.keyPress(window.view, Qt.Key.Key_Right)
    qtbot.keyPress(window.view, Qt.Key.Key_Right)
    qtbot.keyRelease(window.view, Qt.Key.Key_Right)
    qtbot.keyClick(window.view, Qt.Key.Key_Down, Qt.KeyboardModifier.ShiftModifier)
    for block_id, (x, y) in before.items():
        new_x, new_y = window.editor.action(block_id).position
        assert new_x == pytest.approx(x + 2 * ARROW_STEP / POSITION_SCALE, abs=0.02)
        assert new_y == pytest.approx(y + FINE_STEP / POSITION_SCALE, abs=0.02)
    assert window.undo_stack.count() == 2
    window.undo_stack.undo()
    window.undo_stack.undo()
    assert {block_id: window.editor.action(block_id).position for block_id in before} == before


def test_arrows_without_a_selection_scroll_the_canvas(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.view.setFocus()
    window.scene.select_blocks([])
    qtbot.keyClick(window.view, Qt.Key.Key_Right)
    assert window.undo_stack.count() == 0


def test_escape_cancels_a_connection_being_dragged(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    node = window.scene.node("uid-3")
    assert node is not None
    window.scene.start_connection(node.ports["failure"], node.ports["failure"].scenePos())
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_Escape)
    window.scene.finish_connection(node.scenePos())
    assert "failure" not in window.editor.action("uid-3").ports
    assert window.undo_stack.count() == 0


def test_ctrl_wheel_and_keys_zoom_and_ctrl_0_fits(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    view = window.view
    view.setFocus()
    view.resetTransform()
    start = view.zoom()
    center = QPointF(view.viewport().rect().center())
    wheel = QWheelEvent(
        center,
        view.mapToGlobal(center),
        QPoint(0, 0),
        QPoint(0, 120),
        Qt.MouseButton.NoButton,
        Qt.KeyboardModifier.ControlModifier,
        Qt.ScrollPhase.NoScrollPhase,
        False,
    )
    QApplication.sendEvent(view.viewport(), wheel)
    assert view.zoom() == pytest.approx(start * 1.15)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(view, Qt.Key.Key_Minus, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() == pytest.approx(start / 1.15)
    qtbot.keyClick(view, Qt.Key.Key_0, Qt.KeyboardModifier.ControlModifier)
    assert view.zoom() <= 1.0
    shown = view.mapToScene(view.viewport().rect()).boundingRect()
    assert shown.contains(window.scene.items_bounds())
    for _ in range(40):
        view.zoom_in()
    assert view.zoom() == pytest.approx(3.0)


def test_ctrl_a_on_the_canvas_selects_every_block(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_A, Qt.KeyboardModifier.ControlModifier)
    assert window.scene.selected_ids() == window.editor.ids()
    assert window.inspector.current_id() is None


def test_the_palette_adds_from_the_keyboard_and_filters(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    palette = window.block_palette
    qtbot.keyClicks(palette.filter_edit, "phone")
    shown = palette.shown_titles()
    assert shown and all("phone" in f"{text} ".lower() or "Phone" in text for text in shown)
    index = palette.index_of("SE_CoreFormatPhoneNumberE164")
    assert index.isValid() and palette.is_shown(index)
    palette.tree.setFocus()
    palette.tree.setCurrentIndex(index)
    qtbot.keyClick(palette.tree, Qt.Key.Key_Return)
    assert window.editor.action(window.editor.ids()[-1]).type == "SE_CoreFormatPhoneNumberE164"


def test_a_small_resize_keeps_the_fitted_zoom_so_scroll_bars_cannot_make_it_swing(
    open_designer: OpenDesigner,
) -> None:
    window = open_designer("01-legacy.json")
    view = window.view
    view.fit()
    fitted = view.zoom()
    view.resetTransform()
    view.scale(fitted * 1.02, fitted * 1.02)  # as if a scroll bar had come or gone
    view.fit(settle=True)
    assert view.zoom() == pytest.approx(fitted * 1.02)
    view.fit()  # Ctrl+0 fits exactly
    assert view.zoom() == pytest.approx(fitted)
    view.resetTransform()
    view.scale(fitted * 1.5, fitted * 1.5)
    view.fit(settle=True)  # a real resize fits again
    assert view.zoom() == pytest.approx(fitted)
