"""The canvas's view: zoom (Ctrl+wheel, Ctrl+= / Ctrl+-, Ctrl+0 fits the flow), pan (middle button or
Space+drag, or the scroll bars), rubber-band selection, drops from the palette, and the keyboard: Tab
walks the blocks (Ctrl+Tab leaves), arrows move the selected blocks, Del deletes, Esc cancels a drag."""

from __future__ import annotations

from PySide6.QtCore import QPoint, QPointF, Qt, Signal
from PySide6.QtGui import (
    QDragEnterEvent,
    QDragMoveEvent,
    QDropEvent,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QResizeEvent,
    QWheelEvent,
)
from PySide6.QtWidgets import QGraphicsView, QWidget

from cti_desktop.gui.flow_designer.palette import BLOCK_TYPE_MIME
from cti_desktop.gui.flow_designer.scene import FlowScene, file_point

MIN_ZOOM, MAX_ZOOM = 0.2, 3.0
ZOOM_STEP = 1.15
# A resize that would change the fitted zoom by less than this keeps the zoom (see `fit`).
SETTLE_RATIO = 0.05
ARROW_STEP, FINE_STEP = 20.0, 2.0
ARROWS = (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Up, Qt.Key.Key_Down)


class FlowView(QGraphicsView):
    # (block type, scene position): a type dropped from the palette.
    drop_requested = Signal(str, QPointF)
    delete_requested = Signal()
    # (drag serial, {block id: (x, y)}): blocks moved with the arrow keys.
    nudge_requested = Signal(int, object)

    def __init__(self, scene: FlowScene, parent: QWidget | None = None) -> None:
        super().__init__(scene, parent)
        self.flow_scene = scene
        self.setObjectName("flowCanvas")
        self.setAccessibleName("Flow canvas")
        self.viewport().setAccessibleName("Flow canvas")
        self.setAccessibleDescription(
            "Tab selects the next block, arrows move it, Delete removes it, Ctrl+0 fits the flow"
        )
        self.setRenderHints(QPainter.RenderHint.Antialiasing | QPainter.RenderHint.TextAntialiasing)
        self.setDragMode(QGraphicsView.DragMode.RubberBandDrag)
        self.setTransformationAnchor(QGraphicsView.ViewportAnchor.AnchorUnderMouse)
        self.setResizeAnchor(QGraphicsView.ViewportAnchor.AnchorViewCenter)
        self.setViewportUpdateMode(QGraphicsView.ViewportUpdateMode.BoundingRectViewportUpdate)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setAcceptDrops(True)
        self._pan_from: QPoint | None = None
        self._space = False
        self._nudge_serial = 1_000_000  # apart from the scene's drag serials
        self._last_nudge_key: int | None = None
        # Until the user zooms, the flow stays fitted as the window is shown and resized.
        self.auto_fit = True

    # -- zoom ------------------------------------------------------------------------------------------

    def zoom(self) -> float:
        return self.transform().m11()

    def zoom_by(self, factor: float) -> None:
        self.auto_fit = False
        wanted = min(max(self.zoom() * factor, MIN_ZOOM), MAX_ZOOM)
        factor = wanted / self.zoom()
        self.scale(factor, factor)

    def zoom_in(self) -> None:
        self.zoom_by(ZOOM_STEP)

    def zoom_out(self) -> None:
        self.zoom_by(1 / ZOOM_STEP)

    def fit(self, settle: bool = False) -> None:
        """Show the whole flow, no larger than life. `settle` (a resize): keep the zoom when it would
        change only a little, so a scroll bar that the new zoom shows or hides, resizing the view again,
        cannot make the zoom swing back and forth for ever."""
        self.auto_fit = True
        bounds = self.flow_scene.items_bounds()
        if bounds.isEmpty():
            return
        before = self.transform()
        self.resetTransform()
        self.fitInView(bounds.adjusted(-30, -30, 30, 30), Qt.AspectRatioMode.KeepAspectRatio)
        zoom = min(max(self.zoom(), MIN_ZOOM), 1.0)
        self.resetTransform()
        if settle and before.m11() > 0 and abs(zoom / before.m11() - 1) < SETTLE_RATIO:
            zoom = before.m11()
        self.scale(zoom, zoom)
        self.centerOn(bounds.center())

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        if self.auto_fit:
            self.fit(settle=True)

    def wheelEvent(self, event: QWheelEvent) -> None:
        if event.modifiers() & Qt.KeyboardModifier.ControlModifier:
            steps = event.angleDelta().y() / 120
            if steps:
                self.zoom_by(ZOOM_STEP**steps)
            event.accept()
            return
        super().wheelEvent(event)

    # -- pan -------------------------------------------------------------------------------------------

    def _start_pan(self, event: QMouseEvent) -> bool:
        middle = event.button() == Qt.MouseButton.MiddleButton
        space = self._space and event.button() == Qt.MouseButton.LeftButton
        if not (middle or space):
            return False
        self._pan_from = event.position().toPoint()
        self.auto_fit = False
        self.viewport().setCursor(Qt.CursorShape.ClosedHandCursor)
        event.accept()
        return True

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if self._start_pan(event):
            return
        super().mousePressEvent(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            point = event.position().toPoint()
            delta = point - self._pan_from
            self._pan_from = point
            self.horizontalScrollBar().setValue(self.horizontalScrollBar().value() - delta.x())
            self.verticalScrollBar().setValue(self.verticalScrollBar().value() - delta.y())
            event.accept()
            return
        super().mouseMoveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if self._pan_from is not None:
            self._pan_from = None
            self.viewport().unsetCursor()
            event.accept()
            return
        super().mouseReleaseEvent(event)

    # -- drops from the palette ------------------------------------------------------------------------

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasFormat(BLOCK_TYPE_MIME):
            event.acceptProposedAction()
            return
        super().dragEnterEvent(event)

    def dragMoveEvent(self, event: QDragMoveEvent) -> None:
        if event.mimeData().hasFormat(BLOCK_TYPE_MIME):
            event.acceptProposedAction()
            return
        super().dragMoveEvent(event)

    def dropEvent(self, event: QDropEvent) -> None:
        if event.mimeData().hasFormat(BLOCK_TYPE_MIME):
            block_type = bytes(event.mimeData().data(BLOCK_TYPE_MIME).data()).decode()
            self.drop_requested.emit(block_type, self.mapToScene(event.position().toPoint()))
            event.acceptProposedAction()
            return
        super().dropEvent(event)

    # -- keyboard --------------------------------------------------------------------------------------

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        modifiers = event.modifiers()
        if key == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = True
        if key == Qt.Key.Key_Escape and self.flow_scene.cancel_connection():
            event.accept()
            return
        if key in (Qt.Key.Key_Delete, Qt.Key.Key_Backspace):
            self.delete_requested.emit()
            event.accept()
            return
        fine = bool(modifiers & Qt.KeyboardModifier.ShiftModifier)
        if key in ARROWS and self.nudge(key, fine=fine):
            event.accept()
            return
        super().keyPressEvent(event)

    def keyReleaseEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Space and not event.isAutoRepeat():
            self._space = False
        if event.key() in ARROWS and not event.isAutoRepeat():
            self._last_nudge_key = None  # the next press is a new undo step
        super().keyReleaseEvent(event)

    def nudge(self, key: int, fine: bool = False) -> bool:
        """Move the selected blocks a step; a held key is one undo step."""
        nodes = [node for node in self.flow_scene.nodes if node.isSelected()]
        if not nodes:
            return False
        step = FINE_STEP if fine else ARROW_STEP
        dx = {Qt.Key.Key_Left: -step, Qt.Key.Key_Right: step}.get(Qt.Key(key), 0.0)
        dy = {Qt.Key.Key_Up: -step, Qt.Key.Key_Down: step}.get(Qt.Key(key), 0.0)
        if self._last_nudge_key != key:
            self._nudge_serial += 1
            self._last_nudge_key = key
        moves = {node.block_id: file_point(node.pos() + QPointF(dx, dy)) for node in nodes}
        self.nudge_requested.emit(self._nudge_serial, moves)
        self.ensureVisible(nodes[0], 40, 40)
        return True

    def focusNextPrevChild(self, next: bool) -> bool:
        """Tab selects the next block (Shift+Tab the previous); past the last one it leaves the canvas."""
        nodes = self.flow_scene.nodes
        if not nodes or not self.hasFocus():
            return super().focusNextPrevChild(next)
        selected = [index for index, node in enumerate(nodes) if node.isSelected()]
        if not selected:
            index = 0 if next else len(nodes) - 1
        else:
            index = (selected[-1] + 1) if next else (selected[0] - 1)
        if not 0 <= index < len(nodes):
            self.flow_scene.select_blocks([])
            return super().focusNextPrevChild(next)
        self.flow_scene.select_blocks([nodes[index].block_id])
        self.ensureVisible(nodes[index], 40, 40)
        return True
