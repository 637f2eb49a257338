"""What the canvas draws: a node per block, its ports, and a curve per connection.

Items only draw and report; the scene turns what the user does with them into edit requests. A node is
drawn from its block's declaration (title, outcomes) and the action's data, so a port the file has but
the declaration lacks, or a block type nobody declared, is drawn too, marked, and keeps its data.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import (
    QBrush,
    QColor,
    QFont,
    QFontMetricsF,
    QPainter,
    QPainterPath,
    QPainterPathStroker,
    QPen,
)
from PySide6.QtWidgets import (
    QGraphicsItem,
    QGraphicsObject,
    QGraphicsPathItem,
    QGraphicsSceneContextMenuEvent,
    QMenu,
    QStyle,
    QStyleOptionGraphicsItem,
    QWidget,
)

from cti_desktop.flows.document import START_TYPE, Action, Problem
from cti_desktop.flows.registry import BlockSpec
from cti_desktop.gui.flow_designer.run_marks import (
    BADGE_GAP,
    BADGE_HEIGHT,
    BREAKPOINT_RADIUS,
    PAUSED_COLOR,
    TAKEN_COLOR,
    RunMark,
    paint_badge,
    paint_breakpoint,
)
from cti_desktop.gui.theme import Tone, on_light

NODE_WIDTH = 200.0
HEADER_HEIGHT = 46.0
ROW_HEIGHT = 22.0
PORT_RADIUS = 6.0
CORNER = 6.0

UNKNOWN_COLOR = QColor("#8e1b1b")
CATEGORY_COLORS = {
    "Flow and data": QColor("#2f6db5"),
    "Contact and agent": QColor("#2e7d4f"),
    "CRM": QColor("#7b4bb3"),
}
START_COLOR = QColor("#1b7f3b")
OUTCOME_COLORS = {
    "success": QColor("#2e7d32"),
    "true": QColor("#2e7d32"),
    "failure": QColor("#c62828"),
    "false": QColor("#c77700"),
}
DEFAULT_EDGE_COLOR = QColor("#546e7a")
SELECTED_COLOR = QColor("#1e88e5")


def category_color(spec: BlockSpec | None) -> QColor:
    if spec is None:
        return UNKNOWN_COLOR
    if spec.type == START_TYPE:
        return START_COLOR
    return CATEGORY_COLORS.get(spec.category, DEFAULT_EDGE_COLOR)


def outcome_color(outcome: str) -> QColor:
    return OUTCOME_COLORS.get(outcome, DEFAULT_EDGE_COLOR)


def block_title(action: Action, spec: BlockSpec | None) -> str:
    if action.title:
        return action.title
    return spec.title if spec is not None else "Unknown block"


class PortItem(QGraphicsItem):
    """An output port: one outcome of its block. Dragging from it connects the outcome to a block."""

    def __init__(self, node: NodeItem, outcome: str, declared: bool) -> None:
        super().__init__(node)
        self.node = node
        self.outcome = outcome
        self.declared = declared
        self.target: str | None = None
        self.dangling = False  # connected to an id that is not in the flow
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.hovered = False
        self._update_tooltip()

    def set_target(self, target: str | None, dangling: bool) -> None:
        if (target, dangling) != (self.target, self.dangling):
            self.prepareGeometryChange()
            self.target, self.dangling = target, dangling
            self._update_tooltip()
            self.update()

    def _update_tooltip(self) -> None:
        lines = [f"Outcome “{self.outcome}”"]
        if not self.declared:
            lines.append("Not an outcome of this block type: the file has it, the block never takes it.")
        if self.dangling:
            lines.append(f"Points at “{self.target}”, which is not in the flow.")
        elif self.target:
            lines.append(f"Goes to {self.target}.")
        else:
            lines.append("Not connected.")
        lines.append("Drag onto a block to connect it.")
        self.setToolTip("\n".join(lines))

    def boundingRect(self) -> QRectF:
        reach = 34.0 if self.dangling else PORT_RADIUS + 2
        return QRectF(-PORT_RADIUS - 2, -PORT_RADIUS - 2, PORT_RADIUS + 2 + reach, 2 * PORT_RADIUS + 4)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addEllipse(QPointF(0, 0), PORT_RADIUS + 3, PORT_RADIUS + 3)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        color = on_light(Tone.ERROR) if self.dangling else outcome_color(self.outcome)
        if not self.declared:
            color = on_light(Tone.WARNING)
        painter.setPen(QPen(color.darker(120), 1.5))
        filled = self.target is not None and not self.dangling
        painter.setBrush(QBrush(color if filled or self.hovered else QColor("white")))
        painter.drawEllipse(QPointF(0, 0), PORT_RADIUS, PORT_RADIUS)
        if self.dangling:
            # A stub that goes nowhere, ending in a cross: the target is missing.
            pen = QPen(on_light(Tone.ERROR), 1.5, Qt.PenStyle.DashLine)
            painter.setPen(pen)
            painter.drawLine(QPointF(PORT_RADIUS, 0), QPointF(26, 0))
            painter.setPen(QPen(on_light(Tone.ERROR), 2))
            painter.drawLine(QPointF(26, -4), QPointF(34, 4))
            painter.drawLine(QPointF(26, 4), QPointF(34, -4))

    def hoverEnterEvent(self, event: Any) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event: Any) -> None:
        self.hovered = False
        self.update()

    def build_menu(self, parent: QWidget | None) -> QMenu:
        return disconnect_menu(self, self.node.block_id, self.outcome, self.target is not None, parent)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        self.build_menu(event.widget()).popup(event.screenPos())
        event.accept()

    def mousePressEvent(self, event: Any) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            scene = self.scene()
            if scene is not None and hasattr(scene, "start_connection"):
                scene.start_connection(self, event.scenePos())
                event.accept()
                return
        super().mousePressEvent(event)


class NodeItem(QGraphicsObject):
    """One block: a card with a coloured header (title, type, id) and a row per outcome."""

    def __init__(self, action: Action, spec: BlockSpec | None) -> None:
        super().__init__()
        self.action = action
        self.spec = spec
        self.problems: list[Problem] = []
        self.ports: dict[str, PortItem] = {}
        # What the last (test or recorded) run did here, whether a run stops here, and whether it is
        # paused here now.
        self.run_mark: RunMark | None = None
        self.breakpoint = False
        self.paused = False
        self.setFlags(
            QGraphicsItem.GraphicsItemFlag.ItemIsMovable
            | QGraphicsItem.GraphicsItemFlag.ItemIsSelectable
            | QGraphicsItem.GraphicsItemFlag.ItemSendsGeometryChanges
        )
        self.setAcceptHoverEvents(True)
        self.setCursor(Qt.CursorShape.OpenHandCursor)
        self.title_font = QFont()
        self.title_font.setWeight(QFont.Weight.DemiBold)
        self.small_font = QFont()
        self.small_font.setPointSizeF(self.small_font.pointSizeF() * 0.85)
        self.refresh()

    @property
    def block_id(self) -> str:
        return self.action.id

    @property
    def unknown(self) -> bool:
        return self.spec is None

    def outcomes(self) -> list[tuple[str, bool]]:
        """(outcome, declared): the declared outcomes, then the ports only the file has."""
        declared = list(self.spec.outcomes) if self.spec is not None else []
        extra = [outcome for outcome in self.action.ports if outcome not in declared]
        return [(outcome, True) for outcome in declared] + [(outcome, False) for outcome in extra]

    def has_input(self) -> bool:
        return self.action.type != START_TYPE

    def height(self) -> float:
        return HEADER_HEIGHT + ROW_HEIGHT * len(self.outcomes()) + (8.0 if self.outcomes() else 0.0)

    def input_point(self) -> QPointF:
        return self.mapToScene(QPointF(0, HEADER_HEIGHT / 2))

    def refresh(self) -> None:
        """Rebuild the ports and texts from the action (after its ports, title or controls changed)."""
        self.prepareGeometryChange()
        wanted = self.outcomes()
        names = [outcome for outcome, _ in wanted]
        for outcome in list(self.ports):
            if outcome not in names:
                self._drop_port(self.ports.pop(outcome))
        for row, (outcome, declared) in enumerate(wanted):
            existing = self.ports.get(outcome)
            if existing is not None and existing.declared != declared:
                self._drop_port(existing)
                existing = None
            port = existing or PortItem(self, outcome, declared)
            self.ports[outcome] = port
            port.setPos(NODE_WIDTH, HEADER_HEIGHT + ROW_HEIGHT * row + ROW_HEIGHT / 2)
        title = block_title(self.action, self.spec)
        self.setToolTip(self._tooltip(title))
        self.update()

    @staticmethod
    def _drop_port(port: PortItem) -> None:
        scene = port.scene()
        if scene is not None:
            scene.removeItem(port)
        else:
            port.hide()

    def _tooltip(self, title: str) -> str:
        lines = [title, f"{self.action.type} · id {self.action.id}"]
        if self.spec is None:
            lines.append("Unknown block type: it is kept as it is, but a run fails at this block.")
        elif self.spec.help:
            lines.append(self.spec.help)
        lines.extend(str(problem) for problem in self.problems)
        if self.run_mark is not None:
            lines.append(f"Last run: {self.run_mark.text()}")
            if self.run_mark.exception:
                lines.append(self.run_mark.exception)
        if self.breakpoint:
            lines.append("Breakpoint: a test run pauses here (F9 removes it).")
        return "\n".join(lines)

    def set_problems(self, problems: list[Problem]) -> None:
        if problems != self.problems:
            self.problems = problems
            self.setToolTip(self._tooltip(block_title(self.action, self.spec)))
            self.update()

    def card_rect(self) -> QRectF:
        """The card (without ports, badge or marks), in scene coordinates."""
        return self.mapRectToScene(QRectF(0, 0, NODE_WIDTH, self.height()))

    def set_run_state(self, mark: RunMark | None, paused: bool) -> None:
        if (mark, paused) != (self.run_mark, self.paused):
            self.prepareGeometryChange()
            self.run_mark, self.paused = mark, paused
            self.setToolTip(self._tooltip(block_title(self.action, self.spec)))
            self.update()

    def set_breakpoint(self, on: bool) -> None:
        if on != self.breakpoint:
            self.prepareGeometryChange()
            self.breakpoint = on
            self.setToolTip(self._tooltip(block_title(self.action, self.spec)))
            self.update()

    def boundingRect(self) -> QRectF:
        below = BADGE_GAP + BADGE_HEIGHT + 2 if self.run_mark is not None else 4.0
        left = max(PORT_RADIUS + 2, BREAKPOINT_RADIUS + 4 if self.breakpoint else 0)
        top = max(10.0, BREAKPOINT_RADIUS + 4 if self.breakpoint else 0)
        return QRectF(-left, -top, NODE_WIDTH + left + PORT_RADIUS + 2, self.height() + top + below)

    def shape(self) -> QPainterPath:
        path = QPainterPath()
        path.addRoundedRect(QRectF(0, 0, NODE_WIDTH, self.height()), CORNER, CORNER)
        return path

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        rect = QRectF(0, 0, NODE_WIDTH, self.height())
        accent = category_color(self.spec)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        mark = self.run_mark
        if self.paused:
            # Where the run is paused: a ring around the card.
            painter.setPen(QPen(PAUSED_COLOR, 4))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(rect.adjusted(-4, -4, 4, 4), CORNER + 3, CORNER + 3)
        # Card
        border = QPen(SELECTED_COLOR if selected else accent.darker(115), 2.5 if selected else 1.2)
        if mark is not None and not mark.success and not selected:
            border = QPen(on_light(Tone.ERROR), 3)
        if self.unknown:
            border.setStyle(Qt.PenStyle.DashLine)
            border.setColor(SELECTED_COLOR if selected else UNKNOWN_COLOR)
        painter.setPen(border)
        painter.setBrush(QBrush(QColor("#fff4f4") if self.unknown else QColor("white")))
        painter.drawRoundedRect(rect, CORNER, CORNER)
        # Header
        header = QPainterPath()
        header.addRoundedRect(QRectF(0.6, 0.6, NODE_WIDTH - 1.2, HEADER_HEIGHT), CORNER, CORNER)
        clip = QPainterPath()
        clip.addRect(QRectF(0, 0, NODE_WIDTH, HEADER_HEIGHT))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QBrush(accent))
        painter.drawPath(header.intersected(clip))
        badge_room = 24.0 if self.problems else 0.0
        text_width = NODE_WIDTH - 20 - badge_room
        painter.setPen(QColor("white"))
        painter.setFont(self.title_font)
        title = block_title(self.action, self.spec)
        metrics = QFontMetricsF(self.title_font)
        painter.drawText(
            QRectF(10, 4, text_width, 20),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(title, Qt.TextElideMode.ElideRight, text_width),
        )
        painter.setFont(self.small_font)
        small = QFontMetricsF(self.small_font)
        subtitle = f"{self.action.type} · {self.action.id}"
        painter.setPen(QColor(255, 255, 255, 215))
        painter.drawText(
            QRectF(10, 24, text_width, 18),
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            small.elidedText(subtitle, Qt.TextElideMode.ElideMiddle, text_width),
        )
        # Outcome rows
        for row, (outcome, declared) in enumerate(self.outcomes()):
            top = HEADER_HEIGHT + ROW_HEIGHT * row + 4
            label = outcome if declared else f"{outcome} (not declared)"
            painter.setPen(QColor("#333333") if declared else on_light(Tone.WARNING))
            font = QFont(self.small_font)
            font.setItalic(not declared)
            painter.setFont(font)
            painter.drawText(
                QRectF(10, top, NODE_WIDTH - 24, ROW_HEIGHT),
                Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter,
                label,
            )
        # Input port
        if self.has_input():
            painter.setPen(QPen(accent.darker(130), 1.5))
            painter.setBrush(QBrush(QColor("white")))
            painter.drawEllipse(QPointF(0, HEADER_HEIGHT / 2), PORT_RADIUS, PORT_RADIUS)
        # Problem badge
        if self.problems:
            is_error = any(problem.severity == "error" for problem in self.problems)
            color = on_light(Tone.ERROR) if is_error else on_light(Tone.WARNING)
            center = QPointF(NODE_WIDTH - 16, 16)
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(QBrush(color))
            painter.drawEllipse(center, 9, 9)
            painter.setFont(self.title_font)
            painter.drawText(
                QRectF(center.x() - 9, center.y() - 9, 18, 18), Qt.AlignmentFlag.AlignCenter, "!"
            )
        if mark is not None:
            paint_badge(painter, mark, self.height(), NODE_WIDTH, self.small_font)
        if self.breakpoint:
            paint_breakpoint(painter)

    def itemChange(self, change: QGraphicsItem.GraphicsItemChange, value: Any) -> Any:
        if change == QGraphicsItem.GraphicsItemChange.ItemPositionHasChanged:
            scene = self.scene()
            if scene is not None and hasattr(scene, "node_moved"):
                scene.node_moved(self)
        return super().itemChange(change, value)


class EdgeItem(QGraphicsPathItem):
    """A connection: a curve from an outcome port to the input of the block it leads to."""

    def __init__(self, source: NodeItem, outcome: str, target: NodeItem) -> None:
        super().__init__()
        self.source, self.outcome, self.target = source, outcome, target
        self.setFlags(QGraphicsItem.GraphicsItemFlag.ItemIsSelectable)
        self.setZValue(-1)
        self.setAcceptHoverEvents(True)
        self.hovered = False
        self.taken = False  # the last run followed this link
        self.setToolTip(
            f"{source.block_id} “{outcome}” → {target.block_id}\nSelect and press Del to disconnect."
        )
        self.update_path()

    def build_menu(self, parent: QWidget | None) -> QMenu:
        return disconnect_menu(self, self.source.block_id, self.outcome, True, parent)

    def contextMenuEvent(self, event: QGraphicsSceneContextMenuEvent) -> None:
        self.build_menu(event.widget()).popup(event.screenPos())
        event.accept()

    def update_path(self) -> None:
        port = self.source.ports.get(self.outcome)
        start = port.scenePos() if port is not None else self.source.mapToScene(QPointF(NODE_WIDTH, 0))
        end = self.target.input_point()
        if self.target is self.source:
            self.setPath(self_loop(self.source, start, end, self._lane()))
        elif end.x() < start.x() + LOOP_REACH:
            self.setPath(back_link(self.source, self.target, start, end, self._lane()))
        else:
            path = curve(start, end)
            cards = self._other_cards()
            if any(_runs_through(path, card) for card in cards):
                path = detour(start, end, cards, self._lane())
            self.setPath(path)

    def _other_cards(self) -> list[QRectF]:
        """The cards of the blocks other than this link's ends, in scene coordinates."""
        scene = self.scene()
        nodes = getattr(scene, "nodes", []) if scene is not None else []
        return [node.card_rect() for node in nodes if node is not self.source and node is not self.target]

    def _lane(self) -> int:
        """Which of its block's outcomes this is: loops of one block keep apart, one lane each."""
        names = [outcome for outcome, _ in self.source.outcomes()]
        return names.index(self.outcome) if self.outcome in names else 0

    def is_loop(self) -> bool:
        """A link onto its own block or back to one on its left (drawn around the blocks)."""
        end = self.target.input_point()
        port = self.source.ports.get(self.outcome)
        start = port.scenePos() if port is not None else end
        return self.target is self.source or end.x() < start.x() + LOOP_REACH

    def shape(self) -> QPainterPath:
        stroker = QPainterPathStroker()
        stroker.setWidth(10)
        return stroker.createStroke(self.path())

    def boundingRect(self) -> QRectF:
        return super().boundingRect().adjusted(-6, -6, 6, 6)  # room for the lit path and arrow head

    def set_taken(self, taken: bool) -> None:
        if taken != self.taken:
            self.taken = taken
            self.update()

    def hoverEnterEvent(self, event: Any) -> None:
        self.hovered = True
        self.update()

    def hoverLeaveEvent(self, event: Any) -> None:
        self.hovered = False
        self.update()

    def paint(
        self, painter: QPainter, option: QStyleOptionGraphicsItem, widget: QWidget | None = None
    ) -> None:
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if self.taken:
            painter.setPen(QPen(TAKEN_COLOR, 9, Qt.PenStyle.SolidLine, Qt.PenCapStyle.RoundCap))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawPath(self.path())
        color = SELECTED_COLOR if selected else outcome_color(self.outcome)
        width = 3.0 if selected or self.hovered else 2.0
        painter.setPen(QPen(color, width))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawPath(self.path())
        # An arrow head at the target's input.
        end = self.path().pointAtPercent(1.0)
        painter.setBrush(QBrush(color))
        painter.setPen(Qt.PenStyle.NoPen)
        head = QPainterPath(QPointF(end.x() - PORT_RADIUS, end.y()))
        head.lineTo(end.x() - PORT_RADIUS - 9, end.y() - 5)
        head.lineTo(end.x() - PORT_RADIUS - 9, end.y() + 5)
        head.closeSubpath()
        painter.drawPath(head)


