"""The canvas's scene: mirrors the `FlowEditor`'s document (a node per block, a curve per connection) and
turns what the user does on it into requests: `connect_requested`, `move_requested`. It never edits the
document itself; the window pushes an undoable command, the editor changes the document, and the change
comes back here through `FlowEditor.changed`."""

from __future__ import annotations

import math

from PySide6.QtCore import QLineF, QPointF, QRect, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPen
from PySide6.QtWidgets import QGraphicsPathItem, QGraphicsScene, QGraphicsSceneMouseEvent, QWidget

from cti_desktop.flows.document import Problem
from cti_desktop.flows.editing import FlowChange, FlowEditor, position_of
from cti_desktop.flows.registry import BlockRegistry
from cti_desktop.gui.flow_designer.items import NODE_WIDTH, EdgeItem, NodeItem, PortItem, curve
from cti_desktop.gui.flow_designer.run_marks import RunPath

# Where blocks without a usable position go: a grid under the others.
GRID_X, GRID_Y = NODE_WIDTH + 60.0, 140.0
GRID_COLUMNS = 4
SCENE_MARGIN = 600.0
GRID_STEP = 40.0
GRID_COLOR = QColor("#e3e6eb")


def _steps(start: float, end: float) -> list[float]:
    count = max(0, int((end - start) / GRID_STEP) + 1)
    return [start + index * GRID_STEP for index in range(min(count, 2000))]


# The adapter's own cards are narrower than ours: its positions are spread out by this much on the canvas
# (and divided by it when written back), so a flow keeps its layout without blocks overlapping.
POSITION_SCALE = 1.35


def scene_point(point: tuple[float, float]) -> QPointF:
    return QPointF(point[0] * POSITION_SCALE, point[1] * POSITION_SCALE)


def file_point(point: QPointF) -> tuple[float, float]:
    return (round(point.x() / POSITION_SCALE, 2), round(point.y() / POSITION_SCALE, 2))


