"""Tidy on the canvas: on every adapter export no two drawn blocks overlap afterwards, the toolbar button
and Ctrl+L do it, and one undo puts every block back where it was."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from cti_desktop.flows.layout import card_size
from cti_desktop.gui.flow_designer.scene import POSITION_SCALE
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow

from .conftest import FIXTURE_FILES, OpenDesigner


def _cards_overlap(window: FlowDesignerWindow) -> list[tuple[str, str]]:
    cards = [(node.block_id, node.mapRectToScene(node.shape().boundingRect())) for node in window.scene.nodes]
    return [
        (first, second)
        for index, (first, rect) in enumerate(cards)
        for second, other in cards[index + 1 :]
        if rect.intersects(other)
    ]


@pytest.mark.parametrize("file_name", FIXTURE_FILES)
def test_tidy_leaves_no_overlaps_and_undoes_in_one_step(
    qtbot: QtBot, open_designer: OpenDesigner, file_name: str
) -> None:
    window = open_designer(file_name)
    before = {action.id: action.position for action in window.editor.document.actions}
    window.view.setFocus()
    qtbot.keyClick(window.view, Qt.Key.Key_L, Qt.KeyboardModifier.ControlModifier)
    assert window.undo_stack.count() == 1 and window.undo_stack.undoText() == "Tidy"
    assert _cards_overlap(window) == []
    nodes = {node.block_id: node for node in window.scene.nodes}
    for action in window.editor.document.actions:
        for target in action.ports.values():
            if target in nodes and target != action.id:
                assert nodes[target].x() > nodes[action.id].x()
    assert _links_through_cards(window) == []
    window.undo_stack.undo()
    assert {action.id: action.position for action in window.editor.document.actions} == before


def _links_through_cards(window: FlowDesignerWindow) -> list[tuple[str, str, str]]:
    """(source, outcome, block) for each link drawn across a block that is not one of its ends."""
    found = []
    for edge in window.scene.edges:
        path = edge.path()
        for node in window.scene.nodes:
            if node is edge.source or node is edge.target:
                continue
            card = node.card_rect()
            if any(card.contains(path.pointAtPercent(step / 100)) for step in range(1, 100)):
                found.append((edge.source.block_id, edge.outcome, node.block_id))
    return found


def test_a_link_with_a_block_in_its_way_goes_around_it(open_designer: OpenDesigner) -> None:
    window = open_designer("03-click-to-dial.json")
    # Put the Log block right between the dial and the end, on the dial's "success" link.
    dial, end = window.editor.action("uid-18").position, window.editor.action("uid-13").position
    middle = ((dial[0] + end[0]) / 2, (dial[1] + end[1]) / 2)
    window.move_blocks(1, {"uid-20": middle})
    assert _links_through_cards(window) == []
    edge = window.scene.edge("uid-18", "success")
    assert edge is not None and not edge.is_loop()


def test_the_cards_are_the_size_the_layout_reckons_with(open_designer: OpenDesigner) -> None:
    window = open_designer("01-legacy.json")
    for node in window.scene.nodes:
        width, height = card_size(node.action, window.registry)
        assert node.shape().boundingRect().width() == pytest.approx(width * POSITION_SCALE)
        assert node.height() == pytest.approx(height * POSITION_SCALE)


def test_overlapping_blocks_are_pulled_apart_by_the_toolbar_button(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    window.move_blocks(1, {block_id: (10.0, 10.0) for block_id in window.editor.ids()})
    assert _cards_overlap(window)
    window.tidy_action.trigger()
    assert _cards_overlap(window) == []
    window.undo_stack.undo()
    assert len(_cards_overlap(window)) > 0
    window.tidy()
    window.tidy()
    assert window.status.text() == "The flow is already tidy."