def disconnect_menu(
    item: QGraphicsItem, block_id: str, outcome: str, connected: bool, parent: QWidget | None
) -> QMenu:
    """A context menu to disconnect an outcome; it pops up without a nested event loop (qasync)."""
    menu = QMenu(parent)
    menu.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
    action = menu.addAction(f"Disconnect “{outcome}”")
    action.setEnabled(connected)
    scene = item.scene()
    if scene is not None and hasattr(scene, "disconnect_requested"):
        action.triggered.connect(lambda: scene.disconnect_requested.emit(block_id, outcome))
    return menu


# How far a loop runs out from a port (and into an input) before it turns, and how far it keeps from
# the blocks it goes round.
LOOP_REACH = 24.0
LOOP_CLEARANCE = 22.0
LOOP_CORNER = 10.0
# Between the loops of one block (one per outcome), so they do not run on top of each other.
LOOP_LANE = 10.0


def rounded(points: list[QPointF], radius: float = LOOP_CORNER) -> QPainterPath:
    """A polyline through `points` with rounded corners."""
    path = QPainterPath(points[0])
    for index in range(1, len(points) - 1):
        before, corner, after = points[index - 1], points[index], points[index + 1]
        into = _towards(corner, before, radius)
        out = _towards(corner, after, radius)
        path.lineTo(into)
        path.quadTo(corner, out)
    path.lineTo(points[-1])
    return path


