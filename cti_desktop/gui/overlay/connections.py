"""Every connect has its disconnect: panels record what they connect to core Signals here and undo it all
in `teardown`, so a closed panel is never called again."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from cti_desktop.domain.signals import Signal

# The width the overlay's panels ask for.
PANEL_WIDTH = 340
# Screens less tall than this start in compact mode.
COMPACT_BELOW_HEIGHT = 800


def small_screen() -> bool:
    """Whether the primary screen is small enough for compact mode (Qt is imported only when asked)."""
    from PySide6.QtGui import QGuiApplication

    screen = QGuiApplication.primaryScreen()
    return screen is not None and screen.availableGeometry().height() < COMPACT_BELOW_HEIGHT


class CoreConnections:
    def __init__(self) -> None:
        self._pairs: list[tuple[Signal[Any], Callable[..., object]]] = []

    def connect(self, signal: Signal[Any], callback: Callable[..., object]) -> None:
        signal.connect(callback)
        self._pairs.append((signal, callback))

    def disconnect_all(self) -> None:
        while self._pairs:
            signal, callback = self._pairs.pop()
            signal.disconnect(callback)

    def __len__(self) -> int:
        return len(self._pairs)
