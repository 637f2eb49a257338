"""The one answer to "is this action running?": per action and contact, whether a run was asked for, is
under way, and how the last one ended. The overlay service keeps it as runs start and end; the Actions tab
only displays it. Free of the store, so the tab can queue clicks before the store has loaded."""

from __future__ import annotations

from cti_desktop.domain.signals import Signal
from cti_desktop.services.action_runs import ActionAlreadyRunning, ActionOutcome, RunKey


class ActionRunStates:
    """`changed(action_id)` says an action's state changed for some contact (the tab repaints its row)."""

    def __init__(self) -> None:
        self._queued: list[int] = []  # asked for before the services existed, in order
        self._reserved: set[RunKey] = set()  # asked for, not started yet
        self._running: set[RunKey] = set()
        self._outcomes: dict[RunKey, ActionOutcome] = {}
        self.changed: Signal[[int]] = Signal()

    # -- asking ---------------------------------------------------------------------------------------

    def queue(self, action_id: int) -> bool:
        """Remember a start asked for before the app can run anything; False if it is queued already."""
        if action_id in self._queued:
            return False
        self._queued.append(action_id)
        self.changed.emit(action_id)
        return True

    def take_queued(self) -> list[int]:
        """The queued starts, oldest first, forgotten here (the caller starts them now)."""
        queued, self._queued = self._queued, []
        for action_id in queued:
            self.changed.emit(action_id)
        return queued

    def reserve(self, key: RunKey) -> bool:
        """Claim a start before the run begins; False when it is asked for or running already."""
        if self.is_busy(key):
            return False
        self._reserved.add(key)
        self.changed.emit(key[0])
        return True

    def release(self, key: RunKey) -> None:
        """Drop a claim whose run never started (it was refused)."""
        if key in self._reserved:
            self._reserved.discard(key)
            self.changed.emit(key[0])

    # -- running --------------------------------------------------------------------------------------

    def start(self, key: RunKey) -> None:
        """A run begins (claimed or not); ActionAlreadyRunning if one is under way for this key."""
        if key in self._running:
            raise ActionAlreadyRunning("already running")
        self._reserved.discard(key)
        self._running.add(key)
        self._outcomes.pop(key, None)
        self.changed.emit(key[0])

    def finish(self, key: RunKey, outcome: ActionOutcome | None) -> None:
        """A run ended; `outcome` is what the row shows until the next run (None: nothing to show)."""
        self._running.discard(key)
        self._reserved.discard(key)
        if outcome is not None:
            self._outcomes[key] = outcome
        self.changed.emit(key[0])

    # -- reading --------------------------------------------------------------------------------------

    def is_queued(self, action_id: int) -> bool:
        return action_id in self._queued

    def is_running(self, key: RunKey) -> bool:
        """Whether a run has started and not ended."""
        return key in self._running

    def is_busy(self, key: RunKey) -> bool:
        """Whether a run was asked for or is under way: a second start must wait."""
        return key in self._running or key in self._reserved

    def busy_keys(self) -> list[RunKey]:
        return [*self._running, *(k for k in self._reserved if k not in self._running)]

    def running_keys(self) -> list[RunKey]:
        return list(self._running)

    def any_busy(self) -> bool:
        return bool(self._queued or self._reserved or self._running)

    def queued(self) -> list[int]:
        return list(self._queued)

    def outcome(self, key: RunKey) -> ActionOutcome | None:
        return self._outcomes.get(key)


__all__ = ["ActionRunStates"]
