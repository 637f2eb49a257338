"""What a run leaves on the canvas: each block it ran badged with its outcome and duration (a failed one
red with its message), the links it took lit, the block it is paused at ringed, and breakpoints.

`RunPath` is built from a run's steps (a test run's as they come, or a recorded run's from Run History)
and handed to the scene, which passes each node its `RunMark` and each link whether it was taken.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QBrush, QColor, QFont, QFontMetricsF, QPainter, QPen

from cti_desktop.gui.theme import Tone, on_light

BADGE_HEIGHT = 20.0
BADGE_GAP = 4.0
BREAKPOINT_RADIUS = 7.0
TAKEN_COLOR = QColor(255, 179, 0, 150)
PAUSED_COLOR = QColor("#ff8f00")
BREAKPOINT_COLOR = QColor("#d32f2f")


@dataclass(frozen=True, slots=True)
class StepMark:
    """One step as the canvas needs it (a `StepTrace` or a recorded step)."""

    block_id: str
    outcome: str
    success: bool
    exception: str
    duration_ms: float


@dataclass(slots=True)
class RunMark:
    """How a block fared in the run: its last step, and how many times it ran."""

    outcome: str
    success: bool
    exception: str
    duration_ms: float
    count: int = 1

    def text(self) -> str:
        outcome = self.outcome or ("failed" if not self.success else "ran")
        times = f" ×{self.count}" if self.count > 1 else ""
        return f"{'✓' if self.success else '✗'} {outcome} · {_duration(self.duration_ms)}{times}"


def _duration(ms: float) -> str:
    if ms < 1:
        return f"{ms * 1000:.0f} µs"
    if ms < 1000:
        return f"{ms:.1f} ms"
    return f"{ms / 1000:.2f} s"


@dataclass(slots=True)
class RunPath:
    marks: dict[str, RunMark] = field(default_factory=dict)
    # (source id, outcome) of every link the run followed.
    taken: set[tuple[str, str]] = field(default_factory=set)
    paused_at: str | None = None

    @classmethod
    def of(cls, steps: Iterable[StepMark], paused_at: str | None = None) -> RunPath:
        path = cls(paused_at=paused_at)
        previous: StepMark | None = None
        for step in steps:
            mark = path.marks.get(step.block_id)
            count = mark.count + 1 if mark is not None else 1
            path.marks[step.block_id] = RunMark(
                step.outcome, step.success, step.exception, step.duration_ms, count
            )
            if previous is not None and previous.outcome:
                path.taken.add((previous.block_id, previous.outcome))
            previous = step
        if paused_at is not None and previous is not None and previous.outcome:
            path.taken.add((previous.block_id, previous.outcome))
        return path


def paint_badge(painter: QPainter, mark: RunMark, top: float, width: float, font: QFont) -> None:
    """The outcome badge under a block's card."""
    color = on_light(Tone.SUCCESS) if mark.success else on_light(Tone.ERROR)
    rect = QRectF(0, top + BADGE_GAP, width, BADGE_HEIGHT)
    painter.setPen(QPen(color.darker(120), 1))
    painter.setBrush(QBrush(color.lighter(185)))
    painter.drawRoundedRect(rect, 4, 4)
    painter.setPen(color.darker(160))
    painter.setFont(font)
    text = mark.text()
    if not mark.success and mark.exception:
        text = f"{text} — {mark.exception}"
    metrics = QFontMetricsF(font)
    painter.drawText(
        rect.adjusted(6, 0, -6, 0),
        Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
        metrics.elidedText(text, Qt.TextElideMode.ElideRight, rect.width() - 12),
    )


def paint_breakpoint(painter: QPainter) -> None:
    painter.setPen(QPen(QColor("white"), 1.5))
    painter.setBrush(QBrush(BREAKPOINT_COLOR))
    painter.drawEllipse(QPointF(0, 0), BREAKPOINT_RADIUS, BREAKPOINT_RADIUS)
