"""The canvas mirrors the flow: every real export opens with a node per block and a curve per connection;
unknown blocks and undeclared ports are drawn, marked; dragging connects and moves, each undoable."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from PySide6.QtCore import QPoint, QPointF, Qt
from pytestqt.qtbot import QtBot

from cti_desktop.flows.editing import position_of
from cti_desktop.gui.flow_designer.items import HEADER_HEIGHT, NodeItem
from cti_desktop.gui.flow_designer.scene import POSITION_SCALE
from cti_desktop.gui.flow_designer.window import FlowDesignerWindow

from .conftest import FIXTURE_FILES, FIXTURES, OpenDesigner


def view_point(window: FlowDesignerWindow, point: QPointF) -> QPoint:
    return window.view.mapFromScene(point)


def header_point(node: NodeItem) -> QPointF:
    return node.mapToScene(QPointF(60, HEADER_HEIGHT / 2))


def drag(qtbot: QtBot, window: FlowDesignerWindow, start: QPointF, end: QPointF) -> None:
    viewport = window.view.viewport()
    begin, finish = view_point(window, start), view_point(window, end)
    qtbot.mousePress(viewport, Qt.MouseButton.LeftButton, pos=begin)
    middle = QPoint((begin.x() + finish.x()) // 2, (begin.y() + finish.y()) // 2)
    qtbot.mouseMove(viewport, middle)
    qtbot.mouseMove(viewport, finish)
    qtbot.mouseRelease(viewport, Qt.MouseButton.LeftButton, pos=finish)


@pytest.mark.parametrize("file_name", FIXTURE_FILES)
def test_every_real_export_opens_with_its_blocks_and_connections(
    open_designer: OpenDesigner, file_name: str
) -> None:
    data = json.loads((FIXTURES / file_name).read_text(encoding="utf-8"))
    window = open_designer(file_name)
    scene = window.scene
    assert [node.block_id for node in scene.nodes] == [action["id"] for action in data["actions"]]
    ids = {action["id"] for action in data["actions"]}
    expected = {
        (action["id"], outcome, target)
        for action in data["actions"]
        for outcome, target in (action.get("ports") or {}).items()
        if target in ids
    }
    drawn = {(edge.source.block_id, edge.outcome, edge.target.block_id) for edge in scene.edges}
    assert drawn == expected
    for action in data["actions"]:
        node = scene.node(action["id"])
        assert node is not None
        assert not node.unknown, f"{action['type']} should be a known block"
        # One output port per declared outcome, at least, and the file's ports among them.
        assert set(action.get("ports") or {}) <= set(node.ports)
        position = action.get("position")
        if position:
            assert node.pos().x() == pytest.approx(position[0] * POSITION_SCALE)
            assert node.pos().y() == pytest.approx(position[1] * POSITION_SCALE)


def test_unknown_blocks_and_undeclared_ports_are_drawn_marked(
    open_designer: OpenDesigner, migrated_file: Path
) -> None:
    window = open_designer(str(migrated_file))
    old = window.scene.node("old")
    assert old is not None and old.unknown
    assert "Unknown block type" in old.toolTip()
    assert old.ports["success"].dangling
    assert "not in the flow" in old.ports["success"].toolTip()
    log = window.scene.node("log")
    assert log is not None
    assert log.ports["done"].declared and not log.ports["maybe"].declared
    assert {edge.outcome for edge in window.scene.edges if edge.source is log} == {"done", "maybe"}
    start = window.scene.node("start")
    assert start is not None and not start.has_input()


def test_dragging_from_a_port_onto_a_block_connects_and_re_dragging_replaces(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    source = window.scene.node("uid-9")
    end, start_node = window.scene.node("uid-11"), window.scene.node("uid-7")
    assert source is not None and end is not None and start_node is not None
    port = source.ports["failure"]
    window.view.centerOn(source)
    drag(qtbot, window, port.scenePos(), header_point(end))
    assert window.editor.action("uid-9").ports["failure"] == "uid-11"
    assert window.scene.edge("uid-9", "failure") is not None
    assert window.undo_stack.count() == 1
    drag(qtbot, window, port.scenePos(), header_point(start_node))
    assert window.editor.action("uid-9").ports["failure"] == "uid-7"
    window.undo_stack.undo()
    assert window.editor.action("uid-9").ports["failure"] == "uid-11"
    window.undo_stack.undo()
    assert "failure" not in window.editor.action("uid-9").ports
    assert window.scene.edge("uid-9", "failure") is None


def test_dropping_a_port_on_empty_canvas_changes_nothing(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    source = window.scene.node("uid-3")
    assert source is not None
    window.view.centerOn(source)
    drag(
        qtbot,
        window,
        source.ports["failure"].scenePos(),
        source.ports["failure"].scenePos() + QPointF(40, 90),
    )
    assert "failure" not in window.editor.action("uid-3").ports
    assert window.undo_stack.count() == 0


def test_dragging_a_block_is_one_undo_step_and_undo_restores_the_exact_position(
    qtbot: QtBot, open_designer: OpenDesigner
) -> None:
    window = open_designer("onConnecting.json")
    node = window.scene.node("uid-11")
    assert node is not None
    before = window.editor.action("uid-11").position
    window.view.centerOn(node)
    grab = header_point(node)
    drag(qtbot, window, grab, grab + QPointF(81, 54))
    assert window.undo_stack.count() == 1
    assert window.undo_stack.undoText() == "Move 1 block"
    moved = position_of(window.editor.action("uid-11"))
    assert moved is not None
    assert moved[0] == pytest.approx(before[0] + 81 / POSITION_SCALE, abs=1)
    assert moved[1] == pytest.approx(before[1] + 54 / POSITION_SCALE, abs=1)
    edge = window.scene.edge("uid-9", "success")
    assert edge is not None
    assert edge.path().pointAtPercent(1).x() == pytest.approx(node.input_point().x())
    window.undo_stack.undo()
    assert window.editor.action("uid-11").position == before
    assert node.pos().x() == pytest.approx(before[0] * POSITION_SCALE)


def test_rubber_band_selects_the_blocks_it_covers(qtbot: QtBot, open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    a, b = window.scene.node("uid-7"), window.scene.node("uid-9")
    assert a is not None and b is not None
    bounds = a.sceneBoundingRect().united(b.sceneBoundingRect()).adjusted(-20, -20, 20, 20)
    window.view.centerOn(bounds.center())
    drag(qtbot, window, bounds.topLeft(), bounds.bottomRight())
    assert set(window.scene.selected_ids()) == {"uid-7", "uid-9"}
    assert window.undo_stack.count() == 0


def test_the_menus_of_a_port_and_a_connection_disconnect(open_designer: OpenDesigner) -> None:
    window = open_designer("onConnecting.json")
    source = window.scene.node("uid-3")
    assert source is not None
    unconnected = source.ports["failure"].build_menu(window.view)
    assert not unconnected.actions()[0].isEnabled()
    menu = source.ports["success"].build_menu(window.view)
    assert menu.actions()[0].text() == "Disconnect “success”"
    menu.actions()[0].trigger()
    assert "success" not in window.editor.action("uid-3").ports
    edge = window.scene.edge("uid-1", "done")
    assert edge is not None
    edge.build_menu(window.view).actions()[0].trigger()
    assert window.editor.action("uid-1").ports == {}
    assert window.undo_stack.count() == 2