def _towards(corner: QPointF, other: QPointF, radius: float) -> QPointF:
    dx, dy = other.x() - corner.x(), other.y() - corner.y()
    length = (dx * dx + dy * dy) ** 0.5
    if length == 0:
        return QPointF(corner)
    step = min(radius, length / 2) / length
    return QPointF(corner.x() + dx * step, corner.y() + dy * step)


def _around(start: QPointF, end: QPointF, right: float, left: float, level: float) -> QPainterPath:
    corners = [QPointF(right, start.y()), QPointF(right, level), QPointF(left, level), QPointF(left, end.y())]
    return rounded([start, *corners, end])


def self_loop(node: NodeItem, start: QPointF, end: QPointF, lane: int = 0) -> QPainterPath:
    """A link onto its own block: an arc out of the port, over the block's top and into its input."""
    top = node.mapToScene(QPointF(0, 0)).y() - LOOP_CLEARANCE - lane * LOOP_LANE
    right = start.x() + LOOP_REACH
    left = end.x() - LOOP_REACH
    return _around(start, end, right, left, top)


def back_link(
    source: NodeItem, target: NodeItem, start: QPointF, end: QPointF, lane_index: int = 0
) -> QPainterPath:
    """A link back to a block on the left: out of the port, under both blocks, and into the input
    from the left, so it never runs across a block."""
    bottom = max(source.sceneBoundingRect().bottom(), target.sceneBoundingRect().bottom())
    lane = bottom + LOOP_CLEARANCE + lane_index * LOOP_LANE
    right = start.x() + LOOP_REACH
    left = end.x() - LOOP_REACH
    return _around(start, end, right, left, lane)


