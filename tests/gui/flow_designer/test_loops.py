"""Loops on the canvas: a link onto its own block is drawn as an arc over it, a link back to an earlier
block runs under the blocks; both are saved and export unchanged, and a loop with no way out is warned
about."""

from __future__ import annotations

import json

from PySide6.QtCore import QPointF, Qt
from pytestqt.qtbot import QtBot

from cti_desktop.gui.flow_designer.items import NODE_WIDTH
from cti_desktop.services.app_services import AppServices
from cti_desktop.store.flows import FlowRepository

from .conftest import OpenDesigner


def test_a_block_linked_to_itself_is_drawn_over_it_saved_and_exported(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    node = window.scene.node("uid-20")
    assert node is not None
    # Drag from the block's own "done" port onto the block.
    port = node.ports["done"]
    window.scene.start_connection(port, port.scenePos())
    window.scene.finish_connection(node.mapToScene(QPointF(NODE_WIDTH / 2, 20)))
    assert window.editor.action("uid-20").ports["done"] == "uid-20"
    edge = window.scene.edge("uid-20", "done")
    assert edge is not None and edge.is_loop()
    arc = edge.path().boundingRect()
    card = node.sceneBoundingRect()
    assert arc.top() < card.top()  # it goes over the block, not through it
    assert arc.left() < card.left() + 1 and arc.right() > node.mapToScene(QPointF(NODE_WIDTH, 0)).x()
    # Nothing leaves SE_Log's loop: validation says so, on the block.
    assert any("leads only back to itself" in text for text in window.problems_list.texts())
    with qtbot.waitSignal(window.undo_stack.cleanChanged):
        qtbot.keyClick(window, Qt.Key.Key_S, Qt.KeyboardModifier.ControlModifier)
    row = services.flows.require(window.flow_name)
    exported = json.loads(FlowRepository.document(row).to_json())
    saved = {action["id"]: action for action in exported["actions"]}
    assert saved["uid-20"]["ports"] == {"done": "uid-20"}
    assert exported == json.loads(window.editor.document.to_json())


def test_a_link_back_to_an_earlier_block_runs_under_both(
    qtbot: QtBot, services: AppServices, open_designer: OpenDesigner
) -> None:
    window = open_designer("03-click-to-dial.json")
    window.connect_blocks("uid-20", "done", "uid-16")  # the Log goes back to formatting the number
    edge = window.scene.edge("uid-20", "done")
    source, target = window.scene.node("uid-20"), window.scene.node("uid-16")
    assert edge is not None and source is not None and target is not None and edge.is_loop()
    lowest = edge.path().boundingRect().bottom()
    assert lowest > max(source.sceneBoundingRect().bottom(), target.sceneBoundingRect().bottom())
    # The dial's "success" still ends the run: a way out, so no warning.
    assert not any("no way out" in text for text in window.problems_list.texts())
    assert window.save()
    data = services.flows.require(window.flow_name).document
    assert {a["id"]: a for a in data["actions"]}["uid-20"]["ports"] == {"done": "uid-16"}
    # Once the earlier block is moved to the right, the link is drawn as an ordinary curve again.
    window.move_blocks(5, {"uid-16": (900.0, 0.0)})
    edge = window.scene.edge("uid-20", "done")
    assert edge is not None and not edge.is_loop()
