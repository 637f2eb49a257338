"""The change bus as a Qt signal on the GUI thread: the one thing views listen to for stored changes.

A view makes its own `QtChanges` over `services.changes` and connects `changed(ChangeSet)` to a slot that
refreshes only what the set concerns. A change announced on the GUI thread arrives at once (the window
that saved sees its own change before the call returns); changes announced by worker threads (a flow's
CRM update, an operation run off the GUI thread) are gathered and delivered together on the GUI thread.
"""

from __future__ import annotations

import threading

from PySide6.QtCore import QObject, Qt, QThread, Signal, Slot

from cti_desktop.services.changes import Change, ChangeBus, ChangeSet


class QtChanges(QObject):
    changed = Signal(object)  # a ChangeSet
    _arrived = Signal()  # from a worker thread: deliver what is pending on the GUI thread

    def __init__(self, bus: ChangeBus, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._bus: ChangeBus | None = bus
        self._lock = threading.Lock()
        self._pending: list[Change] = []
        self._arrived.connect(self._deliver_pending, Qt.ConnectionType.QueuedConnection)
        bus.changed.connect(self._heard)

    def close(self) -> None:
        """Stop listening (the view is going away); safe to call twice."""
        if self._bus is not None:
            self._bus.changed.disconnect(self._heard)
            self._bus = None

    def _heard(self, change: Change) -> None:
        if self._bus is None:
            return
        if QThread.currentThread() == self.thread():
            self._deliver_pending()
            self.changed.emit(ChangeSet((change,)))
            return
        with self._lock:
            first = not self._pending
            self._pending.append(change)
        if first:
            self._arrived.emit()

    @Slot()
    def _deliver_pending(self) -> None:
        with self._lock:
            pending, self._pending = self._pending, []
        if pending and self._bus is not None:
            self.changed.emit(ChangeSet(tuple(pending)))


__all__ = ["QtChanges"]