# How many points along a link are checked against the cards it may run through.
SAMPLES = 32


def _runs_through(path: QPainterPath, card: QRectF) -> bool:
    if not path.boundingRect().intersects(card):
        return False
    return any(card.contains(path.pointAtPercent(step / SAMPLES)) for step in range(1, SAMPLES))


def detour(start: QPointF, end: QPointF, cards: list[QRectF], lane_index: int = 0) -> QPainterPath:
    """A link that a straight curve would draw across other blocks: out of the port, along a lane
    above or below the blocks in its way (whichever is nearer), and into the input."""
    right = start.x() + LOOP_REACH
    left = end.x() - LOOP_REACH
    span = QRectF(
        QPointF(min(right, left), min(start.y(), end.y())), QPointF(max(right, left), max(start.y(), end.y()))
    )
    in_way = [card for card in cards if card.intersects(span.adjusted(0, -1, 0, 1))]
    if not in_way:
        return curve(start, end)
    offset = LOOP_CLEARANCE + lane_index * LOOP_LANE
    below = max(card.bottom() for card in in_way) + offset
    above = min(card.top() for card in in_way) - offset
    # A lane may meet further blocks in the columns it crosses: move it past them too.
    for _ in range(8):
        below_hits = [
            c
            for c in cards
            if c.left() < max(right, left)
            and c.right() > min(right, left)
            and c.top() - 2 < below < c.bottom() + 2
        ]
        above_hits = [
            c
            for c in cards
            if c.left() < max(right, left)
            and c.right() > min(right, left)
            and c.top() - 2 < above < c.bottom() + 2
        ]
        if not below_hits and not above_hits:
            break
        if below_hits:
            below = max(c.bottom() for c in below_hits) + offset
        if above_hits:
            above = min(c.top() for c in above_hits) - offset
    cost_below = abs(below - start.y()) + abs(below - end.y())
    cost_above = abs(above - start.y()) + abs(above - end.y())
    return _around(start, end, right, left, below if cost_below <= cost_above else above)


def curve(start: QPointF, end: QPointF) -> QPainterPath:
    """A horizontal S-curve from an output to an input, bending wider when the input is behind."""
    path = QPainterPath(start)
    reach = max(60.0, abs(end.x() - start.x()) * 0.5)
    if end.x() < start.x():
        reach = max(reach, 120.0)
    path.cubicTo(QPointF(start.x() + reach, start.y()), QPointF(end.x() - reach, end.y()), end)
    return path