class FlowScene(QGraphicsScene):
    # (source id, outcome, target id): the user dragged from an outcome port onto a block.
    connect_requested = Signal(str, str, str)
    # (drag serial, {block id: (x, y)}): blocks dragged; one serial per drag so the moves merge.
    move_requested = Signal(int, object)
    # (source id, outcome): the user asked to disconnect it (a port's or a connection's menu).
    disconnect_requested = Signal(str, str)

    def __init__(self, editor: FlowEditor, registry: BlockRegistry, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.editor = editor
        self.registry = registry
        self.nodes: list[NodeItem] = []
        self.edges: list[EdgeItem] = []
        self._syncing = False  # positions set from the document, not dragged by the user
        self._drag_serial = 0
        self._dragging = False
        self._pending: QGraphicsPathItem | None = None
        self._pending_port: PortItem | None = None
        # The run shown on the canvas, and the blocks a test run pauses at.
        self.run_path = RunPath()
        self.breakpoints: set[str] = set()
        self.setBackgroundBrush(QColor("#f4f5f7"))
        self.sync_nodes()
        editor.changed.connect(self.document_changed)

    def drawBackground(self, painter: QPainter, area: QRectF | QRect) -> None:
        """A light grid, so moved blocks have something to line up with."""
        super().drawBackground(painter, area)
        rect = QRectF(area)
        left = math.floor(rect.left() / GRID_STEP) * GRID_STEP
        top = math.floor(rect.top() / GRID_STEP) * GRID_STEP
        lines = [QLineF(x, rect.top(), x, rect.bottom()) for x in _steps(left, rect.right())]
        lines += [QLineF(rect.left(), y, rect.right(), y) for y in _steps(top, rect.bottom())]
        painter.setPen(QPen(GRID_COLOR, 0))
        painter.drawLines(lines)

    def detach(self) -> None:
        self.editor.changed.disconnect(self.document_changed)

    # -- reading -----------------------------------------------------------------------------------------

    def node(self, block_id: str) -> NodeItem | None:
        """The node of the block with this id (the first one, if a file used an id twice)."""
        for node in self.nodes:
            if node.block_id == block_id:
                return node
        return None

    def selected_ids(self) -> list[str]:
        ids = []
        for node in self.nodes:
            if node.isSelected() and node.block_id not in ids:
                ids.append(node.block_id)
        return ids

    def selected_edges(self) -> list[EdgeItem]:
        return [edge for edge in self.edges if edge.isSelected()]

    def select_blocks(self, block_ids: list[str]) -> None:
        wanted = set(block_ids)
        self.blockSignals(True)
        try:
            self.clearSelection()
            for node in self.nodes:
                node.setSelected(node.block_id in wanted)
        finally:
            self.blockSignals(False)
        self.selectionChanged.emit()

    def edge(self, source_id: str, outcome: str) -> EdgeItem | None:
        for edge in self.edges:
            if edge.source.block_id == source_id and edge.outcome == outcome:
                return edge
        return None

    # -- mirroring the document --------------------------------------------------------------------------

    def document_changed(self, change: FlowChange) -> None:
        if change.kind in ("added", "removed"):
            self.sync_nodes()
            return
        for node in self.nodes:
            if node.block_id != change.block_id:
                continue
            if change.kind == "moved" and position_of(node.action) is None:
                self._place_unpositioned()  # undoing the first move of a block the file gave no position
            elif change.kind == "moved":
                self._place(node)
            else:
                node.refresh()
        if change.kind == "ports":
            self.sync_edges()
        if not self._dragging:
            if change.kind == "moved":
                self.reroute()
            self._grow()  # during a drag it would scroll the view under the mouse; done on release

    def sync_nodes(self) -> None:
        """Make the nodes match the document's actions (the same Action objects, in its order)."""
        actions = self.editor.document.actions
        present = {id(action) for action in actions}
        for node in [node for node in self.nodes if id(node.action) not in present]:
            self.nodes.remove(node)
            self.removeItem(node)
        known = {id(node.action): node for node in self.nodes}
        ordered: list[NodeItem] = []
        for action in actions:
            existing = known.get(id(action))
            if existing is None:
                existing = NodeItem(action, self.registry.get(action.type))
                existing.set_breakpoint(action.id in self.breakpoints)
                self.addItem(existing)
                self._place(existing)
            ordered.append(existing)
        self.nodes = ordered
        self._place_unpositioned()
        self.sync_edges()
        self._grow()

    def _place(self, node: NodeItem) -> None:
        point = position_of(node.action)
        if point is None:
            return
        self._syncing = True
        try:
            node.setPos(scene_point(point))
        finally:
            self._syncing = False

    def _place_unpositioned(self) -> None:
        """Blocks the file gave no position: laid out in a grid below the others (not written back
        until the user moves them)."""
        loose = [node for node in self.nodes if position_of(node.action) is None]
        if not loose:
            return
        placed = [node for node in self.nodes if position_of(node.action) is not None]
        bottom = max((node.sceneBoundingRect().bottom() for node in placed), default=-GRID_Y)
        left = min((node.pos().x() for node in placed), default=0.0)
        self._syncing = True
        try:
            for index, node in enumerate(loose):
                row, column = divmod(index, GRID_COLUMNS)
                node.setPos(left + column * GRID_X, bottom + GRID_Y * 0.5 + row * GRID_Y)
        finally:
            self._syncing = False

    def sync_edges(self) -> None:
        for edge in self.edges:
            self.removeItem(edge)
        self.edges = []
        ids = {node.block_id for node in self.nodes}
        for node in self.nodes:
            for outcome, port in node.ports.items():
                target_id = node.action.ports.get(outcome)
                port.set_target(target_id, target_id is not None and target_id not in ids)
                target = self.node(target_id) if target_id is not None else None
                if target is not None:
                    edge = EdgeItem(node, outcome, target)
                    edge.set_taken((node.block_id, outcome) in self.run_path.taken)
                    self.addItem(edge)
                    edge.update_path()  # now that it can see the blocks in its way
                    self.edges.append(edge)

    def show_run(self, path: RunPath) -> None:
        """Light a run's path: badges on the blocks it ran, the links it took."""
        self.run_path = path
        self._apply_run()

    def clear_run(self) -> None:
        self.show_run(RunPath())

    def _apply_run(self) -> None:
        path = self.run_path
        for node in self.nodes:
            node.set_run_state(path.marks.get(node.block_id), node.block_id == path.paused_at)
            node.set_breakpoint(node.block_id in self.breakpoints)
        for edge in self.edges:
            edge.set_taken((edge.source.block_id, edge.outcome) in path.taken)

    def set_breakpoints(self, block_ids: set[str]) -> None:
        self.breakpoints = set(block_ids)
        self._apply_run()

    def set_problems(self, problems: list[Problem]) -> None:
        by_block: dict[str, list[Problem]] = {}
        for problem in problems:
            by_block.setdefault(problem.block_id, []).append(problem)
        for node in self.nodes:
            node.set_problems(by_block.get(node.block_id, []))

    def _grow(self) -> None:
        """Keep room around the blocks to drop new ones and to pan."""
        bounds = self.itemsBoundingRect() if self.nodes else QRectF(0, 0, 400, 300)
        self.setSceneRect(bounds.adjusted(-SCENE_MARGIN, -SCENE_MARGIN, SCENE_MARGIN, SCENE_MARGIN))

    # -- dragging blocks ---------------------------------------------------------------------------------

    def node_moved(self, node: NodeItem) -> None:
        for edge in self.edges:
            if edge.source is node or edge.target is node:
                edge.update_path()
        if self._syncing or not self._dragging:
            return
        moved = {
            item.block_id: file_point(item.pos())
            for item in self.nodes
            if (item.isSelected() or item is node) and position_of(item.action) != file_point(item.pos())
        }
        if moved:
            self.move_requested.emit(self._drag_serial, moved)

    def mousePressEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._drag_serial += 1
            self._dragging = True
        super().mousePressEvent(event)

    def mouseReleaseEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._pending is not None:
            self.finish_connection(event.scenePos())
            event.accept()
            return
        super().mouseReleaseEvent(event)
        self._dragging = False
        self.reroute()
        self._grow()

    def reroute(self) -> None:
        """Draw every link again: a moved block may now stand in a link's way, or no longer."""
        for edge in self.edges:
            edge.update_path()

    # -- connecting by dragging from a port --------------------------------------------------------------

    def start_connection(self, port: PortItem, point: QPointF) -> None:
        self._pending_port = port
        self._pending = QGraphicsPathItem()
        self._pending.setPen(QPen(QColor("#1e88e5"), 2, Qt.PenStyle.DashLine))
        self._pending.setZValue(10)
        self.addItem(self._pending)
        self._pending.setPath(curve(port.scenePos(), point))

    def mouseMoveEvent(self, event: QGraphicsSceneMouseEvent) -> None:
        if self._pending is not None and self._pending_port is not None:
            self._pending.setPath(curve(self._pending_port.scenePos(), event.scenePos()))
            event.accept()
            return
        super().mouseMoveEvent(event)

    def node_at(self, point: QPointF) -> NodeItem | None:
        for item in self.items(point):
            while item is not None and not isinstance(item, NodeItem):
                item = item.parentItem()
            if isinstance(item, NodeItem):
                return item
        return None

    def finish_connection(self, point: QPointF) -> None:
        port, pending = self._pending_port, self._pending
        self._pending_port, self._pending = None, None
        if pending is not None:
            self.removeItem(pending)
        if port is None:
            return
        target = self.node_at(point)
        if target is not None:
            self.connect_requested.emit(port.node.block_id, port.outcome, target.block_id)

    def cancel_connection(self) -> bool:
        if self._pending is None:
            return False
        self._pending_port = None
        self.removeItem(self._pending)
        self._pending = None
        return True

    def items_bounds(self) -> QRectF:
        """The blocks' extent (without the room `_grow` keeps around them)."""
        rect = QRectF()
        for node in self.nodes:
            rect = rect.united(node.sceneBoundingRect())
        return rect
